"""The TIP statistics: the catalogue of metrics the report judges a government on
(investigations, prosecutions, victims identified, budgets, ...), and the values the ministries
enter for each reporting period, which the public sees once the secretariat approved them.

A period is named by the report it feeds (period 2021 runs from 1 April 2020 to 31 March 2021:
recommendations/calendar.py). Only counts are kept, never a record about a person; a value is a
total or one cell of a one-way breakdown (``cell``: "" for the total, "sex:female",
"age:child", ...: BREAKDOWNS)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import EnglishOriginal, Reviewed, belongs_to, plausible_year, staff_member
from .choices import Area, Review, valid_choice
from .places import Country, Ministry


class Unit(models.TextChoices):
    COUNT = "count", _("number")
    MONEY = "money", _("amount of money")


class Breakdown(models.TextChoices):
    NONE = "none", _("none")
    VICTIMS = "victims", _("victims: sex, age group, form of exploitation, nationality")
    SENTENCES = "sentences", _("sentences: imprisonment, suspended, fine")


# The one-way breakdowns of each kind: (dimension, label, [(value, label), ...]). A cell is
# "dimension:value"; the total is "". No cross-tabulation: small cells would identify people.
BREAKDOWNS = {
    Breakdown.NONE: [],
    Breakdown.VICTIMS: [
        (
            "sex",
            _("Sex"),
            [("female", _("female")), ("male", _("male")), ("unknown", _("unknown"))],
        ),
        ("age", _("Age group"), [("child", _("children")), ("adult", _("adults"))]),
        (
            "exploitation",
            _("Form of exploitation"),
            [
                ("sex", _("sex trafficking")),
                ("labour", _("labour trafficking")),
                ("both", _("both")),
                ("unknown", _("unknown")),
            ],
        ),
        (
            "nationality",
            _("Nationality"),
            [("national", _("nationals")), ("foreign", _("foreigners"))],
        ),
    ],
    Breakdown.SENTENCES: [
        (
            "sentence",
            _("Sentence"),
            [
                ("imprisonment", _("imprisonment")),
                ("suspended", _("suspended sentence")),
                ("fine", _("fine only")),
            ],
        ),
    ],
}
TOTAL = ""


def breakdown_cells(breakdown: str) -> list[tuple[str, str, str]]:
    """(cell, dimension label, value label) of every breakdown cell of ``breakdown``, in order."""
    return [
        (f"{dimension}:{value}", dimension_label, value_label)
        for dimension, dimension_label, values in BREAKDOWNS.get(breakdown, [])
        for value, value_label in values
    ]


class Metric(EnglishOriginal):
    """One statistic the report weighs, with a fixed code; the secretariat may add more."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    definition = models.TextField(
        _("definition"), help_text=_("In plain words; the public statistics page shows it.")
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=10, choices=Breakdown.choices, default=Breakdown.NONE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    ministries = models.ManyToManyField(
        Ministry,
        blank=True,
        related_name="metrics",
        verbose_name=_("ministries that enter it"),
        help_text=_("Their editors enter this metric's values for their country."),
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            valid_choice("unit", Unit, "metric_valid_unit"),
            valid_choice("area", Area, "metric_valid_area"),
            valid_choice("breakdown", Breakdown, "metric_valid_breakdown"),
        ]

    def __str__(self):
        return self.name

    def cells(self) -> list[str]:
        """The total, then the breakdown's cells."""
        return [TOTAL, *(cell for cell, _d, _v in breakdown_cells(self.breakdown))]


class StatisticValueQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=Review.APPROVED)

    def pending(self):
        return self.filter(state=Review.PENDING)


class StatisticValue(Reviewed):
    """A ministry's figure for one country, period, metric and cell. An editor's value waits
    for the secretariat (state pending) and is public once approved; a newer approved value of
    the same cell replaces the older one (which is kept, withdrawn)."""

    country = belongs_to(Country, "statistics", _("country"))
    period = models.PositiveSmallIntegerField(_("reporting period"))
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="values", verbose_name=_("metric")
    )
    cell = models.CharField(_("breakdown cell"), max_length=50, blank=True, default=TOTAL)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    usd = models.DecimalField(
        _("in US dollars"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        related_name="statistic_values",
        verbose_name=_("source ministry"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = staff_member(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    objects = StatisticValueQuerySet.as_manager()

    class Meta:
        ordering = ["country", "-period", "metric__position", "cell"]
        verbose_name = _("statistic value")
        verbose_name_plural = _("statistic values")
        indexes = [
            models.Index(fields=["country", "period", "state"], name="statistic_period_state"),
        ]
        constraints = [
            valid_choice("state", Review, "statistic_state"),
            models.CheckConstraint(condition=Q(value__gte=0), name="statistic_not_negative"),
            plausible_year("period", "statistic_plausible_period"),
            models.UniqueConstraint(
                fields=["country", "period", "metric", "cell"],
                condition=Q(state="approved"),
                name="statistic_one_approved",
            ),
            models.UniqueConstraint(
                fields=["country", "period", "metric", "cell"],
                condition=Q(state="pending"),
                name="statistic_one_pending",
            ),
        ]

    def __str__(self):
        cell = f" [{self.cell}]" if self.cell else ""
        return f"{self.metric_id} {self.period}{cell}: {self.value} ({self.get_state_display()})"


class ReportFigure(models.Model):
    """A figure the report itself gives, read from its narrative by the importer: the metric,
    the period it refers to, the value, and the sentence it came from. Shown beside the task
    force's values; where they differ the staff see it flagged."""

    report = belongs_to("Report", "figures", _("report"))
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="report_figures", verbose_name=_("metric")
    )
    period = models.PositiveSmallIntegerField(_("reporting period"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    usd = models.DecimalField(
        _("in US dollars"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("sentence"))

    class Meta:
        ordering = ["report", "metric__position", "-period"]
        verbose_name = _("report figure")
        verbose_name_plural = _("report figures")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "metric", "period"], name="reportfigure_one_per_period"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="reportfigure_not_negative"),
        ]

    def __str__(self):
        return f"{self.report_id} {self.metric_id} {self.period}: {self.value}"
