"""The reports in the staff workspace: their list and pages, and the import of a chapter
(paste or upload, preview, correct the proposed predecessors, confirm)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import importing, services
from ..models import Report
from .common import URL_FIELD_OPTIONS
from .report_forms import PredecessorForm, ReportImportForm


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OPTIONS
    list_display = ["country", "year", "tier", "imported_at"]
    list_filter = ["country", "tier", "year"]
    search_fields = ["country__name", "summary"]

    def delete_model(self, request, obj):
        services.reports_delete(reports=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.reports_delete(reports=list(queryset), user=request.user)

    def get_urls(self):
        # Before the default URLs, whose "<object_id>/" would take "import/".
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="recommendations_report_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Paste or upload a chapter, preview what the import would do, correct the proposed
        predecessors, confirm. Nothing is written before confirmation; the text is parsed again
        then, from what the preview posts back."""
        if not request.user.has_perm("recommendations.add_report"):
            raise PermissionDenied
        form = ReportImportForm(request.POST or None, request.FILES or None)
        links = None
        if request.method == "POST" and form.is_valid():
            confirming = "confirm" in request.POST
            links = PredecessorForm(form.plan, request.POST if confirming else None)
            if confirming and links.is_valid():
                try:
                    result = importing.report_import(
                        plan=form.plan,
                        user=request.user,
                        source_url=form.cleaned_data["source_url"],
                        overrides=links.overrides(),
                    )
                except importing.ReportImportError as error:
                    form.add_error(None, str(error))
                    links = None
                else:
                    self.message_user(request, result.message, messages.SUCCESS)
                    return redirect(
                        reverse("admin:recommendations_report_change", args=[result.report.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a report chapter"),
            "form": form,
            "links": links,
            "plan": form.plan if links is not None else None,
        }
        return TemplateResponse(request, "admin/recommendations/report/import.html", context)
