"""Evidence documents: uploaded with a note, made public with it, replaced with a redacted
version, removed. Who may do what is roles.py's (may_edit_note, may_publish_documents).

A file is written to the store before the row that names it, outside the transaction (a store
is a network call); should the row not be written, the file is removed again. A file no row
names any more (a document removed, replaced or deleted with its note or recommendation) is
removed from the store after the commit (recommendations/documents.py), so a redacted-away
file is not kept anywhere TIPT controls; the audit log keeps who did what, never the file or
its name.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles
from ..documents import document_check
from ..models import EvidenceDocument, EvidenceNote
from ..writes import writing


def _stored(document: EvidenceDocument, upload) -> None:
    """``upload`` checked and written to the store as ``document``'s file, under a random name."""
    checked = document_check(upload)
    document.original_name = checked.name
    document.file_type = checked.file_type
    document.size = checked.size
    upload.seek(0)
    document.file.save(checked.name, upload, save=False)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def evidence_document_add(
    *, note: EvidenceNote, user, upload, public: bool = False
) -> EvidenceDocument:
    """A document uploaded with ``note`` by someone who may correct the note; private unless
    the secretariat makes it public at once (``public``)."""
    _require(roles.may_edit_note(user, note), _("You may not add documents to this note."))
    _require(
        not public or roles.may_publish_documents(user),
        _("Only the secretariat publishes evidence."),
    )
    document = EvidenceDocument(
        note=note, uploaded_by=user, public=public, public_id=secrets.token_hex(12)
    )
    _stored(document, upload)
    try:
        with writing():
            # The note, locked: deleted or taken out of the user's hands meanwhile, it refuses.
            current = EvidenceNote.objects.select_for_update().get(pk=note.pk)
            _require(
                roles.may_edit_note(user, current), _("You may not add documents to this note.")
            )
            document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


def evidence_document_set_public(*, document: EvidenceDocument, user, public: bool):
    """The secretariat makes ``document`` public with its note, or keeps it internal."""
    _require(roles.may_publish_documents(user), _("Only the secretariat publishes evidence."))
    with writing():
        current = EvidenceDocument.objects.select_for_update().get(pk=document.pk)
        if current.public != public:
            current.public = public
            current.save(update_fields=["public"])
        return current


def evidence_document_redact(*, document: EvidenceDocument, user, upload) -> EvidenceDocument:
    """The secretariat replaces ``document`` with a redacted version: the new file takes its
    place (name, type and size its own); who did it and when are kept, the removed file is
    not."""
    _require(
        roles.may_publish_documents(user),
        _("Only the secretariat replaces a document with a redacted version."),
    )
    replacement = EvidenceDocument(note_id=document.note_id)
    _stored(replacement, upload)
    try:
        with writing():
            current = EvidenceDocument.objects.select_for_update().get(pk=document.pk)
            removed = current.file.name
            current.file.name = replacement.file.name
            current.original_name = replacement.original_name
            current.file_type = replacement.file_type
            current.size = replacement.size
            current.redacted_at = timezone.now()
            current.redacted_by = user
            current.save()
            storage = current.file.storage
            transaction.on_commit(lambda: storage.delete(removed))
    except BaseException:
        replacement.file.storage.delete(replacement.file.name)
        raise
    return current


def evidence_document_delete(*, document: EvidenceDocument, user) -> None:
    """A document removed by someone who may correct its note (its file goes after the
    commit)."""
    with writing():
        current = (
            EvidenceDocument.objects.select_related("note")
            .select_for_update(of=("self",))
            .get(pk=document.pk)
        )
        _require(
            roles.may_edit_note(user, current.note),
            _("You may not remove documents from this note."),
        )
        current.delete()
