"""Countries, their reports (one per TIP Report year) and their ministries."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import EnglishOriginal, plausible_year
from .choices import Tier, valid_choice


class CountryQuerySet(models.QuerySet):
    def with_reports(self):
        """The countries the public dashboard can show: those with at least one report (a
        semi-join, not a join made distinct: each country is read once, not once a report)."""
        return self.filter(Exists(Report.objects.filter(country=OuterRef("pk"))))


class Country(EnglishOriginal):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        # English names, named as such (see REPORT_ORDER in recommendation.py).
        ordering = ["name_en"]
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

    # Long texts (tens of kilobytes for a real chapter) that only the report's own admin form
    # shows: a query that reads reports, or joins them for its rows, defers them (see
    # ``report_texts``), or every row would carry its report's whole chapter.
    LONG_TEXTS = ("summary", "source_text", "pasted_text")

    class Meta:
        ordering = ["country__name_en", "-year"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="report_unique_country_year"),
            valid_choice("tier", Tier, "report_valid_tier"),
            plausible_year("year", "report_plausible_year"),
        ]
        # The reports latest year first, without sorting them all: the staff's change list
        # (latest year, country, position) reads one year's recommendations, not every year's.
        indexes = [models.Index(fields=["year"], name="report_year")]

    def __str__(self):
        return f"{self.country} {self.year}"


# What a country's slug can be: anything else (a NUL, a space) in an address names no country.
COUNTRY_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def is_country_slug(value) -> bool:
    return isinstance(value, str) and COUNTRY_SLUG.fullmatch(value) is not None


class Ministry(EnglishOriginal):
    """A ministry of one country's government; its name is unique within that country."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="ministries", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=200)
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
        ordering = ["name_en"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="ministry_unique_name_per_country"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name


def report_texts(path=""):
    """The report's long texts as field paths from ``path`` (``"report"`` from a recommendation),
    for ``QuerySet.defer``."""
    return [f"{path}__{name}" if path else name for name in Report.LONG_TEXTS]
