"""The secretariat's review of what ministry editors propose.

A ministry editor's status change is a proposal (status._status_propose, called by
the status writes when roles.status_change_needs_review says so): the recommendation keeps
its approved status, which the public pages, CSV and feed show, until the secretariat approves
the proposal (``proposals_approve``); the change is then made and recorded in the status
history under the proposer's name, with their note. A proposal returned (``proposals_return``)
changes nothing public. An editor submits their internal evidence note for publication
(``evidence_note_submit``); the secretariat publishes it (services.evidence) or returns it with
a comment (``evidence_notes_return``) that the editor sees.

Each decision is a ReviewDecision row: who, when, the comment. Nothing here changes a public
page except an approval, whose status write tells the pages itself (status._statuses_write).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..models import (
    Decision,
    EvidenceNote,
    NoteReview,
    Recommendation,
    Review,
    ReviewDecision,
    StatusProposal,
    Visibility,
)
from ..writes import writing
from .evidence import _locked_note
from .status import _locked, _statuses_write


def _require_reviewer(user) -> None:
    if not roles.can_review(user):
        raise PermissionDenied(_("Only the secretariat reviews proposals and notes."))


def _require_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say why it is returned: the author reads this comment.")},
            code="comment_required",
        )
    return comment[:1000]


def status_proposal_withdraw(*, proposal: StatusProposal, user) -> bool:
    """The proposer (or the secretariat) takes back a proposal still waiting; whether it was."""
    if proposal.proposed_by_id != user.pk and not roles.can_review(user):
        raise PermissionDenied(_("Only its author withdraws a proposal."))
    with writing():
        updated = StatusProposal.objects.pending().filter(pk=proposal.pk)
        return bool(
            updated.update(state=Review.WITHDRAWN, decided_by=user, decided_at=timezone.now())
        )


def _pending_locked(proposals) -> list[StatusProposal]:
    """Those of ``proposals`` still waiting, read again and locked, in one order."""
    chosen = [proposal.pk for proposal in proposals]
    return list(
        StatusProposal.objects.pending()
        .filter(pk__in=chosen)
        .select_related("proposed_by")
        .select_for_update(of=("self",))
        .order_by("pk")
    )


def proposals_approve(*, proposals, user, comment: str = "") -> int:
    """Approve the proposals still waiting among ``proposals``: each recommendation takes its
    proposed status, recorded in its history under the proposer's name with their note.
    Returns how many were approved (one decided meanwhile is left as it was decided)."""
    _require_reviewer(user)
    comment = (comment or "").strip()[:1000]
    with writing():
        waiting = _pending_locked(proposals)
        rows = {
            row.pk: row
            for row in _locked(
                Recommendation.objects.filter(pk__in=[p.recommendation_id for p in waiting])
            )
        }
        now = timezone.now()
        for proposal in waiting:
            changes = _statuses_write(
                [rows[proposal.recommendation_id]],
                status=proposal.status,
                user=proposal.proposed_by,
                note=proposal.note,
            )
            for change in changes:
                rows[proposal.recommendation_id].status = change.new_status
            proposal.state = Review.APPROVED
            proposal.decided_by, proposal.decided_at, proposal.comment = user, now, comment
            proposal.status_change = changes[0] if changes else None
            proposal.save(
                update_fields=["state", "decided_by", "decided_at", "comment", "status_change"]
            )
        _decisions_record(waiting, Decision.APPROVED, user, comment, now)
        return len(waiting)


def proposals_return(*, proposals, user, comment: str) -> int:
    """Return the proposals still waiting among ``proposals`` to their authors, with
    ``comment`` (required): nothing public changes. Returns how many were returned."""
    _require_reviewer(user)
    comment = _require_comment(comment)
    with writing():
        waiting = _pending_locked(proposals)
        now = timezone.now()
        StatusProposal.objects.filter(pk__in=[p.pk for p in waiting]).update(
            state=Review.RETURNED, decided_by=user, decided_at=now, comment=comment
        )
        _decisions_record(waiting, Decision.RETURNED, user, comment, now)
        return len(waiting)


def _decisions_record(proposals, decision, user, comment, now) -> None:
    ReviewDecision.objects.bulk_create(
        ReviewDecision(
            recommendation_id=proposal.recommendation_id,
            proposal=proposal,
            decision=decision,
            decided_by=user,
            decided_at=now,
            comment=comment,
        )
        for proposal in proposals
    )


def evidence_note_submit(*, note: EvidenceNote, user, version: int | None = None) -> EvidenceNote:
    """The author of an internal note submits it for publication (again, after a return)."""
    if note.author_id != user.pk or not roles.may_edit_note(user, note):
        raise PermissionDenied(_("Only its author submits a note for publication."))
    with writing():
        current = _locked_note(note, version)
        if current.visibility == Visibility.PUBLIC:
            raise PermissionDenied(_("This note is published already."))
        if current.review != NoteReview.SUBMITTED:
            current.review = NoteReview.SUBMITTED
            current.submitted_at = timezone.now()
            current.version += 1
            current.save(update_fields=["review", "submitted_at", "version", "updated_at"])
        return current


def evidence_notes_return(
    *, notes, user, comment: str, versions: dict[int, int] | None = None
) -> int:
    """Return submitted notes to their authors with ``comment`` (required), all or none when
    one changed since the secretariat saw it (EvidenceNoteConflict). Returns how many."""
    _require_reviewer(user)
    comment = _require_comment(comment)
    returned = []
    now = timezone.now()
    with writing():
        for note in notes:
            version = None if versions is None else versions.get(note.pk, -1)
            current = _locked_note(note, version)
            if current.visibility == Visibility.INTERNAL and current.review == (
                NoteReview.SUBMITTED
            ):
                current.review = NoteReview.RETURNED
                current.version += 1
                current.save(update_fields=["review", "version", "updated_at"])
                returned.append(current)
        ReviewDecision.objects.bulk_create(
            ReviewDecision(
                recommendation_id=note.recommendation_id,
                note=note,
                decision=Decision.RETURNED,
                decided_by=user,
                decided_at=now,
                comment=comment,
            )
            for note in returned
        )
    return len(returned)
