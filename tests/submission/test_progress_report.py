"""The public progress report: from the approved pack, published evidence only (never an
internal note, even one the pack gave; never a note withdrawn since), approved statistics,
English and French, "as of" and "approved on", its PDF, and the dashboard's link."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recommendations import services
from recommendations.models import EvidenceNote, NoteChoice, Visibility

from ..factories import evidence_note_published, evidence_note_resaved

pytestmark = pytest.mark.django_db

PAGE = reverse("recommendations:progress_report")
PDF = reverse("recommendations:progress_report_pdf")
QUERY = {"country": "saint-lucia", "period": "2021"}


@pytest.fixture
def approved(world):
    return services.submission_pack_approve(
        user=world.secretariat, country=world.country, period=2021, notes=NoteChoice.ALL
    )


def test_nothing_is_public_before_an_approval(world, client):
    assert client.get(PAGE, QUERY).status_code == 404
    assert client.get(PDF, QUERY).status_code == 404


def test_the_page_shows_published_evidence_only(world, approved, client):
    response = client.get(PAGE, QUERY)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Published note on the last day" in content
    assert "Predecessor work in the period" in content
    # The pack gave every note to the secretariat; the public reads none of the internal ones.
    assert "Internal note" not in content and "(internal note)" not in content
    assert "Published note after the period" not in content
    assert "Information as of" in content and "Approved on" in content
    assert approved.approved_at.strftime("%-d %B %Y") in content
    for heading in ["Summary", "Prosecution", "Protection", "Prevention", "Partnership", "Gaps"]:
        assert f">{heading}</h2>" in content
    # Approved statistics only (the one waiting is no figure).
    assert ">12<" in content and "(report: 9)" in content
    assert ">77<" not in content and "77" not in content.split('id="pack-statistics"', 1)[1]
    # The protection recommendation's evidence is internal: for the public it is a gap.
    gaps = content.split('id="pack-gaps"', 1)[1]
    assert world.recommendations["protection"].title in gaps
    assert 'href="/progress-report/pdf/?country=saint-lucia&amp;period=2021"' in content


def test_a_note_withdrawn_after_the_approval_leaves_the_page(world, approved, client):
    note = EvidenceNote.objects.get(text="Published note on the last day")
    assert "Published note on the last day" in client.get(PAGE, QUERY).content.decode()
    evidence_note_resaved(note, user=world.secretariat, visibility=Visibility.INTERNAL)
    content = client.get(PAGE, QUERY).content.decode()
    assert "Published note on the last day" not in content
    assert "Predecessor work in the period" in content
    assert "Published note on the last day" not in _pdf_text(client)


def test_a_corrected_note_shows_as_published_now(world, approved, client):
    note = EvidenceNote.objects.get(text="Predecessor work in the period")
    evidence_note_resaved(note, user=world.secretariat, text="Predecessor work, corrected")
    content = client.get(PAGE, QUERY).content.decode()
    assert "Predecessor work, corrected" in content
    assert "Predecessor work in the period" not in content


def _pdf_text(client, path=PDF) -> str:
    response = client.get(path, QUERY)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_same_public_report(world, approved, client):
    text = _pdf_text(client)
    assert "Published note on the last day" in text
    assert "Approved on" in text and "Information as of" in text
    assert "Internal note" not in text


def test_the_page_and_its_pdf_in_french(world, approved, client):
    content = client.get("/fr" + PAGE, QUERY).content.decode()
    assert "Réalisé pendant la période" in content and "Synthèse" in content
    assert "Approuvé le" in content
    assert "Réalisé pendant la période" in _pdf_text(client, "/fr" + PDF)


def test_the_dashboard_links_the_latest_progress_report(world, client):
    assert "progress-report" not in client.get("/").content.decode()
    pack = services.submission_pack_approve(
        user=world.secretariat, country=world.country, period=2021
    )
    content = client.get("/").content.decode()
    assert 'href="/progress-report/?country=saint-lucia&amp;period=2021"' in content
    assert pack.approved_at.strftime("%-d %B %Y") in content


def test_an_unknown_period_or_country_is_a_404(world, approved, client):
    assert client.get(PAGE, {"country": "saint-lucia", "period": "2019"}).status_code == 404
    assert client.get(PAGE, {"country": "nowhere", "period": "2021"}).status_code == 404
    assert client.get(PAGE, {"country": "saint-lucia", "period": "x"}).status_code == 404
    # Without a period: the latest approved.
    assert client.get(PAGE, {"country": "saint-lucia"}).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_reads_in_fixed_queries(world, client, extra, django_assert_num_queries):
    author = world.secretariat
    for n in range(extra):
        evidence_note_published(
            author=author,
            recommendation=world.recommendations["partnership"],
            happened_on=datetime.date(2020, 5, 1 + n % 28),
            text=f"Agreement {n}",
        )
    services.submission_pack_approve(user=world.secretariat, country=world.country, period=2021)
    # The page versions, the country, its latest approved pack, the notes still published,
    # their documents public now.
    with django_assert_num_queries(5):
        response = client.get(PAGE, QUERY)
    assert response.content.decode().count("Agreement ") == extra
