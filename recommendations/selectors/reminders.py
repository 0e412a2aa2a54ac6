"""What an editor's reminder digest lists: their ministries' open recommendations (of their
country's latest report, not completed) that are overdue, due soon or not updated for long
anywhere in their thread, the statistics of the period being gathered they have still to
enter, and, 30, 14 and 3 days before a submission deadline (calendar.REMINDER_DAYS), those of
their current recommendations with no evidence in the period (sending it:
services/reminders.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .. import calendar, roles
from ..models import EvidenceNote, Ministry, Recommendation, ReminderDigest, SubmissionDeadline
from ..translation import in_page_language
from .statistics import statistics_gaps
from .submission import thread_evidence

DUE_SOON_DAYS = 30
STALE_DAYS = 90


@dataclass
class ReminderContent:
    """The recommendations one digest lists, under its three headings (one may be in two)."""

    overdue: list[Recommendation]
    due_soon: list[Recommendation]
    not_updated: list[Recommendation]
    # The period being gathered, and each of the editor's ministries with the metrics it still
    # has to enter for it (selectors/statistics.py).
    period: int = 0
    statistics_missing: list = field(default_factory=list)
    # On a reminder day: each deadline near, with the recommendations lacking evidence.
    submission_due: list[SubmissionDue] = field(default_factory=list)

    def __bool__(self):
        return bool(
            self.overdue
            or self.due_soon
            or self.not_updated
            or self.statistics_missing
            or self.submission_due
        )

    def count(self) -> int:
        without = [rec for due in self.submission_due for rec in due.without_evidence]
        return len({rec.pk for rec in self.overdue + self.due_soon + self.not_updated + without})


@dataclass
class SubmissionDue:
    """A submission deadline ``days_left`` days away, and the reader's current recommendations
    of its country with no evidence (internal or published) in its period."""

    deadline: SubmissionDeadline
    days_left: int
    without_evidence: list[Recommendation]


def submission_due(*, user, today) -> list[SubmissionDue]:
    """The deadlines of the period being gathered that are REMINDER_DAYS away today, for the
    countries of ``user``'s recommendations, each with those lacking evidence in the period
    (evidence on a predecessor counts: it is the thread's)."""
    period = calendar.current_period(today)
    days = {today + datetime.timedelta(days=n): n for n in calendar.REMINDER_DAYS}
    mine = Recommendation.objects.visible_to(user).current()
    deadlines = SubmissionDeadline.objects.filter(
        period=period,
        deadline__in=list(days),
        country__in=mine.values("report__country"),
    ).select_related("country")
    due = []
    for deadline in deadlines:
        recommendations = list(
            mine.filter(report__country=deadline.country_id)
            .with_report("report__country", "lead_ministry")
            .latest_first()
        )
        evidence = thread_evidence(recommendations, EvidenceNote.objects.all(), period)
        without = [rec for rec in recommendations if rec.pk not in evidence]
        if without:
            due.append(SubmissionDue(deadline, days[deadline.deadline], without))
    return due


def reminder_content(*, user, today) -> ReminderContent:
    """What an editor's digest lists: overdue, due within 30 days, not updated for 90 days."""
    mine = (
        Recommendation.objects.visible_to(user)
        .current()
        .not_completed()
        .with_last_staff_update()
        .with_report("report__country", "lead_ministry")
        .latest_first()
    )
    stale_before = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=STALE_DAYS), datetime.time())
    )
    period = calendar.period_of(today)
    ministries = Ministry.objects.filter(pk__in=roles.ministry_ids(user)).order_by(
        in_page_language("name")
    )
    return ReminderContent(
        overdue=list(mine.overdue(today)),
        due_soon=list(mine.due_within(today, DUE_SOON_DAYS)),
        not_updated=list(mine.filter(last_update__lt=stale_before)),
        period=period,
        statistics_missing=statistics_gaps(ministries, period),
        submission_due=submission_due(user=user, today=today),
    )


def digest_sent(*, user, kind: str, today) -> bool:
    """Did ``user`` get their digest of ``kind`` (ReminderDigest.Kind) on ``today``?"""
    return ReminderDigest.objects.filter(user=user, kind=kind, sent_on=today).exists()
