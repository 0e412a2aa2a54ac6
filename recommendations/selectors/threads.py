"""A recommendation's thread as the staff workspace shows it on the recommendation's page: every
version, and the evidence notes and status changes recorded under any of them, that the reader
may read (the public side is selectors/updates.py's timeline)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import EvidenceNote, Recommendation, StatusChange


@dataclass(frozen=True)
class ThreadEntry:
    """An evidence note or a status change of the thread, and the version it was recorded
    under."""

    on: datetime.date  # when it happened: the note's date, the day of the change
    at: datetime.datetime  # when it was recorded
    version: Recommendation
    note: EvidenceNote | None = None
    change: StatusChange | None = None


def staff_thread(user, recommendation: Recommendation) -> tuple[list, list[ThreadEntry]]:
    """The versions of ``recommendation``'s thread, oldest first, and what was recorded under
    any of them that ``user`` may read (EvidenceNote.visible_to; status changes of the versions
    they may see), latest first: by the date it happened, then by when it was recorded. Four
    queries whatever the length of the thread."""
    versions = list(Recommendation.objects.with_report().thread_of(recommendation))
    by_pk = {version.pk: version for version in versions}
    readable = Recommendation.objects.visible_to(user).filter(pk__in=by_pk).values("pk")
    notes = (
        EvidenceNote.objects.visible_to(user)
        .filter(recommendation__in=by_pk)
        .select_related("author")
        .order_by()
    )
    changes = (
        StatusChange.objects.filter(recommendation__in=readable)
        .select_related("changed_by")
        .order_by()
    )
    entries = [
        ThreadEntry(note.happened_on, note.created_at, by_pk[note.recommendation_id], note=note)
        for note in notes
    ] + [
        ThreadEntry(
            timezone.localdate(change.changed_at),
            change.changed_at,
            by_pk[change.recommendation_id],
            change=change,
        )
        for change in changes
    ]
    entries.sort(key=lambda entry: (entry.on, entry.at), reverse=True)
    return versions, entries
