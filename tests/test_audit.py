"""What the audit log keeps: every field change of a recommendation, never a note's text."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from recommendations.models import EvidenceNote

from .factories import EvidenceNoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_audit_log_records_field_changes_of_a_recommendation():
    rec = RecommendationFactory(title="Old title")
    rec.title = "New title"
    rec.save()
    entry = LogEntry.objects.get_for_object(rec).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["title"] == ["Old title", "New title"]


def test_audit_log_never_copies_evidence_text():
    note = EvidenceNoteFactory(text="Survivor Marie from Castries spoke to police")
    note.text = "Survivor Marie moved to a shelter in Vieux Fort"
    note.link = "https://example.org/report"
    note.save()
    note_pk = note.pk
    # The note's own entries (another table's row may have the same pk).
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EvidenceNote), object_pk=str(note_pk)
    )
    assert entries.count() == 2  # created, changed
    written = list(entries)
    EvidenceNote.objects.filter(pk=note_pk).delete()
    assert list(entries.values_list("action", flat=True)) == [LogEntry.Action.DELETE]
    for entry in [*written, *entries]:
        dumped = f"{entry.changes} {entry.object_repr} {entry.additional_data}"
        assert "Marie" not in dumped
        assert "Castries" not in dumped and "Vieux Fort" not in dumped
