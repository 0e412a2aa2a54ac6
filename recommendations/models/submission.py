"""The annual submission: the deadline the State Department set for each period's information,
and the submission packs built for a country and period, each approved version frozen as sent
(its document and the data it was built from)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from .base import belongs_to, plausible_year, staff_member
from .choices import valid_choice
from .places import Country


class NoteChoice(models.TextChoices):
    """Which evidence notes a pack gives: the published ones, and which internal ones."""

    PUBLISHED = "published", _("Published notes only")
    MARKED = "marked", _("Published notes and those marked for the submission")
    ALL = "all", _("Every note, internal ones included")


class SubmissionDeadline(models.Model):
    """The day the State Department's request for a period's information closes."""

    country = belongs_to(Country, "submission_deadlines", _("country"))
    period = models.PositiveSmallIntegerField(
        _("reporting period"),
        validators=[
            MinValueValidator(FIRST_REPORT_YEAR),
            MaxValueValidator(LAST_PLAUSIBLE_YEAR),
        ],
        help_text=_("The period the submission reports on: 2027 runs to 31 March 2027."),
    )
    deadline = models.DateField(_("submission deadline"))
    recorded_by = staff_member(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["country__name", "-period"]
        verbose_name = _("submission deadline")
        verbose_name_plural = _("submission deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "period"], name="submissiondeadline_one_per_period"
            ),
            plausible_year("period", "submissiondeadline_plausible_period"),
        ]

    def __str__(self):
        return f"{self.country} {self.period}: {self.deadline.isoformat()}"


class SubmissionPack(models.Model):
    """One approved version of a country's submission for a period, stored as it was sent: the
    Word and PDF documents and the data they were built from, never rebuilt."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="submission_packs",
        verbose_name=_("country"),
    )
    period = models.PositiveSmallIntegerField(_("reporting period"))
    version = models.PositiveSmallIntegerField(_("version"))
    notes = models.CharField(_("evidence notes given"), max_length=10, choices=NoteChoice.choices)
    as_of = models.DateTimeField(_("information as of"))
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    approved_by = staff_member(_("approved by"))
    data = models.JSONField(_("data"), editable=False)
    docx = models.BinaryField(_("Word document"), editable=False)
    pdf = models.BinaryField(_("PDF document"), editable=False)

    class Meta:
        ordering = ["country__name", "-period", "-version"]
        get_latest_by = "approved_at"
        verbose_name = _("submission pack")
        verbose_name_plural = _("submission packs")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "period", "version"], name="submissionpack_unique_version"
            ),
            plausible_year("period", "submissionpack_plausible_period"),
            valid_choice("notes", NoteChoice, "submissionpack_valid_notes"),
        ]

    def __str__(self):
        return f"{self.country} {self.period} v{self.version}"
