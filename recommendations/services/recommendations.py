"""A recommendation saved from the staff workspace: one added by hand, one person's edit, a
lead ministry, supporting ministries or a target date given to a selection at once (after a
confirmation page, whose versions it checks), recommendations (or whole reports) deleted.

Each checks the person's right and the fields their role may change; a new status goes through
status._recommendation_set_status, so the history shows who set it; a change of predecessor (or
a deletion, which unlinks successors) recomputes the country's thread paths in the same
transaction (threads._thread_paths_recompute).
"""

from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, roles
from ..models import Recommendation, Report, Status, foreign_ministries_error
from ..selectors.assignment import Assignment, supporting_ids_of
from ..translation import english_name
from ..writes import pages_changed, writing
from .rights import require_edit
from .status import (
    _editable_locked,
    _proposals_overtaken,
    _recommendation_set_status,
    _status_propose,
)
from .threads import _thread_paths_recompute


class RecommendationConflict(Exception):
    """Someone else saved the recommendation after this edit began; nothing was written."""

    def __init__(self, current: Recommendation):
        super().__init__(_("This recommendation was changed by someone else in the meantime."))
        self.current = current


class SelectionConflict(Exception):
    """Recommendations of a selection were saved by someone else after the confirmation page
    showed them (``changed``, as saved now); nothing was written."""

    def __init__(self, changed: list[Recommendation]):
        super().__init__(
            _(
                "Someone else changed these recommendations after the confirmation page "
                "showed them, so nothing was changed: %(list)s. Select them again to see "
                "them as they are now."
            )
            % {"list": "; ".join(f"{row.report.year} #{row.position}" for row in changed)}
        )
        self.changed = changed


def recommendation_create(
    *, recommendation: Recommendation, user, supporting_ministries=(), status_note: str = ""
) -> Recommendation:
    """Save a recommendation added by hand; a status other than "not started" is recorded as a
    status change, so the history shows who set it."""
    if not roles.secretariat_may(user, "add_recommendation"):
        raise PermissionDenied(_("Only the secretariat adds recommendations."))
    status = recommendation.status
    with writing():
        recommendation.status = Status.NOT_STARTED
        recommendation.version = 1
        recommendation.full_clean()
        _refuse_foreign_ministries(
            recommendation, recommendation.lead_ministry, supporting_ministries
        )
        recommendation.save()
        recommendation.supporting_ministries.set(supporting_ministries)
        _thread_paths_recompute(countries=[recommendation.report.country_id])
        recommendation.refresh_from_db(fields=["thread_path", "thread_root"])
        if status != Status.NOT_STARTED:
            _recommendation_set_status(
                recommendation=recommendation, status=status, user=user, note=status_note
            )
        return recommendation


def recommendation_update(
    *,
    recommendation: Recommendation,
    version: int,
    user,
    changes: dict,
    supporting_ministries=None,
    status: str | None = None,
    status_note: str = "",
) -> Recommendation:
    """Save one person's edit of a recommendation, if nobody saved it since they opened it.

    ``version`` is the version the edit started from; when the saved one is newer the edit is
    refused with RecommendationConflict and nothing is written. ``changes`` maps field names to
    new values; an editor may only change the fields roles.EDITOR_FIELDS names. A new status
    is recorded as a status change, with ``status_note``, or when it needs the secretariat's
    review (roles.status_change_needs_review) as a proposal, left on the returned object as
    ``proposal`` (None when there is none).
    """
    with writing():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        require_edit(user, current)
        if roles.editable_fields(user) is not None:
            asked = set(changes) | ({"status"} if status not in (None, current.status) else set())
            if supporting_ministries is not None and set(supporting_ministries) != set(
                current.supporting_ministries.all()
            ):
                asked.add("supporting_ministries")
            _refuse_fields(user, asked)
        if current.version != version:
            raise RecommendationConflict(current)
        if changes.get("closing_note") and not _is_dropped(current):
            raise ValidationError(
                {
                    "closing_note": _(
                        "Only a recommendation the next report no longer contains (dropped) "
                        "takes a closing note."
                    )
                },
                code="not_dropped",
            )
        for name, value in changes.items():
            # "title" is the English one, whatever language the editor works in.
            setattr(current, english_name(Recommendation, name), value)
        if "area" in changes:
            current.area_set_by_staff = True
        current.version += 1
        current.full_clean(exclude=["status"])
        added = set(supporting_ministries or ()) - set(current.supporting_ministries.all())
        _refuse_foreign_ministries(current, changes.get("lead_ministry"), added)
        current.save()
        if supporting_ministries is not None:
            current.supporting_ministries.set(supporting_ministries)
        if "previous" in changes:
            _thread_paths_recompute(countries=[current.report.country_id])
            current.refresh_from_db(fields=["thread_path", "thread_root"])
        current.proposal = None
        if status is not None and roles.status_change_needs_review(user, status):
            current.proposal = _status_propose(
                recommendation=current, user=user, status=status, note=status_note
            )
        elif status is not None:
            change = _recommendation_set_status(
                recommendation=current, status=status, user=user, note=status_note
            )
            _proposals_overtaken([change] if change else [], user)
        return current


