"""The staff workspace's activity: what changed, when and by whom, in words ("Marked In
progress, with a note", "Set the target date to 31 March 2027"), newest first, for the
recommendations the reader may see and the filters they chose.

Each kind of event has a source function (SOURCES): given the filters, it returns its rows,
filtered and newest first, and how to turn rows into events. Another kind of event is one more
function in that list. ``activity`` merges the sources for Django's Paginator: a page reads, of
each source, its count and its rows up to the page's end, so a page is a few queries per
source whatever the number of events.

Nothing of an evidence note's text is read here, and a note's events reach only those who may
read the note (EvidenceNoteQuerySet.visible_to).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from ..models import (
    CarryOver,
    Decision,
    EvidenceNote,
    Ministry,
    Recommendation,
    ReviewDecision,
    StatusChange,
    StatusProposal,
    report_texts,
)
from . import change_words
from .history import recommendation_entries

# How many events a page of the activity lists.
PER_PAGE = 50


@dataclass(frozen=True)
class ActivityFilters:
    """Whose activity ``user`` reads: everything they may see, or only that of ``person``, of
    the recommendations ``ministry`` leads or supports, of one ``recommendation``, from and to
    two dates (both included, in the site's time zone)."""

    user: object
    person: object = None
    ministry: Ministry | None = None
    recommendation: Recommendation | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def recommendations(self) -> QuerySet:
        """The recommendations whose events are read."""
        recommendations = Recommendation.objects.visible_to(self.user)
        if self.ministry is not None:
            recommendations = recommendations.involving(self.ministry)
        if self.recommendation is not None:
            recommendations = recommendations.filter(pk=self.recommendation.pk)
        return recommendations


@dataclass(frozen=True)
class Event:
    """One thing done: when, by whom, to which recommendation, in words (one or more sentences,
    when one save changed several things)."""

    at: datetime.datetime
    who: str
    words: tuple[str, ...]
    recommendation: Recommendation
    kind: str
    pk: int

    @property
    def ministry(self) -> Ministry | None:
        return self.recommendation.lead_ministry


@dataclass(frozen=True)
class Source:
    """A kind of event: its rows (filtered, newest first) and how a list of them reads."""

    rows: QuerySet
    events: Callable[[list], list[Event]]


def status_words(change: StatusChange) -> str:
    """A status change in words: "Marked In progress", "Marked Stalled, with a note"."""
    status = change.get_new_status_display()
    if change.note:
        return gettext("Marked %(status)s, with a note") % {"status": status}
    return gettext("Marked %(status)s") % {"status": status}


def added_note_words() -> str:
    return gettext("Added an evidence note")


def person_name(user, nobody: str) -> str:
    """Who did something: their name, else their username; ``nobody`` when no one did."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def _system() -> str:
    return gettext("the system")


# What an event shows of its recommendation: report year, position, title and lead ministry.
_RECOMMENDATION = ("recommendation__report", "recommendation__lead_ministry")
# The long texts of a recommendation and of its report, which no event shows.
_UNREAD = ("text", "closing_note", *report_texts("report"))


def _filtered(rows, filters: ActivityFilters, *, at: str, person: str, recommendation: str):
    """``rows`` of the filters' recommendations (``recommendation`` names the column that
    points at one), person and dates, newest first (by ``at``, then id)."""
    rows = rows.filter(**{f"{recommendation}__in": filters.recommendations().values("pk")})
    if filters.person is not None:
        rows = rows.filter(**{person: filters.person})
    if filters.date_from is not None:
        rows = rows.filter(**{f"{at}__gte": _start_of(filters.date_from)})
    if filters.date_to is not None:
        rows = rows.filter(**{f"{at}__lt": _start_of(filters.date_to + datetime.timedelta(1))})
    return rows.order_by(f"-{at}", "-pk")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _row_source(
    rows, filters: ActivityFilters, *, kind: str, at: str, person: str, words, nobody=None
):
    """A source whose every row (of ``rows``, pointing at its recommendation) is one event: at
    its column ``at``, by its ``person`` (``nobody()`` when none; "the system" by default),
    saying ``words(row)``. Each row is read with its recommendation as an event shows it."""
    rows = rows.select_related(person, *_RECOMMENDATION)
    rows = rows.defer(*(f"recommendation__{name}" for name in _UNREAD))
    rows = _filtered(rows, filters, at=at, person=person, recommendation="recommendation")

    def events(rows):
        return [
            Event(
                at=getattr(row, at),
                who=person_name(getattr(row, person), (nobody or _system)()),
                words=(words(row),),
                recommendation=row.recommendation,
                kind=kind,
                pk=row.pk,
            )
            for row in rows
        ]

    return Source(rows, events)


def status_changes(filters: ActivityFilters) -> Source:
    return _row_source(
        StatusChange.objects.all(),
        filters,
        kind="status",
        at="changed_at",
        person="changed_by",
        words=status_words,
    )


def _readable_notes(filters: ActivityFilters):
    """The notes ``filters.user`` may read, without their text."""
    return EvidenceNote.objects.visible_to(filters.user).defer("text")


def notes_added(filters: ActivityFilters) -> Source:
    return _row_source(
        _readable_notes(filters),
        filters,
        kind="note-added",
        at="created_at",
        person="author",
        words=lambda note: added_note_words(),
    )


def notes_published(filters: ActivityFilters) -> Source:
    return _row_source(
        _readable_notes(filters).filter(published_at__isnull=False),
        filters,
        kind="note-published",
        at="published_at",
        person="published_by",
        words=lambda note: gettext("Published an evidence note"),
    )


def carry_overs(filters: ActivityFilters) -> Source:
    return _row_source(
        CarryOver.objects.all(),
        filters,
        kind="carry-over",
        at="carried_at",
        person="carried_by",
        words=lambda carried: (
            gettext("Carried over from the %(year)s report") % {"year": carried.from_year}
        ),
        nobody=lambda: gettext("an import"),
    )


def proposals(filters: ActivityFilters) -> Source:
    """Status changes ministry editors proposed for the secretariat's review."""

    def words(proposal):
        status = proposal.get_status_display()
        if proposal.note:
            return gettext("Proposed %(status)s, with a note") % {"status": status}
        return gettext("Proposed %(status)s") % {"status": status}

    return _row_source(
        StatusProposal.objects.all(),
        filters,
        kind="proposal",
        at="proposed_at",
        person="proposed_by",
        words=words,
    )


