"""The staff workspace: the Django admin for reports, recommendations, ministries and evidence.

Who sees and changes what is decided in recommendations/roles.py and enforced here (querysets,
fields, permissions, actions) and again in the services every save goes through.
"""

import hashlib
import json

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import history, importing, roles, services
from .exports import csv_response, status_report_rows
from .forms import PredecessorForm, ReportImportForm
from .models import (
    Country,
    EvidenceNote,
    Ministry,
    Recommendation,
    ReminderDigest,
    Report,
    Status,
    StatusChange,
    Visibility,
)

User = get_user_model()

# What Django's history page shows per page.
HISTORY_PER_PAGE = 100


class ScopedObjectMixin:
    """An object outside the user's scope answers 404 on every object page, as if it did not
    exist (the admin would otherwise redirect with a message naming it)."""

    def _get_in_scope(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such object."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._get_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._get_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._get_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)


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


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]
    fields = ["name", "short_name", "slug", "staff_list"]
    readonly_fields = ["staff_list"]

    @admin.display(description=_("staff"))
    def staff_list(self, ministry):
        # Who works for a ministry is set on each user's page, with their role.
        if not ministry.pk:
            return "-"
        names = [str(user) for user in ministry.staff.order_by("username")]
        return ", ".join(names) or gettext("Nobody yet: set ministries on the users' pages.")


# --- recommendations ------------------------------------------------------------------------


class MinistryFilter(admin.SimpleListFilter):
    """A select in a small GET form rather than a link per ministry: an office tracking many
    countries has a thousand ministries, and a link each would slow every page of the list."""

    title = _("ministry (lead or supporting)")
    parameter_name = "ministry"
    template = "admin/recommendations/recommendation/ministry_filter.html"

    def lookups(self, request, model_admin):
        return list(Ministry.objects.order_by("name").values_list("pk", "name"))

    def choices(self, changelist):
        yield {
            "kept": [
                (name, value)
                for name, value in changelist.params.items()
                if name != self.parameter_name
            ],
            "options": [(str(pk), name) for pk, name in self.lookup_choices],
            "selected": self.value() or "",
            "parameter_name": self.parameter_name,
        }

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            raise IncorrectLookupParameters(value)
        return queryset.involving(int(value))


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "no":
            return queryset.not_overdue(today)
        return queryset


