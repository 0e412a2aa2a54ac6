"""What the secretariat's review lists: the queue of status proposals, notes and statistics
waiting, oldest first, each proposal with the evidence behind it; a recommendation's proposals;
what was returned to an editor. Each is a few queries whatever the number of rows
(services/review.py writes the decisions)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, OuterRef, Subquery, When

from ..models import (
    Decision,
    EvidenceNote,
    NoteReview,
    Review,
    ReviewDecision,
    StatisticValue,
    StatusProposal,
    Visibility,
    report_texts,
)

# How many of each kind the queue shows at once, and how many notes behind each proposal.
QUEUE_LIMIT = 100
EVIDENCE_LIMIT = 5

# What each row of the queue reads with it, and what it leaves out.
RECOMMENDATION = ("recommendation__report__country", "recommendation__lead_ministry")
LONG_TEXTS = report_texts("recommendation__report")


@dataclass
class Queue:
    proposals: list[StatusProposal]  # each with ``evidence``, the notes behind it
    notes: list[EvidenceNote]
    values: list[StatisticValue]
    proposals_waiting: int
    notes_waiting: int
    values_waiting: int

    @property
    def waiting(self) -> int:
        return self.proposals_waiting + self.notes_waiting + self.values_waiting

    @property
    def oldest_waiting_since(self):
        """When the proposal or note that has waited longest was sent in (None: nothing)."""
        since = [proposal.proposed_at for proposal in self.proposals[:1]]
        since += [note.submitted_at for note in self.notes[:1] if note.submitted_at]
        return min(since, default=None)


def notes_waiting():
    """Internal notes submitted for publication, oldest first."""
    return EvidenceNote.objects.filter(
        visibility=Visibility.INTERNAL, review=NoteReview.SUBMITTED
    ).order_by("submitted_at", "pk")


def waiting_count() -> int:
    """How many proposals, notes and statistics wait for the secretariat (the home page, the
    digest)."""
    return (
        StatusProposal.objects.pending().count()
        + notes_waiting().count()
        + StatisticValue.objects.pending().count()
    )


def review_queue(*, limit: int = QUEUE_LIMIT, evidence: bool = True) -> Queue:
    """The oldest ``limit`` proposals and submitted notes waiting, with the recommendation,
    its lead ministry and the author of each; behind each proposal, the latest notes of its
    recommendation, unless ``evidence`` is False (the review digest names no note)."""
    proposals = list(
        StatusProposal.objects.pending()
        .select_related(*RECOMMENDATION, "proposed_by")
        .defer(*LONG_TEXTS)
        .order_by("proposed_at", "pk")[:limit]
    )
    notes = list(
        notes_waiting().select_related(*RECOMMENDATION, "author").defer(*LONG_TEXTS)[:limit]
    )
    values = list(
        StatisticValue.objects.pending()
        .select_related("country", "metric", "ministry", "entered_by")
        .order_by("entered_at", "pk")[:limit]
    )
    if evidence:
        _attach_evidence(proposals)
    return Queue(
        proposals=proposals,
        notes=notes,
        values=values,
        proposals_waiting=StatusProposal.objects.pending().count(),
        notes_waiting=notes_waiting().count(),
        values_waiting=StatisticValue.objects.pending().count(),
    )


def _attach_evidence(proposals) -> None:
    """Give each proposal ``evidence``: its recommendation's latest EVIDENCE_LIMIT notes (the
    secretariat reads them all), in one query."""
    behind: dict[int, list[EvidenceNote]] = {p.recommendation_id: [] for p in proposals}
    notes = EvidenceNote.objects.filter(recommendation__in=list(behind)).select_related("author")
    for note in notes:
        if len(behind[note.recommendation_id]) < EVIDENCE_LIMIT:
            behind[note.recommendation_id].append(note)
    for proposal in proposals:
        proposal.evidence = behind[proposal.recommendation_id]


def with_return_comment(notes, viewer):
    """Annotate each note with ``return_comment``: the comment of the secretariat's latest
    return of it, when ``viewer`` may read it (comment_readable), else None."""
    from .. import roles

    latest = ReviewDecision.objects.filter(note=OuterRef("pk"), decision=Decision.RETURNED)
    comment = Subquery(latest.order_by("-decided_at", "-pk").values("comment")[:1])
    if not roles.is_secretariat(viewer):
        comment = Case(When(author=viewer.pk, then=comment), default=None)
    return notes.annotate(return_comment=comment)


def comment_readable(viewer, author_id) -> bool:
    """A reviewer's comment is read by the person it answers and by the secretariat."""
    from .. import roles

    return viewer.pk == author_id or roles.is_secretariat(viewer)


@dataclass
class Returned:
    """What was returned to an editor and is not resolved yet."""

    proposals: list[StatusProposal] = field(default_factory=list)
    notes: list[EvidenceNote] = field(default_factory=list)

    def __bool__(self):
        return bool(self.proposals or self.notes)


def returned_to(user, *, recommendations, limit: int = 20) -> Returned:
    """``user``'s returned proposals with no newer proposal on their recommendation, and
    their notes returned and not submitted again, of ``recommendations`` (those they see)."""
    scope = recommendations.values("pk")
    newer = StatusProposal.objects.filter(
        recommendation=OuterRef("recommendation"), proposed_at__gt=OuterRef("proposed_at")
    )
    proposals = (
        StatusProposal.objects.filter(
            proposed_by=user, state=Review.RETURNED, recommendation__in=scope
        )
        .select_related("recommendation__report")
        .defer(*LONG_TEXTS)
        .order_by("-decided_at", "-pk")
    )
    proposals = proposals.alias(superseded=Subquery(newer.values("pk")[:1])).filter(
        superseded__isnull=True
    )
    notes = with_return_comment(
        viewer=user,
        notes=EvidenceNote.objects.filter(
            author=user,
            review=NoteReview.RETURNED,
            visibility=Visibility.INTERNAL,
            recommendation__in=scope,
        )
        .select_related("recommendation__report")
        .defer(*LONG_TEXTS)
        .order_by("-updated_at", "-pk"),
    )
    return Returned(proposals=list(proposals[:limit]), notes=list(notes[:limit]))


def proposals_of(recommendation, viewer) -> list[StatusProposal]:
    """A recommendation's proposals, newest first, each with ``comment_shown``: the reviewer's
    comment when ``viewer`` may read it (comment_readable), else ""."""
    proposals = list(
        StatusProposal.objects.filter(recommendation=recommendation)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")
    )
    for proposal in proposals:
        readable = comment_readable(viewer, proposal.proposed_by_id)
        proposal.comment_shown = proposal.comment if readable else ""
    return proposals
