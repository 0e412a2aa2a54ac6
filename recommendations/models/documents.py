"""Evidence documents: the files an evidence note carries (a Cabinet decision, the approved
SOPs, a training list), private until the secretariat publishes them with their note.

A document's file lives in the ``evidence`` storage (settings.STORAGES: a private folder, or an
S3-compatible object store), under a random name; the name its uploader gave is kept apart, for
display only. It is public when the secretariat made it public *and* its note is published
(``EvidenceDocumentQuerySet.public``, the one home of that rule): a note taken back to internal
takes its documents with it, at once.
"""

import secrets

from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import LazyObject
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .base import belongs_to, staff_member
from .choices import Visibility, valid_choice
from .evidence import EvidenceNote


class DocumentType(models.TextChoices):
    """The kinds of file a note may carry, each as its content shows it (recommendations/
    uploads.py reads it from the file's bytes, never from its name)."""

    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")
    ODT = "odt", _("OpenDocument text")
    ODS = "ods", _("OpenDocument spreadsheet")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")


# The media type each kind is served with, as libmagic names it.
MEDIA_TYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentType.ODT: "application/vnd.oasis.opendocument.text",
    DocumentType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    DocumentType.PNG: "image/png",
    DocumentType.JPEG: "image/jpeg",
}
EXTENSIONS = {DocumentType.JPEG: "jpg"}


def size_label(size: int) -> str:
    """A size as people read it, in the active language: 830 bytes, 12 KB, 1.4 MB."""
    if size < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    if size < 1024 * 1024:
        return gettext("%(size)d KB") % {"size": round(size / 1024)}
    return gettext("%(size)s MB") % {"size": number_format(size / (1024 * 1024), 1)}


class EvidenceStorage(LazyObject):
    """settings.STORAGES["evidence"], looked up each time it is used rather than once when the
    model is defined, so a deployment's or a test's storage is the one in force."""

    @property
    def _wrapped(self):
        return storages["evidence"]

    @_wrapped.setter
    def _wrapped(self, value):
        """Nothing to keep: the storage is looked up each time."""


_EVIDENCE_STORAGE = EvidenceStorage()


def evidence_storage():
    """The storage documents are kept in (a callable, so migrations name it, not its
    settings)."""
    return _EVIDENCE_STORAGE


def stored_name(instance, filename: str) -> str:
    """A random name in the store: the uploader's name may say who a document is about, and a
    counter would tell how many documents there are."""
    kind = getattr(instance, "file_type", "") or ""
    suffix = EXTENSIONS.get(kind, kind)
    return f"evidence/{secrets.token_hex(16)}.{suffix}" if suffix else secrets.token_hex(16)


class EvidenceDocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents the public may download: made public by the secretariat, on a published
        note. Read at each request, so unpublishing takes effect at once."""
        return self.filter(public=True, note__visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Documents ``user`` may download in the staff workspace: those of the notes they may
        read (EvidenceNoteQuerySet.visible_to)."""
        return self.filter(note__in=EvidenceNote.objects.visible_to(user).values("pk"))


class EvidenceDocument(models.Model):
    note = belongs_to(EvidenceNote, "documents", _("evidence note"))
    file = models.FileField(
        _("file"), storage=evidence_storage, upload_to=stored_name, max_length=200
    )
    # As the uploader named it, scrubbed of folders and control characters (uploads.py).
    original_name = models.CharField(_("name"), max_length=200)
    file_type = models.CharField(_("type"), max_length=10, choices=DocumentType.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    public = models.BooleanField(
        _("public with its note"),
        default=False,
        help_text=_(
            "Only the secretariat makes a document public; the public can download it while "
            "its note is published."
        ),
    )
    # The document's name in public addresses: random, like a published note's.
    public_id = models.CharField(_("public id"), max_length=32, unique=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = staff_member(_("uploaded by"))
    # Replaced with a redacted version: by whom and when (the removed file is not kept).
    redacted_at = models.DateTimeField(_("redacted at"), null=True, blank=True)
    redacted_by = staff_member(_("redacted by"))
    objects = EvidenceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence document")
        verbose_name_plural = _("evidence documents")
        constraints = [valid_choice("file_type", DocumentType, "document_valid_type")]

    def __str__(self):
        # Never the uploader's name for it: this string is copied into logs and audit rows.
        label = _("Evidence document")
        return f"{label} {self.pk or ''}".strip()

    def get_absolute_url(self):
        return reverse("recommendations:document", args=[self.public_id])

    @property
    def size_text(self) -> str:
        return size_label(self.size)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.file_type]

    def get_additional_data(self):
        """Kept with each audit row: the note the document belongs to."""
        return {"note_id": self.note_id}
