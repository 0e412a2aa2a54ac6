"""The thread across an import: carrying over is recorded as such, never as a status change; a
split keeps both successors on the thread; the paths follow every change of a link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import Recommendation, Status, StatusChange
from recommendations.selectors.updates import latest_public_updates
from recommendations.services.threads import _thread_paths_recompute

from ..conftest import CHAPTERS, SEED
from ..factories import RecommendationFactory, ReportFactory, SecretariatFactory

pytestmark = pytest.mark.django_db

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"


def import_chapter(path, year, **kwargs):
    plan = report_import_plan(chapter=parse_chapter(path.read_bytes(), year=year), year=year)
    return report_import(plan=plan, **kwargs).report


def rec(year, position):
    return Recommendation.objects.get(report__year=year, position=position)


def thread(of):
    return [(r.report.year, r.position) for r in Recommendation.objects.thread_of(of)]


def test_an_import_writes_no_status_change_and_nothing_for_the_feed():
    import_chapter(SEED, 2020)
    Recommendation.objects.filter(report__year=2020).update(status=Status.IN_PROGRESS)
    import_chapter(Y2021, 2021)
    assert not StatusChange.objects.exists()
    assert latest_public_updates(limit=50) == []
    assert rec(2021, 6).carry_over.status == Status.IN_PROGRESS


def test_each_version_is_on_one_thread_from_its_first_year():
    import_chapter(SEED, 2020)
    import_chapter(Y2021, 2021)
    nap_2020, nap_2021 = rec(2020, 5), rec(2021, 6)
    assert nap_2021.thread_path == f"/{nap_2020.pk}/{nap_2021.pk}/"
    assert nap_2021.thread_root == nap_2020.pk
    assert thread(nap_2020) == thread(nap_2021) == [(2020, 5), (2021, 6)]
    # 2021 #8 is new: a thread of its own.
    assert thread(rec(2021, 8)) == [(2021, 8)]


def test_a_split_keeps_both_successors_on_the_predecessors_thread_not_on_each_others():
    import_chapter(SEED, 2020)
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes(), year=2021))
    nap = next(r for r in plan.candidates if r.position == 5)
    report_import(plan=plan, overrides={6: nap, 8: nap.pk})
    first, second = rec(2021, 6), rec(2021, 8)
    assert first.previous_id == second.previous_id == nap.pk
    assert thread(first) == [(2020, 5), (2021, 6)]
    assert thread(second) == [(2020, 5), (2021, 8)]
    assert thread(nap) == [(2020, 5), (2021, 6), (2021, 8)]
    assert second.carry_over.from_position == 5


def test_the_paths_follow_a_replacement(tmp_path):
    import_chapter(SEED, 2020)
    import_chapter(Y2021, 2021)
    # The 2020 report again, without its fifth recommendation (which has no evidence): the
    # 2021 recommendation that followed it starts a thread of its own.
    text = SEED.read_text().replace(
        "Develop a national action plan for 2020 and onwards.", "Adopt a victim fund."
    )
    chapter = parse_chapter(text, year=2020)
    report_import(plan=report_import_plan(chapter=chapter, replace=True))
    nap_2021 = rec(2021, 6)
    assert nap_2021.previous is None
    assert nap_2021.thread_path == f"/{nap_2021.pk}/"
    assert thread(nap_2021) == [(2021, 6)]


def test_the_paths_follow_a_re_link_by_the_secretariat():
    import_chapter(SEED, 2020)
    import_chapter(Y2021, 2021)
    new = rec(2021, 8)
    residency = rec(2020, 9)
    services.recommendation_update(
        recommendation=new,
        version=new.version,
        user=SecretariatFactory(),
        changes={"previous": residency},
    )
    new.refresh_from_db()
    assert new.thread_path == f"/{residency.pk}/{new.pk}/"
    assert thread(residency) == [(2020, 9), (2021, 8)]


def test_deleting_a_predecessor_leaves_its_successor_a_thread_of_its_own(client):
    old = RecommendationFactory(report__year=2020)
    new = RecommendationFactory(
        report=ReportFactory(country=old.report.country, year=2021), previous=old
    )
    services.recommendations_delete(recommendations=[old], user=SecretariatFactory())
    new.refresh_from_db()
    assert (new.previous, new.thread_path, new.thread_root) == (None, f"/{new.pk}/", new.pk)


def test_recomputing_the_paths_costs_the_same_queries_for_one_year_or_five():
    def recompute_queries(years):
        country = ReportFactory(year=2001).country
        previous = None
        for year in range(2002, 2002 + years):
            report = ReportFactory(country=country, year=year)
            previous = RecommendationFactory(report=report, previous=previous)
        Recommendation.objects.filter(report__country=country).update(thread_path="")
        with CaptureQueriesContext(connection) as queries:
            changed = _thread_paths_recompute(countries=[country.pk])
        assert changed == years
        return len(queries)

    assert recompute_queries(1) == recompute_queries(5)
