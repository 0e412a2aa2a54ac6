"""The actions of the evidence notes' list: publishing the chosen notes after a confirmation
page that shows them as they are, and choosing them for the submission pack or not. No bulk
delete: a note is deleted on its own page, which shows the version it deletes."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import report_texts
from .evidence_forms import posted_version


class EvidenceNoteActionsMixin:
    """For EvidenceNoteAdmin, whose ``actions`` name these."""

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def has_submission_permission(self, request):
        return roles.is_secretariat(request.user)

    @admin.action(
        description=_("Give the selected notes in the submission pack"),
        permissions=["submission"],
    )
    def mark_for_submission(self, request, queryset):
        self._mark(request, queryset, chosen=True)

    @admin.action(
        description=_("Leave the selected notes out of the submission pack"),
        permissions=["submission"],
    )
    def unmark_for_submission(self, request, queryset):
        self._mark(request, queryset, chosen=False)

    def _mark(self, request, queryset, *, chosen: bool) -> None:
        count = services.evidence_notes_mark_for_submission(
            user=request.user, notes=list(queryset), chosen=chosen
        )
        message = (
            gettext("%(count)d notes marked for the submission.")
            if chosen
            else gettext("%(count)d notes left out of the submission.")
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def get_actions(self, request):
        # A note is deleted on its own page, which shows the version it deletes; a bulk delete
        # would remove notes changed since the list was shown.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Publish the selected notes"), permissions=["publish"])
    def publish(self, request, queryset):
        """Show the notes as they are now, then publish them only if none changed since."""
        notes = list(
            queryset.select_related("recommendation__report__country").defer(
                *report_texts("recommendation__report")
            )
        )
        if "apply" in request.POST:
            versions = {note.pk: posted_version(request, f"version-{note.pk}") for note in notes}
            try:
                count = services.evidence_notes_publish(
                    notes=notes, user=request.user, versions=versions
                )
            except services.EvidenceNoteConflict as conflict:
                self.message_user(request, str(conflict), messages.ERROR)
                return None
            self.message_user(
                request, gettext("%(count)d notes published.") % {"count": count}, messages.SUCCESS
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Publish evidence notes"),
            "opts": self.model._meta,
            "notes": notes,
            "action": request.POST.get("action"),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/recommendations/evidencenote/publish.html", context)
