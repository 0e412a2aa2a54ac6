"""Importing several years of one country: links, carry-over, and the order of imports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.importing import (
    ReportImportError,
    parse_chapter,
    report_import,
    report_import_plan,
)
from recommendations.models import Recommendation, Report, Status, StatusChange

from ..conftest import CHAPTERS, SEED
from ..factories import (
    CountryFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
Y2022 = CHAPTERS / "saint-lucia-2022-star-bullets.txt"


def import_chapter(path, year, **kwargs):
    chapter = parse_chapter(path.read_bytes(), year=year)
    plan = report_import_plan(chapter=chapter, year=year)
    return report_import(plan=plan, **kwargs)


def links(year):
    """{position: (previous year, previous position)} of one year's Saint Lucia report."""
    recs = Recommendation.objects.filter(report__year=year).select_related("previous__report")
    return {
        rec.position: (rec.previous.report.year, rec.previous.position) if rec.previous else None
        for rec in recs
    }


def following(previous_year, previous_positions):
    """``links`` of a report whose recommendation N follows ``previous_positions[N - 1]`` of
    the ``previous_year`` report (None: new that year)."""
    return {
        position: (previous_year, previous) if previous else None
        for position, previous in enumerate(previous_positions, start=1)
    }


EXPECTED_2021 = following(2020, [1, 2, 3, 6, 4, 5, 7, None, 8])
EXPECTED_2022 = following(2021, [1, 2, 3, 6, 4, 5, None, 9])


def test_three_years_imported_in_order_form_chains():
    import_chapter(SEED, 2020)
    import_chapter(Y2021, 2021)
    import_chapter(Y2022, 2022)
    assert links(2021) == EXPECTED_2021
    assert links(2022) == EXPECTED_2022
    nap = Recommendation.objects.get(report__year=2022, position=4)
    assert nap.previous.previous.text == "Develop a national action plan for 2020 and onwards."


def test_importing_an_earlier_year_after_a_later_one_links_them():
    import_chapter(Y2022, 2022)
    import_chapter(Y2021, 2021)
    assert links(2022) == EXPECTED_2022
    assert set(links(2021).values()) == {None}


def test_importing_the_year_between_two_others_relinks_the_later_one():
    import_chapter(SEED, 2020)
    import_chapter(Y2022, 2022)
    # With 2021 missing, 2022 followed 2020 across the gap.
    assert links(2022)[4] == (2020, 5)
    import_chapter(Y2021, 2021)
    assert links(2021) == EXPECTED_2021
    assert links(2022) == EXPECTED_2022
    # Nothing in 2022 follows 2020 any more, and no 2020 recommendation is followed twice.
    assert not Recommendation.objects.filter(report__year=2022, previous__report__year=2020)


def test_a_carried_over_recommendation_inherits_owners_date_status_and_area_correction():
    import_chapter(SEED, 2020)
    lead, support_a, support_b = MinistryFactory.create_batch(3)
    user = UserFactory()
    nap_2020 = Recommendation.objects.get(report__year=2020, position=5)
    nap_2020.lead_ministry = lead
    nap_2020.target_date = datetime.date(2021, 12, 31)
    nap_2020.status = Status.IN_PROGRESS
    nap_2020.area = "partnership"
    nap_2020.area_set_by_staff = True
    nap_2020.save()
    nap_2020.supporting_ministries.set([support_a, support_b])

    import_chapter(Y2021, 2021, user=user)

    nap = Recommendation.objects.get(report__year=2021, position=6)
    assert nap.previous == nap_2020
    assert (nap.lead_ministry, nap.target_date, nap.status) == (
        lead,
        datetime.date(2021, 12, 31),
        Status.IN_PROGRESS,
    )
    assert set(nap.supporting_ministries.all()) == {support_a, support_b}
    assert (nap.area, nap.area_set_by_staff) == ("partnership", True)
    carried = nap.carry_over
    assert (carried.from_year, carried.from_position, carried.status, carried.carried_by) == (
        2020,
        5,
        Status.IN_PROGRESS,
        user,
    )
    assert carried.lead_ministry == lead.name
    assert carried.supporting_ministries == "; ".join(sorted([support_a.name, support_b.name]))
    # Carrying over is not a status change: no history row, no feed entry, for any of them.
    assert not StatusChange.objects.filter(recommendation__report__year=2021).exists()
    # A new one inherits nothing and records no carry-over.
    new = Recommendation.objects.get(report__year=2021, position=8)
    assert (new.previous, new.lead_ministry, new.status) == (None, None, Status.NOT_STARTED)
    assert new.area == "protection" and not new.area_set_by_staff
    assert not hasattr(new, "carry_over")


