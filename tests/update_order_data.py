"""Updates of one recommendation whose order tells the one rule apart from the orders it
replaced: by the date something happened, newest first, then by when it was recorded, newest
first (recommendations/models/evidence.py)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from recommendations.models import EvidenceNote, Status, Visibility

from .factories import (
    CountryFactory,
    EvidenceNoteFactory,
    RecommendationFactory,
    ReportFactory,
    StatusChangeFactory,
)


def at(day: int, hour: int, month: int = 5) -> datetime.datetime:
    return datetime.datetime(2024, month, day, hour, tzinfo=datetime.UTC)


@dataclass
class Updates:
    recommendation: object
    # Newest first by the rule; each is a status change or an evidence note.
    in_order: list

    @property
    def anchors(self) -> list[str]:
        """Each update's name on public pages, in the rule's order."""
        return [
            f"status-{row.pk}" if hasattr(row, "new_status") else f"evidence-{row.public_id}"
            for row in self.in_order
        ]


def _note(rec, *, happened_on, recorded_at, visibility=Visibility.PUBLIC):
    note = EvidenceNoteFactory(
        recommendation=rec,
        happened_on=happened_on,
        text=f"Done on {happened_on}, recorded at {recorded_at:%Y-%m-%d %H:%M}.",
        visibility=visibility,
        # Published now, after everything else: an order by publication would put it first.
        published_at=timezone.now() if visibility == Visibility.PUBLIC else None,
    )
    EvidenceNote.objects.filter(pk=note.pk).update(created_at=recorded_at)
    note.refresh_from_db()
    return note


def build_updates(*, slug="saint-lucia") -> Updates:
    """Five updates of one recommendation of ``slug``'s 2024 report, written in an order that
    is neither the rule's nor that of their ids:

    - a status change of 22 May;
    - a note about 20 May recorded that afternoon, after the status change of that morning;
    - a status change of 20 May, 10:00;
    - a note about 20 May recorded at 08:00 that day, but written last (the highest id);
    - a note recorded on 27 May about something done on 25 April (last month).
    """
    rec = RecommendationFactory(
        report=ReportFactory(country=CountryFactory(slug=slug), year=2024), position=1
    )
    last_month = _note(rec, happened_on=datetime.date(2024, 4, 25), recorded_at=at(27, 9))
    afternoon = _note(rec, happened_on=datetime.date(2024, 5, 20), recorded_at=at(20, 15))
    morning = StatusChangeFactory(
        recommendation=rec,
        old_status=Status.NOT_STARTED,
        new_status=Status.IN_PROGRESS,
        changed_at=at(20, 10),
    )
    later = StatusChangeFactory(
        recommendation=rec,
        old_status=Status.IN_PROGRESS,
        new_status=Status.STALLED,
        changed_at=at(22, 12),
    )
    early = _note(rec, happened_on=datetime.date(2024, 5, 20), recorded_at=at(20, 8))
    return Updates(recommendation=rec, in_order=[later, afternoon, morning, early, last_month])
