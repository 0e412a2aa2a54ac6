"""Evidence notes in the staff workspace: the inline on a recommendation's page and what it
writes, and the notes' own pages (with their documents, documents.py; their list's actions,
evidence_actions.py)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..models import EvidenceDocument, EvidenceNote, NoteReview, Visibility, report_texts
from ..selectors.review import with_return_comment
from .common import FIELD_OPTIONS, ScopedObjectMixin
from .documents import EvidenceDocumentInline, EvidenceDocumentSaveMixin
from .evidence_actions import EvidenceNoteActionsMixin
from .evidence_forms import (
    EvidenceNoteForm,
    EvidenceNoteInlineForm,
    StaleNoteFormSet,
    posted_version,
    stale_note_message,
)
from .translations import FrenchVersionFilter


class EvidenceNoteInline(admin.StackedInline):
    model = EvidenceNote
    form = EvidenceNoteInlineForm
    formset = StaleNoteFormSet
    extra = 0
    formfield_overrides = FIELD_OPTIONS
    verbose_name_plural = _("evidence notes (internal unless the secretariat publishes them)")
    # An editor corrects, submits or withdraws their own note on its own page.
    show_change_link = True

    def get_queryset(self, request):
        return with_return_comment(
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("author", "published_by"),
            request.user,
        )

    def get_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            fields = ["happened_on", "text", "link", "visibility", "review_state", "author"]
            fields.append("published_at")
        else:
            fields = ["happened_on", "text", "link", "submit", "review_state", "author"]
        return [*fields, "seen_version", "seen"]

    def get_readonly_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            return ["review_state", "author", "published_at"]
        return ["review_state", "author"]

    @admin.display(description=_("review"))
    def review_state(self, note):
        return review_state_text(note)

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


class EvidenceInlineSaveMixin:
    """For the admin of a page with the notes inline: the services write what the inline rows
    ask for, each with the version its row showed."""

    def save_formset(self, request, form, formset, change):
        # Nothing is written here: the services write, and the history inline is read-only.
        formset.save(commit=False)
        if formset.model is not EvidenceNote:
            return
        recommendation = form.instance
        editable = set(formset.forms[0].fields) if formset.forms else set()
        submitted = {
            id(row.instance)
            for row in formset.extra_forms
            if getattr(row, "cleaned_data", {}).get("submit")
        }
        for index, note in enumerate(formset.new_objects):
            formset.new_objects[index] = services.evidence_note_add(
                recommendation=recommendation,
                user=request.user,
                happened_on=note.happened_on,
                text=note.text,
                link=note.link,
                visibility=note.visibility if "visibility" in editable else Visibility.INTERNAL,
                submit=id(note) in submitted and not roles.is_secretariat(request.user),
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


@admin.register(EvidenceNote)
class EvidenceNoteAdmin(
    ScopedObjectMixin, EvidenceNoteActionsMixin, EvidenceDocumentSaveMixin, admin.ModelAdmin
):
    form = EvidenceNoteForm
    inlines = [EvidenceDocumentInline]
    formfield_overrides = FIELD_OPTIONS
    list_display = [
        "recommendation",
        "happened_on",
        "visibility",
        "review",
        "author",
        "published_at",
        "for_submission",
    ]
    list_filter = ["visibility", "review", "for_submission", FrenchVersionFilter]
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
                    "text_fr",
                    "link",
                    "visibility",
                    "seen_version",
                ],
                "description": _(
                    "Never record names or other details that could identify a victim, and "
                    "never upload a document that does: redact it first."
                ),
            },
        ),
        (_("Record"), {"fields": ["review_state", "author", "published_at", "published_by"]}),
    ]
    readonly_fields = ["review_state", "author", "published_at", "published_by"]
    actions = ["publish", "mark_for_submission", "unmark_for_submission"]

    def get_queryset(self, request):
        notes = super().get_queryset(request).visible_to(request.user)
        # The list joins each note's report (list_select_related), never to show its texts.
        notes = notes.defer(*report_texts("recommendation__report"))
        return with_return_comment(notes, request.user)

    def get_fieldsets(self, request, obj=None):
        if roles.is_secretariat(request.user):
            return self.fieldsets
        # A ministry editor: their own note's text, and whether to submit it.
        main = [
            "recommendation",
            "happened_on",
            "text",
            "text_fr",
            "link",
            "submit",
            "seen_version",
        ]
        return [
            (None, {"fields": main, "description": self.fieldsets[0][1]["description"]}),
            (_("Record"), {"fields": ["visibility", "review_state", "author"]}),
        ]

    @admin.display(description=_("review"))
    def review_state(self, note):
        return review_state_text(note)

    def recommendation_of(self, object_id):
        note = (
            EvidenceNote.objects.select_related("recommendation__lead_ministry")
            .filter(pk=object_id)
            .first()
        )
        return note.recommendation if note else None

    def get_readonly_fields(self, request, obj=None):
        # A note stays with the recommendation it was written for: moving it would carry its
        # evidence to work it is not about.
        readonly = list(self.readonly_fields)
        if not roles.is_secretariat(request.user):
            readonly.append("visibility")
        if obj is not None:
            readonly.append("recommendation")
        return readonly

    def has_add_permission(self, request):
        # Editors add notes on the recommendation's own page, where their scope is known.
        return roles.secretariat_may(request.user, "add_evidencenote")

    def has_change_permission(self, request, obj=None):
        # An editor changes their own note while it is internal (roles.may_edit_note).
        if obj is not None and not roles.is_secretariat(request.user):
            return roles.may_edit_note(request.user, obj)
        return roles.secretariat_may(request.user, "change_evidencenote")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not roles.is_secretariat(request.user):
            return roles.may_edit_note(request.user, obj)
        return roles.secretariat_may(request.user, "delete_evidencenote")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = services.evidence_note_update(
                note=obj,
                user=request.user,
                version=data["seen_version"],
                happened_on=data["happened_on"],
                text=data["text"],
                # Left as it is when the form had no French field.
                text_fr=(data.get("text_fr") or "") if "text_fr" in form.fields else None,
                link=data["link"],
                visibility=data.get("visibility", Visibility.INTERNAL),
            )
            if data.get("submit") and not roles.is_secretariat(request.user):
                saved = services.evidence_note_submit(note=saved, user=request.user)
        else:
            saved = services.evidence_note_add(
                recommendation=data["recommendation"],
                user=request.user,
                happened_on=data["happened_on"],
                text=data["text"],
                text_fr=data.get("text_fr") or "",
                link=data["link"],
                visibility=data["visibility"],
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is EvidenceDocument:
            self.save_documents(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)

    def get_urls(self):
        download = path(
            "documents/<int:pk>/",
            self.admin_site.admin_view(self.document_download_view),
            name="recommendations_evidencedocument_download",
        )
        return [download, *super().get_urls()]

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and request.POST.get("post"):
            # A note out of the user's scope is refused by ScopedObjectMixin.delete_view.
            note = self.get_object(request, unquote(object_id))
            if note is not None and posted_version(request) != note.version:
                self.message_user(request, stale_note_message(note), messages.ERROR)
                return redirect(
                    reverse("admin:recommendations_evidencenote_change", args=[note.pk])
                )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.evidence_note_delete(note=obj, user=request.user, version=posted_version(request))


def review_state_text(note) -> str:
    """Where ``note`` stands, in words, with the comment of its return when the viewer may
    read it (selectors.review.with_return_comment annotated it then)."""
    if note.visibility == Visibility.PUBLIC:
        return gettext("Published")
    comment = getattr(note, "return_comment", None)
    if note.review == NoteReview.RETURNED and comment:
        return gettext("Returned: “%(comment)s”") % {"comment": comment}
    return note.get_review_display()
