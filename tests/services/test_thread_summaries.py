"""The summaries each recommendation keeps of its thread (services/threads.py) equal, after every
write that changes what they summarise, the same values worked out from scratch with plain
queries over the thread: status changes (one, a selection), notes added, published, taken back,
corrected, deleted, imports that carry over or split, a replacement, a re-link, deletions."""

import datetime

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import EvidenceNote, Recommendation, Status, StatusChange, Visibility
from recommendations.services.evidence import _evidence_note_create
from recommendations.services.status import _recommendation_set_status

from ..conftest import CHAPTERS, SEED
from ..factories import SecretariatFactory, evidence_note_published, evidence_note_resaved

pytestmark = pytest.mark.django_db

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
NOTE_OF = [(2020, 5), (2020, 1), (2020, 2)]


def expected(rec: Recommendation) -> tuple:
    """``rec``'s summaries worked out from scratch: the thread read by thread_of, then plain
    aggregates over its status changes and notes."""
    thread = Recommendation.objects.thread_of(rec).values("pk")
    changes = StatusChange.objects.filter(recommendation__in=thread)
    notes = EvidenceNote.objects.filter(recommendation__in=thread)
    public = notes.filter(visibility=Visibility.PUBLIC)
    last_change_at = changes.aggregate(at=Max("changed_at"))["at"]
    dates = [
        timezone.localtime(last_change_at, timezone.get_default_timezone()).date()
        if last_change_at
        else None,
        public.aggregate(on=Max("happened_on"))["on"],
    ]
    latest = public.order_by("-happened_on", "-pk").first()
    return (
        max((d for d in dates if d), default=None),
        last_change_at,
        latest.pk if latest else None,
        notes.aggregate(at=Max("created_at"))["at"],
    )


def assert_summaries_hold():
    """Every recommendation's kept summaries equal those worked out from scratch."""
    rows = Recommendation.objects.order_by("pk")
    kept = {
        rec.pk: (
            rec.thread_public_update_on,
            rec.thread_last_change_at,
            rec.thread_latest_public_note_id,
            rec.thread_last_note_at,
        )
        for rec in rows
    }
    assert kept == {rec.pk: expected(rec) for rec in rows}


def rec(year, position):
    return Recommendation.objects.get(report__year=year, position=position)


def import_chapter(path, year, **kwargs):
    plan = report_import_plan(chapter=parse_chapter(path.read_bytes(), year=year), year=year)
    return report_import(plan=plan, **kwargs).report


@pytest.fixture
def staff():
    return SecretariatFactory()


@pytest.fixture
def threads(staff):
    """Saint Lucia 2020 with public and internal notes and status changes on three of its
    recommendations, and 2021 carrying them over (2020 #5 split into 2021 #6 and #8)."""
    import_chapter(SEED, 2020)
    for day, (year, position) in enumerate(NOTE_OF, start=1):
        target = rec(year, position)
        evidence_note_published(
            recommendation=target,
            author=staff,
            happened_on=datetime.date(2020, 3, day),
            text=f"Public {day}",
            link="https://example.gov/a.pdf",
        )
        _evidence_note_create(
            recommendation=target,
            author=staff,
            happened_on=datetime.date(2020, 6, day),
            text=f"Internal {day}",
        )
        _recommendation_set_status(
            recommendation=target,
            status=Status.IN_PROGRESS,
            user=staff,
            changed_at=datetime.datetime(2020, 4, day, 12, tzinfo=datetime.UTC),
        )
    plan = report_import_plan(chapter=parse_chapter(Y2021.read_bytes(), year=2021))
    nap = next(r for r in plan.candidates if r.position == 5)
    report_import(plan=plan, overrides={6: nap, 8: nap.pk})
    assert rec(2021, 6).thread_root == rec(2021, 8).thread_root == nap.pk
    return staff


def test_the_summaries_hold_after_imports_that_carry_over_and_split(threads):
    assert_summaries_hold()
    # The successors read their predecessor's public note; the siblings of the split do not
    # read each other's.
    assert rec(2021, 6).thread_latest_public_note.text == "Public 1"
    assert rec(2021, 8).thread_latest_public_note.text == "Public 1"


def test_a_status_change_on_a_successor_reaches_its_predecessor_not_its_sibling(threads, staff):
    _recommendation_set_status(recommendation=rec(2021, 6), status=Status.COMPLETED, user=staff)
    assert_summaries_hold()
    assert rec(2020, 5).thread_last_change_at == rec(2021, 6).thread_last_change_at
    assert rec(2021, 8).thread_last_change_at < rec(2021, 6).thread_last_change_at


