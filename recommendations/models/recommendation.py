"""A prioritized recommendation of a report, and the reads that recur on recommendations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import EnglishOriginal, Versioned, belongs_to, optional_link
from .choices import Area, Status, valid_choice
from .places import Ministry, Report, report_texts
from .thread import ThreadQuerySetMixin


def foreign_ministries_error(report, ministries, field: str):
    """A ValidationError on ``field`` naming those of ``ministries`` that are not of the
    report's country (a recommendation is owned by its own government), or None."""
    foreign = [ministry for ministry in ministries if ministry.country_id != report.country_id]
    if not foreign:
        return None
    return ValidationError(
        {
            field: _(
                "%(ministries)s: not a ministry of %(country)s, whose report this is. Choose "
                "among %(country)s's ministries."
            )
            % {"ministries": ", ".join(map(str, foreign)), "country": report.country}
        },
        code="foreign_ministry",
    )


def predecessor_error(recommendation, previous):
    """A ValidationError on ``previous`` unless it is a recommendation of an earlier report of
    ``recommendation``'s country (the only kind a recommendation can carry on), or None."""
    if recommendation.report_id is None:
        return None
    report, earlier = recommendation.report, previous.report
    if earlier.country_id == report.country_id and earlier.year < report.year:
        return None
    return ValidationError(
        {
            "previous": _(
                "%(previous)s cannot be the predecessor: choose a recommendation of an earlier "
                "report of %(country)s than %(year)s."
            )
            % {"previous": previous, "country": report.country, "year": report.year}
        },
        code="invalid_predecessor",
    )


# The reports' own order: country, latest year first, then the report's priority order. By the
# country's English name, named as such: django-modeltranslation would read "name" as the French
# one on a French page, empty for most countries, and mix the countries' rows.
REPORT_ORDER = ["report__country__name_en", "-report__year", "position"]


def _overdue(today) -> Q:
    """Past its target date, not completed, and open work (of its country's latest report: the
    condition of ``current``, written in place, since as a subquery of its own the database
    would read every recommendation first; a superseded or dropped one never is overdue): the
    one definition of "overdue"."""
    later = Report.objects.filter(
        country=OuterRef("report__country"), year__gt=OuterRef("report__year")
    )
    return Q(target_date__lt=today) & ~Q(status=Status.COMPLETED) & Q(~Exists(later))


class RecommendationQuerySet(ThreadQuerySetMixin, models.QuerySet):
    def overdue(self, today=None):
        return self.filter(_overdue(today or timezone.localdate()))

    def not_overdue(self, today=None):
        return self.exclude(_overdue(today or timezone.localdate()))

    def with_overdue(self, today=None):
        """Annotate ``is_overdue`` on each row, for lists, pages and exports that show it."""
        overdue = When(_overdue(today or timezone.localdate()), then=Value(True))
        return self.annotate(
            is_overdue=Case(overdue, default=Value(False), output_field=models.BooleanField())
        )

    def latest_first(self):
        return self.order_by(*REPORT_ORDER)

    def with_report(self, *related):
        """Each row with its report (and the ``related`` rows) read in the same query, but not
        the report's long texts, which no row shows."""
        return self.select_related("report", *related).defer(*report_texts("report"))

    def current(self):
        """Recommendations of their country's latest report: the open work, and what the
        public list shows by default (a superseded or dropped one is in an earlier report)."""
        later = Report.objects.filter(
            country=OuterRef("report__country"), year__gt=OuterRef("report__year")
        )
        return self.filter(~Exists(later))

    def involving(self, ministries):
        """Recommendations that one of ``ministries`` (a ministry, its pk, several pks, or an
        OuterRef to a ministry's pk, for a count per ministry) leads or supports: the one
        definition of "leads or supports". Without DISTINCT, so the result chains with
        annotations, ordering and exports."""
        if isinstance(ministries, OuterRef):
            # Resolved one level further out, from inside the supporting ministries' subquery.
            supports = Recommendation.supporting_ministries.through.objects.filter(
                recommendation=OuterRef("pk"), ministry=OuterRef(ministries)
            )
            return self.filter(Q(lead_ministry=ministries) | Exists(supports))
        if isinstance(ministries, Ministry | int | str):
            ministries = [ministries]
        supports = Recommendation.supporting_ministries.through.objects.filter(
            recommendation=OuterRef("pk"), ministry__in=ministries
        )
        return self.filter(Q(lead_ministry__in=ministries) | Exists(supports))

    def due_within(self, today, days):
        """Open work (current, not completed) whose target date is from ``today`` to ``days``
        days later: what the reminders and the staff's home page call due soon."""
        return (
            self.current()
            .not_completed()
            .filter(target_date__gte=today, target_date__lte=today + datetime.timedelta(days=days))
        )

    def visible_to(self, user):
        """What ``user`` may see in the staff workspace: all for the secretariat, their
        ministries' (lead or supporting) for an editor, nothing for anyone else."""
        from .. import roles

        if roles.is_secretariat(user):
            return self
        if not roles.is_editor(user):
            return self.none()
        return self.involving(list(roles.ministry_ids(user)))

    def not_completed(self):
        return self.exclude(status=Status.COMPLETED)


