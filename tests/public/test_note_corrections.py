"""A published evidence note corrected or withdrawn leaves a public, dated line on its
recommendation's page: which fields were corrected, or that it was withdrawn; never the old
text, never who did it."""

import datetime

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import NoteCorrection, Visibility

from ..factories import EvidenceNoteFactory, SecretariatFactory

pytestmark = pytest.mark.django_db

OLD_TEXT = "SENTINEL old text naming a shelter resident"


@pytest.fixture
def published(db):
    note = EvidenceNoteFactory(text=OLD_TEXT, happened_on=datetime.date(2026, 3, 31))
    services.evidence_notes_publish(notes=[note], user=SecretariatFactory())
    note.refresh_from_db()
    return note


def _page(client, note) -> str:
    url = reverse("recommendations:detail", args=[note.recommendation_id])
    return client.get(url).content.decode()


def _update(note, user, **changes):
    values = {"happened_on": note.happened_on, "text": note.text, "link": note.link}
    values.update(changes)
    return services.evidence_note_update(
        note=note,
        user=user,
        version=note.version,
        visibility=changes.pop("visibility", Visibility.PUBLIC),
        **{k: v for k, v in values.items() if k != "visibility"},
    )


def test_a_corrected_note_says_which_fields_changed(client, published):
    secretariat = SecretariatFactory()
    assert OLD_TEXT in _page(client, published)  # cached as it was
    _update(published, secretariat, text="The shelter opened.", link="https://gov.lc/x")
    page = _page(client, published)
    assert "The evidence note of 31 March 2026 was corrected: its text, its link." in page
    assert OLD_TEXT not in page and secretariat.username not in page
    correction = NoteCorrection.objects.get()
    assert (correction.kind, correction.fields) == ("corrected", "text,link")


def test_a_note_taken_back_or_deleted_is_withdrawn_without_its_text(client, published):
    secretariat = SecretariatFactory()
    _update(published, secretariat, visibility=Visibility.INTERNAL)
    page = _page(client, published)
    assert "The evidence note of 31 March 2026 was withdrawn." in page
    assert OLD_TEXT not in page
    published.refresh_from_db()
    services.evidence_note_delete(note=published, user=secretariat)
    # Deleting it once internal says nothing more to the public.
    assert NoteCorrection.objects.count() == 1


def test_deleting_a_published_note_leaves_the_line(client, published):
    rec = published.recommendation
    services.evidence_note_delete(note=published, user=SecretariatFactory())
    correction = NoteCorrection.objects.get()
    assert (correction.kind, correction.note, correction.recommendation) == (
        "withdrawn",
        None,
        rec,
    )
    assert (
        "was withdrawn."
        in client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    )


def test_an_unchanged_save_or_an_internal_note_leaves_no_line(published):
    secretariat = SecretariatFactory()
    _update(published, secretariat)
    internal = EvidenceNoteFactory()
    services.evidence_note_update(
        note=internal,
        user=secretariat,
        version=internal.version,
        happened_on=internal.happened_on,
        text="changed while internal",
        link="",
        visibility=Visibility.INTERNAL,
    )
    assert not NoteCorrection.objects.exists()


def test_the_line_in_french(client, published):
    _update(published, SecretariatFactory(), text="Corrigé")
    url = "/fr" + reverse("recommendations:detail", args=[published.recommendation_id])
    content = client.get(url).content.decode()
    assert "La note de preuve du 31 mars 2026 a été corrigée : son texte." in content