def test_a_bulk_status_change(threads, staff):
    services.recommendation_bulk_set_status(
        recommendations=[rec(2021, 6), rec(2021, 8), rec(2020, 2)],
        status=Status.STALLED,
        user=staff,
    )
    assert_summaries_hold()


def test_a_note_added_published_taken_back_corrected_and_deleted(threads, staff):
    sibling = rec(2021, 8)
    note = services.evidence_note_add(
        recommendation=sibling,
        user=staff,
        happened_on=datetime.date(2021, 7, 1),
        text="Internal on the sibling",
    )
    assert_summaries_hold()
    assert rec(2020, 5).thread_last_note_at == note.created_at
    assert rec(2021, 6).thread_last_note_at < note.created_at
    services.evidence_notes_publish(notes=[note], user=staff)
    assert_summaries_hold()
    assert rec(2020, 5).thread_latest_public_note_id == note.pk
    assert rec(2021, 6).thread_latest_public_note_id != note.pk
    note = evidence_note_resaved(
        EvidenceNote.objects.get(pk=note.pk), user=staff, visibility=Visibility.INTERNAL
    )
    assert_summaries_hold()
    assert rec(2020, 5).thread_latest_public_note.text == "Public 1"
    note = evidence_note_resaved(
        note, user=staff, visibility=Visibility.PUBLIC, happened_on=datetime.date(2019, 1, 1)
    )
    assert_summaries_hold()
    assert rec(2021, 8).thread_latest_public_note.text == "Public 1"
    services.evidence_note_delete(
        note=rec(2020, 5).thread_latest_public_note, user=staff, version=None
    )
    assert_summaries_hold()
    assert rec(2021, 8).thread_latest_public_note_id == note.pk


def test_a_note_published_at_once(threads, staff):
    services.evidence_note_add(
        recommendation=rec(2021, 6),
        user=staff,
        happened_on=datetime.date(2021, 9, 1),
        text="Published at once",
        visibility=Visibility.PUBLIC,
    )
    assert_summaries_hold()
    assert rec(2020, 5).thread_public_update_on == datetime.date(2021, 9, 1)


def test_a_re_link_moves_the_evidence_between_threads(threads, staff):
    moved = rec(2021, 8)
    services.recommendation_update(
        recommendation=moved,
        version=moved.version,
        user=staff,
        changes={"previous": rec(2020, 1)},
    )
    assert_summaries_hold()
    assert rec(2021, 8).thread_latest_public_note.text == "Public 2"
    services.recommendation_update(
        recommendation=rec(2021, 8),
        version=rec(2021, 8).version,
        user=staff,
        changes={"previous": None},
    )
    assert_summaries_hold()
    assert rec(2021, 8).thread_latest_public_note is None


def test_deleting_a_version_takes_its_evidence_out_of_the_thread(threads, staff):
    services.recommendations_delete(recommendations=[rec(2020, 5)], user=staff)
    assert_summaries_hold()
    assert rec(2021, 6).thread_latest_public_note is None
    assert rec(2021, 6).thread_last_change_at is None


def test_deleting_a_later_version_its_predecessor_forgets_its_evidence(threads, staff):
    _recommendation_set_status(recommendation=rec(2021, 6), status=Status.COMPLETED, user=staff)
    services.reports_delete(reports=[rec(2021, 6).report], user=staff)
    assert_summaries_hold()
    assert rec(2020, 5).thread_last_change_at == datetime.datetime(
        2020, 4, 1, 12, tzinfo=datetime.UTC
    )


def test_a_replacement_import(threads):
    report_import(
        plan=report_import_plan(
            chapter=parse_chapter(SEED.read_bytes(), year=2020), year=2020, replace=True
        )
    )
    assert_summaries_hold()


def test_the_public_csv_joins_the_latest_note_only_while_it_is_public(threads, client):
    internal = EvidenceNote.objects.get(text="Internal 1")
    # A summary that lagged behind would still never put an internal note in a public cell.
    Recommendation.objects.filter(pk=rec(2021, 6).pk).update(thread_latest_public_note=internal)
    response = client.get(reverse("recommendations:export"), {"year": "all"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Internal 1" not in body
    assert "2020-03-01: Public 1 (https://example.gov/a.pdf)" in body
