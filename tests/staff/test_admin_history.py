"""The history a recommendation's pages show: an editor learns nothing there about an evidence
note they may not read (no entry, no count, no id), the secretariat keeps the whole record."""

import json
import re

import pytest
from auditlog.models import LogEntry as AuditEntry
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from recommendations import services
from recommendations.models import EvidenceNote, Recommendation

from ..admin_forms import add_inline_form, change_url, changeform_data, login
from ..factories import (
    EvidenceNoteFactory,
    RecommendationFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(ministry):
    return RecommendationFactory(lead_ministry=ministry, title="First title")


def history_url(rec):
    return reverse("admin:recommendations_recommendation_history", args=[rec.pk])


def save_form(client, rec, **changes):
    """Post the change form as the page showed it, with ``changes`` (``notes=[...]`` adds
    evidence notes, ``delete_note=0`` ticks the first note's delete box)."""
    data = changeform_data(client.get(change_url(rec)))
    for text in changes.pop("notes", []):
        add_inline_form(
            data, "evidence_notes", happened_on="2021-02-01", text=text, visibility="internal"
        )
    if "delete_note" in changes:
        data[f"evidence_notes-{changes.pop('delete_note')}-DELETE"] = "on"
    data.update(changes)
    response = client.post(change_url(rec), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def history(client, rec):
    """The history page's rows as text, the count it states, and its history part (the rest
    of the page is the workspace's menu)."""
    response = client.get(history_url(rec))
    assert response.status_code == 200
    content = response.content.decode()
    content = content[content.index('<div id="change-history"') : content.index('id="footer"')]
    rows = [entry.get_change_message() for entry in response.context["action_list"]]
    count = re.search(r"(\d+) entr(?:y|ies)", content).group(1)
    return rows, int(count), content


def test_history_shows_an_editor_nothing_of_a_note_deleted_since(client, editor, secretariat, rec):
    login(client, secretariat)
    save_form(client, rec, notes=["Survivor's statement, to be removed"])
    note = EvidenceNote.objects.get()
    save_form(client, rec, title_en="Second title", delete_note=0)
    assert not EvidenceNote.objects.exists()

    rows, count, _content = history(client, rec)
    assert count == 2
    assert rows[0] == f"Added evidence note “Evidence note {note.pk} (Internal)”."
    assert "Deleted evidence note" in rows[1] and "Changed Title" in rows[1]

    rows, count, content = history(login(client, editor), rec)
    assert (rows, count) == (["Changed Title."], 1)
    assert "evidence note" not in content.lower()
    assert f"Evidence note {note.pk}" not in content


def test_history_keeps_what_an_editor_may_read_of_entries_already_stored(
    client, editor, rec, secretariat
):
    """Entries written before the note's id was recorded name it only in its label."""
    readable = EvidenceNoteFactory(recommendation=rec)
    gone = EvidenceNoteFactory(recommendation=rec)
    gone_label, readable_label = str(gone), str(readable)
    gone.delete()
    content_type = ContentType.objects.get_for_model(Recommendation)
    for message in (
        [{"added": {"name": "evidence note", "object": gone_label}}],
        [
            {"changed": {"fields": ["Status"]}},
            {"added": {"name": "evidence note", "object": readable_label}},
            {"changed": {"name": "evidence note", "object": gone_label, "fields": ["Link"]}},
        ],
        [{"deleted": {"name": "evidence note", "object": "Evidence note (Internal)"}}],
    ):
        LogEntry.objects.create(
            user=SecretariatFactory(),
            content_type=content_type,
            object_id=str(rec.pk),
            object_repr=str(rec),
            action_flag=CHANGE,
            change_message=json.dumps(message),
        )
    rows, count, content = history(login(client, editor), rec)
    assert rows == [f"Changed Status. Added evidence note “{readable_label}”."]
    assert count == 1 and gone_label not in content

    rows, count, _content = history(login(client, secretariat), rec)
    assert count == 3 and gone_label in rows[0]


def test_a_note_added_through_the_form_is_logged_with_its_id(client, editor, rec):
    save_form(login(client, editor), rec, notes=["Inspectors trained"])
    note = EvidenceNote.objects.get()
    (entry,) = LogEntry.objects.filter(object_id=str(rec.pk))
    assert json.loads(entry.change_message) == [
        {"added": {"name": "evidence note", "object": str(note), "note_id": note.pk}}
    ]
    rows, count, _content = history(client, rec)
    assert (rows, count) == ([f"Added evidence note “{note}”."], 1)


def test_the_audit_log_pages_are_the_secretariats_whatever_permission_an_editor_holds(
    client, editor, secretariat, rec
):
    services.evidence_note_add(
        recommendation=rec, user=secretariat, happened_on="2021-02-01", text="Internal"
    )
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="auditlog", codename="view_logentry")
    )
    entry = AuditEntry.objects.filter(content_type__model="evidencenote").first()
    pages = [
        reverse("admin:auditlog_logentry_changelist"),
        reverse("admin:auditlog_logentry_change", args=[entry.pk]),
        reverse("admin:app_list", args=["auditlog"]),
    ]
    login(client, editor)
    assert [client.get(url).status_code for url in pages] == [403, 403, 404]
    assert "auditlog" not in client.get(reverse("admin:index")).content.decode()
    login(client, secretariat)
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
