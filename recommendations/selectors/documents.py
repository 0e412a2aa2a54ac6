"""The evidence documents a reader may see of a set of notes: for a page, an export, or the
annual submission pack, which lists the documents of the evidence it includes (every one in
the secretariat's pack, the public ones now on the public progress report)."""

from __future__ import annotations

from collections import defaultdict

from ..models import EvidenceDocument

# What a listing of documents reads: never the note's text, nor who uploaded it.
LISTED_FIELDS = ("pk", "note", "public_id", "original_name", "file_type", "size", "file", "public")


def documents_of_notes(*, notes, user=None):
    """The documents of ``notes`` (a QuerySet or ids) that ``user`` may download in the staff
    workspace (EvidenceDocumentQuerySet.visible_to), or, without a user, that the public may
    (EvidenceDocumentQuerySet.public); in the order they were uploaded, one query."""
    documents = EvidenceDocument.objects.filter(note__in=notes)
    documents = documents.public() if user is None else documents.visible_to(user)
    return _listed(documents)


def _listed(documents):
    return documents.only(*LISTED_FIELDS).order_by("note_id", "uploaded_at", "pk")


def _by_note(note_ids, documents) -> dict[int, list[EvidenceDocument]]:
    """``documents(ids)`` grouped by note, in one query (none when no id is given)."""
    by_note = defaultdict(list)
    note_ids = list(note_ids)
    if note_ids:
        for document in documents(note_ids):
            by_note[document.note_id].append(document)
    return by_note


def public_documents_by_note(note_ids) -> dict[int, list[EvidenceDocument]]:
    """The public documents of each of ``note_ids``, in one query (none when no id is given)."""
    return _by_note(note_ids, lambda ids: documents_of_notes(notes=ids))


def pack_documents_by_note(note_ids) -> dict[int, list[EvidenceDocument]]:
    """Every document of each of ``note_ids``, for the annual submission pack: only the
    secretariat prepares and reads it, and the secretariat may download every document
    (EvidenceDocumentQuerySet.visible_to); in one query (none when no id is given)."""
    return _by_note(note_ids, lambda ids: _listed(EvidenceDocument.objects.filter(note__in=ids)))