def recommendation_bulk_assign(
    *, recommendations, user, assignment: Assignment, versions: dict[int, int] | None = None
) -> list[Recommendation]:
    """Give a selection of recommendations what ``assignment`` asks (a lead ministry, a target
    date, supporting ministries added: the rule is selectors/assignment.py), all or none: if
    ``user`` may not change one of them or one of those fields, or a ministry is not of a
    recommendation's country, nothing changes. ``versions`` maps each one's pk to the version
    the confirmation page showed; if any was saved since (or was not shown), nothing changes
    (SelectionConflict, naming them). Returns the rows changed, each with one audit entry
    saying all it changed; those that had these values already are left alone.

    The same number of queries however many are chosen: one read checks the right to all of
    them and locks them, one reads their supporting ministries, one UPDATE writes them, one
    INSERT adds the supporting ministries and one their audit entries.
    """
    _refuse_fields(user, assignment.fields())
    with writing():
        rows = _editable_locked(user, recommendations)
        if versions is not None:
            stale = [row for row in rows if versions.get(row.pk) != row.version]
            if stale:
                raise SelectionConflict(stale)
        assignment.refuse_foreign_ministries(rows)
        supporting = supporting_ids_of([row.pk for row in rows])
        changes = [
            change for row in rows if (change := assignment.change_of(row, supporting[row.pk]))
        ]
        if not changes:
            return []
        _assignment_write(changes, assignment)
    return [change.recommendation for change in changes]


def _assignment_write(changes, assignment: Assignment) -> None:
    """Write ``changes`` (of rows read locked) in one UPDATE and two INSERTs, and log them."""
    changing = [change.recommendation for change in changes]
    values = {}
    if assignment.lead_ministry is not None:
        values["lead_ministry_id"] = assignment.lead_ministry.pk
    if assignment.target_date is not None:
        values["target_date"] = assignment.target_date
    now = timezone.now()
    # A queryset update sends no signal: the audit log and the page versions are told here.
    Recommendation.objects.filter(pk__in=[row.pk for row in changing]).update(
        **values, version=F("version") + 1, updated_at=now
    )
    through = Recommendation.supporting_ministries.through
    through.objects.bulk_create(
        through(recommendation_id=change.recommendation.pk, ministry_id=ministry.pk)
        for change in changes
        for ministry in change.supporting_added
    )
    as_read = [copy.copy(row) for row in changing]
    for row in changing:
        for name, value in values.items():
            setattr(row, name, value)
        row.version, row.updated_at = row.version + 1, now
    audit.updates_log(
        zip(as_read, changing, strict=True),
        fields=["lead_ministry", "target_date", "version", "updated_at"],
        m2m_added={
            change.recommendation.pk: {"supporting_ministries": change.supporting_added}
            for change in changes
            if change.supporting_added
        },
    )
    pages_changed(reports={row.report_id for row in changing})


def _refuse_fields(user, asked: set[str]) -> None:
    """Refuse, naming them, the fields of ``asked`` that ``user`` may not change (an editor
    changes only roles.EDITOR_FIELDS; the secretariat any)."""
    allowed = roles.editable_fields(user)
    refused = asked - set(allowed) if allowed is not None else set()
    if refused:
        raise PermissionDenied(
            _("You may not change: %(fields)s.") % {"fields": ", ".join(sorted(refused))}
        )


def recommendations_delete(*, recommendations, user) -> int:
    """Delete ``recommendations`` (the secretariat only); their successors follow none of them
    any more, and the threads of their countries are recomputed. Returns how many went."""
    if not roles.secretariat_may(user, "delete_recommendation"):
        raise PermissionDenied(_("Only the secretariat deletes recommendations."))
    with writing():
        chosen = Recommendation.objects.filter(pk__in=[rec.pk for rec in recommendations])
        countries = set(chosen.values_list("report__country", flat=True))
        count = sum(
            n for model, n in chosen.delete()[1].items() if model == Recommendation._meta.label
        )
        _thread_paths_recompute(countries=countries)
        return count


def reports_delete(*, reports, user) -> None:
    """Delete ``reports`` with their recommendations (for those granted it, as the staff
    workspace's report pages check); the threads of their countries are recomputed (a later
    report's recommendations follow none of theirs)."""
    if not user.has_perm("recommendations.delete_report"):
        raise PermissionDenied(_("You may not delete reports."))
    with writing():
        chosen = Report.objects.filter(pk__in=[report.pk for report in reports])
        countries = set(chosen.values_list("country", flat=True))
        chosen.delete()
        _thread_paths_recompute(countries=countries)


def _is_dropped(recommendation: Recommendation) -> bool:
    return Recommendation.objects.dropped().filter(pk=recommendation.pk).exists()


def _refuse_foreign_ministries(recommendation: Recommendation, lead, supporting) -> None:
    """A lead or supporting ministry given to a recommendation is of its report's country
    (ministries already there, from data older than that rule, may stay)."""
    for field, ministries in (
        ("lead_ministry", [lead] if lead else []),
        ("supporting_ministries", supporting),
    ):
        error = foreign_ministries_error(recommendation.report, ministries, field)
        if error:
            raise error
