"""Recommendations in the staff workspace: who sees and changes which (scope, permissions), the
change form and the fields an editor may not change, the change list's filters and columns.
Its actions are in bulk_actions.py, its export in export.py, its history and audit trail in
history.py, the writes of its evidence-note inline in evidence.py."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import Ministry, Recommendation, Report, StatusChange, report_texts
from ..public.filters import FastSelect
from ..translation import values_in_page_language
from .bulk_actions import RecommendationBulkActionsMixin, proposal_message
from .common import FIELD_OPTIONS, ReadOnlyMixin, ScopedObjectMixin
from .evidence import EvidenceInlineSaveMixin, EvidenceNoteInline
from .export import RecommendationExportMixin
from .history import RecommendationHistoryMixin
from .recommendation_forms import RecommendationForm
from .translations import FrenchVersionFilter


class MinistryFilter(admin.SimpleListFilter):
    """A select in a small GET form rather than a link per ministry: an office tracking many
    countries has a thousand ministries, and a link each would slow every page of the list."""

    title = _("ministry (lead or supporting)")
    parameter_name = "ministry"
    template = "admin/recommendations/recommendation/ministry_filter.html"

    def lookups(self, request, model_admin):
        return list(values_in_page_language(Ministry.objects.all(), "pk"))

    def choices(self, changelist):
        yield {
            "kept": [
                (name, value)
                for name, value in changelist.params.items()
                if name != self.parameter_name
            ],
            # Written in Python (FastSelect): a thousand options, one template each, were a
            # third of the list's time.
            "menu": FastSelect(
                attrs={"id": "tipt-ministry-filter"},
                choices=[("", gettext("All")), *self.lookup_choices],
            ).render(self.parameter_name, self.value() or None),
        }

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            raise IncorrectLookupParameters(value)
        return queryset.involving(int(value))


class ReportFilter(admin.SimpleListFilter):
    """One report's recommendations, where the import of a chapter leads. Shown only while
    chosen: a link for each of thousands of reports would slow every page of the list."""

    title = _("report")
    parameter_name = "report"

    def _report_pk(self) -> int | None:
        value = self.value()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            raise IncorrectLookupParameters(value)
        return int(value)

    def lookups(self, request, model_admin):
        pk = self._report_pk()
        if pk is None:
            return []
        report = Report.objects.filter(pk=pk).values_list("country__name", "year").first()
        if report is None:
            # A filter with no choice is not applied at all: the list would show every report.
            raise IncorrectLookupParameters(pk)
        return [(str(pk), f"{report[0]} {report[1]}")]

    def queryset(self, request, queryset):
        pk = self._report_pk()
        return queryset if pk is None else queryset.filter(report=pk)


class RuleFilter(admin.SimpleListFilter):
    """A filter whose every choice applies one rule of the QuerySet: ``rules`` maps each
    value to its label and to the rule, called with the queryset."""

    rules: dict = {}

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _rule) in self.rules.items()]

    def queryset(self, request, queryset):
        chosen = self.rules.get(self.value())
        return queryset if chosen is None else chosen[1](queryset)


class OverdueFilter(RuleFilter):
    title = _("overdue")
    parameter_name = "overdue"
    rules = {
        "yes": (_("Overdue"), lambda rows: rows.overdue(timezone.localdate())),
        "no": (_("Not overdue"), lambda rows: rows.not_overdue(timezone.localdate())),
    }


class MissingFilter(RuleFilter):
    """What an imported recommendation still lacks: the next steps the home page links to."""

    title = _("still to set")
    parameter_name = "missing"
    rules = {
        "lead_ministry": (_("No lead ministry"), lambda rows: rows.filter(lead_ministry=None)),
        "target_date": (_("No target date"), lambda rows: rows.filter(target_date=None)),
    }


class StatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")
    template = "admin/recommendations/recommendation/status_history_inline.html"
    fields = ["changed_at", "old_status", "new_status", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


# The fields a ministry editor may not change (all but roles.EDITOR_FIELDS); shown read-only.
OWNERSHIP_FIELDS = [
    name for name in RecommendationForm.Meta.fields if name not in roles.EDITOR_FIELDS
]


class RecommendationColumnsMixin:
    """For RecommendationAdmin: the change list's computed columns and its selection box."""

    def action_checkbox(self, obj):
        """Django's selection checkbox, written at once: rendered as a widget through the
        template engine, the page's 50 of them took a tenth of the change list's time."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("year"), ordering="report__year")
    def report_year(self, rec):
        return rec.report.year

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, rec):
        return format_html(
            '<span class="tipt-status tipt-status-{}">{}</span>',
            rec.status,
            rec.get_status_display(),
        )

    @admin.display(description=_("overdue"))
    def overdue_flag(self, rec):
        if rec.is_overdue:
            return format_html('<span class="tipt-overdue">{}</span>', gettext("Overdue"))
        return ""

    @admin.display(description=_("last update"), ordering="last_update")
    def last_update(self, rec):
        return rec.last_update


@admin.register(Recommendation)
class RecommendationAdmin(
    ScopedObjectMixin,
    RecommendationColumnsMixin,
    RecommendationBulkActionsMixin,
    RecommendationExportMixin,
    RecommendationHistoryMixin,
    EvidenceInlineSaveMixin,
    admin.ModelAdmin,
):
    form = RecommendationForm
    formfield_overrides = FIELD_OPTIONS
    list_display = [
        "report_year",
        "position",
        "title",
        "status_badge",
        "lead_ministry",
        "target_date",
        "overdue_flag",
        "last_update",
    ]
    list_display_links = ["title"]
    list_filter = [
        ReportFilter,
        "report__year",
        "status",
        "area",
        MinistryFilter,
        OverdueFilter,
        MissingFilter,
        FrenchVersionFilter,
    ]
    search_fields = ["title_en", "text_en", "title_fr", "text_fr"]
    ordering = ["-report__year", "report__country__name_en", "position"]
    list_select_related = ["report__country", "lead_ministry"]
    list_per_page = 50
    # A filtered page counts its rows once: the count of all of them besides ("of 38000") is a
    # second scan of every recommendation, a fifth of the change list's time at full volume.
    show_full_result_count = False
    filter_horizontal = ["supporting_ministries"]
    inlines = [EvidenceNoteInline, StatusChangeInline]

    # -- scope and permissions

    def recommendation_of(self, object_id):
        return Recommendation.objects.select_related("lead_ministry").filter(pk=object_id).first()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_last_staff_update()
            .with_overdue()
            .defer(*report_texts("report"))
        )

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self._in_scope(request, obj)

    def has_add_permission(self, request):
        return roles.secretariat_may(request.user, "add_recommendation")

    def has_delete_permission(self, request, obj=None):
        return roles.secretariat_may(request.user, "delete_recommendation")

    def _in_scope(self, request, obj):
        return roles.is_secretariat(request.user) or roles.can_edit_recommendation(
            request.user, obj
        )

    # -- the form

    def get_fieldsets(self, request, obj=None):
        # The form's fields in their order, the status note beside the status.
        main = []
        for name in RecommendationForm.Meta.fields:
            main += [name, "status_note"] if name == "status" else [name]
        main.append("seen_version")
        fieldsets = [(None, {"fields": main})]
        if obj is not None:
            fieldsets.append((_("Record"), {"fields": ["version", "created_at", "updated_at"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["version", "created_at", "updated_at"]
        if not roles.is_secretariat(request.user):
            readonly += OWNERSHIP_FIELDS
        elif obj is None or not Recommendation.objects.dropped().filter(pk=obj.pk).exists():
            # A closing note is for a recommendation the next report no longer contains.
            readonly.append("closing_note")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "previous" in form.base_fields and obj is not None:
            # Only an earlier report's recommendation can be the predecessor (two may follow
            # the same one: a split). Their labels name their report's year.
            form.base_fields["previous"].queryset = Recommendation.objects.filter(
                report__country=obj.report.country_id, report__year__lt=obj.report.year
            ).with_report()
        if obj is not None:
            # A recommendation is owned by ministries of its own government.
            for name in ("lead_ministry", "supporting_ministries"):
                if name in form.base_fields:
                    form.base_fields[name].queryset = Ministry.objects.filter(
                        country=obj.report.country_id
                    )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            services.recommendation_create(
                recommendation=obj,
                user=request.user,
                supporting_ministries=data.get("supporting_ministries", []),
                status_note=data.get("status_note", ""),
            )
            return
        model_fields = {f.name for f in Recommendation._meta.concrete_fields}
        changes = {
            name: data[name]
            for name in form.changed_data
            if name in model_fields and name != "status"
        }
        saved = services.recommendation_update(
            recommendation=obj,
            version=data["seen_version"],
            user=request.user,
            changes=changes,
            supporting_ministries=data.get("supporting_ministries")
            if "supporting_ministries" in form.fields
            else None,
            status=data.get("status"),
            status_note=data.get("status_note", ""),
        )
        if saved.proposal is not None:
            self.message_user(request, proposal_message(saved.proposal), messages.INFO)
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.recommendations_delete(recommendations=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.recommendations_delete(recommendations=list(queryset), user=request.user)

    def save_related(self, request, form, formsets, change):
        # Supporting ministries were saved by the service; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
