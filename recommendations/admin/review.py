"""The review queue (``/admin/review/``): the secretariat approves or returns ministry editors'
status proposals and statistics, and publishes or returns the notes submitted for publication,
one by one or in bulk, after a page confirming what it is about to do. The decisions are the
services' (review, evidence, statistics); the queue's contents are selectors/review.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import EvidenceNote, StatisticValue, StatusProposal
from ..selectors import review as queue_reads
from ..writes import writing
from .evidence_forms import posted_version

APPROVE, RETURN = "approve", "return"


class DecisionForm(forms.Form):
    """What the secretariat chose on the queue: the proposals and notes, the decision, and the
    comment (the author reads it; required to return)."""

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve and publish")), (RETURN, _("Return to the author"))],
        widget=forms.RadioSelect,
    )
    proposal = forms.TypedMultipleChoiceField(coerce=int, required=False)
    note = forms.TypedMultipleChoiceField(coerce=int, required=False)
    value = forms.TypedMultipleChoiceField(coerce=int, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The author reads it, with the decision. Required to return. Never record names "
            "or other details that could identify a victim."
        ),
    )

    def __init__(self, *args, proposal_ids=(), note_ids=(), value_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [(pk, pk) for pk in proposal_ids]
        self.fields["note"].choices = [(pk, pk) for pk in note_ids]
        self.fields["value"].choices = [(pk, pk) for pk in value_ids]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("proposal") or cleaned.get("note") or cleaned.get("value")):
            raise ValidationError(
                gettext("Choose at least one proposal or note."), code="nothing_chosen"
            )
        if cleaned.get("decision") == RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error(
                "comment", gettext("Say why it is returned: the author reads this comment.")
            )
        return cleaned


def review_queue_view(request, admin_site):
    """The queue; a posted choice shows the confirmation page, a confirmed one is decided."""
    if not roles.can_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _decide(request, admin_site)
    return _queue_page(request, admin_site, DecisionForm())


def _queue_page(request, admin_site, form, status=200):
    queue = queue_reads.review_queue()
    context = {
        **admin_site.each_context(request),
        "title": gettext("Review queue"),
        "queue": queue,
        "form": form,
        "limit": queue_reads.QUEUE_LIMIT,
    }
    return TemplateResponse(request, "admin/review/queue.html", context, status=status)


def _decide(request, admin_site):
    waiting_proposals = StatusProposal.objects.pending().values_list("pk", flat=True)
    waiting_notes = queue_reads.notes_waiting().values_list("pk", flat=True)
    waiting_values = StatisticValue.objects.pending().values_list("pk", flat=True)
    form = DecisionForm(
        request.POST,
        proposal_ids=list(waiting_proposals),
        note_ids=list(waiting_notes),
        value_ids=list(waiting_values),
    )
    if not form.is_valid():
        return _queue_page(request, admin_site, form, status=400)
    data = form.cleaned_data
    proposals = list(
        StatusProposal.objects.filter(pk__in=data["proposal"])
        .select_related(*queue_reads.RECOMMENDATION, "proposed_by")
        .defer(*queue_reads.LONG_TEXTS)
    )
    notes = list(
        EvidenceNote.objects.filter(pk__in=data["note"])
        .select_related(*queue_reads.RECOMMENDATION, "author")
        .defer(*queue_reads.LONG_TEXTS)
    )
    values = list(
        StatisticValue.objects.filter(pk__in=data["value"]).select_related(
            "country", "metric", "ministry"
        )
    )
    if "confirm" not in request.POST:
        context = {
            **admin_site.each_context(request),
            "title": gettext("Confirm your decision"),
            "form": form,
            "decision": data["decision"],
            "decision_label": dict(form.fields["decision"].choices)[data["decision"]],
            "proposals": proposals,
            "notes": notes,
            "values": values,
        }
        return TemplateResponse(request, "admin/review/confirm.html", context)
    versions = {note.pk: posted_version(request, f"version-{note.pk}") for note in notes}
    try:
        counts = _apply(request.user, data, proposals, notes, values, versions)
    except services.EvidenceNoteConflict as conflict:
        messages.error(request, str(conflict))
        return HttpResponseRedirect(reverse("admin:review"))
    messages.success(request, _result_message(data["decision"], *counts))
    return HttpResponseRedirect(reverse("admin:review"))


def _apply(user, data, proposals, notes, values, versions) -> tuple[int, int, int]:
    """One decision on the whole selection, all or none (a note changed since the
    confirmation page was shown undoes it)."""
    comment = data["comment"]
    with writing():
        if data["decision"] == APPROVE:
            return (
                services.proposals_approve(proposals=proposals, user=user, comment=comment),
                services.evidence_notes_publish(notes=notes, user=user, versions=versions),
                services.statistic_values_approve(values=values, user=user, comment=comment),
            )
        return (
            services.proposals_return(proposals=proposals, user=user, comment=comment),
            services.evidence_notes_return(
                notes=notes, user=user, comment=comment, versions=versions
            ),
            services.statistic_values_return(values=values, user=user, comment=comment),
        )


def _result_message(decision, proposals: int, notes: int, values: int) -> str:
    if decision == APPROVE:
        first = ngettext("%(count)d proposal approved", "%(count)d proposals approved", proposals)
        second = ngettext("%(count)d note published", "%(count)d notes published", notes)
        third = ngettext("%(count)d figure approved", "%(count)d figures approved", values)
    else:
        first = ngettext("%(count)d proposal returned", "%(count)d proposals returned", proposals)
        second = ngettext("%(count)d note returned", "%(count)d notes returned", notes)
        third = ngettext("%(count)d figure returned", "%(count)d figures returned", values)
    message = gettext("%(proposals)s; %(notes)s.") % {
        "proposals": first % {"count": proposals},
        "notes": second % {"count": notes},
    }
    if not values:
        return message
    return gettext("%(before)s %(figures)s.") % {
        "before": message,
        "figures": (third % {"count": values}).capitalize(),
    }
