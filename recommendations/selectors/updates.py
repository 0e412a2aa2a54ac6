"""Public updates: status changes and published evidence notes, as the feed, the dashboard and
each recommendation's timeline (across its thread) show them, in the one order of updates
(models/evidence.py: NOTE_ORDER and CHANGE_ORDER in the database, ``newest_first`` once both
kinds are merged). An import's carrying over is no update: it writes no status change
(models.CarryOver records it).

Only what the public may see leaves this module: the dates and statuses of status changes
(never who made them, never the staff note) and the text and link of *public* evidence notes
(never their author), with their public documents (selectors/documents.py: name, type, size,
address; never one kept internal). A link is kept only when it is an http(s) address. A
recommendation's timeline also says when a published note was corrected or withdrawn
(models.NoteCorrection: which fields, never the old text, never who).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import EvidenceNote, NoteCorrection, Recommendation, Status, StatusChange
from ..models.evidence import CHANGE_ORDER, NOTE_ORDER
from ..translation import english, french
from .documents import public_documents_by_note

SAFE_SCHEMES = {"http", "https"}


def safe_link(url: str) -> str:
    """``url`` when it is an http(s) address with a host, else "" (never a javascript: link)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else ""


@dataclass(frozen=True)
class PublicUpdate:
    """One public update: a status change or a published evidence note, as the public sees it."""

    kind: str  # "status", "evidence" or "correction"
    pk: int
    ref: str  # its name on public pages: a status change's pk, a note's random public id
    on: datetime.date  # when it happened: the date the pages show
    recorded_at: datetime.datetime  # when it was recorded
    at: datetime.datetime  # when the update became public
    recommendation: Recommendation
    old_status: str = ""
    new_status: str = ""
    text: str = ""  # an evidence note's, in English
    text_fr: str | None = None  # and its French version, if staff entered one
    link: str = ""
    # A correction: which published note (by its date), withdrawn or corrected, which fields.
    note_date: datetime.date | None = None
    correction: str = ""
    corrected_fields: tuple[str, ...] = ()
    # A published note's public documents (models.EvidenceDocument).
    documents: tuple = ()

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.ref}"

    @property
    def old_status_label(self) -> str:
        return Status(self.old_status).label if self.old_status else ""

    @property
    def new_status_label(self) -> str:
        return Status(self.new_status).label if self.new_status else ""

    @property
    def correction_sentence(self) -> str:
        """What a correction line says of the published note it concerns."""
        day = date_format(self.note_date, "DATE_FORMAT")
        if self.correction == NoteCorrection.Kind.WITHDRAWN:
            return _("The evidence note of %(day)s was withdrawn.") % {"day": day}
        names = {"happened_on": _("its date"), "text": _("its text"), "link": _("its link")}
        fields = ", ".join(str(names[name]) for name in self.corrected_fields if name in names)
        return _("The evidence note of %(day)s was corrected: %(fields)s.") % {
            "day": day,
            "fields": fields,
        }

    @property
    def status_sentence(self) -> str:
        """What a status change did, in words, as a recommendation's timeline says it."""
        if self.old_status:
            return _("Status changed from %(old)s to %(new)s.") % {
                "old": self.old_status_label,
                "new": self.new_status_label,
            }
        return _("Status set to %(new)s.") % {"new": self.new_status_label}


def _recorded_update(kind: str, row, recorded_at, **fields) -> PublicUpdate:
    """An update that happened when it was recorded (a status change, a correction): its day,
    its time and its place in the order of updates are all that moment's."""
    return PublicUpdate(
        kind=kind,
        pk=row.pk,
        ref=str(row.pk),
        on=timezone.localdate(recorded_at),
        recorded_at=recorded_at,
        at=recorded_at,
        recommendation=row.recommendation,
        **fields,
    )


def _status_updates(changes) -> list[PublicUpdate]:
    return [
        _recorded_update(
            "status",
            change,
            change.changed_at,
            old_status=change.old_status,
            new_status=change.new_status,
        )
        for change in changes
    ]


def _evidence_updates(notes, *, with_documents: bool = True) -> list[PublicUpdate]:
    notes = list(notes)
    documents = public_documents_by_note(note.pk for note in notes) if with_documents else {}
    return [
        PublicUpdate(
            kind="evidence",
            pk=note.pk,
            ref=note.public_id or "",
            on=note.happened_on,
            recorded_at=note.created_at,
            at=note.published_at or note.created_at,
            recommendation=note.recommendation,
            text=english(note, "text"),
            text_fr=french(note, "text"),
            link=safe_link(note.link),
            documents=tuple(documents.get(note.pk, ())),
        )
        for note in notes
    ]


