"""The reports in the staff workspace: their list and pages, and the import of a chapter
(paste or upload; preview, where the secretariat corrects the proposed areas and predecessors
and sees which earlier recommendations the new report drops; confirm; then the new report's
recommendations, to give them owners and target dates)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import importing, roles, services
from ..models import Report
from .common import FIELD_OPTIONS
from .report_forms import ImportChoicesForm, ReportImportForm


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    formfield_overrides = FIELD_OPTIONS
    list_display = ["country", "year", "tier", "imported_at"]
    list_filter = ["country", "tier", "year"]
    search_fields = ["country__name", "summary"]

    def changelist_view(self, request, extra_context=None):
        extra = {"submission_allowed": roles.is_secretariat(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra)

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
        areas and predecessors ("Update the preview" shows what the corrections change), confirm.
        Nothing is written before confirmation; the text is parsed again then, from what the
        preview posts back."""
        if not request.user.has_perm("recommendations.add_report"):
            raise PermissionDenied
        form = ReportImportForm(request.POST or None, request.FILES or None)
        choices = None
        if request.method == "POST" and form.is_valid():
            # The chapter form's post proposes; the preview's own posts carry the choices made.
            from_preview = "confirm" in request.POST or "refresh" in request.POST
            choices = ImportChoicesForm(form.plan, request.POST if from_preview else None)
            if "confirm" in request.POST and choices.is_valid():
                done = self._confirm(request, form, choices)
                if done is not None:
                    return done
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a report chapter"),
            "form": form,
            "choices": choices,
            "plan": form.plan if choices is not None else None,
            "dropped": choices.dropped() if choices is not None else [],
        }
        return TemplateResponse(request, "admin/recommendations/report/import.html", context)

    def _confirm(self, request, form, choices):
        """Carry out the import; on success, lead to the new report's recommendations."""
        dropped = choices.dropped()
        try:
            result = importing.report_import(
                plan=form.plan,
                user=request.user,
                source_url=form.cleaned_data["source_url"],
                overrides=choices.overrides(),
                areas=choices.areas(),
            )
        except importing.ReportImportError as error:
            choices.add_error(None, str(error))
            return None
        self.message_user(request, result.message, messages.SUCCESS)
        self.message_user(request, _next_steps(result.report, dropped), messages.INFO)
        changelist = reverse("admin:recommendations_recommendation_changelist")
        return redirect(f"{changelist}?{urlencode({'report': result.report.pk})}")


def _next_steps(report: Report, dropped: list) -> str:
    """What the secretariat does next with an imported report, with the counts that say how
    much of it is left to do."""
    missing = report.recommendations.aggregate(
        lead=Count("pk", filter=Q(lead_ministry__isnull=True)),
        date=Count("pk", filter=Q(target_date__isnull=True)),
    )
    steps = [
        gettext(
            "Next: give the recommendations below their lead ministry and target date (%(lead)d "
            "have no lead ministry, %(date)d no target date): select them and choose “Set the "
            "lead ministry, supporting ministries or target date”. Those that follow an earlier "
            "recommendation took over its ministries and target date."
        )
        % missing
    ]
    if dropped:
        steps.append(
            ngettext(
                "%(count)d recommendation of %(year)s is not in the new report: %(list)s.",
                "%(count)d recommendations of %(year)s are not in the new report: %(list)s.",
                len(dropped),
            )
            % {
                "count": len(dropped),
                "year": dropped[0].report.year,
                "list": ", ".join(f"#{rec.position} {rec.title}" for rec in dropped),
            }
        )
    return " ".join(steps)