class RecommendationForm(forms.ModelForm):
    """The change form, with the version the editor started from and a note on the status."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why the status changes. Kept in the status history."),
    )

    class Meta:
        model = Recommendation
        fields = [
            "report",
            "position",
            "title",
            "text",
            "area",
            "status",
            "lead_ministry",
            "supporting_ministries",
            "target_date",
            "previous",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_a_stale_edit(cleaned)
        return cleaned

    def _refuse_a_stale_edit(self, cleaned):
        # Locked until the admin's transaction ends, so nobody saves between check and write.
        current = Recommendation.objects.select_for_update().get(pk=self.instance.pk)
        if cleaned.get("seen_version") != current.version:
            raise stale_edit_error(
                self,
                cleaned,
                current,
                gettext(
                    "Someone else saved this recommendation after you opened it, so your "
                    "changes were not saved and theirs are kept. Reload the page to see the "
                    "saved version, then make your change again."
                ),
            )


# Form fields that record how an edit began, not what it changes.
_NOT_COMPARED = {"id", "seen_version", "seen", "status_note", "DELETE"}


def stale_edit_error(form, cleaned, current, message) -> ValidationError:
    """The refusal of an edit begun on an older version of ``current``: ``message``, then each
    field whose posted value differs from the saved one ("yours", "saved")."""
    differences = []
    for name, field in form.fields.items():
        if name in _NOT_COMPARED or name not in cleaned:
            continue
        theirs, saved = cleaned[name], getattr(current, name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            theirs_text = ", ".join(sorted(map(str, theirs))) or "-"
            saved_text = ", ".join(sorted(map(str, saved.all()))) or "-"
        else:
            theirs_text = _display(field, theirs)
            saved_text = _display(field, saved)
        if theirs_text != saved_text:
            differences.append(
                gettext("%(field)s: yours “%(theirs)s”, saved “%(saved)s”")
                % {"field": field.label, "theirs": theirs_text, "saved": saved_text}
            )
    return ValidationError([message, *differences], code="stale")


def _display(field, value) -> str:
    if value in (None, ""):
        return "-"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and value in choices:
        return str(choices[value])
    return str(value).replace("\r\n", "\n")


def _posted_version(request, name="seen_version") -> int:
    """The version a posted confirmation page showed (-1, matching none, when absent)."""
    posted = request.POST.get(name, "")
    return int(posted) if posted.isascii() and posted.isdigit() and len(posted) < 10 else -1


def stale_note_message(note) -> str:
    return gettext(
        "Someone else changed %(note)s after you opened this page, so nothing was saved. "
        "Reload the page to see the saved note, then make your change again."
    ) % {"note": note}


# The fields of a note a writer can change, in the order its fingerprint lists them.
NOTE_FIELDS = ("happened_on", "text", "link", "visibility")


def note_fingerprint(values: dict) -> str:
    """A digest of a note's editable values as a page showed them (line ends as saved)."""
    shown = [
        str(values[name]).replace("\r\n", "\n").strip() if values.get(name) is not None else ""
        for name in NOTE_FIELDS
        if name in values
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


class StaleNoteCheck(forms.ModelForm):
    """A note's form that remembers the version (and, inline, the values) its page showed.

    Saving refuses a note changed since the page was opened, and an inline row the writer did
    not touch is never written back, even when the saved note has changed in the meantime.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
            self.fields["seen"].initial = note_fingerprint(self._shown(self.instance.__dict__))

    def _shown(self, values: dict) -> dict:
        return {name: values.get(name) for name in NOTE_FIELDS if name in self.fields}

    def writer_changed(self) -> bool:
        """Did the writer change this note from what their page showed (or ask to delete it)?"""
        if not self.instance.pk:
            return super().has_changed()
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is None:
            return super().has_changed()
        if cleaned.get("DELETE"):
            return True
        return note_fingerprint(self._shown(cleaned)) != cleaned.get("seen")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.writer_changed():
            current = EvidenceNote.objects.select_for_update().get(pk=self.instance.pk)
            if cleaned.get("seen_version") != current.version:
                raise stale_edit_error(
                    self,
                    cleaned,
                    current,
                    stale_note_message(current),
                )
        return cleaned


class StaleNoteFormSet(forms.BaseInlineFormSet):
    """Refuses deleting a note changed since the page was opened (a row marked for deletion
    skips its own form's checks)."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if not form.instance.pk:
                continue
            current = EvidenceNote.objects.filter(pk=form.instance.pk).select_for_update().first()
            if current is not None and current.version != form.cleaned_data.get("seen_version"):
                raise ValidationError(
                    stale_note_message(current),
                    code="stale",
                )


class EvidenceNoteInlineForm(StaleNoteCheck):
    def has_changed(self):
        # Compared with what the page showed, not with the note as saved now: on a page opened
        # before someone else's change the two differ, and an untouched row must stay as saved.
        return self.writer_changed()


class EvidenceNoteForm(StaleNoteCheck):
    """The note's own page: any save begun on an older version is refused."""

    def writer_changed(self) -> bool:
        return bool(self.instance.pk)


class StatusNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why the status changes. Kept in each recommendation's history."),
    )


# Links typed without a scheme are taken as https.
URL_FIELD_OPTIONS = {models.URLField: {"assume_scheme": "https"}}


class EvidenceNoteInline(admin.StackedInline):
    model = EvidenceNote
    form = EvidenceNoteInlineForm
    formset = StaleNoteFormSet
    extra = 0
    formfield_overrides = URL_FIELD_OPTIONS
    verbose_name_plural = _("evidence notes (internal unless the secretariat publishes them)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("author", "published_by")
        )

    def get_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            fields = ["happened_on", "text", "link", "visibility", "author", "published_at"]
        else:
            fields = ["happened_on", "text", "link", "visibility", "author"]
        return [*fields, "seen_version", "seen"]

    def get_readonly_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            return ["author", "published_at"]
        # An editor's note is always internal: the field is shown, never a form field.
        return ["visibility", "author"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("recommendations.view_evidencenote")

    def has_add_permission(self, request, obj=None):
        if not request.user.has_perm("recommendations.add_evidencenote"):
            return False
        if obj is None:
            return roles.is_secretariat(request.user)
        return roles.can_edit_recommendation(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return roles.secretariat_may(request.user, "change_evidencenote")

    def has_delete_permission(self, request, obj=None):
        return roles.secretariat_may(request.user, "delete_evidencenote")


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    verbose_name_plural = _("status history")
    fields = ["changed_at", "old_status", "new_status", "changed_by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The fields a ministry editor may not change (all but roles.EDITOR_FIELDS); shown read-only.
OWNERSHIP_FIELDS = [
    name for name in RecommendationForm.Meta.fields if name not in roles.EDITOR_FIELDS
]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedObjectMixin, admin.ModelAdmin):
    form = RecommendationForm
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
    list_filter = ["report__year", "status", "area", MinistryFilter, OverdueFilter]
    search_fields = ["title", "text"]
    ordering = ["-report__year", "report__country__name", "position"]
    list_select_related = ["report__country", "lead_ministry"]
    list_per_page = 50
    autocomplete_fields = ["previous"]
    filter_horizontal = ["supporting_ministries"]
    inlines = [EvidenceNoteInline, StatusChangeInline]
    actions = [
        "mark_in_progress",
        "mark_stalled",
        "mark_completed",
        "mark_not_started",
        "export_csv",
    ]

    # -- scope and permissions

    def get_queryset(self, request):
        # The report's texts (narrative, pasted chapter) and summary are long and never shown
        # in the list.
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .with_last_staff_update()
            .defer("report__source_text", "report__pasted_text", "report__summary")
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
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "previous" in form.base_fields and obj is not None:
            # Only an earlier report's recommendation can be the previous one.
            form.base_fields["previous"].queryset = Recommendation.objects.filter(
                report__country=obj.report.country_id, report__year__lt=obj.report.year
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
        services.recommendation_update(
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
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Supporting ministries were saved by the service; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # Nothing is written here: the services write, and the history inline is read-only.
        formset.save(commit=False)
        if formset.model is not EvidenceNote:
            return
        recommendation = form.instance
        editable = set(formset.forms[0].fields) if formset.forms else set()
        for index, note in enumerate(formset.new_objects):
            formset.new_objects[index] = services.evidence_note_add(
                recommendation=recommendation,
                user=request.user,
                happened_on=note.happened_on,
                text=note.text,
                link=note.link,
                visibility=note.visibility if "visibility" in editable else Visibility.INTERNAL,
            )
        # The version each row's page showed, checked again by the services under their lock.
        seen = {
            row.instance.pk: row.cleaned_data.get("seen_version")
            for row in formset.initial_forms
            if row.instance.pk and hasattr(row, "cleaned_data")
        }
        for note, _changed in formset.changed_objects:
            services.evidence_note_update(
                note=note,
                user=request.user,
                version=seen[note.pk],
                happened_on=note.happened_on,
                text=note.text,
                link=note.link,
                visibility=note.visibility,
            )
        for note in formset.deleted_objects:
            services.evidence_note_delete(note=note, user=request.user, version=seen[note.pk])

    # -- the change list

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
        if rec.is_overdue():
            return format_html('<span class="tipt-overdue">{}</span>', gettext("Overdue"))
        return ""

    @admin.display(description=_("last update"), ordering="last_update")
    def last_update(self, rec):
        return rec.last_update

    # -- history: the admin's history page and the audit on the change page

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return history.with_note_ids(message, formsets)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        readable = history.readable_note_ids(request.user, context["object"])
        if readable is None:
            return response
        # The page and its count, again, without what the user may not read of the notes.
        entries = history.readable_entries(context["action_list"].paginator.object_list, readable)
        paginator = self.get_paginator(request, entries, HISTORY_PER_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context.update(
            action_list=page,
            page_range=paginator.get_elided_page_range(page.number),
            pagination_required=paginator.count > HISTORY_PER_PAGE,
        )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rec = self._get_in_scope(request, object_id)
        extra_context = {**(extra_context or {}), "audit_entries": self._audit(request, rec)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _audit(self, request, rec):
        """The field-level audit of the recommendation and of the notes the user may read."""
        note_entries = Q(
            content_type=ContentType.objects.get_for_model(EvidenceNote),
            additional_data__recommendation_id=rec.pk,
        )
        readable = history.readable_note_ids(request.user, rec)
        if readable is not None:
            note_entries &= Q(object_pk__in=[str(pk) for pk in readable])
        entries = LogEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Recommendation), object_pk=rec.pk)
            | note_entries
        ).select_related("actor", "content_type")
        return [
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor,
                "action": entry.get_action_display(),
                "record": entry.object_repr,
                "changes": [
                    (field, _change_text(change))
                    for field, change in entry.changes_display_dict.items()
                    if field not in _reverse_relations(entry.content_type.model_class())
                ],
            }
            for entry in entries.order_by("-timestamp", "-pk")
        ]

    # -- actions

    def _whole_selection_in_scope(self, request, queryset) -> bool:
        """Refuse an action when the posted selection names a recommendation outside the
        user's scope (get_queryset has already dropped it): nothing at all is changed."""
        if request.POST.get("select_across") == "1":
            return True
        selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        found = {str(pk) for pk in queryset.values_list("pk", flat=True)}
        if selected - found:
            self.message_user(
                request,
                gettext(
                    "The selection includes recommendations you may not change; "
                    "nothing was changed."
                ),
                messages.ERROR,
            )
            return False
        return True

    def _set_status_action(self, request, queryset, status):
        if not self._whole_selection_in_scope(request, queryset):
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
            self.message_user(
                request,
                gettext("%(count)d recommendations marked as “%(status)s”.")
                % {"count": len(changes), "status": Status(status).label},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Mark as “%(status)s”") % {"status": Status(status).label},
            "opts": self.model._meta,
            "recommendations": queryset.select_related("report"),
            "form": form,
            "status_label": Status(status).label,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/recommendations/recommendation/set_status.html", context
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        return self._set_status_action(request, queryset, Status.IN_PROGRESS)

    @admin.action(description=_("Mark as stalled"), permissions=["change"])
    def mark_stalled(self, request, queryset):
        return self._set_status_action(request, queryset, Status.STALLED)

    @admin.action(description=_("Mark as completed"), permissions=["change"])
    def mark_completed(self, request, queryset):
        return self._set_status_action(request, queryset, Status.COMPLETED)

    @admin.action(description=_("Mark as not started"), permissions=["change"])
    def mark_not_started(self, request, queryset):
        return self._set_status_action(request, queryset, Status.NOT_STARTED)

    @admin.action(description=_("Export the selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        if not self._whole_selection_in_scope(request, queryset):
            return None
        return self._csv(request, queryset)

    def _csv(self, request, queryset):
        return csv_response(
            status_report_rows(
                queryset,
                absolute_url=request.build_absolute_uri,
                include_internal=roles.is_secretariat(request.user),
            ),
            basename="tipt-staff-status-report",
        )

    # -- the export button: the change list as filtered and searched, as CSV

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="recommendations_recommendation_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            url = reverse("admin:recommendations_recommendation_changelist")
            return HttpResponseRedirect(f"{url}?e=1")
        return self._csv(request, changelist.get_queryset(request))


def _reverse_relations(model) -> set[str]:
    """Names of the relations pointing at ``model``, which the audit lists on creation."""
    return {f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete}


def _change_text(change) -> str:
    if isinstance(change, list | tuple) and len(change) == 2:
        return f"{change[0]} → {change[1]}"
    return str(change)


# --- evidence notes -------------------------------------------------------------------------


@admin.register(EvidenceNote)
class EvidenceNoteAdmin(ScopedObjectMixin, admin.ModelAdmin):
    form = EvidenceNoteForm
    formfield_overrides = URL_FIELD_OPTIONS
    list_display = ["recommendation", "happened_on", "visibility", "author", "published_at"]
    list_filter = ["visibility"]
    list_select_related = ["recommendation__report__country", "author"]
    raw_id_fields = ["recommendation"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "recommendation",
                    "happened_on",
                    "text",
                    "link",
                    "visibility",
                    "seen_version",
                ],
                "description": _(
                    "Never record names or other details that could identify a victim."
                ),
            },
        ),
        (_("Record"), {"fields": ["author", "published_at", "published_by"]}),
    ]
    readonly_fields = ["author", "published_at", "published_by"]
    actions = ["publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        # A note stays with the recommendation it was written for: moving it would carry its
        # evidence to work it is not about.
        if obj is not None:
            return [*self.readonly_fields, "recommendation"]
        return self.readonly_fields

    def has_add_permission(self, request):
        # Editors add notes on the recommendation's own page, where their scope is known.
        return roles.secretariat_may(request.user, "add_evidencenote")

    def has_change_permission(self, request, obj=None):
        return roles.secretariat_may(request.user, "change_evidencenote")

    def has_delete_permission(self, request, obj=None):
        return roles.secretariat_may(request.user, "delete_evidencenote")

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.evidence_note_update(
                note=obj,
                user=request.user,
                version=data["seen_version"],
                happened_on=data["happened_on"],
                text=data["text"],
                link=data["link"],
                visibility=data["visibility"],
            )
        else:
            saved = services.evidence_note_add(
                recommendation=data["recommendation"],
                user=request.user,
                happened_on=data["happened_on"],
                text=data["text"],
                link=data["link"],
                visibility=data["visibility"],
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def get_actions(self, request):
        # A note is deleted on its own page, which shows the version it deletes; a bulk delete
        # would remove notes changed since the list was shown.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and request.POST.get("post"):
            note = self._get_in_scope(request, object_id)
            if _posted_version(request) != note.version:
                self.message_user(request, stale_note_message(note), messages.ERROR)
                return redirect(
                    reverse("admin:recommendations_evidencenote_change", args=[note.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.evidence_note_delete(note=obj, user=request.user, version=_posted_version(request))

    @admin.action(description=_("Publish the selected notes"), permissions=["publish"])
    def publish(self, request, queryset):
        """Show the notes as they are now, then publish them only if none changed since."""
        notes = list(queryset.select_related("recommendation__report__country"))
        if "apply" in request.POST:
            versions = {}
            for note in notes:
                posted = request.POST.get(f"version-{note.pk}", "")
                versions[note.pk] = (
                    int(posted)
                    if posted.isascii() and posted.isdigit() and len(posted) < 10
                    else -1
                )
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


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["recommendation__report__country", "changed_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(recommendation__in=Recommendation.objects.visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_on", "sent_at", "email", "recommendation_count"]
    list_select_related = ["user"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- the audit log --------------------------------------------------------------------------

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(LogEntryAdmin):
    """django-auditlog's pages list the history of every note of every recommendation: they
    are the secretariat's, whatever permission someone else was given."""

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user) and super().has_view_permission(request, obj)


# --- staff accounts -------------------------------------------------------------------------


class RoleFieldsMixin(forms.Form):
    """The role and ministries of a staff user, as add_staff sets them."""

    role = forms.ChoiceField(
        label=_("role"),
        choices=roles.ROLE_CHOICES,
        required=False,
        help_text=_(
            "Secretariat: everything, and the only role that publishes evidence. Ministry "
            "editor: the recommendations of their ministries only."
        ),
    )
    ministries = forms.ModelMultipleChoiceField(
        label=_("ministries"),
        queryset=Ministry.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The ministries this person works for."),
    )

    def _set_role_initial(self):
        if self.instance.pk:
            names = self.instance.groups.values_list("name", flat=True)
            found = [roles.ROLE_OF_GROUP[name] for name in names if name in roles.ROLE_OF_GROUP]
            self.fields["role"].initial = found[0] if found else ""
            self.fields["ministries"].initial = list(self.instance.ministries.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == "editor" and not cleaned.get("ministries"):
            self.add_error("ministries", gettext("An editor works for at least one ministry."))
        return cleaned


class StaffUserChangeForm(RoleFieldsMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_role_initial()


class StaffUserCreationForm(RoleFieldsMixin, AdminUserCreationForm):
    pass


ROLE_FIELDSET = (_("Role in the workspace"), {"fields": ["role", "ministries"]})
# The same, for a page the user may only view: the admin shows read-only fields through the
# model or the admin class, never the form, and "ministries" is a form field.
READ_ONLY_ROLE_FIELDSET = (
    _("Role in the workspace"),
    {
        "fields": ["role", "ministry_list"],
        "description": _("Only a superuser may change this account."),
    },
)
# Only a superuser hands out these; the secretariat gives roles instead.
SUPERUSER_ONLY_FIELDS = {"is_superuser", "groups", "user_permissions"}

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    list_display = ["username", "email", "role", "ministry_list", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "ministries"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
        ROLE_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "ministries")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        read_only = not self.has_change_permission(request, obj)
        hidden = set() if request.user.is_superuser else SUPERUSER_ONLY_FIELDS
        if read_only:
            # Nothing to do with it (the reset button would be refused), nothing to learn.
            hidden = {*hidden, "password"}
        result = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in hidden]
            result.append((name, {**options, "fields": fields}))
        return [*result, READ_ONLY_ROLE_FIELDSET if read_only else ROLE_FIELDSET]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.staff_user_set_role(
            user=form.instance,
            role=form.cleaned_data.get("role", ""),
            ministries=form.cleaned_data.get("ministries", []),
            by=request.user,
        )

    @admin.display(description=_("role"))
    def role(self, user):
        names = {group.name for group in user.groups.all()}
        if roles.SECRETARIAT in names:
            return gettext("Secretariat")
        if roles.EDITOR in names:
            return gettext("Ministry editor")
        return gettext("Superuser") if user.is_superuser else "-"

    @admin.display(description=_("ministries"))
    def ministry_list(self, user):
        return ", ".join(str(m) for m in user.ministries.all()) or "-"
