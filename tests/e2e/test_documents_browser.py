"""Evidence documents in a real browser: a Police editor uploads the approved SOPs as a PDF
with their evidence note and submits it; the public cannot download it; the secretariat makes
the document public and publishes the note; the public then finds it on the recommendation's
page and downloads the very file. The note's page (with its upload reminder) and the public
page have no axe-core violation."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from recommendations.models import EvidenceDocument, EvidenceNote, Recommendation, Visibility

from ..documents import PDF
from .conftest import axe_violations, check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = "Cabinet approved the standard operating procedures for victim identification."
NAME = "SOPs approved by Cabinet.pdf"


def test_an_editor_uploads_a_pdf_the_secretariat_publishes_it_the_public_downloads_it(
    demo, page, artifacts
):
    focal = get_user_model().objects.get(username="focal")
    rec = Recommendation.objects.order_by("position").first()
    Recommendation.objects.filter(pk=rec.pk).update(lead_ministry=focal.ministries.get())

    sign_in(page, demo, "focal")
    page.goto(demo + f"/admin/recommendations/recommendation/{rec.pk}/change/")
    page.get_by_text("Add another Evidence note").click()
    page.fill("#id_evidence_notes-0-happened_on", "31/03/2026")
    page.fill("#id_evidence_notes-0-text", EVIDENCE)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    note = EvidenceNote.objects.get(recommendation=rec, text=EVIDENCE)

    page.goto(demo + f"/admin/recommendations/evidencenote/{note.pk}/change/")
    assert "Never upload a document that could identify a victim" in page.content()
    page.set_input_files(
        "#id_documents-0-upload",
        files=[{"name": NAME, "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.check("#id_submit")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    document = EvidenceDocument.objects.get(note=note)
    assert (document.original_name, document.public) == (NAME, False)
    check(page, artifacts, "note-documents", 1280)

    page.context.clear_cookies()
    assert page.goto(demo + document.get_absolute_url()).status == 404

    sign_in(page, demo, "coordinator")
    page.goto(demo + f"/admin/recommendations/evidencenote/{note.pk}/change/")
    page.check("#id_documents-0-public")
    page.select_option("#id_visibility", Visibility.PUBLIC)
    with page.expect_navigation():
        page.click("input[name=_continue]")
    note.refresh_from_db()
    document.refresh_from_db()
    assert note.visibility == Visibility.PUBLIC and document.public

    page.context.clear_cookies()
    page.goto(demo + rec.get_absolute_url())
    link = page.get_by_role("link", name=NAME)
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == NAME
    assert Path(download.path()).read_bytes() == PDF
    assert axe_violations(page) == []
