"""The evidence documents of the notes a pack includes: listed under each note (name, type,
size) in the Word document and, with the staff download link, in the HTML; frozen with an
approved pack; on the public progress report only those public now, with the public link."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from recommendations import services
from recommendations.models import EvidenceDocument, EvidenceNote, NoteChoice, SubmissionPack
from recommendations.models.choices import Visibility
from recommendations.selectors.submission import pack_data
from recommendations.submission import render

from ..documents import PDF as PDF_BYTES
from ..documents import upload
from ..factories import RecommendationFactory, evidence_note_published, evidence_note_resaved
from .conftest import docx_text

pytestmark = pytest.mark.django_db

PAGE = reverse("recommendations:progress_report")
PDF = reverse("recommendations:progress_report_pdf")
SIZE = f"{len(PDF_BYTES)} bytes"
QUERY = {"country": "saint-lucia", "period": "2021"}


def _add(world, text: str, name: str, *, public: bool) -> EvidenceDocument:
    note = EvidenceNote.objects.get(text=text)
    return services.evidence_document_add(
        note=note, user=world.secretariat, upload=upload(name), public=public
    )


@pytest.fixture
def documents(world):
    return {
        "decision": _add(
            world, "Published note on the last day", "Cabinet decision.pdf", public=True
        ),
        "kept": _add(world, "Published note on the last day", "Draft minutes.pdf", public=False),
        "marked": _add(
            world, "Internal note marked for the submission", "Shelter SOPs.pdf", public=False
        ),
        "unchosen": _add(world, "Internal note not chosen", "Unchosen memo.pdf", public=False),
        "later": _add(world, "Published note after the period", "Later report.pdf", public=True),
    }


def _paragraphs(content: bytes) -> list[tuple[str, str]]:
    document = Document(io.BytesIO(content))
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_the_word_pack_lists_each_document_under_its_note(world, documents):
    lines = _paragraphs(render(pack_data(world.country, 2021), "docx").content)
    texts = [text for _, text in lines]
    note = next(i for i, text in enumerate(texts) if "Published note on the last day" in text)
    assert lines[note][0] == "List Bullet"
    # Under the note, in the order they were uploaded, before the next note or heading.
    assert lines[note + 1] == ("List Bullet 2", f"Document: Cabinet decision.pdf (PDF, {SIZE})")
    assert lines[note + 2] == (
        "List Bullet 2",
        f"Document: Draft minutes.pdf (PDF, {SIZE}) (internal document)",
    )
    assert lines[note + 3][0] != "List Bullet 2"
    marked = next(i for i, text in enumerate(texts) if "marked for the submission" in text)
    assert texts[marked + 1].startswith("Document: Shelter SOPs.pdf (PDF,")
    # Never a document of a note the pack leaves out.
    assert not any("Unchosen memo" in text or "Later report" in text for text in texts)


def test_the_staff_pack_lists_an_internal_notes_documents_with_the_staff_link(
    world, documents, settings
):
    html = render(pack_data(world.country, 2021), "html").content.decode()
    marked = documents["marked"]
    staff = reverse("admin:recommendations_evidencedocument_download", args=[marked.pk])
    assert f'<a href="{settings.TIPT_SITE_URL.rstrip("/")}{staff}">Shelter SOPs.pdf</a>' in html
    assert "Unchosen memo" not in html
    # Only published notes chosen: the internal note's document is not listed either.
    published = render(pack_data(world.country, 2021, notes=NoteChoice.PUBLISHED), "html")
    assert "Shelter SOPs" not in published.content.decode()
    assert "Cabinet decision.pdf" in published.content.decode()


def test_an_approved_pack_keeps_its_document_listing(world, documents):
    pack = services.submission_pack_approve(
        user=world.secretariat, country=world.country, period=2021, notes=NoteChoice.MARKED
    )
    note = next(
        note
        for row in pack.data["recommendations"]
        for note in row["evidence"]
        if note["text"] == "Published note on the last day"
    )
    decision = documents["decision"]
    assert note["documents"][0] == {
        "id": decision.pk,
        "public_id": decision.public_id,
        "name": "Cabinet decision.pdf",
        "type": "pdf",
        "size": decision.size,
        "public": True,
    }
    assert [each["public"] for each in note["documents"]] == [True, False]
    data, docx = pack.data, bytes(pack.docx)
    services.evidence_document_delete(document=documents["kept"], user=world.secretariat)
    stored = SubmissionPack.objects.get(pk=pack.pk)
    assert stored.data == data and bytes(stored.docx) == docx
    # A new draft lists the documents as they are now.
    assert "Draft minutes.pdf" in docx_text(docx)
    assert "Draft minutes.pdf" not in docx_text(
        render(pack_data(world.country, 2021), "docx").content
    )


@pytest.fixture
def approved(world, documents):
    return services.submission_pack_approve(
        user=world.secretariat, country=world.country, period=2021, notes=NoteChoice.ALL
    )


def _pdf_text(client) -> str:
    response = client.get(PDF, QUERY)
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_progress_report_shows_only_documents_public_now(
    world, documents, approved, client, settings
):
    content = client.get(PAGE, QUERY).content.decode()
    decision = documents["decision"]
    public = reverse("recommendations:document", args=[decision.public_id])
    assert f'<a href="{settings.TIPT_SITE_URL.rstrip("/")}{public}">Cabinet decision.pdf</a>' in (
        content
    )
    assert f"(PDF, {SIZE})" in content
    assert "Cabinet decision.pdf" in _pdf_text(client)
    # Never one kept internal, nor one of an internal note, nor a staff download link.
    for name in ["Draft minutes", "Shelter SOPs", "Unchosen memo", "Later report"]:
        assert name not in content and name not in _pdf_text(client)
    assert "/admin/" not in content and "(internal document)" not in content
    # Unpublished after the approval: gone at once, though the approved pack lists it.
    services.evidence_document_set_public(document=decision, user=world.secretariat, public=False)
    assert "Cabinet decision" not in client.get(PAGE, QUERY).content.decode()
    assert "Cabinet decision" not in _pdf_text(client)
    # Public again: back.
    services.evidence_document_set_public(document=decision, user=world.secretariat, public=True)
    assert "Cabinet decision.pdf" in client.get(PAGE, QUERY).content.decode()


def test_a_withdrawn_note_leaves_the_report_with_its_documents(world, documents, approved, client):
    note = EvidenceNote.objects.get(text="Published note on the last day")
    evidence_note_resaved(note, user=world.secretariat, visibility=Visibility.INTERNAL)
    content = client.get(PAGE, QUERY).content.decode()
    assert "Published note on the last day" not in content
    assert "Cabinet decision" not in content


def test_a_document_added_after_the_approval_is_not_in_the_report(
    world, documents, approved, client
):
    _add(world, "Published note on the last day", "Added later.pdf", public=True)
    assert "Added later" not in client.get(PAGE, QUERY).content.decode()


def _extra_notes(world, extra: int) -> None:
    for n in range(extra):
        rec = RecommendationFactory(report=world.report, position=10 + n)
        note = evidence_note_published(
            author=world.secretariat,
            recommendation=rec,
            happened_on=datetime.date(2020, 7, 1),
            text=f"Extra work {n}",
        )
        for kind in ["a", "b"]:
            services.evidence_document_add(
                note=note, user=world.secretariat, upload=upload(f"{kind}{n}.pdf"), public=True
            )


@pytest.mark.parametrize("extra", [0, 12])
def test_documents_keep_the_pack_and_the_report_in_fixed_queries(
    world, documents, client, extra, django_assert_num_queries
):
    _extra_notes(world, extra)
    # As test_the_pack_reads_in_fixed_queries: 9, one of them for every note's documents.
    with django_assert_num_queries(9):
        data = pack_data(world.country, 2021)
    listed = [
        doc for row in data["recommendations"] for n in row["evidence"] for doc in n["documents"]
    ]
    assert len(listed) == 3 + 2 * extra
    services.submission_pack_approve(user=world.secretariat, country=world.country, period=2021)
    # As test_the_page_reads_in_fixed_queries: 5, one of them for the documents public now.
    with django_assert_num_queries(5):
        content = client.get(PAGE, QUERY).content.decode()
    assert content.count(".pdf</a> (PDF, ") == 1 + 2 * extra
