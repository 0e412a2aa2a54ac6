"""Evidence documents in the staff workspace: uploaded on their note's page with a reminder
never to upload what identifies a victim, refused with the reason when their content is not an
accepted type, made public and replaced with a redacted version by the secretariat only, and
listed in the staff CSV as far as the reader may see them."""

import csv
import io

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from recommendations import services
from recommendations.models import EvidenceDocument

from ..admin_forms import STAFF_EXPORT, changeform_data, login, note_url
from ..documents import ELF, PDF, docx, upload
from ..factories import EditorFactory, EvidenceNoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

REMINDER = "Never upload a document that could identify a victim"


@pytest.fixture
def note(editor):
    rec = RecommendationFactory(lead_ministry=editor.ministries.get(), title="Adopt the SOPs")
    return EvidenceNoteFactory(recommendation=rec, author=editor, text="SOPs drafted")


def _post(client, note, **rows):
    """The note's page posted as shown, with ``rows`` ({"0-upload": file, ...}) set."""
    page = client.get(note_url(note))
    data = changeform_data(page)
    for name, value in rows.items():
        data[f"documents-{name}"] = value
    return client.post(note_url(note), data)


def test_an_editor_uploads_a_document_on_their_notes_page(client, editor, note):
    login(client, editor)
    page = client.get(note_url(note)).content.decode()
    assert REMINDER in page
    assert 'enctype="multipart/form-data"' in page
    # Only the secretariat makes a document public.
    assert 'name="documents-0-public"' not in page
    response = _post(client, note, **{"0-upload": upload("SOPs approved.pdf")})
    assert response.status_code == 302
    document = EvidenceDocument.objects.get(note=note)
    assert (document.original_name, document.public, document.uploaded_by) == (
        "SOPs approved.pdf",
        False,
        editor,
    )
    page = client.get(note_url(note)).content.decode()
    download = reverse("admin:recommendations_evidencedocument_download", args=[document.pk])
    assert f'href="{download}"' in page
    response = client.get(download)
    assert b"".join(response.streaming_content) == PDF


def test_a_renamed_executable_is_refused_on_the_form_with_its_reason(client, editor, note):
    login(client, editor)
    response = _post(client, note, **{"0-upload": upload("SOPs.pdf", ELF)})
    assert response.status_code == 200
    assert "not one of the accepted types" in response.content.decode()
    assert not EvidenceDocument.objects.exists()


def test_a_file_over_the_limit_is_refused_on_the_form(client, editor, note, settings):
    settings.TIPT_DOCUMENT_MAX_MB = 1
    login(client, editor)
    big = PDF + b"%" * (1024 * 1024)
    response = _post(client, note, **{"0-upload": upload("big.pdf", big)})
    assert response.status_code == 200
    assert "at most 1 MB" in response.content.decode()
    assert not EvidenceDocument.objects.exists()


def test_an_editor_can_neither_publish_nor_replace_a_document(client, editor, note):
    document = services.evidence_document_add(note=note, user=editor, upload=upload())
    login(client, editor)
    _post(client, note, **{"0-public": "on", "0-upload": upload("other.docx", docx())})
    document.refresh_from_db()
    assert not document.public
    assert document.file_type == "pdf"


def test_the_secretariat_publishes_and_redacts_on_the_notes_page(client, editor, note, secretariat):
    document = services.evidence_document_add(
        note=note, user=editor, upload=upload("Statement of a victim.pdf")
    )
    removed = document.file.name
    login(client, secretariat)
    response = _post(
        client, note, **{"0-public": "on", "0-upload": upload("Statement (redacted).docx", docx())}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.public
    assert document.original_name == "Statement (redacted).docx"
    assert document.redacted_by == secretariat
    assert not storages["evidence"].exists(removed)
    page = client.get(note_url(note)).content.decode()
    assert "Replaced with a redacted version on" in page
    assert "Statement of a victim" not in page


def test_a_document_is_removed_with_the_delete_box(client, editor, note):
    document = services.evidence_document_add(note=note, user=editor, upload=upload())
    login(client, editor)
    assert _post(client, note, **{"0-DELETE": "on"}).status_code == 302
    assert not EvidenceDocument.objects.exists()
    assert not storages["evidence"].exists(document.file.name)


def _documents_cells(client):
    rows = csv.DictReader(io.StringIO(b"".join(client.get(STAFF_EXPORT)).decode("utf-8-sig")))
    return {row["title"]: row["documents"] for row in rows}


def test_the_staff_csv_lists_the_documents_the_reader_may_see(client, editor, note, secretariat):
    internal = services.evidence_document_add(note=note, user=editor, upload=upload("a.pdf"))
    other_rec = RecommendationFactory(title="Train the police")
    other_note = EvidenceNoteFactory(recommendation=other_rec, author=secretariat)
    theirs = services.evidence_document_add(note=other_note, user=secretariat, upload=upload())
    download = reverse("admin:recommendations_evidencedocument_download", args=[internal.pk])
    login(client, editor)
    cells = _documents_cells(client)
    assert cells == {
        "Adopt the SOPs": f"[internal] a.pdf (pdf, {len(PDF)} bytes) http://testserver{download}"
    }
    login(client, secretariat)
    cells = _documents_cells(client)
    assert cells["Adopt the SOPs"].startswith("[internal] a.pdf")
    assert str(theirs.pk) in cells["Train the police"]
    # An editor of another ministry sees neither.
    login(client, EditorFactory())
    assert _documents_cells(client) == {}


def test_the_secretariat_adds_a_note_with_its_document_on_one_page(client, secretariat):
    rec = RecommendationFactory()
    login(client, secretariat)
    response = client.post(
        reverse("admin:recommendations_evidencenote_add"),
        {
            "recommendation": rec.pk,
            "happened_on": "31/03/2026",
            "text": "Gazette notice of the amended law",
            "visibility": "internal",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-upload": upload("Gazette.pdf"),
        },
    )
    assert response.status_code == 302
    (document,) = EvidenceDocument.objects.all()
    assert document.note.text == "Gazette notice of the amended law"
    assert document.original_name == "Gazette.pdf"