def _correction_updates(corrections) -> list[PublicUpdate]:
    return [
        _recorded_update(
            "correction",
            correction,
            correction.made_at,
            note_date=correction.note_date,
            correction=correction.kind,
            corrected_fields=tuple(filter(None, correction.fields.split(","))),
        )
        for correction in corrections
    ]


# What the public may read of a status change and of a published evidence note: these fields
# (never who made or wrote it, never a status change's staff note), here and in the open data.
PUBLIC_CHANGE_FIELDS = ("pk", "changed_at", "old_status", "new_status", "recommendation")
PUBLIC_NOTE_FIELDS = (
    "pk",
    "public_id",
    "happened_on",
    "text_en",
    "text_fr",
    "link",
    "published_at",
    "created_at",
    "recommendation",
)


def public_status_changes(recommendations=None):
    """The status changes of ``recommendations`` (every one's when None), their public fields
    only. Every row is an approved change: a proposal waiting is a StatusProposal."""
    changes = StatusChange.objects.only(*PUBLIC_CHANGE_FIELDS)
    if recommendations is not None:
        changes = changes.filter(recommendation__in=recommendations)
    return changes


def public_notes(recommendations=None):
    """The published evidence notes of ``recommendations`` (every one's when None), their
    public fields only."""
    notes = EvidenceNote.objects.public().only(*PUBLIC_NOTE_FIELDS)
    if recommendations is not None:
        notes = notes.filter(recommendation__in=recommendations)
    return notes


def newest_first(updates: list[PublicUpdate]) -> list[PublicUpdate]:
    """``updates`` of both kinds in the one order of updates: by the date each happened, then
    by when it was recorded, newest first (the order each kind is read in, see
    models/evidence.py)."""
    return sorted(
        updates, key=lambda update: (update.on, update.recorded_at, update.pk), reverse=True
    )


def latest_public_updates(
    *, recommendations=None, limit: int, with_documents: bool = False
) -> list[PublicUpdate]:
    """The ``limit`` latest updates in the one order of updates, in two queries (and one more
    ``with_documents``, the notes' public documents): the first ``limit`` of each kind hold
    the first ``limit`` of both. ``recommendations`` (instances read
    with their report and country, as a dashboard lists them) are the ones whose updates count,
    and each update points at its instance; None counts every recommendation's, and reads
    the updates' recommendations in one more query."""
    by_pk = None if recommendations is None else {rec.pk: rec for rec in recommendations}
    scope = None if by_pk is None else list(by_pk)
    changes = list(public_status_changes(scope).order_by(*CHANGE_ORDER)[:limit])
    notes = list(public_notes(scope).order_by(*NOTE_ORDER)[:limit])
    if by_pk is None:
        # Not a join from the rows: their only() would read the reports' long texts with it.
        by_pk = Recommendation.objects.with_report("report__country").in_bulk(
            {row.recommendation_id for row in (*changes, *notes)}
        )
    return newest_first(
        _status_updates(_with_recommendation(changes, by_pk))
        + _evidence_updates(_with_recommendation(notes, by_pk), with_documents=with_documents)
    )[:limit]


def recommendation_timeline(recommendation: Recommendation, versions=()) -> list[PublicUpdate]:
    """Every public update of one recommendation's thread (``versions``, as thread_of reads
    them; the recommendation alone without them) in the one order of updates, with the
    corrections of its published notes, in three queries and one more for the notes' public
    documents. Each update's ``recommendation`` is the version it was recorded under."""
    by_pk = {version.pk: version for version in versions} or {recommendation.pk: recommendation}
    scope = list(by_pk)
    changes = public_status_changes(scope).order_by(*CHANGE_ORDER)
    notes = public_notes(scope).order_by(*NOTE_ORDER)
    corrections = NoteCorrection.objects.filter(recommendation__in=scope).only(
        "pk", "made_at", "kind", "fields", "note_date", "recommendation"
    )
    return newest_first(
        [
            *_status_updates(_with_recommendation(changes, by_pk)),
            *_evidence_updates(_with_recommendation(notes, by_pk)),
            *_correction_updates(_with_recommendation(corrections, by_pk)),
        ]
    )


def _with_recommendation(rows, by_pk):
    """``rows``, each pointing at its recommendation of ``by_pk``; a row whose recommendation
    is not there (deleted since the rows were read) is left out."""
    for row in rows:
        if (recommendation := by_pk.get(row.recommendation_id)) is not None:
            row.recommendation = recommendation
            yield row