class Recommendation(EnglishOriginal, Versioned):
    # What the task force tracks of each recommendation beside its report's words, in the order
    # every list of its fields gives it: the staff form, the API, the CSV.
    TRACKED = ("area", "status", "lead_ministry", "supporting_ministries", "target_date")

    report = belongs_to(Report, "recommendations", _("report"))
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    area_set_by_staff = models.BooleanField(
        _("area set by staff"),
        default=False,
        help_text=_("Set when staff correct the area, so a re-import keeps their choice."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    lead_ministry = optional_link(Ministry, "led_recommendations", _("lead ministry"))
    supporting_ministries = models.ManyToManyField(
        Ministry,
        blank=True,
        related_name="supported_recommendations",
        verbose_name=_("supporting ministries"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    previous = optional_link(
        "self",
        "successors",
        _("previous year's recommendation"),
        help_text=_(
            "The recommendation of an earlier report of the same country that this one carries "
            "on. When a report splits one recommendation in two, both follow it."
        ),
    )
    # The chain of predecessors, kept by services/threads.py (see models/thread.py).
    thread_path = models.CharField(
        _("thread path"), max_length=1000, blank=True, db_index=True, editable=False
    )
    thread_root = models.PositiveBigIntegerField(
        _("thread root"), null=True, blank=True, db_index=True, editable=False
    )
    # What the reads across the thread need, as they are across this row's thread: kept by
    # services/threads.py in the transaction of every write that changes them (models/thread.py).
    thread_public_update_on = models.DateField(
        _("thread's last public update"), null=True, blank=True, editable=False
    )
    thread_last_change_at = models.DateTimeField(
        _("thread's last status change"), null=True, blank=True, editable=False
    )
    thread_latest_public_note = optional_link(
        "EvidenceNote", "+", _("thread's latest public evidence note"), editable=False
    )
    # Internal notes included: for the staff workspace only, never for a public page.
    thread_last_note_at = models.DateTimeField(
        _("thread's last evidence note"), null=True, blank=True, editable=False
    )
    closing_note = models.TextField(
        _("closing note"),
        blank=True,
        help_text=_(
            "Only for a recommendation the next report no longer contains: how the work on it "
            "ended. Shown on its public page."
        ),
    )
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = REPORT_ORDER
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="recommendation_unique_position"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="recommendation_position_1"),
            valid_choice("status", Status, "recommendation_valid_status"),
            valid_choice("area", Area, "recommendation_valid_area"),
            models.CheckConstraint(
                condition=~Q(previous=models.F("pk")), name="recommendation_not_own_previous"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["target_date"]),
            # The public list sorted by last update (newest first on PostgreSQL: the index
            # recommendation_last_update_desc, which a migration creates in SQL).
            models.Index(fields=["thread_public_update_on"], name="recommendation_last_update"),
        ]

    def __str__(self):
        return f"{self.report.year} #{self.position}: {self.title}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])

    def clean(self):
        super().clean()
        error = predecessor_error(self, self.previous) if self.previous_id else None
        if error:
            raise error
