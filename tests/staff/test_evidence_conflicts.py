"""Two secretariat members at work on the same notes: no page ever writes back what it showed
once someone else has changed it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import EvidenceNote, Visibility

from ..admin_forms import NOTES, action_data, change_url, changeform_data, login, note_url
from ..factories import EvidenceNoteFactory, RecommendationFactory, SecretariatFactory

pytestmark = pytest.mark.django_db

VICTIM_DETAIL = "Shelter took in the girl from the Castries bar, aged 15"
REDACTED = "Shelter took in one minor victim"


@pytest.fixture
def two_members():
    return (
        login(Client(), SecretariatFactory(username="member.a")),
        login(Client(), SecretariatFactory(username="member.b")),
    )


def public_note(rec, text=VICTIM_DETAIL):
    return EvidenceNoteFactory(
        recommendation=rec, text=text, visibility=Visibility.PUBLIC, author=None
    )


def redact_on_the_note_page(client, note):
    data = changeform_data(client.get(note_url(note)))
    data.update(text=REDACTED, visibility=Visibility.INTERNAL)
    assert client.post(note_url(note), data).status_code == 302


def everything_public(client, rec):
    pages = [
        rec.get_absolute_url(),
        reverse("recommendations:feed"),
        reverse("recommendations:export") + f"?country={rec.report.country.slug}",
    ]
    return "".join(b"".join(client.get(url)).decode() for url in pages)


def test_a_stale_page_never_republishes_a_redacted_note(two_members, client):
    a, b = two_members
    rec = RecommendationFactory()
    note = public_note(rec)
    stale = changeform_data(a.get(change_url(rec)))
    assert VICTIM_DETAIL in everything_public(client, rec)

    redact_on_the_note_page(b, note)
    stale["target_date"] = "2027-03-31"
    response = a.post(change_url(rec), stale)

    # A's own change lands; the note row A never touched is left as B saved it.
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.target_date == datetime.date(2027, 3, 31)
    note.refresh_from_db()
    assert (note.text, note.visibility) == (REDACTED, Visibility.INTERNAL)
    public = everything_public(client, rec)
    assert VICTIM_DETAIL not in public and REDACTED not in public


def test_a_stale_page_never_unpublishes_a_note_published_since(two_members):
    a, b = two_members
    rec = RecommendationFactory()
    note = EvidenceNoteFactory(recommendation=rec, text="Training held for 40 officers")
    stale = changeform_data(a.get(change_url(rec)))

    chosen = action_data("publish", [note])
    b.post(NOTES, chosen)
    b.post(NOTES, {**chosen, "apply": "1", f"version-{note.pk}": note.version})
    stale["target_date"] = "2027-03-31"
    assert a.post(change_url(rec), stale).status_code == 302

    note.refresh_from_db()
    assert note.visibility == Visibility.PUBLIC


def test_a_stale_inline_edit_is_refused_showing_what_changed(two_members):
    a, b = two_members
    rec = RecommendationFactory(target_date=None)
    note = public_note(rec)
    stale = changeform_data(a.get(change_url(rec)))
    prefix = "evidence_notes-0"

    redact_on_the_note_page(b, note)
    stale["target_date"] = "2027-03-31"
    stale[f"{prefix}-link"] = "https://gov.example/report.pdf"
    response = a.post(change_url(rec), stale)

    assert response.status_code == 200
    content = response.content.decode()
    assert "after you opened this page" in content
    assert f"yours “{VICTIM_DETAIL}”, saved “{REDACTED}”" in content
    assert "Visibility: yours “Public”, saved “Internal”" in content
    # Nothing at all was written: neither the note nor the recommendation's own fields.
    rec.refresh_from_db()
    note.refresh_from_db()
    assert rec.target_date is None
    assert (note.text, note.visibility, note.link) == (REDACTED, Visibility.INTERNAL, "")


def test_a_stale_inline_delete_is_refused(two_members):
    a, b = two_members
    rec = RecommendationFactory()
    note = public_note(rec)
    stale = changeform_data(a.get(change_url(rec)))

    redact_on_the_note_page(b, note)
    stale["evidence_notes-0-DELETE"] = "on"
    assert a.post(change_url(rec), stale).status_code == 200
    assert EvidenceNote.objects.filter(pk=note.pk, text=REDACTED).exists()


def test_an_inline_edit_on_a_fresh_page_is_saved(two_members):
    a, _b = two_members
    rec = RecommendationFactory()
    note = public_note(rec)
    data = changeform_data(a.get(change_url(rec)))
    data["evidence_notes-0-text"] = REDACTED
    assert a.post(change_url(rec), data).status_code == 302
    note.refresh_from_db()
    assert note.text == REDACTED and note.version == 2


def test_a_stale_note_page_is_refused(two_members):
    a, b = two_members
    rec = RecommendationFactory()
    note = public_note(rec)
    stale = changeform_data(a.get(note_url(note)))

    data = changeform_data(b.get(change_url(rec)))
    data["evidence_notes-0-text"] = REDACTED
    data["evidence_notes-0-visibility"] = Visibility.INTERNAL
    assert b.post(change_url(rec), data).status_code == 302

    stale["happened_on"] = "2021-01-02"
    response = a.post(note_url(note), stale)
    assert response.status_code == 200
    assert "after you opened this page" in response.content.decode()
    note.refresh_from_db()
    assert (note.text, note.visibility) == (REDACTED, Visibility.INTERNAL)


def test_publishing_a_note_changed_since_it_was_shown_publishes_nothing(two_members):
    a, b = two_members
    rec = RecommendationFactory()
    changed = EvidenceNoteFactory(recommendation=rec, text=VICTIM_DETAIL)
    untouched = EvidenceNoteFactory(recommendation=rec, text="Training held")
    chosen = action_data("publish", [changed, untouched])
    confirmation = a.post(NOTES, chosen)
    assert VICTIM_DETAIL in confirmation.content.decode()
    shown = {f"version-{n.pk}": n.version for n in (changed, untouched)}

    data = changeform_data(b.get(note_url(changed)))
    data["text"] = REDACTED
    assert b.post(note_url(changed), data).status_code == 302
    response = a.post(NOTES, {**chosen, "apply": "1", **shown}, follow=True)

    assert "changed by someone else" in response.content.decode()
    assert not EvidenceNote.objects.filter(visibility=Visibility.PUBLIC).exists()


def test_deleting_a_note_changed_since_the_confirmation_was_shown_is_refused(two_members):
    a, b = two_members
    note = public_note(RecommendationFactory())
    delete_url = reverse("admin:recommendations_evidencenote_delete", args=[note.pk])
    confirmation = a.get(delete_url).content.decode()
    assert f'name="seen_version" value="{note.version}"' in confirmation

    redact_on_the_note_page(b, note)
    response = a.post(delete_url, {"post": "yes", "seen_version": note.version}, follow=True)
    assert "after you opened this page" in response.content.decode()
    assert EvidenceNote.objects.filter(pk=note.pk).exists()
    note.refresh_from_db()
    response = a.post(delete_url, {"post": "yes", "seen_version": note.version})
    assert response.status_code == 302
    assert not EvidenceNote.objects.filter(pk=note.pk).exists()


def test_notes_are_never_deleted_in_bulk_from_the_list(two_members):
    a, _b = two_members
    note = public_note(RecommendationFactory())
    response = a.post(NOTES, action_data("delete_selected", [note]))
    assert response.status_code in (200, 302)
    assert EvidenceNote.objects.filter(pk=note.pk).exists()
