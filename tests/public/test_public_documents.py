"""Evidence documents on the public site: a published one is listed on its recommendation's
page, in the feed and in the public CSV (name, type, size, link) and downloads; one kept
internal, or whose note is internal, is listed nowhere and downloads from no address; and
taking a note or a document back takes effect at once, even with the pages cached."""

import csv
import io

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Visibility

from ..documents import PDF, upload
from ..factories import (
    EvidenceNoteFactory,
    RecommendationFactory,
    documents_published,
    evidence_note_resaved,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(secretariat):
    """A published note with a public document and one kept internal."""
    rec = RecommendationFactory(title="Approve the SOPs")
    note = EvidenceNoteFactory(recommendation=rec, author=secretariat, text="SOPs approved")
    public, internal = documents_published(
        note, user=secretariat, public_name="SOPs approved.pdf", internal_name="Interview notes.pdf"
    )
    return rec, note, public, internal


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_a_published_document_is_listed_on_its_page_and_downloads(client, published):
    rec, _note, public, internal = published
    page = _text(client.get(rec.get_absolute_url()))
    assert "SOPs approved.pdf" in page
    assert f'href="/documents/{public.public_id}/"' in page
    assert f"(PDF, {len(PDF)} bytes)" in page
    assert "Interview notes.pdf" not in page
    assert internal.public_id not in page

    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="SOPs approved.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_french_page_lists_it_in_french(client, published):
    rec, _note, _public, _internal = published
    page = client.get(f"/fr{rec.get_absolute_url()}").content.decode()
    assert f"(PDF, {len(PDF)} octets)" in page


def test_a_document_kept_internal_downloads_from_no_public_address(client, published):
    _rec, _note, _public, internal = published
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert client.get(f"/fr{internal.get_absolute_url()}").status_code == 404
    assert client.get("/documents/nothing-here/").status_code == 404


def test_a_public_document_of_an_internal_note_is_not_public(client, secretariat):
    note = EvidenceNoteFactory(author=secretariat)
    document = services.evidence_document_add(
        note=note, user=secretariat, upload=upload(), public=True
    )
    assert client.get(document.get_absolute_url()).status_code == 404
    page = client.get(note.recommendation.get_absolute_url()).content.decode()
    assert document.public_id not in page


def test_unpublishing_takes_effect_at_once_even_with_the_pages_cached(
    client, published, secretariat
):
    rec, note, public, _internal = published
    url = public.get_absolute_url()
    first = client.get(rec.get_absolute_url()).content
    assert client.get(rec.get_absolute_url()).content == first  # served from the cache
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    evidence_note_resaved(note, user=secretariat, visibility=Visibility.INTERNAL)
    assert client.get(url).status_code == 404
    assert "SOPs approved.pdf" not in client.get(rec.get_absolute_url()).content.decode()
    feed = client.get(reverse("recommendations:feed")).content.decode()
    assert public.public_id not in feed


def test_a_document_taken_back_by_itself_is_gone_at_once(client, published, secretariat):
    rec, _note, public, _internal = published
    client.get(rec.get_absolute_url())  # cached
    services.evidence_document_set_public(document=public, user=secretariat, public=False)
    assert client.get(public.get_absolute_url()).status_code == 404
    assert "SOPs approved.pdf" not in client.get(rec.get_absolute_url()).content.decode()


def test_the_download_answers_head_and_refuses_post(client, published):
    _rec, _note, public, _internal = published
    head = client.head(public.get_absolute_url())
    assert head.status_code == 200
    assert head["Content-Type"] == "application/pdf"
    assert client.post(public.get_absolute_url()).status_code == 405


def test_the_feed_lists_published_documents_with_their_address(client, published):
    _rec, _note, public, internal = published
    feed = client.get(reverse("recommendations:feed")).content.decode()
    assert f"http://testserver/documents/{public.public_id}/" in feed
    assert "SOPs approved.pdf" in feed
    assert "Interview notes.pdf" not in feed and internal.public_id not in feed


def test_the_public_csv_lists_published_documents_only(client, published):
    rec, _note, public, internal = published
    rows = list(csv.DictReader(io.StringIO(_text(client.get(reverse("recommendations:export"))))))
    (row,) = [row for row in rows if row["title"] == rec.title]
    assert row["documents"] == (
        f"SOPs approved.pdf (pdf, {len(PDF)} bytes) http://testserver/documents/{public.public_id}/"
    )
    assert internal.public_id not in _text(client.get(reverse("recommendations:export")))
