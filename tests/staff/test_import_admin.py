"""The admin's import page: paste or upload, preview (full wording side by side, the dropped
recommendations), correct a link or an area, confirm, land on the new report's recommendations."""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.importing import MAX_BYTES, parse_chapter, report_import, report_import_plan
from recommendations.models import Area, Country, Recommendation, Report, StatusChange
from recommendations.services.status import _recommendation_set_status

from ..admin_forms import CHANGELIST, as_posted, hidden_fields, selected_links
from ..conftest import CHAPTERS, NOTIFY_QUERIES, SEED, SEED_RECOMMENDATIONS
from ..factories import RecommendationFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
# Reworded recommendations, a new one (#9), and one (#10) the matcher links to 2020 #9 wrongly.
REWORDED = CHAPTERS / "saint-lucia-2021-reworded-dropped-new.txt"
URL = reverse("admin:recommendations_report_import")


@pytest.fixture
def secretariat(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def row(page, position):
    """The preview's block for new recommendation ``position``."""
    found = re.search(
        rf'<li class="tipt-import-row" id="import-row-{position}">(.*?)</li>', page, re.S
    )
    return found.group(1)


def dropped_positions(page):
    """The positions the preview's table of dropped recommendations lists."""
    table = re.search(r'<table id="import-dropped".*?</table>', page, re.S)
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", table.group(0))] if table else []


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


def test_confirming_lands_on_the_new_report_s_recommendations_with_the_next_steps(
    client, secretariat
):
    page = preview(client, text=SEED.read_text(encoding="utf-8"), year="2020")
    response = client.post(URL, {**hidden_fields(page), "confirm": "1"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == f"{CHANGELIST}?report={report.pk}"
    texts = list(report.recommendations.order_by("position").values_list("text", flat=True))
    assert texts == SEED_RECOMMENDATIONS
    assert (report.country.name, report.year, report.tier) == ("Saint Lucia", 2020, "Tier 2")
    listing = client.get(response.url)
    assert [rec.report_id for rec in listing.context["cl"].result_list] == [report.pk] * 9
    text = html.unescape(listing.content.decode())
    assert "Imported Saint Lucia 2020 (Tier 2) with 9 recommendations" in text
    assert "give the recommendations below their lead ministry and target date" in text
    assert "(9 have no lead ministry, 9 no target date)" in text
    # The filter says which report the list shows, and can be taken off.
    assert "Saint Lucia 2020" in text and f"{CHANGELIST}?report={report.pk}" not in text


def test_the_report_filter_of_the_list_refuses_what_is_no_report(client, secretariat, seed_report):
    for value in ("1 OR 1=1", "999999"):
        response = client.get(CHANGELIST, {"report": value})
        assert response.status_code == 302 and response.url.endswith("?e=1"), value


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
    response = client.post(URL, {**as_posted(page), **links, "confirm": "1"})
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


def test_two_recommendations_may_follow_the_same_one_a_split(client, secretariat, seed_report):
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    links = selected_links(page)
    links["previous_8"] = links["previous_6"]
    refreshed = client.post(URL, {**as_posted(page), **links, "refresh": "1"}).content.decode()
    # The preview shows the choice (a split) and what it leaves dropped.
    assert selected_links(refreshed)["previous_8"] == links["previous_6"]
    assert dropped_positions(refreshed) == [9]
    response = client.post(URL, {**as_posted(refreshed), "confirm": "1"})
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
        (
            {
                "text": "GRENADA: Tier 2\n\nThe Government of Grenada does not fully meet the "
                "minimum standards.\n\nPRIORITIZED RECOMMENDATIONS:\n\n• Increase efforts to "
                "identify victims among migrant",
                "year": "2021",
            },
            'left out: "Increase efforts to identify victims among migrant"',
        ),
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


# --- the preview's wording, dropped recommendations and choices --------------------------------


def test_the_preview_shows_the_full_old_and_new_wording_side_by_side(
    client, secretariat, seed_report
):
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    seventh = html.unescape(row(page, 7))
    # The 2020 wording is over 300 characters: shown whole, beside the 2021 wording.
    assert len(SEED_RECOMMENDATIONS[6]) > 300
    assert '<div class="tipt-wording">' in seventh
    assert "New wording (2021)" in seventh and "It follows 2020 #7, which read" in seventh
    assert SEED_RECOMMENDATIONS[6] in seventh
    assert "Continue to train law enforcement officials to gather evidence" in seventh
    assert "refer them to appropriate services." in seventh
    assert "Its status, Not started, its ministries and target date carry on." in seventh
    eighth = html.unescape(row(page, 8))
    assert "Establish a dedicated fund for trafficking victim services." in eighth
    assert "No earlier recommendation: a new one." in eighth
    # Each choice has its own label, naming the recommendation it is for.
    assert '<label for="id_area_7">Area of #7</label>' in seventh
    assert '<label for="id_previous_7">Recommendation #7 follows</label>' in seventh


def test_the_preview_lists_the_dropped_recommendations_and_follows_a_changed_link(
    client, secretariat, seed_report
):
    old = {r.position: r for r in seed_report.recommendations.all()}
    _recommendation_set_status(recommendation=old[9], status="in_progress")
    page = preview(client, text=Y2021.read_text(encoding="utf-8"))
    assert dropped_positions(page) == [9]
    table = html.unescape(re.search(r'<table id="import-dropped".*?</table>', page, re.S)[0])
    assert SEED_RECOMMENDATIONS[8] in table and "In progress" in table
    assert "No 2021 recommendation follows this recommendation of 2020" in html.unescape(page)

    # #8 in fact continues 2020 #9: nothing is dropped, and its old wording shows beside it.
    posted = {**as_posted(page), "previous_8": str(old[9].pk), "refresh": "1"}
    page = client.post(URL, posted).content.decode()
    assert dropped_positions(page) == []
    assert "None: every recommendation of 2020 is followed." in page
    assert SEED_RECOMMENDATIONS[8] in html.unescape(row(page, 8))
    assert selected_links(page)["previous_8"] == str(old[9].pk)

    # #6 follows nothing: 2020 #5 is dropped.
    page = client.post(URL, {**as_posted(page), "previous_6": "", "refresh": "1"}).content.decode()
    assert dropped_positions(page) == [5]
    assert not Report.objects.filter(year=2021).exists()


def test_an_area_changed_in_the_preview_is_applied_and_kept_by_a_re_import(
    client, secretariat, seed_report
):
    page = preview(client, text=REWORDED.read_text(encoding="utf-8"))
    assert selected_links(page, "area")["area_7"] == Area.PROTECTION
    response = client.post(URL, {**as_posted(page), "area_7": Area.PROSECUTION, "confirm": "1"})
    assert response.status_code == 302
    recs = {r.position: r for r in Recommendation.objects.filter(report__year=2021)}
    assert (recs[7].area, recs[7].area_set_by_staff) == (Area.PROSECUTION, True)
    assert not any(rec.area_set_by_staff for position, rec in recs.items() if position != 7)

    again = preview(client, text=REWORDED.read_text(encoding="utf-8"), replace="on")
    assert selected_links(again, "area")["area_7"] == Area.PROSECUTION
    assert "Proposed: Prosecution, a correction by staff that carries on" in row(again, 7)
    assert client.post(URL, {**as_posted(again), "confirm": "1"}).status_code == 302
    seventh = Recommendation.objects.get(report__year=2021, position=7)
    assert (seventh.pk, seventh.area, seventh.area_set_by_staff) == (
        recs[7].pk,
        Area.PROSECUTION,
        True,
    )


@pytest.mark.parametrize(
    "forged, message",
    [
        ({"previous_3": "999999"}, "Select a valid choice"),
        ({"previous_3": "3; DROP TABLE"}, "Select a valid choice"),
        ({"area_3": "trafficking"}, "Select a valid choice"),
        ({"area_99": "prosecution"}, "names recommendation #99, which this chapter does not have"),
        ({"previous_12": ""}, "names recommendation #12, which this chapter does not have"),
        ({"seen_plan": "0" * 32}, "changed since it was shown; nothing was imported"),
        ({"seen_plan": ""}, "changed since it was shown; nothing was imported"),
    ],
)
def test_forged_choices_are_refused_and_nothing_is_written(
    client, secretariat, seed_report, forged, message
):
    page = preview(client, text=REWORDED.read_text(encoding="utf-8"))
    response = client.post(URL, {**as_posted(page), **forged, "confirm": "1"})
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert message in text and "Confirm and import" in text
    assert not Report.objects.filter(year=2021).exists()


def test_a_stale_preview_is_shown_again_with_the_choices_made_then_confirmed(
    client, secretariat, seed_report
):
    old = {r.position: r for r in seed_report.recommendations.all()}
    page = preview(client, text=REWORDED.read_text(encoding="utf-8"))
    assert selected_links(page)["previous_10"] == str(old[9].pk)
    choices = {**as_posted(page), "previous_10": "", "area_7": Area.PROSECUTION}
    # Meanwhile a focal point records progress on a 2020 recommendation.
    _recommendation_set_status(recommendation=old[4], status="in_progress")
    response = client.post(URL, {**choices, "confirm": "1"})
    again = response.content.decode()
    assert "changed since it was shown" in html.unescape(again)
    assert not Report.objects.filter(year=2021).exists()
    assert selected_links(again)["previous_10"] == ""
    assert selected_links(again, "area")["area_7"] == Area.PROSECUTION
    assert "Its status, In progress," in html.unescape(row(again, 4))
    assert client.post(URL, {**as_posted(again), "confirm": "1"}).status_code == 302
    recs = {r.position: r for r in Recommendation.objects.filter(report__year=2021)}
    assert recs[10].previous is None and recs[7].area == Area.PROSECUTION
    assert recs[4].status == "in_progress"


def test_a_preview_confirmed_after_someone_else_imported_the_year_writes_nothing(
    client, secretariat, seed_report
):
    page = preview(client, text=REWORDED.read_text(encoding="utf-8"))
    chapter = parse_chapter(REWORDED.read_bytes())
    elsewhere = report_import(plan=report_import_plan(chapter=chapter)).report
    response = client.post(URL, {**as_posted(page), "area_7": Area.PROSECUTION, "confirm": "1"})
    assert "Saint Lucia 2021 is already imported. Tick" in html.unescape(response.content.decode())
    assert list(Report.objects.filter(year=2021)) == [elsewhere]
    assert not Recommendation.objects.filter(report=elsewhere, area_set_by_staff=True).exists()


def _earlier_report(size):
    """Saint Lucia 2020 with ``size`` recommendations, 2021's predecessor."""
    country = Country.objects.get_or_create(name="Saint Lucia", slug="saint-lucia")[0]
    Report.objects.filter(country=country).delete()
    report = ReportFactory(country=country, year=2020)
    RecommendationFactory.create_batch(size, report=report, lead_ministry=None)
    return report


# The session, the user with their groups and ministries, the countries, the country's reports,
# the earlier report's recommendations and who follows them, the session saved; whatever the
# size of the earlier report. A confirmation adds the import's writes (in bulk), the pages it
# changes, the country's thread paths and the summaries of its threads (read once, written when
# they change), the report's own figures (the metrics, the rows) and the counts of what is left
# to do; on PostgreSQL the notification that tells
# the other app servers their page versions changed.
PREVIEW_QUERIES = 11
CONFIRM_QUERIES = 23 + NOTIFY_QUERIES


@pytest.mark.parametrize("size", [5, 60])
@pytest.mark.parametrize(
    "button, most", [("refresh", PREVIEW_QUERIES), ("confirm", CONFIRM_QUERIES)]
)
def test_the_preview_and_confirmation_queries_do_not_grow_with_the_earlier_report(
    client, secretariat, django_assert_max_num_queries, size, button, most
):
    _earlier_report(size)
    page = preview(client, text=REWORDED.read_text(encoding="utf-8"))
    with django_assert_max_num_queries(most):
        response = client.post(URL, {**as_posted(page), button: "1"})
    assert response.status_code == (302 if button == "confirm" else 200)


# The session, the user with their groups and ministries, the report filter's label, the
# ministry filter's choices, the two counts, the page of results, the years of the year filter,
# the session saved.
FILTERED_LIST_QUERIES = 13


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_of_one_report_s_recommendations_queries_do_not_grow(
    client, secretariat, size, django_assert_max_num_queries
):
    report = _earlier_report(size)
    ReportFactory(country=report.country, year=2021)
    with django_assert_max_num_queries(FILTERED_LIST_QUERIES):
        response = client.get(CHANGELIST, {"report": report.pk})
    assert response.context["cl"].result_count == size
