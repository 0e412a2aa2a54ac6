"""Evidence documents in the staff workspace: the inline on a note's page that uploads, makes
public, replaces and removes them (each through its service), and the staff download, which
applies the note's rule (EvidenceDocumentQuerySet.visible_to)."""

from django.contrib import admin
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import roles, services
from ..documents import document_response
from ..models import EvidenceDocument
from .document_forms import EvidenceDocumentForm


def staff_download_url(document) -> str:
    return reverse("admin:recommendations_evidencedocument_download", args=[document.pk])


class EvidenceDocumentInline(admin.StackedInline):
    model = EvidenceDocument
    form = EvidenceDocumentForm
    extra = 1
    # Its public address answers only once it is published: staff download it by its link.
    view_on_site = False
    verbose_name = _("document")
    verbose_name_plural = _(
        "documents (internal unless the secretariat publishes them with the note; never one "
        "that could identify a victim)"
    )

    def get_fields(self, request, obj=None):
        return ["document", "upload", "public", "history"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["document", "history"]
        if not roles.may_publish_documents(request.user):
            readonly.append("public")
        return readonly

    def get_formset(self, request, obj=None, **kwargs):
        form = type(
            "EvidenceDocumentForm",
            (self.form,),
            {"may_redact": roles.may_publish_documents(request.user)},
        )
        return super().get_formset(request, obj, form=form, **kwargs)

    @admin.display(description=_("document"))
    def document(self, document):
        if not document.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            staff_download_url(document),
            document.original_name,
            document.get_file_type_display(),
            document.size_text,
        )

    @admin.display(description=_("history"))
    def history(self, document):
        if not document.pk:
            return "-"
        text = gettext("Uploaded on %(date)s by %(name)s.") % {
            "date": document.uploaded_at.date().isoformat(),
            "name": document.uploaded_by or "-",
        }
        if document.redacted_at:
            text += " " + gettext("Replaced with a redacted version on %(date)s by %(name)s.") % {
                "date": document.redacted_at.date().isoformat(),
                "name": document.redacted_by or "-",
            }
        return text

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("recommendations.view_evidencenote")

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return roles.secretariat_may(request.user, "add_evidencenote")
        return roles.may_edit_note(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return roles.secretariat_may(request.user, "change_evidencenote")
        return roles.may_edit_note(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class EvidenceDocumentSaveMixin:
    """For the note's admin: the services write what the document rows ask for."""

    def save_documents(self, request, note, formset) -> None:
        # What the admin's change message reads of a formset once it is saved.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if not getattr(row, "cleaned_data", None) or not row.has_changed():
                continue
            self._save_document(request, note, formset, row)

    def _save_document(self, request, note, formset, row) -> None:
        document, user = row.instance, request.user
        upload = row.cleaned_data.get("upload")
        if document.pk and row in formset.deleted_forms:
            services.evidence_document_delete(document=document, user=user)
            formset.deleted_objects.append(document)
        elif not document.pk:
            public = bool(row.cleaned_data.get("public"))
            added = services.evidence_document_add(
                note=note, user=user, upload=upload, public=public
            )
            formset.new_objects.append(added)
        else:
            if upload:
                document = services.evidence_document_redact(
                    document=document, user=user, upload=upload
                )
            if "public" in row.changed_data:
                document = services.evidence_document_set_public(
                    document=document, user=user, public=row.cleaned_data["public"]
                )
            formset.changed_objects.append((document, row.changed_data))

    def document_download_view(self, request, pk):
        """A document of a note the user may read; any other is as if it did not exist."""
        document = (
            EvidenceDocument.objects.visible_to(request.user)
            .select_related("note")
            .filter(pk=pk)
            .first()
        )
        if document is None or not request.user.has_perm("recommendations.view_evidencenote"):
            raise Http404(gettext("No such document."))
        return document_response(document)
