"""The services of evidence documents: uploaded with a note by whoever may correct it, made
public and redacted by the secretariat only, removed with their file; and the selector the
annual submission pack lists its evidence's documents with."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages

from recommendations import services
from recommendations.models import EvidenceDocument, Visibility
from recommendations.selectors.documents import documents_of_notes

from ..documents import ELF, PDF, docx, upload
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    RecommendationFactory,
    evidence_note_resaved,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(editor):
    rec = RecommendationFactory(lead_ministry=editor.ministries.get())
    return EvidenceNoteFactory(recommendation=rec, author=editor)


def _stored(document) -> bytes:
    with storages["evidence"].open(document.file.name) as stored:
        return stored.read()


def test_an_editor_uploads_a_document_with_their_note_under_a_random_name(editor, note):
    document = services.evidence_document_add(
        note=note, user=editor, upload=upload("C:\\Users\\focal\\SOPs approved.pdf")
    )
    assert document.original_name == "SOPs approved.pdf"
    assert document.file_type == "pdf"
    assert document.size == len(PDF)
    assert not document.public
    assert document.uploaded_by == editor
    # Stored under a random name that says nothing of the original one.
    assert "SOPs" not in document.file.name
    assert document.file.name.startswith("evidence/")
    assert document.file.name.endswith(".pdf")
    assert _stored(document) == PDF
    other = services.evidence_document_add(note=note, user=editor, upload=upload())
    assert other.file.name != document.file.name
    assert other.public_id != document.public_id


def test_a_refused_file_is_never_stored(editor, note):
    with pytest.raises(ValidationError):
        services.evidence_document_add(note=note, user=editor, upload=upload("a.pdf", ELF))
    assert not EvidenceDocument.objects.exists()
    storage = storages["evidence"]
    assert not storage.exists("evidence") or storage.listdir("evidence") == ([], [])


def test_only_someone_who_may_correct_the_note_uploads(editor, note, secretariat):
    stranger = EditorFactory()
    with pytest.raises(PermissionDenied):
        services.evidence_document_add(note=note, user=stranger, upload=upload())
    # The secretariat may, and may make it public at once; an editor may not.
    assert services.evidence_document_add(
        note=note, user=secretariat, upload=upload(), public=True
    ).public
    with pytest.raises(PermissionDenied):
        services.evidence_document_add(note=note, user=editor, upload=upload(), public=True)
    # Once the note is published, its editor no longer changes it, nor its documents.
    services.evidence_notes_publish(notes=[note], user=secretariat)
    note.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.evidence_document_add(note=note, user=editor, upload=upload())


def test_only_the_secretariat_makes_a_document_public(editor, note, secretariat):
    document = services.evidence_document_add(note=note, user=editor, upload=upload())
    with pytest.raises(PermissionDenied):
        services.evidence_document_set_public(document=document, user=editor, public=True)
    document = services.evidence_document_set_public(
        document=document, user=secretariat, public=True
    )
    assert document.public
    # Public with its note only: the note is still internal.
    assert not EvidenceDocument.objects.public().exists()
    services.evidence_notes_publish(notes=[note], user=secretariat)
    assert list(EvidenceDocument.objects.public()) == [document]
    note.refresh_from_db()
    evidence_note_resaved(note, user=secretariat, visibility=Visibility.INTERNAL)
    assert not EvidenceDocument.objects.public().exists()


def test_redaction_replaces_the_file_keeps_who_did_it_and_not_the_removed_file(
    editor, note, secretariat
):
    document = services.evidence_document_add(
        note=note, user=editor, upload=upload("Statement of Jane Doe.pdf")
    )
    removed = document.file.name
    redacted = services.evidence_document_redact(
        document=document, user=secretariat, upload=upload("Statement (redacted).docx", docx())
    )
    assert redacted.pk == document.pk
    assert redacted.original_name == "Statement (redacted).docx"
    assert redacted.file_type == "docx"
    assert redacted.redacted_by == secretariat
    assert redacted.redacted_at is not None
    assert _stored(redacted) == docx()
    assert not storages["evidence"].exists(removed)
    # The history says who uploaded and who replaced it, never the removed file or its name.
    entries = LogEntry.objects.get_for_object(redacted)
    assert entries.count() == 2
    assert "Jane Doe" not in str(list(entries.values()))
    assert removed not in str(list(entries.values()))


def test_only_the_secretariat_redacts(editor, note):
    document = services.evidence_document_add(note=note, user=editor, upload=upload())
    with pytest.raises(PermissionDenied):
        services.evidence_document_redact(document=document, user=editor, upload=upload())
    assert _stored(document) == PDF


def test_removing_a_document_or_its_note_removes_the_file(editor, note):
    first = services.evidence_document_add(note=note, user=editor, upload=upload())
    second = services.evidence_document_add(note=note, user=editor, upload=upload())
    with pytest.raises(PermissionDenied):
        services.evidence_document_delete(document=first, user=EditorFactory())
    services.evidence_document_delete(document=first, user=editor)
    assert not storages["evidence"].exists(first.file.name)
    assert storages["evidence"].exists(second.file.name)
    services.evidence_note_delete(note=note, user=editor, version=note.version)
    assert not storages["evidence"].exists(second.file.name)
    assert not EvidenceDocument.objects.exists()


def test_the_documents_of_a_set_of_notes_a_reader_may_see(editor, note, secretariat):
    """What the annual submission pack lists of the evidence it includes."""
    mine = services.evidence_document_add(note=note, user=editor, upload=upload())
    elsewhere = EvidenceNoteFactory(author=secretariat)
    theirs = services.evidence_document_add(note=elsewhere, user=secretariat, upload=upload())
    notes = [note.pk, elsewhere.pk]
    assert list(documents_of_notes(notes=notes, user=editor)) == [mine]
    assert list(documents_of_notes(notes=notes, user=secretariat)) == [mine, theirs]
    assert list(documents_of_notes(notes=notes)) == []
    services.evidence_document_set_public(document=theirs, user=secretariat, public=True)
    services.evidence_notes_publish(notes=[elsewhere], user=secretariat)
    assert list(documents_of_notes(notes=notes)) == [theirs]
