"""What the staff workspace's home page lists: a ministry editor's own work (overdue, due soon,
what they did lately) and the secretariat's (overdue work by ministry, the latest import and
what it still lacks). Each part is a few queries whatever the number of recommendations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import EvidenceNote, Ministry, Recommendation, Report, StatusChange, report_texts
from .activity import added_note_words, status_words
from .reminders import DUE_SOON_DAYS

# How many rows each list of the home page shows; the change list shows the rest.
LIST_LIMIT = 20
RECENT_LIMIT = 10


@dataclass(frozen=True)
class Activity:
    """One thing a person did, in words: "Marked In progress", "Added an evidence note"."""

    at: datetime.datetime
    words: str
    recommendation: Recommendation


@dataclass
class EditorWork:
    overdue: list[Recommendation]
    due_soon: list[Recommendation]
    recent: list[Activity]


@dataclass
class LatestImport:
    report: Report
    without_lead_ministry: int
    without_target_date: int


@dataclass
class SecretariatWork:
    overdue_total: int
    overdue_by_ministry: list[Ministry]  # each with ``overdue``, its count
    latest_import: LatestImport | None


def _listed(recommendations):
    return recommendations.with_report("report__country", "lead_ministry").latest_first()


def editor_work(*, user, today: datetime.date | None = None) -> EditorWork:
    """The recommendations of ``user``'s ministries that are overdue or due within
    DUE_SOON_DAYS, and what ``user`` did lately on those they may still see."""
    today = today or timezone.localdate()
    mine = Recommendation.objects.visible_to(user)
    return EditorWork(
        overdue=list(_listed(mine.overdue(today))[:LIST_LIMIT]),
        due_soon=list(_listed(mine.due_within(today, DUE_SOON_DAYS))[:LIST_LIMIT]),
        recent=recent_activity(user=user, recommendations=mine),
    )


def recent_activity(*, user, recommendations) -> list[Activity]:
    """The RECENT_LIMIT latest status changes and evidence notes ``user`` made on
    ``recommendations``, newest first, in two queries."""
    scope = recommendations.values("pk")
    changes = (
        StatusChange.objects.filter(changed_by=user, recommendation__in=scope)
        .select_related("recommendation__report")
        .defer(*report_texts("recommendation__report"))
        .order_by("-changed_at", "-pk")[:RECENT_LIMIT]
    )
    notes = (
        EvidenceNote.objects.filter(author=user, recommendation__in=scope)
        .select_related("recommendation__report")
        .defer("text", "recommendation__text", *report_texts("recommendation__report"))
        .order_by("-created_at", "-pk")[:RECENT_LIMIT]
    )
    activity = [
        Activity(change.changed_at, status_words(change), change.recommendation)
        for change in changes
    ] + [Activity(note.created_at, added_note_words(), note.recommendation) for note in notes]
    return sorted(activity, key=lambda item: item.at, reverse=True)[:RECENT_LIMIT]


def secretariat_work(*, today: datetime.date | None = None) -> SecretariatWork:
    """Overdue work counted per ministry that leads or supports it (as the change list's
    ministry and overdue filters count it), and the latest import's missing owners and dates."""
    today = today or timezone.localdate()
    overdue = Recommendation.objects.overdue(today)
    # COUNT as a plain function: one row for the subquery, with no GROUP BY to write.
    per_ministry = (
        overdue.involving(OuterRef("pk"))
        .order_by()
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    by_ministry = (
        Ministry.objects.annotate(overdue=Coalesce(Subquery(per_ministry), 0))
        .filter(overdue__gt=0)
        .select_related("country")
        .order_by("-overdue", "name")
    )
    return SecretariatWork(
        overdue_total=overdue.count(),
        overdue_by_ministry=list(by_ministry[:LIST_LIMIT]),
        latest_import=latest_import(),
    )


def latest_import() -> LatestImport | None:
    report = (
        Report.objects.select_related("country")
        .defer(*report_texts())
        .order_by("-imported_at", "-pk")
        .first()
    )
    if report is None:
        return None
    counts = Recommendation.objects.filter(report=report).aggregate(
        without_lead_ministry=Count("pk", filter=Q(lead_ministry__isnull=True)),
        without_target_date=Count("pk", filter=Q(target_date__isnull=True)),
    )
    return LatestImport(report=report, **counts)
