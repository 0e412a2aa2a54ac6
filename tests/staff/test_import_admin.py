"""The admin's import page: paste or upload, preview, correct a link, confirm."""

import html
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.importing import MAX_BYTES
from recommendations.models import Country, Recommendation, Report, StatusChange

from ..conftest import SEED, SEED_RECOMMENDATIONS
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CHAPTERS = Path(__file__).resolve().parent.parent / "fixtures" / "chapters"
Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
URL = reverse("admin:recommendations_report_import")


@pytest.fixture
def secretariat(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def hidden_fields(page):
    """What a browser posts back from the preview: its hidden inputs and the hidden text."""
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    }
    text = re.search(r'<textarea name="text" hidden[^>]*>\n(.*?)</textarea>', page, re.S)
    fields["text"] = html.unescape(text.group(1))
    return fields


def selected_links(page):
    """{field name: selected value} of the preview's predecessor choices."""
    choices = {}
    for name, body in re.findall(r'<select name="(previous_\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        choices[name] = chosen.group(1) if chosen else ""
    return choices


def preview(client, **data):
    response = client.post(URL, {"preview": "1", **data})
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_list_links_to_the_import_page(client, secretariat):
    page = client.get(reverse("admin:recommendations_report_changelist")).content.decode()
    assert URL in page and "Import a chapter" in page


def test_staff_without_the_permission_to_add_reports_are_refused(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_report"))
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": SEED.read_text(), "year": 2020}).status_code == 403
    page = client.get(reverse("admin:recommendations_report_changelist")).content.decode()
    assert "Import a chapter" not in page
    assert not Report.objects.exists()


def test_a_staff_user_granted_the_permission_may_import(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="add_report"))
    client.force_login(staff)
    assert client.get(URL).status_code == 200


def test_the_preview_shows_tier_recommendations_areas_and_writes_nothing(client, secretariat):
    page = preview(client, text=SEED.read_text(encoding="utf-8"), year="2020")
    assert "Saint Lucia 2020: Tier 2" in page
    for text in SEED_RECOMMENDATIONS:
        assert html.escape(text, quote=True) in page
    assert "Prosecution" in page and "points from: investigate, prosecute" in page
    assert "There is no earlier report of this country to follow." in page
    assert not Report.objects.exists() and not Country.objects.exists()


def test_confirming_imports_and_redirects_to_the_report(client, secretariat):
    page = preview(client, text=SEED.read_text(encoding="utf-8"), year="2020")
    response = client.post(URL, {**hidden_fields(page), "confirm": "1"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:recommendations_report_change", args=[report.pk])
    texts = list(report.recommendations.order_by("position").values_list("text", flat=True))
    assert texts == SEED_RECOMMENDATIONS
    assert (report.country.name, report.year, report.tier) == ("Saint Lucia", 2020, "Tier 2")


def test_an_uploaded_file_is_previewed_and_confirmed_from_the_re_posted_text(client, secretariat):
    upload = SimpleUploadedFile("sl.txt", SEED.read_bytes(), content_type="text/plain")
    response = client.post(URL, {"preview": "1", "file": upload, "year": "2020"})
    page = response.content.decode()
    assert "Saint Lucia 2020: Tier 2" in page
    client.post(URL, {**hidden_fields(page), "confirm": "1"})
    assert Report.objects.get().recommendations.count() == 9


def test_the_preview_proposes_predecessors_and_the_user_can_correct_them(client, secretariat):
    client.post(
        URL, {**hidden_fields(preview(client, text=SEED.read_text(), year="2020")), "confirm": "1"}
    )
    old = {r.position: r for r in Recommendation.objects.filter(report__year=2020)}
    old[9].status = "in_progress"
    old[9].save()
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    assert "Saint Lucia 2021: Tier 2" in page
    assert "Proposed: 2020 #5 (score 1.0)" in page
    links = selected_links(page)
    assert links["previous_6"] == str(old[5].pk)
    assert links["previous_8"] == ""
    # The new recommendation #8 in fact continues 2020 #9; #1 should follow nothing.
    links.update(previous_8=str(old[9].pk), previous_1="")
    response = client.post(URL, {**hidden_fields(page), **links, "confirm": "1"})
    assert response.status_code == 302
    new = {r.position: r for r in Recommendation.objects.filter(report__year=2021)}
    assert new[8].previous == old[9] and new[8].status == "in_progress"
    carried = new[8].carry_over
    assert (carried.from_year, carried.from_position, carried.status) == (2020, 9, "in_progress")
    assert carried.carried_by == secretariat
    # Carrying over is no status change.
    assert not StatusChange.objects.filter(recommendation__report__year=2021).exists()
    assert new[1].previous is None
    assert new[6].previous == old[5]


def test_a_tampered_link_to_another_report_is_refused(client, secretariat):
    client.post(
        URL, {**hidden_fields(preview(client, text=SEED.read_text(), year="2020")), "confirm": "1"}
    )
    other = Recommendation.objects.create(
        report=Report.objects.create(
            country=Country.objects.create(name="Ruritania", slug="ruritania"),
            year=2020,
            tier="Tier 1",
        ),
        position=1,
        text="Fund shelters.",
        title="Fund shelters",
        area="protection",
    )
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    response = client.post(
        URL, {**hidden_fields(page), **selected_links(page), "previous_1": other.pk, "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Report.objects.filter(year=2021).exists()


def test_two_recommendations_may_follow_the_same_one_a_split(client, secretariat):
    client.post(
        URL, {**hidden_fields(preview(client, text=SEED.read_text(), year="2020")), "confirm": "1"}
    )
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    links = selected_links(page)
    links["previous_8"] = links["previous_6"]
    response = client.post(URL, {**hidden_fields(page), **links, "confirm": "1"})
    assert response.status_code == 302
    new = {r.position: r for r in Recommendation.objects.filter(report__year=2021)}
    assert new[6].previous == new[8].previous
    assert new[6].previous.report.year == 2020
    assert set(new[6].previous.successors.all()) == {new[6], new[8]}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "   "}, "Paste the chapter"),
        ({"text": "Nothing here is a recommendation.", "year": "2020"}, "No prioritized"),
        ({"text": SEED.read_text()}, "report year is not in the text"),
        ({"text": "x" * (MAX_BYTES + 1), "year": "2020"}, "over 2 MB"),
        ({"text": SEED.read_text(), "year": "1999"}, "greater than or equal to 2001"),
    ],
)
def test_bad_input_is_one_clear_message(client, secretariat, data, message):
    page = preview(client, **data)
    assert message in html.unescape(page)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
        (b"%PDF-1.4 binary", "a PDF file"),
        (b"a" * (MAX_BYTES + 1), "over 2 MB"),
    ],
)
def test_bad_files_are_refused(client, secretariat, content, message):
    upload = SimpleUploadedFile("chapter.txt", content, content_type="text/plain")
    response = client.post(URL, {"preview": "1", "file": upload, "year": "2020"})
    assert message in html.unescape(response.content.decode())
    assert not Report.objects.exists()


def test_an_imported_year_needs_the_replace_box(client, secretariat):
    client.post(
        URL, {**hidden_fields(preview(client, text=SEED.read_text(), year="2020")), "confirm": "1"}
    )
    page = preview(client, text=SEED.read_text(), year="2020", country="ST. LUCIA")
    assert "Saint Lucia 2020 is already imported. Tick" in html.unescape(page)
    page = preview(client, text=SEED.read_text(), year="2020", country="st lucia", replace="on")
    assert "This replaces the imported report: 9 recommendations are kept" in page
    response = client.post(URL, {**hidden_fields(page), "confirm": "1"})
    assert response.status_code == 302
    assert Report.objects.count() == 1 and Country.objects.count() == 1
    assert Recommendation.objects.count() == 9


def test_text_and_file_together_are_refused(client, secretariat):
    upload = SimpleUploadedFile("sl.txt", SEED.read_bytes(), content_type="text/plain")
    response = client.post(
        URL, {"preview": "1", "file": upload, "text": SEED.read_text(), "year": "2020"}
    )
    assert "Paste the text or choose a file, not both." in response.content.decode()
    assert not Report.objects.exists()
