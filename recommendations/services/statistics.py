"""The TIP statistics entered for a reporting period: a ministry's grid of values saved at once,
and the secretariat's review of them (the same review as status proposals: services/review.py).

A ministry editor enters the metrics assigned to their ministry (Metric.ministries); each value
they change waits for the secretariat as a pending value, and the public sees the approved one
until then. The secretariat's own values are approved as entered. An approved value replaced by
a newer one is kept, withdrawn, so the record says what was published when.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..models import Ministry, Review, StatisticValue, Unit
from ..writes import pages_changed, writing
from .review import _require_comment


@dataclass(frozen=True)
class Entry:
    """One cell of a ministry's grid as posted: a metric, a cell ("" for the total), the value
    (None: left empty), and for money its currency and US-dollar amount."""

    metric: object
    cell: str
    value: Decimal | None
    note: str = ""
    currency: str = ""
    usd: Decimal | None = None


def may_enter(user, ministry: Ministry) -> bool:
    """The secretariat enters any ministry's values; an editor, their own ministries'."""
    if roles.is_secretariat(user):
        return roles.secretariat_may(user, "change_recommendation")
    return roles.is_editor(user) and ministry.pk in roles.ministry_ids(user)


def statistics_enter(*, user, ministry: Ministry, period: int, entries) -> list[StatisticValue]:
    """Save a ministry's values for ``period`` (its country's), all or none; returns the rows
    written. An editor may enter only the metrics assigned to the ministry; a value that says
    what the approved (or waiting) one says already is not written again."""
    if not may_enter(user, ministry):
        raise PermissionDenied(_("You may not enter statistics for this ministry."))
    entries = [entry for entry in entries if entry.value is not None]
    if not roles.is_secretariat(user):
        assigned = set(ministry.metrics.values_list("pk", flat=True))
        if any(entry.metric.pk not in assigned for entry in entries):
            raise PermissionDenied(_("This metric is not assigned to your ministry."))
    approve = roles.is_secretariat(user)
    written = []
    with writing():
        current = _current_locked(ministry.country_id, period, entries)
        now = timezone.now()
        for entry in entries:
            approved = current.get((entry.metric.pk, entry.cell, Review.APPROVED))
            waiting = current.get((entry.metric.pk, entry.cell, Review.PENDING))
            if _says(waiting if waiting and not approve else approved, entry):
                continue
            if waiting is not None:
                _withdraw(waiting, user, now)
            if approve and approved is not None:
                _withdraw(approved, user, now)
            written.append(
                StatisticValue.objects.create(
                    country_id=ministry.country_id,
                    period=period,
                    metric=entry.metric,
                    cell=entry.cell,
                    value=entry.value,
                    currency=entry.currency.upper() if entry.metric.unit == Unit.MONEY else "",
                    usd=entry.usd if entry.metric.unit == Unit.MONEY else None,
                    ministry=ministry,
                    note=entry.note[:500],
                    entered_by=user,
                    entered_at=now,
                    state=Review.APPROVED if approve else Review.PENDING,
                    decided_by=user if approve else None,
                    decided_at=now if approve else None,
                )
            )
        if approve and written:
            pages_changed(countries={ministry.country_id})
    return written


def _current_locked(country_id, period, entries) -> dict:
    """The approved and waiting values of the cells ``entries`` name, locked, by (metric pk,
    cell, state)."""
    metrics = {entry.metric.pk for entry in entries}
    rows = (
        StatisticValue.objects.filter(
            country_id=country_id,
            period=period,
            metric__in=metrics,
            state__in=[Review.APPROVED, Review.PENDING],
        )
        .select_for_update()
        .order_by("pk")
    )
    return {(row.metric_id, row.cell, row.state): row for row in rows}


def _says(row: StatisticValue | None, entry: Entry) -> bool:
    """Does ``row`` hold what ``entry`` asks already (its value, note, and for money its
    currency and US-dollar amount)?"""
    if row is None:
        return False
    money = entry.metric.unit == Unit.MONEY
    extra = (entry.currency.upper(), entry.usd) if money else ("", None)
    asked = (entry.value, entry.note[:500], *extra)
    return (row.value, row.note, row.currency, row.usd) == asked


def _withdraw(row: StatisticValue, user, now) -> None:
    row.state, row.decided_by, row.decided_at = Review.WITHDRAWN, user, now
    row.save(update_fields=["state", "decided_by", "decided_at"])


def statistic_values_approve(*, values, user, comment: str = "") -> int:
    """Approve the waiting values among ``values``: each replaces the approved value of its
    cell. Returns how many were approved."""
    if not roles.can_review(user):
        raise PermissionDenied(_("Only the secretariat reviews proposals and notes."))
    with writing():
        waiting = _waiting_locked(values)
        now = timezone.now()
        for row in waiting:
            StatisticValue.objects.approved().filter(
                country_id=row.country_id, period=row.period, metric_id=row.metric_id, cell=row.cell
            ).update(state=Review.WITHDRAWN, decided_by=user, decided_at=now)
            row.state, row.decided_by, row.decided_at = Review.APPROVED, user, now
            row.comment = (comment or "").strip()[:1000]
            row.save(update_fields=["state", "decided_by", "decided_at", "comment"])
        if waiting:
            pages_changed(countries={row.country_id for row in waiting})
        return len(waiting)


def statistic_values_return(*, values, user, comment: str) -> int:
    """Return the waiting values among ``values`` to their ministry with ``comment``."""
    if not roles.can_review(user):
        raise PermissionDenied(_("Only the secretariat reviews proposals and notes."))
    comment = _require_comment(comment)
    with writing():
        waiting = _waiting_locked(values)
        StatisticValue.objects.filter(pk__in=[row.pk for row in waiting]).update(
            state=Review.RETURNED, decided_by=user, decided_at=timezone.now(), comment=comment
        )
        return len(waiting)


def _waiting_locked(values) -> list[StatisticValue]:
    return list(
        StatisticValue.objects.pending()
        .filter(pk__in=[value.pk for value in values])
        .select_for_update()
        .order_by("pk")
    )
