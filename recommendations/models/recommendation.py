"""A prioritized recommendation of a report, and the reads that recur on recommendations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Area, Status, in_choices
from .places import Ministry, Report


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


# The reports' own order: country, latest year first, then the report's priority order.
REPORT_ORDER = ["report__country__name", "-report__year", "position"]


def _overdue(today) -> Q:
    """Past its target date and not completed: the one definition of "overdue"."""
    return Q(target_date__lt=today) & ~Q(status=Status.COMPLETED)


class RecommendationQuerySet(models.QuerySet):
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

    def current(self):
        """Recommendations of their country's latest report: the open work, and what the
        public list shows by default (a superseded or dropped one is in an earlier report)."""
        later = Report.objects.filter(
            country=OuterRef("report__country"), year__gt=OuterRef("report__year")
        )
        return self.filter(~Exists(later))

    def involving(self, ministries):
        """Recommendations that one of ``ministries`` (a ministry, its pk, or several pks)
        leads or supports: the one definition of "leads or supports". Without DISTINCT, so the
        result chains with annotations, ordering and exports."""
        if isinstance(ministries, Ministry | int | str):
            ministries = [ministries]
        supports = Recommendation.supporting_ministries.through.objects.filter(
            recommendation=OuterRef("pk"), ministry__in=ministries
        )
        return self.filter(Q(lead_ministry__in=ministries) | Exists(supports))

    def visible_to(self, user):
        """What ``user`` may see in the staff workspace: all for the secretariat, their
        ministries' (lead or supporting) for an editor, nothing for anyone else."""
        from .. import roles

        if roles.is_secretariat(user):
            return self
        if not roles.is_editor(user):
            return self.none()
        return self.involving(list(roles.ministry_ids(user)))

    def with_last_staff_update(self):
        """Annotate ``last_update`` for the staff workspace: the later of the last save and the
        last evidence note, internal ones included (never for public pages)."""
        from .evidence import EvidenceNote  # defined after recommendations, which it points to

        latest_note = (
            EvidenceNote.objects.filter(recommendation=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(
            last_update=Greatest(F("updated_at"), Coalesce(Subquery(latest_note), F("updated_at")))
        )

    def not_completed(self):
        return self.exclude(status=Status.COMPLETED)

    def with_last_update(self):
        """Annotate ``last_update``: the date of the latest status change or public evidence
        note, the events the public timeline shows (None when there is neither)."""
        from .evidence import EvidenceNote, StatusChange

        changed_on = (
            StatusChange.objects.filter(recommendation=OuterRef("pk"))
            .order_by("-changed_at")
            .annotate(on=TruncDate("changed_at"))
            .values("on")[:1]
        )
        noted_on = (
            EvidenceNote.objects.public()
            .filter(recommendation=OuterRef("pk"))
            .order_by("-happened_on")
            .values("happened_on")[:1]
        )
        never = Value(datetime.date.min)
        latest = Greatest(
            Coalesce(Subquery(changed_on, output_field=models.DateField()), never),
            Coalesce(Subquery(noted_on), never),
        )
        return self.annotate(last_update=NullIf(latest, never))

    def lineage_of(self, recommendation):
        """Every version of ``recommendation`` across its country's reports, oldest first.

        One query reads the links of the country's recommendations and the chain is walked in
        memory, so the cost does not grow with the number of years linked.
        """
        links = dict(
            Recommendation.objects.filter(
                report__country_id=recommendation.report.country_id
            ).values_list("pk", "previous_id")
        )
        following = {previous: pk for pk, previous in links.items() if previous is not None}
        chain = {recommendation.pk}
        pk = recommendation.pk
        while links.get(pk) is not None and links[pk] not in chain:
            pk = links[pk]
            chain.add(pk)
        pk = recommendation.pk
        while pk in following and following[pk] not in chain:
            pk = following[pk]
            chain.add(pk)
        return self.filter(pk__in=chain).order_by("report__year")


class Recommendation(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("report")
    )
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
    lead_ministry = models.ForeignKey(
        Ministry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_recommendations",
        verbose_name=_("lead ministry"),
    )
    supporting_ministries = models.ManyToManyField(
        Ministry,
        blank=True,
        related_name="supported_recommendations",
        verbose_name=_("supporting ministries"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("previous year's recommendation"),
    )
    # Bumped on every save through the services; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
            models.CheckConstraint(
                condition=in_choices("status", Status), name="recommendation_valid_status"
            ),
            models.CheckConstraint(
                condition=in_choices("area", Area), name="recommendation_valid_area"
            ),
            models.CheckConstraint(
                condition=~Q(previous=models.F("pk")), name="recommendation_not_own_previous"
            ),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["target_date"])]

    def __str__(self):
        return f"{self.report.year} #{self.position}: {self.title}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])
