"""A recommendation's thread on the public site: the evidence of every version on every version's
page and in the export, superseded and dropped recommendations marked and never overdue, a split
keeping both successors on their predecessor's thread, and fixed query counts at any length."""

import csv
import datetime
import io

import pytest

from recommendations.models import Area, CarryOver, Recommendation, Status, Visibility
from recommendations.services.status import _recommendation_set_status

from ..admin_forms import STAFF_EXPORT
from ..factories import (
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    evidence_note_published,
)
from ..public_data import EXPORT, INTERNAL_NOTE, LIST, build_next_year_version, build_site
from .test_public_queries import DETAIL_QUERIES, VERSION_QUERY

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def export_rows(client, query=""):
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(body, newline=""))
    return {(row[1], row[2]): dict(zip(header, row, strict=True)) for row in rows}


@pytest.fixture
def carried():
    """Saint Lucia 2020 (three recommendations, each with a public and an internal note), and
    a 2021 report that carries 2020 #1 over as its #1 and drops #2 and #3."""
    report = build_site(3)
    old = report.recommendations.get(position=1)
    new = build_next_year_version(old, text="Adopt, fund and carry out the national plan.")
    return old, new


def test_the_predecessors_public_evidence_shows_on_the_successors_page(client, carried):
    old, new = carried
    content = page(client, new.get_absolute_url())
    assert "Public evidence 0: the plan was tabled in Parliament." in content
    assert "Recorded under the 2020 wording (recommendation 1)" in content
    assert INTERNAL_NOTE not in content and "Jane Roe" not in content
    # And the successor's own evidence shows on the predecessor's page.
    staff = UserFactory()
    evidence_note_published(
        recommendation=new, author=staff, happened_on=datetime.date(2021, 5, 1), text="Fund voted."
    )
    content = page(client, old.get_absolute_url())
    assert "Fund voted." in content and "Recorded under the 2021 wording" in content


def test_the_timeline_of_the_thread_is_in_date_order(client, carried):
    old, new = carried
    staff = UserFactory()
    _recommendation_set_status(
        recommendation=new,
        status=Status.COMPLETED,
        user=staff,
        changed_at=datetime.datetime(2020, 12, 1, 12, tzinfo=datetime.UTC),
    )
    response = client.get(new.get_absolute_url())
    dates = [update.on for update in response.context["timeline"]]
    assert dates == sorted(dates, reverse=True)
    assert {update.recommendation.report.year for update in response.context["timeline"]} == {
        2020,
        2021,
    }


def test_a_superseded_recommendation_says_where_it_was_carried_and_is_never_overdue(
    client, carried
):
    old, new = carried
    # 2020 #1 has a 2020 target date, long past, and is not completed: overdue were it open.
    assert old.target_date < datetime.date.today() and old.status != Status.COMPLETED
    content = page(client, old.get_absolute_url())
    assert "Carried into the 2021 report as recommendation 1" in content
    assert f'href="{new.get_absolute_url()}"' in content
    assert "flag-overdue" not in content
    assert not Recommendation.objects.overdue().filter(pk=old.pk).exists()
    assert not Recommendation.objects.filter(report__year=2020).overdue().exists()


def test_the_successor_says_it_was_carried_over(client, db):
    report = build_site(1)
    old = report.recommendations.get()
    later = ReportFactory(country=report.country, year=2021)
    new = RecommendationFactory(report=later, position=3, previous=old)
    CarryOver.objects.create(
        recommendation=new,
        from_year=2020,
        from_position=1,
        status=Status.IN_PROGRESS,
        lead_ministry="Ministry of Home Affairs",
    )
    content = page(client, new.get_absolute_url())
    assert "Carried over from the 2020 report, recommendation 1" in content
    assert "with the status In progress and the lead ministry Ministry of Home Affairs" in content


def test_a_dropped_recommendation_says_so_with_its_final_status_and_closing_note(client, carried):
    old, _new = carried
    dropped = old.report.recommendations.get(position=2)
    Recommendation.objects.filter(pk=dropped.pk).update(closing_note="Merged into the new law.")
    content = page(client, dropped.get_absolute_url())
    assert (
        f"Dropped from the 2021 report, with its final status: {dropped.get_status_display()}."
        in content
    )
    assert "Merged into the new law." in content
    # The 2019 recommendations were all carried into 2020; 2020 #1 into 2021.
    assert set(Recommendation.objects.dropped()) == set(
        old.report.recommendations.exclude(pk=old.pk)
    )