def test_staff_may_choose_another_predecessor_or_none():
    import_chapter(SEED, 2020)
    chapter = parse_chapter(Y2021.read_bytes(), year=2021)
    plan = report_import_plan(chapter=chapter)
    residency = next(r for r in plan.candidates if r.position == 9)
    report_import(plan=plan, overrides={8: residency, 1: None})
    assert links(2021)[8] == (2020, 9)
    assert links(2021)[1] is None


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({99: None}, "no recommendation #99"),
    ],
)
def test_a_wrong_choice_of_predecessor_is_refused_and_writes_nothing(overrides, message):
    import_chapter(SEED, 2020)
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes(), year=2021))
    by_position = {r.position: r.pk for r in plan.candidates}
    resolved = {k: (by_position[v] if v else None) for k, v in overrides.items()}
    with pytest.raises(ReportImportError, match=message):
        report_import(plan=plan, overrides=resolved)
    assert not Report.objects.filter(year=2021).exists()


def test_a_predecessor_from_another_report_is_refused():
    import_chapter(SEED, 2020)
    stranger = RecommendationFactory()
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes(), year=2021))
    with pytest.raises(ReportImportError, match="not a free recommendation"):
        report_import(plan=plan, overrides={1: stranger.pk})
    assert not Report.objects.filter(year=2021).exists()


def test_a_failure_midway_leaves_nothing_half_written(monkeypatch):
    import_chapter(SEED, 2022)
    from recommendations.importing import apply

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply, "_link_successor", broken)
    with pytest.raises(RuntimeError):
        import_chapter(Y2021, 2021)
    assert list(Report.objects.values_list("year", flat=True)) == [2022]
    assert Recommendation.objects.count() == 9
    assert not StatusChange.objects.exists()


def _fill_database(countries, years, per_report):
    """Other countries' reports, for query counts that must not grow with them."""
    for _ in range(countries):
        country = CountryFactory()
        for year in years:
            report = ReportFactory(country=country, year=year)
            RecommendationFactory.create_batch(per_report, report=report, lead_ministry=None)


def _queries_to_import(path, year):
    chapter = parse_chapter(path.read_bytes(), year=year)
    with CaptureQueriesContext(connection) as captured:
        plan = report_import_plan(chapter=chapter, year=year)
        report_import(plan=plan)
    return len(captured)


def test_import_queries_do_not_grow_with_the_database():
    import_chapter(SEED, 2020)
    small = _queries_to_import(Y2021, 2021)
    Report.objects.filter(year=2021).delete()
    _fill_database(countries=12, years=(2019, 2020, 2021), per_report=15)
    large = _queries_to_import(Y2021, 2021)
    assert small == large
    # With the report's own figures saved: the metrics read, the figures written.
    assert large <= 22


def test_an_earlier_recommendation_followed_from_another_report_is_not_offered():
    import_chapter(SEED, 2020)
    nap_2020 = Recommendation.objects.get(report__year=2020, position=5)
    elsewhere = RecommendationFactory(previous=nap_2020)
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes(), year=2021))
    assert nap_2020 not in plan.candidates and len(plan.candidates) == 8
    report_import(plan=plan)
    assert links(2021)[6] is None
    elsewhere.refresh_from_db()
    assert elsewhere.previous == nap_2020
