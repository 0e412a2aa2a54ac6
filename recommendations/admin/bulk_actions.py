"""The actions on a selection of recommendations: marking a status (after a confirmation page
asking for a note) and giving a lead ministry, supporting ministries or a target date (after a
page asking for them and one showing what changes for each). Exporting is export.py's."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import Status, StatusProposal
from ..selectors.assignment import assignment_preview
from .evidence_forms import posted_version
from .recommendation_forms import AssignForm, StatusNoteForm


def proposal_message(*proposals: StatusProposal) -> str:
    """What an editor is told of the status change they proposed: it waits for review."""
    return ngettext(
        "Your proposal to mark it “%(status)s” waits for the secretariat's review; until it is "
        "approved the public pages show the status as it was.",
        "Your proposals to mark %(count)d recommendations “%(status)s” wait for the "
        "secretariat's review; until they are approved the public pages show the statuses as "
        "they were.",
        len(proposals),
    ) % {"count": len(proposals), "status": proposals[0].get_status_display()}


def whole_selection_in_scope(model_admin, request, queryset) -> bool:
    """Refuse an action when the posted selection names a recommendation outside the user's
    scope (get_queryset has already dropped it): nothing at all is changed."""
    if request.POST.get("select_across") == "1":
        return True
    selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
    found = {str(pk) for pk in queryset.values_list("pk", flat=True)}
    if selected - found:
        model_admin.message_user(
            request,
            gettext(
                "The selection includes recommendations you may not change; nothing was changed."
            ),
            messages.ERROR,
        )
        return False
    return True


def _mark_as(status, description):
    """The bulk action that marks the selection as ``status``, after its confirmation page."""

    @admin.action(description=description, permissions=["change"])
    def mark(self, request, queryset):
        return self._set_status_action(request, queryset, status)

    mark.__name__ = f"mark_{Status(status).value}"
    return mark


class RecommendationBulkActionsMixin:
    """For RecommendationAdmin: its actions but the export (RecommendationExportMixin)."""

    actions = [
        "mark_in_progress",
        "mark_stalled",
        "mark_completed",
        "mark_not_started",
        "assign",
        "export_csv",  # export.py
    ]

    def _set_status_action(self, request, queryset, status):
        if not whole_selection_in_scope(self, request, queryset):
            return None
        form = StatusNoteForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                changes = services.recommendation_bulk_set_status(
                    recommendations=queryset,
                    status=status,
                    user=request.user,
                    note=form.cleaned_data["note"],
                )
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            if changes and isinstance(changes[0], StatusProposal):
                self.message_user(request, proposal_message(*changes), messages.INFO)
                return None
            self.message_user(
                request,
                gettext("%(count)d recommendations marked as “%(status)s”.")
                % {"count": len(changes), "status": Status(status).label},
                messages.SUCCESS,
            )
            return None
        title = gettext("Mark as “%(status)s”") % {"status": Status(status).label}
        context = self._confirmation_context(request, queryset, title, form)
        context["status_label"] = Status(status).label
        return TemplateResponse(
            request, "admin/recommendations/recommendation/set_status.html", context
        )

    def _confirmation_context(self, request, queryset, title, form) -> dict:
        """What an action's confirmation page shows and posts back: the selection, the form."""
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "recommendations": queryset.with_report(),
            "form": form,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }

    mark_in_progress = _mark_as(Status.IN_PROGRESS, _("Mark as in progress"))
    mark_stalled = _mark_as(Status.STALLED, _("Mark as stalled"))
    mark_completed = _mark_as(Status.COMPLETED, _("Mark as completed"))
    mark_not_started = _mark_as(Status.NOT_STARTED, _("Mark as not started"))

    @admin.action(
        description=_("Set the lead ministry, supporting ministries or target date"),
        permissions=["change"],
    )
    def assign(self, request, queryset):
        """Give the selection a lead ministry, supporting ministries, a target date (what
        follows an import: the new report's recommendations get their owners), in three steps:
        a page asking for them ("review"), a page showing what changes for each recommendation,
        with the version it shows ("apply"), then the write, refused if any changed since."""
        if not whole_selection_in_scope(self, request, queryset):
            return None
        posted = "review" in request.POST or "apply" in request.POST
        form = AssignForm(
            request.POST if posted else None,
            countries=set(queryset.values_list("report__country", flat=True)),
            allowed=roles.editable_fields(request.user),
        )
        if not (form.is_bound and form.is_valid()):
            return self._assign_page(request, queryset, form, "assign.html")
        if "apply" in request.POST:
            return self._assign_apply(request, queryset, form.assignment())
        try:
            changes = assignment_preview(recommendations=queryset, assignment=form.assignment())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self._assign_page(request, queryset, form, "assign.html")
        shown = [change.recommendation for change in changes]
        return self._assign_page(
            request, queryset, form, "assign_confirmation.html", changes=changes, shown=shown
        )

    def _assign_page(self, request, queryset, form, template, **extra):
        title = gettext("Set the lead ministry, supporting ministries or target date")
        context = {**self._confirmation_context(request, queryset, title, form), **extra}
        return TemplateResponse(
            request, f"admin/recommendations/recommendation/{template}", context
        )

    def _assign_apply(self, request, queryset, assignment):
        versions = {
            pk: posted_version(request, f"version-{pk}")
            for pk in queryset.values_list("pk", flat=True)
        }
        try:
            changed = services.recommendation_bulk_assign(
                recommendations=queryset,
                user=request.user,
                assignment=assignment,
                versions=versions,
            )
        except (PermissionDenied, ValidationError, services.SelectionConflict) as error:
            messages_of = error.messages if isinstance(error, ValidationError) else [error]
            for message in messages_of:
                self.message_user(request, str(message), messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext(
                "%(count)d recommendation given its lead ministry, supporting ministries or "
                "target date.",
                "%(count)d recommendations given their lead ministry, supporting ministries or "
                "target date.",
                len(changed),
            )
            % {"count": len(changed)},
            messages.SUCCESS,
        )
        return None