def test_the_list_marks_superseded_and_dropped_rows(client, carried):
    old, new = carried
    content = page(client, f"{LIST}?year=2020")
    assert "Carried into" in content
    assert f'<a href="{new.get_absolute_url()}">2021 #1</a>' in content
    assert content.count("Dropped from the 2021 report") == 2


def test_both_exports_read_the_thread_and_mark_superseded_and_dropped_rows(client, carried):
    old, _new = carried
    rows = export_rows(client, "year=all")
    new_row, old_row = rows[("2021", "1")], rows[("2020", "1")]
    assert new_row["latest_public_evidence"].endswith(
        "Public evidence 0: the plan was tabled in Parliament. (https://example.gov/plan.pdf)"
    )
    assert new_row["last_status_change"] == "2021-01-01"
    assert (old_row["carried_into"], old_row["dropped_from"], old_row["overdue"]) == (
        "2021 #1",
        "",
        "no",
    )
    assert rows[("2020", "2")]["dropped_from"] == "2021"
    assert (new_row["carried_into"], new_row["dropped_from"]) == ("", "")
    assert INTERNAL_NOTE not in str(rows)


def test_the_staff_export_holds_the_predecessors_internal_notes(client, carried, secretariat):
    _old, new = carried
    client.force_login(secretariat)
    response = client.get(STAFF_EXPORT)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(body, newline=""))
    row = next(dict(zip(header, r, strict=True)) for r in rows if r[1:3] == ["2021", "1"])
    assert f"[internal] (2020 #1) {INTERNAL_NOTE}" in row["evidence_notes"]
    assert "[public] (2020 #1) Public evidence 0" in row["evidence_notes"]


def test_a_split_shows_the_predecessors_evidence_on_both_successors(client):
    report = build_site(1)
    old = report.recommendations.get()
    later = ReportFactory(country=report.country, year=2021)
    first = RecommendationFactory(report=later, position=1, previous=old, area=Area.PROTECTION)
    second = RecommendationFactory(report=later, position=2, previous=old)
    for successor, sibling in [(first, second), (second, first)]:
        response = client.get(successor.get_absolute_url())
        content = response.content.decode()
        assert "Public evidence 0: the plan was tabled in Parliament." in content
        versions = [version.pk for version, _previous in response.context["versions"]]
        assert old.pk in versions and sibling.pk not in versions
    content = page(client, old.get_absolute_url())
    assert content.count("Carried into the 2021 report as recommendation") == 2


def test_public_notes_of_the_thread_only_the_published_ones(client, carried):
    old, new = carried
    assert old.evidence_notes.filter(visibility=Visibility.INTERNAL).exists()
    content = page(client, new.get_absolute_url())
    assert "sentinel-internal" not in content


def long_thread(years: int):
    """A thread of ``years`` versions, each with a status change and a public note."""
    staff = UserFactory()
    country = ReportFactory(year=2001).country
    previous = None
    for year in range(2002, 2002 + years):
        previous = RecommendationFactory(
            report=ReportFactory(country=country, year=year), previous=previous
        )
        _recommendation_set_status(recommendation=previous, status=Status.IN_PROGRESS, user=staff)
        evidence_note_published(
            recommendation=previous,
            author=staff,
            happened_on=datetime.date(year, 1, 1),
            text=f"Done in {year}.",
        )
    return previous


@pytest.mark.parametrize("years", [2, 8])
def test_a_detail_page_reads_the_thread_in_fixed_queries(client, years, django_assert_num_queries):
    latest = long_thread(years)
    with django_assert_num_queries(DETAIL_QUERIES):
        content = page(client, latest.get_absolute_url())
    assert content.count("Recorded under the") == 2 * years


@pytest.mark.parametrize("years", [2, 8])
def test_the_export_and_list_read_the_thread_in_fixed_queries(
    client, years, django_assert_num_queries
):
    long_thread(years)
    # The years offered (year=all is checked against them) and the rows.
    with django_assert_num_queries(2):
        rows = export_rows(client, "year=all")
    assert len(rows) == years
    # The year choices, the paginator's count, the rows, their successors, and the options of
    # the country and ministry selects.
    with django_assert_num_queries(6 + VERSION_QUERY):
        page(client, f"{LIST}?year=all")
