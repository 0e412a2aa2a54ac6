"""A recommendation's status: the one write that changes it, with a history row (StatusChange)
saying who changed it, when and why.

``recommendation_bulk_set_status`` is the service a person calls: it checks their right to the
whole selection. A ministry editor's change waits for the secretariat as a proposal
(``_status_propose``; roles.status_change_needs_review, services/review.py).
``_recommendation_set_status`` is the unchecked primitive for one
recommendation. The services that have checked the right already call it
(recommendation_create, recommendation_update), and so does the system itself, importing it by
name: ``load_demo`` records the statuses its chapter reports, and tests set up their data with
it. (The importer writes the statuses it carries over to the rows it creates itself, in
importing/apply.py.)
"""

from __future__ import annotations

import copy

from django.db.models import F
from django.utils import timezone

from .. import audit, roles
from ..models import Recommendation, Review, Status, StatusChange, StatusProposal
from ..writes import pages_changed, writing
from .rights import refused
from .threads import thread_summaries_refresh

# What a status write saves; auditlog audits "status" (apps.py leaves the others out).
_FIELDS = ["status", "version", "updated_at"]


def _recommendation_set_status(
    *, recommendation: Recommendation, status: str, user=None, note: str = "", changed_at=None
) -> StatusChange | None:
    """Change a recommendation's status and record who changed it, when, and why. Checks no
    right: for callers that checked it, or the system itself (see the module's docstring).

    Returns the StatusChange row, or None when the status was already ``status``.
    """
    with writing():
        current = _locked(Recommendation.objects).get(pk=recommendation.pk)
        changes = _statuses_write(
            [current], status=status, user=user, note=note, changed_at=changed_at
        )
        _copy_saved(current, recommendation, changed=bool(changes))
        return changes[0] if changes else None


def recommendation_bulk_set_status(
    *, recommendations, status: str, user, note: str = ""
) -> list[StatusChange] | list[StatusProposal]:
    """Set one status on several recommendations, all or none: if ``user`` may not change one
    of them, nothing changes. Returns the history rows written (none for those already so), or,
    when ``user``'s change waits for the secretariat (roles.status_change_needs_review), the
    proposals recorded instead.

    The same number of queries however many are chosen: one read checks the right to all of
    them and locks them, one UPDATE sets the status, one INSERT writes the history rows, and
    their threads' summaries are read and written again in two more (threads.py).
    """
    recommendations = list(recommendations)
    if roles.status_change_needs_review(user, status):
        with writing():
            rows = _editable_locked(user, recommendations)
            proposals = [
                _status_propose(recommendation=row, user=user, status=status, note=note)
                for row in rows
            ]
        return [proposal for proposal in proposals if proposal is not None]
    with writing():
        rows = _editable_locked(user, recommendations)
        changes = _statuses_write(rows, status=status, user=user, note=note)
        _proposals_overtaken(changes, user)
    saved = {row.pk: row for row in rows}
    changed = {change.recommendation_id for change in changes}
    for rec in recommendations:
        _copy_saved(saved[rec.pk], rec, changed=rec.pk in changed)
    return changes


def _proposals_overtaken(changes, user) -> None:
    """A status set directly (by the secretariat, or with no review asked) withdraws the
    proposals still waiting on those recommendations: approving one later would overwrite the
    newer status with a change asked of the old one. One UPDATE."""
    if changes:
        StatusProposal.objects.pending().filter(
            recommendation__in=[change.recommendation_id for change in changes]
        ).update(state=Review.WITHDRAWN, decided_by=user, decided_at=timezone.now())


def _status_propose(
    *, recommendation: Recommendation, user, status: str, note: str = ""
) -> StatusProposal | None:
    """Record ``user``'s proposal to set ``recommendation`` (read locked by the caller, whose
    right was checked) to ``status``; it replaces the proposal waiting, if any. None when
    ``status`` is the approved status already, or the proposal waiting says the same."""
    if status == recommendation.status:
        return None
    waiting = StatusProposal.objects.pending().filter(recommendation=recommendation).first()
    if waiting is not None:
        if waiting.status == status and waiting.note == note[:500]:
            return waiting
        waiting.state = Review.WITHDRAWN
        waiting.decided_by, waiting.decided_at = user, timezone.now()
        waiting.save(update_fields=["state", "decided_by", "decided_at"])
    return StatusProposal.objects.create(
        recommendation=recommendation,
        from_status=recommendation.status,
        status=status,
        note=note[:500],
        proposed_by=user,
    )


def _editable_locked(user, recommendations) -> list[Recommendation]:
    """``recommendations`` read again and locked (see _locked), inside the caller's
    transaction, if ``user`` may change every one of them: all or none, in one query."""
    chosen = {rec.pk for rec in recommendations}
    selection = roles.editable_recommendations(user, Recommendation.objects.filter(pk__in=chosen))
    rows = list(_locked(selection))
    if len(rows) != len(chosen):
        raise refused()
    return rows


def _locked(recommendations):
    """``recommendations`` read with their reports (their names in the audit log), the rows
    locked until the transaction ends, in one order, so that two writers of selections that
    overlap never deadlock."""
    return recommendations.with_report().select_for_update(of=("self",)).order_by("pk")


def _statuses_write(rows, *, status: str, user, note: str, changed_at=None) -> list[StatusChange]:
    """Set ``status`` on ``rows`` (read locked) and record each change, in the same number of
    queries however many rows; those already at ``status`` are left alone."""
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    changing = [row for row in rows if row.status != status]
    if not changing:
        return []
    now = timezone.now()
    changes = StatusChange.objects.bulk_create(
        StatusChange(
            recommendation=row,
            old_status=row.status,
            new_status=status,
            changed_by=user,
            changed_at=changed_at or now,
            note=note[:500],
        )
        for row in changing
    )
    # A queryset update sends no signal: the audit log and the page versions are told here.
    Recommendation.objects.filter(pk__in=[row.pk for row in changing]).update(
        status=status, version=F("version") + 1, updated_at=now
    )
    as_read = [copy.copy(row) for row in changing]
    for row in changing:
        row.status, row.version, row.updated_at = status, row.version + 1, now
    audit.updates_log(zip(as_read, changing, strict=True), fields=_FIELDS)
    # The rows were read locked, their thread roots with them (unrooted ones: by their pks).
    thread_summaries_refresh(
        roots={row.thread_root for row in changing},
        recommendations={row.pk for row in changing if row.thread_root is None},
    )
    pages_changed(reports={row.report_id for row in changing})
    return changes


def _copy_saved(saved: Recommendation, recommendation: Recommendation, *, changed: bool) -> None:
    """Give the caller's object the status now saved (and, when it changed, the version)."""
    recommendation.status = saved.status
    if changed:
        recommendation.version = saved.version
        recommendation.updated_at = saved.updated_at
