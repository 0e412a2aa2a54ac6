"""Importing a country and year again: left alone, or replaced without losing staff work."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recommendations.importing import (
    ReportImportError,
    parse_chapter,
    report_import,
    report_import_plan,
)
from recommendations.models import EvidenceNote, Recommendation, Report, Status, StatusChange
from recommendations.services.evidence import _evidence_note_create
from recommendations.services.status import _recommendation_set_status

from ..conftest import CHAPTERS, SEED, SEED_RECOMMENDATIONS
from ..factories import MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_tip_report", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def corrected_seed(tmp_path, replacements=(), drop=()):
    """The seed chapter with some recommendations reworded or left out."""
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    for sentence in drop:
        assert sentence in text
        text = text.replace(sentence, "")
    path = tmp_path / "saint-lucia-2020-corrected.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_replace_an_imported_year_is_left_as_it_is(seed_report, tmp_path):
    before = list(Recommendation.objects.values_list("pk", "text", "position", "updated_at"))
    path = corrected_seed(tmp_path, [("Reduce court backlog", "Reduce the court backlog")])
    out = run(path, "--year", 2020)
    assert "already imported" in out and "--replace" in out
    assert list(Recommendation.objects.values_list("pk", "text", "position", "updated_at")) == (
        before
    )


def test_replacing_keeps_staff_work_on_the_recommendations_still_there(seed_report, tmp_path):
    user = UserFactory()
    lead, support = MinistryFactory.create_batch(2)
    court = seed_report.recommendations.get(position=4)
    court.lead_ministry = lead
    court.target_date = datetime.date(2021, 6, 30)
    court.area = "partnership"
    court.area_set_by_staff = True
    court.save()
    court.supporting_ministries.set([support])
    _recommendation_set_status(recommendation=court, status=Status.IN_PROGRESS, user=user)
    note = _evidence_note_create(
        recommendation=court, author=user, happened_on="2020-09-01", text="Two judges added"
    )
    path = corrected_seed(
        tmp_path,
        replacements=[
            (
                "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
                "Reduce court backlog and pretrial detention delays affecting trafficking cases, "
                "including by increasing resources for the judiciary.",
            )
        ],
        drop=["Develop a national action plan for 2020 and onwards."],
    )

    out = run(path, "--year", 2020, "--replace")

    assert "Replaced Saint Lucia 2020" in out
    assert "8 recommendations kept, 0 added, 1 removed" in out
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert report.recommendations.count() == 8
    court.refresh_from_db()
    # Same row, new words, new position; the staff's work is all still there.
    assert court.position == 4
    assert court.text.endswith("including by increasing resources for the judiciary.")
    assert court.title.startswith("Reduce court backlog")
    assert (court.lead_ministry, court.target_date, court.status) == (
        lead,
        datetime.date(2021, 6, 30),
        Status.IN_PROGRESS,
    )
    assert list(court.supporting_ministries.all()) == [support]
    assert (court.area, court.area_set_by_staff) == ("partnership", True)
    assert list(court.evidence_notes.all()) == [note]
    assert court.status_changes.count() == 1
    # The recommendations after the dropped one moved up a place.
    texts = list(report.recommendations.order_by("position").values_list("text", flat=True))
    assert texts[4:] == SEED_RECOMMENDATIONS[5:]


def test_replacing_refuses_to_remove_a_recommendation_with_evidence_or_history(
    seed_report, tmp_path
):
    nap = seed_report.recommendations.get(position=5)
    _evidence_note_create(
        recommendation=nap, author=None, happened_on="2020-10-01", text="Draft NAP circulated"
    )
    path = corrected_seed(tmp_path, drop=["Develop a national action plan for 2020 and onwards."])
    before = list(Recommendation.objects.values_list("pk", "text", "position"))
    with pytest.raises(CommandError, match=r"would remove recommendation #5 .*evidence"):
        run(path, "--year", 2020, "--replace")
    assert list(Recommendation.objects.values_list("pk", "text", "position")) == before
    assert EvidenceNote.objects.count() == 1


def test_replacing_refuses_to_remove_one_with_a_status_history(seed_report, tmp_path):
    nap = seed_report.recommendations.get(position=5)
    _recommendation_set_status(recommendation=nap, status=Status.STALLED)
    path = corrected_seed(tmp_path, drop=["Develop a national action plan for 2020 and onwards."])
    chapter = parse_chapter(path.read_bytes(), year=2020)
    with pytest.raises(ReportImportError, match="status history"):
        report_import_plan(chapter=chapter, replace=True)


def test_evidence_recorded_after_the_preview_stops_the_replacement(seed_report, tmp_path):
    path = corrected_seed(tmp_path, drop=["Develop a national action plan for 2020 and onwards."])
    plan = report_import_plan(chapter=parse_chapter(path.read_bytes(), year=2020), replace=True)
    nap = seed_report.recommendations.get(position=5)
    # Between the preview and the confirmation, a ministry records evidence on it.
    _evidence_note_create(
        recommendation=nap, author=None, happened_on="2020-10-01", text="Draft NAP circulated"
    )
    with pytest.raises(ReportImportError, match="just recorded"):
        report_import(plan=plan)
    assert Recommendation.objects.filter(pk=nap.pk).exists()
    assert EvidenceNote.objects.filter(recommendation=nap).count() == 1
    assert seed_report.recommendations.count() == 9


def test_replacing_with_the_same_text_changes_no_recommendation(seed_report):
    before = {
        pk: (text, position, status)
        for pk, text, position, status in Recommendation.objects.values_list(
            "pk", "text", "position", "status"
        )
    }
    out = run(SEED, "--year", 2020, "--replace")
    assert "9 recommendations kept, 0 added, 0 removed" in out
    after = {
        pk: (text, position, status)
        for pk, text, position, status in Recommendation.objects.values_list(
            "pk", "text", "position", "status"
        )
    }
    assert after == before


def test_replacing_adds_a_new_recommendation_and_keeps_the_later_year_linked(seed_report, tmp_path):
    run(CHAPTERS / "saint-lucia-2021-web-bullets.txt", "--year", 2021)
    followed = dict(
        Recommendation.objects.filter(report__year=2021, previous__isnull=False).values_list(
            "position", "previous_id"
        )
    )
    path = corrected_seed(
        tmp_path,
        replacements=[
            (
                "residency status.",
                "residency status.Accede to the 2000 UN TIP Protocol.",
            )
        ],
    )
    run(path, "--year", 2020, "--replace")
    assert Recommendation.objects.filter(report__year=2020).count() == 10
    added = Recommendation.objects.get(report__year=2020, position=10)
    assert added.text == "Accede to the 2000 UN TIP Protocol."
    assert (
        dict(
            Recommendation.objects.filter(report__year=2021, previous__isnull=False).values_list(
                "position", "previous_id"
            )
        )
        == followed
    )


def test_replacing_a_year_links_its_recommendations_to_the_year_before(seed_report):
    path = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
    run(path, "--year", 2021)
    rec = Recommendation.objects.get(report__year=2021, position=6)
    _recommendation_set_status(recommendation=rec, status=Status.COMPLETED)
    run(path, "--year", 2021, "--replace")
    rec.refresh_from_db()
    assert rec.previous.position == 5 and rec.previous.report.year == 2020
    assert rec.status == Status.COMPLETED
    assert StatusChange.objects.filter(recommendation=rec).count() == 1
    assert Report.objects.filter(year=2021).count() == 1


def test_a_dry_run_of_a_replacement_writes_nothing(seed_report, tmp_path):
    path = corrected_seed(tmp_path, drop=["Develop a national action plan for 2020 and onwards."])
    before = list(Recommendation.objects.values_list("pk", "text", "position"))
    out = run(path, "--year", 2020, "--replace", "--dry-run")
    assert "Dry run: nothing was written." in out
    assert list(Recommendation.objects.values_list("pk", "text", "position")) == before


def test_the_service_says_already_imported_without_writing(seed_report):
    chapter = parse_chapter(SEED.read_bytes(), year=2020)
    plan = report_import_plan(chapter=chapter)
    assert any("already imported" in w for w in plan.as_json()["warnings"])
    result = report_import(plan=plan)
    assert (result.created, result.replaced, result.report) == (False, False, seed_report)


def test_replacing_keeps_a_link_staff_corrected(seed_report):
    path = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
    run(path, "--year", 2021)
    fund = Recommendation.objects.get(report__year=2021, position=8)
    residency = seed_report.recommendations.get(position=9)
    fund.previous = residency
    fund.save()
    data = json.loads(run(path, "--year", 2021, "--replace", "--dry-run", "--json"))
    previous = data["recommendations"][7]["previous"]
    assert (previous["year"], previous["position"]) == (2020, 9)
    run(path, "--year", 2021, "--replace")
    fund.refresh_from_db()
    assert fund.previous == residency
