"""What evidence notes leave behind where the public or the audit log can see it: public ids that
count nothing, and no trace of a deleted note's words or link."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from recommendations import services
from recommendations.models import EvidenceNote

from ..admin_forms import changeform_data, login
from ..factories import (
    EvidenceNoteFactory,
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
    evidence_note_resaved,
)

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://drive.example/victim-statement-castries.pdf"


def publish(note, user):
    return services.evidence_notes_publish(
        notes=[note], user=user, versions={note.pk: note.version}
    )


def test_public_evidence_ids_say_nothing_about_internal_notes(client):
    secretariat = SecretariatFactory()
    rec = RecommendationFactory()
    first = EvidenceNoteFactory(recommendation=rec, text="SOPs approved")
    hidden = [EvidenceNoteFactory(recommendation=rec) for _ in range(3)]
    second = EvidenceNoteFactory(recommendation=rec, text="Inspectors hired")
    for note in (first, second):
        publish(note, secretariat)
    first.refresh_from_db()
    second.refresh_from_db()

    detail = client.get(rec.get_absolute_url()).content.decode()
    feed = client.get(reverse("recommendations:feed")).content.decode()
    anchors = set(re.findall(r"evidence-([0-9a-z]+)", detail + feed))
    assert anchors == {first.public_id, second.public_id}
    for note in (first, second, *hidden):
        assert not re.search(rf"evidence-{note.pk}\b", detail + feed)
    # Drawn at random, not counted: nothing orders them or tells the gap between them.
    assert all(re.fullmatch(r"[0-9a-f]{16}", anchor) for anchor in anchors)


def test_a_public_id_is_drawn_at_publication_and_kept():
    secretariat = SecretariatFactory()
    note = EvidenceNoteFactory()
    assert note.public_id is None
    publish(note, secretariat)
    note.refresh_from_db()
    drawn = note.public_id
    note = evidence_note_resaved(note, user=secretariat, link="", visibility="public")
    assert note.public_id == drawn


def note_entries(pk):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EvidenceNote), object_pk=str(pk)
    )


def assert_only_the_deletion_is_left(pk, by):
    (entry,) = note_entries(pk)
    assert entry.action == LogEntry.Action.DELETE
    assert entry.actor == by
    assert not entry.changes and not entry.changes_text and not entry.serialized_data
    everything = " ".join(str(value) for row in LogEntry.objects.values() for value in row.values())
    assert SECRET_LINK not in everything and "victim-statement" not in everything


def test_deleting_a_note_leaves_only_that_it_was_deleted_by_whom_and_when(client):
    secretariat = SecretariatFactory()
    login(client, secretariat)
    rec = RecommendationFactory()
    url = reverse("admin:recommendations_evidencenote_add")
    response = client.post(
        url,
        {
            "recommendation": rec.pk,
            "happened_on": "2021-02-01",
            "text": "Statement taken",
            "link": SECRET_LINK,
            "visibility": "internal",
            # The page's documents inline, left empty.
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    note = EvidenceNote.objects.get()
    data = changeform_data(
        client.get(reverse("admin:recommendations_evidencenote_change", args=[note.pk]))
    )
    data["happened_on"] = "2021-02-02"
    client.post(reverse("admin:recommendations_evidencenote_change", args=[note.pk]), data)
    assert SECRET_LINK in str(list(note_entries(note.pk).values("changes")))

    note.refresh_from_db()
    response = client.post(
        reverse("admin:recommendations_evidencenote_delete", args=[note.pk]),
        {"post": "yes", "seen_version": note.version},
    )
    assert response.status_code == 302
    assert_only_the_deletion_is_left(note.pk, secretariat)
    # The recommendation's page still lists that a note was deleted, and nothing more.
    page = client.get(reverse("admin:recommendations_recommendation_change", args=[rec.pk]))
    assert page.status_code == 200 and SECRET_LINK not in page.content.decode()


def test_notes_deleted_with_their_report_leave_no_link_in_the_audit_log():
    secretariat = SecretariatFactory()
    report = ReportFactory()
    rec = RecommendationFactory(report=report)
    note = services.evidence_note_add(
        recommendation=rec,
        user=secretariat,
        happened_on=datetime.date(2021, 2, 1),
        text="Statement taken",
        link=SECRET_LINK,
    )
    report.delete()
    (entry,) = note_entries(note.pk)
    assert entry.action == LogEntry.Action.DELETE and not entry.changes
    assert SECRET_LINK not in str(list(LogEntry.objects.values()))
