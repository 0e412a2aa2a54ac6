"""Evidence documents in and out.

In: the check of an upload before anything is stored: its size (TIPT_DOCUMENT_MAX_MB), its type
read from its content by libmagic (python-magic), never from its name or the browser's word,
and its name scrubbed for display. The admin's form calls it for its messages, and the services
call it again before they store (services/documents.py).

Out: the response that streams a document from its storage, for the staff download (whose
rule is EvidenceDocumentQuerySet.visible_to) and the public one (``public``), each checked by
its view at the moment of the request. It is never cached, by TIPT or by anyone on the way.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .models.documents import EXTENSIONS, MEDIA_TYPES, EvidenceDocument, size_label

# libmagic reads a file's start; an Office document's parts are named within its first entries.
SNIFF_BYTES = 256 * 1024
MAX_NAME = 200
KIND_OF_MEDIA_TYPE = {media: kind for kind, media in MEDIA_TYPES.items()}
# Unicode categories a displayed name must not carry: controls, and format characters such as
# the right-to-left override that makes "fdp.exe" read as "exe.pdf".
HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class CheckedDocument:
    file_type: str
    name: str
    size: int


def max_bytes() -> int:
    return settings.TIPT_DOCUMENT_MAX_MB * 1024 * 1024


def document_type(upload) -> str:
    """The DocumentType of ``upload``'s content; ValidationError for any other content."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = magic.from_buffer(head, mime=True) if head else "application/x-empty"
    kind = KIND_OF_MEDIA_TYPE.get(found)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not one of the accepted types (PDF, Word, Excel, OpenDocument "
                "text or spreadsheet, PNG or JPEG image): its content reads as “%(found)s”, "
                "whatever its name says."
            )
            % {"found": found},
            code="type",
        )
    return kind


def display_name(name: str, file_type: str) -> str:
    """``name`` as the uploader's computer gave it, for display: no folder (Windows' or
    anyone's), no control or invisible format character, at most MAX_NAME characters with its
    extension kept; a name left empty becomes "document" with the type's extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(char) in HIDDEN_CATEGORIES else char for char in name
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = f"document.{EXTENSIONS.get(file_type, file_type)}"
    if len(name) > MAX_NAME:
        stem, extension = os.path.splitext(name)
        extension = extension[:20]
        name = stem[: MAX_NAME - len(extension)] + extension
    return name


def document_check(upload) -> CheckedDocument:
    """``upload`` (an UploadedFile or any file with a name and a size) checked: its size, its
    type from its content, and its display name; ValidationError names what is refused."""
    size = upload.size
    if size > max_bytes():
        raise ValidationError(
            _("This file is %(size)s; a document may be at most %(limit)d MB.")
            % {"size": size_label(size), "limit": settings.TIPT_DOCUMENT_MAX_MB},
            code="size",
        )
    kind = document_type(upload)
    return CheckedDocument(file_type=kind, name=display_name(upload.name, kind), size=size)


def document_response(document) -> FileResponse:
    """``document`` streamed from its storage as a download under its display name, with the
    type its content was found to be; never kept by a browser or a proxy, so a document taken
    back is gone for everyone at once."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.media_type,
    )
    add_never_cache_headers(response)  # private, no-cache, no-store, must-revalidate
    return response


def _file_forget(sender, instance, **kwargs):
    """A deleted document's file leaves the store once the deletion commits (a rolled back
    one keeps it), however it was deleted: alone, with its note, or with its recommendation."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    """Connect the file clean-up above (apps.py; infrastructure, not a domain rule)."""
    post_delete.connect(_file_forget, sender=EvidenceDocument, dispatch_uid="document-files")
