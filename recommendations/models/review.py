"""The secretariat's review of what ministry editors propose: a status change waits as a
proposal until it is approved; every decision on a proposal or an evidence note submitted for
publication is recorded, with who took it, when, and the comment given."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import Reviewed, optional_link, recommendation_link, staff_member
from .choices import Decision, Review, Status, valid_choice
from .evidence import EvidenceNote, StatusChange
from .recommendation import Recommendation

# The review queue's order, of proposals and of notes alike: the oldest waiting first.
QUEUE_ORDER = ["proposed_at", "pk"]


class StatusProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Review.PENDING)

    def visible_to(self, user):
        """Proposals of the recommendations ``user`` sees in the staff workspace."""
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user).values("pk"))


class StatusProposal(Reviewed):
    """A ministry editor's status change, waiting for the secretariat. The recommendation keeps
    its approved status, which the public sees, until the proposal is approved; then the
    change is made and recorded in the status history (``status_change``)."""

    recommendation = recommendation_link("status_proposals")
    from_status = models.CharField(_("status when proposed"), max_length=20, choices=Status.choices)
    status = models.CharField(_("proposed status"), max_length=20, choices=Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    proposed_by = staff_member(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status_change = optional_link(
        StatusChange, "proposal", _("status change"), field=models.OneToOneField
    )
    objects = StatusProposalQuerySet.as_manager()

    class Meta:
        ordering = QUEUE_ORDER
        verbose_name = _("status proposal")
        verbose_name_plural = _("status proposals")
        indexes = [models.Index(fields=["state", "proposed_at"], name="proposal_queue")]
        constraints = [
            valid_choice("state", Review, "proposal_state"),
            valid_choice("status", Status, "proposal_status"),
            valid_choice("from_status", Status, "proposal_from_status"),
            # A recommendation has one proposal waiting at most: a new one replaces it.
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(state="pending"),
                name="proposal_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation_id}: {self.get_status_display()} ({self.get_state_display()})"


class ReviewDecision(models.Model):
    """One decision of the secretariat: a proposal approved or returned, a submitted note
    published or returned; with the comment given. Kept when the note is deleted later (it
    then names no note)."""

    recommendation = recommendation_link("review_decisions")
    proposal = optional_link(
        StatusProposal, "decisions", _("status proposal"), on_delete=models.CASCADE
    )
    note = optional_link(EvidenceNote, "decisions", _("evidence note"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = staff_member(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [valid_choice("decision", Decision, "decision_valid")]

    def __str__(self):
        return f"{self.recommendation_id}: {self.get_decision_display()}"