def review_decisions(filters: ActivityFilters) -> Source:
    """The secretariat's decisions on proposals and on notes submitted for publication (never
    the comment: it is for the author)."""

    def words(decision):
        if decision.proposal_id is not None:
            status = decision.proposal.get_status_display()
            if decision.decision == Decision.APPROVED:
                return gettext("Approved the proposal to mark it %(status)s") % {"status": status}
            return gettext("Returned the proposal to mark it %(status)s") % {"status": status}
        if decision.decision == Decision.PUBLISHED:
            return gettext("Published a submitted evidence note")
        return gettext("Returned an evidence note to its author")

    return _row_source(
        ReviewDecision.objects.select_related("proposal").defer("comment"),
        filters,
        kind="decision",
        at="decided_at",
        person="decided_by",
        words=words,
    )


def recommendation_edits(filters: ActivityFilters) -> Source:
    """The audit log's changes of a recommendation's other fields (owners, target date, title,
    area, predecessor, closing note): the status has its own source."""

    def events(rows):
        recommendations = (
            Recommendation.objects.filter(pk__in={row.object_id for row in rows})
            .select_related("report", "lead_ministry")
            .defer(*_UNREAD)
        )
        by_pk = {rec.pk: rec for rec in recommendations} if rows else {}
        names = change_words.names_for(rows)
        return [
            Event(
                at=row.timestamp,
                who=person_name(row.actor, _system()),
                words=tuple(change_words.sentences(row.changes, names)),
                recommendation=by_pk[row.object_id],
                kind="edit",
                pk=row.pk,
            )
            for row in rows
            if row.object_id in by_pk
        ]

    rows = recommendation_entries().filter(
        action=LogEntry.Action.UPDATE, changes__has_any_keys=list(change_words.WORDED_FIELDS)
    )
    rows = _filtered(
        rows.select_related("actor").only("pk", "timestamp", "object_id", "changes", "actor"),
        filters,
        at="timestamp",
        person="actor",
        recommendation="object_id",
    )
    return Source(rows, events)


# Every kind of event the activity lists, each a function of the filters.
SOURCES: list[Callable[[ActivityFilters], Source]] = [
    status_changes,
    notes_added,
    notes_published,
    carry_overs,
    proposals,
    review_decisions,
    recommendation_edits,
]


class ActivityFeed:
    """The events of several sources, newest first, as Django's Paginator pages a list: its
    count, then a slice of it."""

    def __init__(self, sources: list[Source]):
        self.sources = sources

    def count(self) -> int:
        return sum(source.rows.count() for source in self.sources)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Event]:
        # The first ``stop`` events of all are among the first ``stop`` of each source.
        stop = index.stop
        events = [
            event for source in self.sources for event in source.events(list(source.rows[:stop]))
        ]
        events.sort(key=lambda event: (event.at, event.kind, event.pk), reverse=True)
        return events[index]


def activity(filters: ActivityFilters, sources=None) -> ActivityFeed:
    """The events of ``sources`` (every kind, SOURCES, by default) for ``filters``."""
    return ActivityFeed([source(filters) for source in (sources or SOURCES)])
