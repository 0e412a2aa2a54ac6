import pytest
from auditlog.models import LogEntry

from recommendations import services
from recommendations.models import EvidenceNote, Status, StatusChange, Visibility

from .factories import EvidenceNoteFactory, RecommendationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_set_status_changes_status_and_records_history():
    rec = RecommendationFactory()
    user = UserFactory()
    change = services.recommendation_set_status(
        recommendation=rec, status=Status.IN_PROGRESS, user=user, note="Bill tabled"
    )
    rec.refresh_from_db()
    assert rec.status == Status.IN_PROGRESS
    assert rec.version == 2
    row = StatusChange.objects.get()
    assert row == change
    assert (row.old_status, row.new_status, row.changed_by, row.note) == (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        user,
        "Bill tabled",
    )


def test_set_status_to_the_same_status_records_nothing():
    rec = RecommendationFactory(status=Status.STALLED)
    assert services.recommendation_set_status(recommendation=rec, status=Status.STALLED) is None
    assert not StatusChange.objects.exists()


def test_set_status_refuses_an_unknown_status():
    rec = RecommendationFactory()
    with pytest.raises(ValueError):
        services.recommendation_set_status(recommendation=rec, status="finished")
    rec.refresh_from_db()
    assert rec.status == Status.NOT_STARTED
    assert not StatusChange.objects.exists()


def test_new_evidence_is_internal_and_publishing_is_recorded():
    rec = RecommendationFactory()
    user = UserFactory()
    note = services.evidence_note_create(
        recommendation=rec, author=user, happened_on="2020-01-31", text="Training held"
    )
    assert note.visibility == Visibility.INTERNAL
    published = services.evidence_note_publish(note=note, user=user)
    assert published.visibility == Visibility.PUBLIC
    assert published.published_by == user and published.published_at is not None


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
    EvidenceNote.objects.filter(pk=note_pk).delete()
    entries = LogEntry.objects.filter(object_pk=str(note_pk))
    assert entries.count() >= 2
    for entry in entries:
        dumped = f"{entry.changes} {entry.object_repr} {entry.additional_data}"
        assert "Marie" not in dumped
        assert "Castries" not in dumped and "Vieux Fort" not in dumped
