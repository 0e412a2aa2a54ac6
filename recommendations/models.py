"""The tables of TIPT and the reads that recur on them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR


class Tier(models.TextChoices):
    TIER_1 = "Tier 1", _("Tier 1")
    TIER_2 = "Tier 2", _("Tier 2")
    TIER_2_WATCH_LIST = "Tier 2 Watch List", _("Tier 2 Watch List")
    TIER_3 = "Tier 3", _("Tier 3")
    SPECIAL_CASE = "Special Case", _("Special Case")


class Area(models.TextChoices):
    PROSECUTION = "prosecution", _("Prosecution")
    PROTECTION = "protection", _("Protection")
    PREVENTION = "prevention", _("Prevention")
    PARTNERSHIP = "partnership", _("Partnership")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    STALLED = "stalled", _("Stalled")
    COMPLETED = "completed", _("Completed")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


def _in_choices(field, choices):
    return Q(**{f"{field}__in": choices.values})


class CountryQuerySet(models.QuerySet):
    def with_reports(self):
        """The countries the public dashboard can show: those with at least one report."""
        return self.filter(reports__isnull=False).distinct()


class Country(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class Report(models.Model):
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="reports", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    summary = models.TextField(_("summary"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    # The chapter as it was pasted or uploaded, after decoding and before any cleaning: parsing
    # it again gives the report's recommendations, with nothing else needed.
    pasted_text = models.TextField(_("pasted text"), blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        ordering = ["country__name", "-year"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="report_unique_country_year"),
            models.CheckConstraint(condition=_in_choices("tier", Tier), name="report_valid_tier"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_REPORT_YEAR) & Q(year__lte=LAST_PLAUSIBLE_YEAR),
                name="report_plausible_year",
            ),
        ]

    def __str__(self):
        return f"{self.country} {self.year}"


class Ministry(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="ministries",
        verbose_name=_("staff"),
        help_text=_("Staff users who work for this ministry."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")

    def __str__(self):
        return self.short_name or self.name


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

    def latest_first(self):
        return self.order_by(*REPORT_ORDER)

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
        from . import roles

        if roles.is_secretariat(user):
            return self
        if not roles.is_editor(user):
            return self.none()
        return self.involving(list(roles.ministry_ids(user)))

    def with_last_staff_update(self):
        """Annotate ``last_update`` for the staff workspace: the later of the last save and the
        last evidence note, internal ones included (never for public pages)."""
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
                condition=_in_choices("status", Status), name="recommendation_valid_status"
            ),
            models.CheckConstraint(
                condition=_in_choices("area", Area), name="recommendation_valid_area"
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

    def is_overdue(self, today=None):
        """The row's own reading of RecommendationQuerySet.overdue(), for one loaded row."""
        today = today or timezone.localdate()
        return bool(
            self.target_date and self.target_date < today and self.status != Status.COMPLETED
        )


class EvidenceNoteQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Notes ``user`` may read in the staff workspace. The secretariat reads all. An editor
        reads every note of the recommendations their ministries lead or support, whoever
        wrote it: the recommendation decides who reads a note, never where its author works
        today. Nobody else reads any."""
        from . import roles

        if roles.is_secretariat(user):
            return self
        if not roles.is_editor(user):
            return self.none()
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user).values("pk"))


class EvidenceNote(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="evidence_notes",
        verbose_name=_("recommendation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    happened_on = models.DateField(_("happened on"))
    text = models.TextField(
        _("text"),
        help_text=_(
            "What was done. Never record names or other details that could identify a victim."
        ),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # The note's name on public pages and in the feed, drawn at random when it is first
    # published: the primary key would tell how many internal notes lie between two public ones.
    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    # Bumped on every save through the services; a save based on an older version is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EvidenceNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")
        permissions = [("publish_evidencenote", _("Can publish evidence notes"))]
        # The latest (public) note of a recommendation, for lists and exports.
        indexes = [
            models.Index(
                fields=["recommendation", "visibility", "-happened_on", "-id"],
                name="evidence_latest_by_visibility",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=_in_choices("visibility", Visibility), name="evidence_valid_visibility"
            ),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.INTERNAL) | Q(public_id__isnull=False),
                name="evidence_public_has_public_id",
            ),
        ]

    def __str__(self):
        # Never the text: this string is copied into logs and audit rows.
        label = _("Evidence note")
        return f"{label} {self.pk or ''} ({self.get_visibility_display()})".strip()

    def get_additional_data(self):
        """Kept with each audit row, so a recommendation's page can list its notes' history,
        even of a note deleted since."""
        return {"recommendation_id": self.recommendation_id}


class StatusChange(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("recommendation"),
    )
    old_status = models.CharField(
        _("old status"), max_length=20, choices=Status.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"
        indexes = [
            models.Index(
                fields=["recommendation", "-changed_at", "-id"], name="statuschange_latest"
            )
        ]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=_in_choices("new_status", Status), name="statuschange_valid_new"
            ),
            models.CheckConstraint(
                condition=Q(old_status="") | _in_choices("old_status", Status),
                name="statuschange_valid_old",
            ),
            models.CheckConstraint(
                condition=~Q(old_status=models.F("new_status")), name="statuschange_is_a_change"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation_id}: {self.old_status or '-'} → {self.new_status}"


class ReminderDigest(models.Model):
    """One reminder email sent to one person on one day; there is never a second that day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name=_("user"),
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    email = models.EmailField(_("email"))
    recommendation_count = models.PositiveIntegerField(_("recommendations listed"), default=0)

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminderdigest_one_a_day"),
        ]

    def __str__(self):
        return f"{self.user} {self.sent_on}"


class ContentVersion(models.Model):
    """A single counter, raised in the same transaction as every change to tracked data.

    Cached public pages are keyed by it, so a change shows on every page, on every app server,
    as soon as it is committed (see recommendations/caching.py).
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="contentversion_single_row")]

    def __str__(self):
        return str(self.number)
