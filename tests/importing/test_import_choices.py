"""What the preview's choices change in the plan and the import: the earlier recommendations the
new report drops (with the proposed links or others), and areas chosen by staff."""

import pytest

from recommendations.importing import (
    ReportImportError,
    area_without_choice,
    parse_chapter,
    report_import,
    report_import_plan,
)
from recommendations.models import Area, Recommendation, Report

from ..conftest import CHAPTERS

pytestmark = pytest.mark.django_db

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"


def plan_2021(replace=False):
    return report_import_plan(chapter=parse_chapter(Y2021.read_bytes()), replace=replace)


def test_the_plan_lists_the_earlier_recommendations_no_new_one_follows(seed_report):
    plan = plan_2021()
    old = {rec.position: rec for rec in seed_report.recommendations.all()}
    assert [rec.pk for rec in plan.dropped] == [old[9].pk]
    assert plan.as_json()["dropped"] == [{"year": 2020, "position": 9, "title": old[9].title}]


def test_what_is_dropped_follows_other_links(seed_report):
    plan = plan_2021()
    old = {rec.position: rec for rec in seed_report.recommendations.all()}
    links = {link.position: link.previous for link in plan.links}
    links[8], links[6] = old[9], None
    assert [rec.position for rec in plan.dropped_for(links.values())] == [5]
    assert [rec.position for rec in plan.dropped_for([None] * 9)] == list(range(1, 10))


def test_a_first_report_drops_nothing():
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes()))
    assert plan.predecessor_report is None and plan.dropped == []


def test_an_area_chosen_by_staff_is_applied_as_their_correction(seed_report):
    result = report_import(plan=plan_2021(), areas={3: Area.PARTNERSHIP})
    recs = {rec.position: rec for rec in result.report.recommendations.all()}
    assert (recs[3].area, recs[3].area_set_by_staff) == ("partnership", True)
    assert (recs[2].area, recs[2].area_set_by_staff) == ("prosecution", False)


def test_a_replacement_keeps_an_area_staff_chose_and_can_take_another(seed_report):
    report_import(plan=plan_2021(), areas={3: Area.PARTNERSHIP})
    report_import(plan=plan_2021(replace=True))
    third = Recommendation.objects.get(report__year=2021, position=3)
    assert (third.area, third.area_set_by_staff) == ("partnership", True)
    report_import(plan=plan_2021(replace=True), areas={3: Area.PREVENTION, 1: Area.PROSECUTION})
    recs = {r.position: r for r in Recommendation.objects.filter(report__year=2021)}
    assert (recs[3].area, recs[1].area, recs[1].area_set_by_staff) == (
        "prevention",
        "prosecution",
        True,
    )


def test_the_next_year_carries_an_area_staff_chose(seed_report):
    fifth = seed_report.recommendations.get(position=5)
    fifth.area, fifth.area_set_by_staff = Area.PARTNERSHIP, True
    fifth.save()
    plan = plan_2021()
    parsed = next(r for r in plan.chapter.recommendations if r.position == 6)
    assert area_without_choice(parsed, previous=fifth) == ("partnership", True)
    assert area_without_choice(parsed, previous=None) == (parsed.area, False)
    new = report_import(plan=plan).report.recommendations.get(position=6)
    assert (new.previous_id, new.area, new.area_set_by_staff) == (fifth.pk, "partnership", True)


@pytest.mark.parametrize(
    "areas, message",
    [
        ({99: Area.PROTECTION}, "There is no recommendation #99 to give an area."),
        ({2: "trafficking"}, "“trafficking” chosen for #2 is not an area."),
        ({2: None}, "“None” chosen for #2 is not an area."),
    ],
)
def test_a_forged_area_is_refused_and_nothing_is_written(seed_report, areas, message):
    with pytest.raises(ReportImportError, match=message):
        report_import(plan=plan_2021(), areas=areas)
    assert not Report.objects.filter(year=2021).exists()


def test_the_fingerprint_moves_on_when_a_candidate_changes(seed_report):
    before = plan_2021().fingerprint()
    assert plan_2021().fingerprint() == before
    Recommendation.objects.filter(report=seed_report, position=4).update(version=7)
    assert plan_2021().fingerprint() != before
