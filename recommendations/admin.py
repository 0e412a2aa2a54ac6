"""The staff workspace: the Django admin for reports, recommendations, ministries and evidence."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import PredecessorForm, ReportImportForm
from .models import Country, EvidenceNote, Ministry, Recommendation, Report, StatusChange


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["country", "year", "tier", "imported_at"]
    list_filter = ["country", "tier", "year"]
    search_fields = ["country__name", "summary"]

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
                    result = services.report_import(
                        plan=form.plan,
                        user=request.user,
                        source_url=form.cleaned_data["source_url"],
                        overrides=links.overrides(),
                    )
                except services.ReportImportError as error:
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


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]
    filter_horizontal = ["staff"]


class EvidenceNoteInline(admin.StackedInline):
    model = EvidenceNote
    extra = 0
    fields = ["happened_on", "text", "link", "visibility"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "old_status", "new_status", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["report", "position", "title", "status", "area", "lead_ministry", "target_date"]
    list_filter = ["report__year", "status", "area", "lead_ministry"]
    search_fields = ["title", "text"]
    list_select_related = ["report__country", "lead_ministry"]
    autocomplete_fields = ["previous"]
    filter_horizontal = ["supporting_ministries"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [EvidenceNoteInline, StatusChangeInline]

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        if change and "area" in form.changed_data:
            obj.area_set_by_staff = True
        super().save_model(request, obj, form, change)
        if obj.status != new_status:
            services.recommendation_set_status(
                recommendation=obj, status=new_status, user=request.user
            )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EvidenceNote) and instance.author_id is None:
                instance.author = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(EvidenceNote)
class EvidenceNoteAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "happened_on", "visibility", "author"]
    list_filter = ["visibility"]
    list_select_related = ["recommendation__report__country", "author"]
    raw_id_fields = ["recommendation"]
    readonly_fields = ["author", "published_at", "published_by"]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected notes"))
    def publish(self, request, queryset):
        for note in queryset:
            services.evidence_note_publish(note=note, user=request.user)
        self.message_user(request, _("%(count)d notes published.") % {"count": queryset.count()})


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["recommendation__report__country", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
