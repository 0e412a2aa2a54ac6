"""What was done about a recommendation: evidence notes and the corrections of published ones,
the history of its status, and its carrying over from the report before."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import EnglishOriginal, Versioned, optional_link, recommendation_link, staff_member
from .choices import NoteReview, Status, Visibility, in_choices, valid_choice
from .recommendation import Recommendation

# The one order of updates, wherever they are listed (the dashboard's latest updates, the feed,
# a recommendation's timeline, the staff workspace): by the date something happened, newest
# first, then by when it was recorded, newest first. An evidence note happened on its
# ``happened_on`` and was recorded at its ``created_at``; a status change happened, and was
# recorded, at its ``changed_at``. The id settles rows recorded at the same instant.
# selectors/updates.py merges the two kinds in the same order.
NOTE_ORDER = ["-happened_on", "-created_at", "-pk"]
CHANGE_ORDER = ["-changed_at", "-pk"]
# What a page listing updates says of their order.
UPDATE_ORDER_NOTE = _(
    "Dates are when each update happened, newest first; updates of the same date are in the "
    "order they were recorded, latest first."
)


class EvidenceNoteQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def in_period(self, period: int):
        """Notes of what happened in reporting ``period`` (calendar.period_bounds): a note
        falls into a period by the date it happened, not the date it was written."""
        from ..calendar import period_bounds

        start, end = period_bounds(period)
        return self.filter(happened_on__gte=start, happened_on__lte=end)

    def visible_to(self, user):
        """Notes ``user`` may read in the staff workspace. The secretariat reads all. An editor
        reads every note of the recommendations their ministries lead or support, whoever
        wrote it: the recommendation decides who reads a note, never where its author works
        today. Nobody else reads any."""
        from .. import roles

        if roles.is_secretariat(user):
            return self
        if not roles.is_editor(user):
            return self.none()
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user).values("pk"))


class EvidenceNote(EnglishOriginal, Versioned):
    recommendation = recommendation_link("evidence_notes")
    author = staff_member(_("author"))
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
    # An internal note's way to publication: its author submits it, the secretariat publishes
    # it or returns it with a comment (its ReviewDecision rows).
    review = models.CharField(
        _("review"), max_length=10, choices=NoteReview.choices, default=NoteReview.DRAFT
    )
    # The secretariat's choice of an internal note for the annual submission pack.
    for_submission = models.BooleanField(
        _("for the submission"),
        default=False,
        help_text=_("Give this note in the annual submission pack even while it is internal."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = staff_member(_("published by"))
    # The note's name on public pages and in the feed, drawn at random when it is first
    # published: the primary key would tell how many internal notes lie between two public ones.
    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    objects = EvidenceNoteQuerySet.as_manager()

    class Meta:
        ordering = NOTE_ORDER
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")
        permissions = [("publish_evidencenote", _("Can publish evidence notes"))]
        # The latest (public) note of a recommendation, for lists and exports.
        indexes = [
            models.Index(
                fields=["recommendation", "visibility", "-happened_on", "-id"],
                name="evidence_latest_by_visibility",
            ),
            # The review queue: the notes submitted, oldest first.
            models.Index(fields=["review", "submitted_at"], name="evidence_review_queue"),
        ]
        constraints = [
            valid_choice("visibility", Visibility, "evidence_valid_visibility"),
            models.CheckConstraint(
                condition=Q(visibility=Visibility.INTERNAL) | Q(public_id__isnull=False),
                name="evidence_public_has_public_id",
            ),
            valid_choice("review", NoteReview, "note_review"),
        ]

    def __str__(self):
        # Never the text: this string is copied into logs and audit rows.
        label = _("Evidence note")
        return f"{label} {self.pk or ''} ({self.get_visibility_display()})".strip()

    @classmethod
    def from_db(cls, db, field_names, values):
        note = super().from_db(db, field_names, values)
        # Whether the note was public as read, so a save can tell if public pages change.
        note.was_public = note.__dict__.get("visibility") == Visibility.PUBLIC
        return note

    def get_additional_data(self):
        """Kept with each audit row, so a recommendation's page can list its notes' history,
        even of a note deleted since."""
        return {"recommendation_id": self.recommendation_id}


class StatusChange(models.Model):
    recommendation = recommendation_link("status_changes")
    old_status = models.CharField(
        _("old status"), max_length=20, choices=Status.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    changed_by = staff_member(_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = CHANGE_ORDER
        get_latest_by = "changed_at"
        indexes = [
            models.Index(
                fields=["recommendation", "-changed_at", "-id"], name="statuschange_latest"
            )
        ]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            valid_choice("new_status", Status, "statuschange_valid_new"),
            models.CheckConstraint(
                condition=Q(old_status="") | in_choices("old_status", Status),
                name="statuschange_valid_old",
            ),
            models.CheckConstraint(
                condition=~Q(old_status=models.F("new_status")), name="statuschange_is_a_change"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation_id}: {self.old_status or '-'} → {self.new_status}"


class CarryOver(models.Model):
    """That an import carried a recommendation over from the report before: from which year and
    position, with which status and owners at that moment, and when. Not a status change: the
    status went on, nobody changed it."""

    recommendation = recommendation_link("carry_over", field=models.OneToOneField)
    from_year = models.PositiveSmallIntegerField(_("from report year"))
    from_position = models.PositiveSmallIntegerField(_("from position"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The names as they were then: owners may be renamed or change later.
    lead_ministry = models.CharField(_("lead ministry"), max_length=200, blank=True)
    supporting_ministries = models.CharField(
        _("supporting ministries"), max_length=1000, blank=True
    )
    carried_at = models.DateTimeField(_("carried over at"), default=timezone.now)
    carried_by = staff_member(_("carried over by"))

    class Meta:
        verbose_name = _("carry-over")
        verbose_name_plural = _("carry-overs")
        constraints = [valid_choice("status", Status, "carryover_valid_status")]

    def __str__(self):
        return f"{self.recommendation_id} ← {self.from_year} #{self.from_position}"


class CorrectionKind(models.TextChoices):
    """What became of a published note (NoteCorrection.Kind)."""

    CORRECTED = "corrected", _("corrected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class NoteCorrection(models.Model):
    """A public, dated line saying that a published evidence note was corrected (which of its
    fields) or withdrawn: never its old text, which may have been withdrawn because it could
    identify a victim. Kept when the note itself is deleted."""

    Kind = CorrectionKind

    # The fields of a note a correction names, in the order a sentence lists them.
    FIELDS = ("happened_on", "text", "link")

    recommendation = recommendation_link("note_corrections")
    note = optional_link(EvidenceNote, "corrections", _("evidence note"))
    # The note's date as it was published: what a reader knows it by.
    note_date = models.DateField(_("date of the note"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fields = models.CharField(_("fields corrected"), max_length=100, blank=True)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    made_by = staff_member(_("made by"))

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("note correction")
        verbose_name_plural = _("note corrections")
        constraints = [valid_choice("kind", CorrectionKind, "correction_valid_kind")]

    def __str__(self):
        return f"{self.recommendation_id}: {self.kind} {self.note_date}"
