"""Sign-off: approving stores the pack as sent (its documents and data), dated; later edits
leave it byte for byte as approved; a later approval is a new version; the staff page, the
command and the downloads are the secretariat's only."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from recommendations import services
from recommendations.models import EvidenceNote, NoteChoice, SubmissionPack

from ..admin_forms import login
from ..factories import EditorFactory, evidence_note_resaved
from .conftest import docx_text

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:submission")


def _approve(world, notes=NoteChoice.MARKED):
    return services.submission_pack_approve(
        user=world.secretariat, country=world.country, period=2021, notes=notes
    )


def test_an_approved_pack_is_stored_and_unchanged_by_later_edits(world, tmp_path):
    pack = _approve(world)
    docx, pdf, data = bytes(pack.docx), bytes(pack.pdf), pack.data
    assert "Approved on" in docx_text(docx) and "(version 1)" in docx_text(docx)
    note = EvidenceNote.objects.get(text="Published note on the last day")
    evidence_note_resaved(note, user=world.secretariat, text="Rewritten after the approval")
    rec = world.recommendations["prevention"]
    rec.text = "A new wording"
    rec.save()
    stored = SubmissionPack.objects.get(pk=pack.pk)
    assert bytes(stored.docx) == docx and bytes(stored.pdf) == pdf and stored.data == data
    # The command writes the stored document, not a new one.
    target = tmp_path / "sent.docx"
    call_command(
        "submission_pack",
        "--country=saint-lucia",
        "--period=2021",
        "--approved-version=1",
        f"-o{target}",
        stdout=StringIO(),
    )
    assert target.read_bytes() == docx
    assert "Published note on the last day" in docx_text(target.read_bytes())
    # A new draft reads what changed.
    assert "Rewritten after the approval" in _draft(world)


def _draft(world):
    from recommendations.selectors.submission import pack_data
    from recommendations.submission import render

    return docx_text(render(pack_data(world.country, 2021), "docx").content)


def test_a_later_approval_is_a_new_version_and_versions_are_listed(world, client):
    first = _approve(world)
    second = _approve(world, NoteChoice.PUBLISHED)
    assert (first.version, second.version) == (1, 2)
    login(client, world.secretariat)
    page = client.get(PAGE, {"country": world.country.pk, "period": 2021, "notes": "marked"})
    content = page.content.decode()
    for pack in (first, second):
        url = reverse("admin:submission_version", args=[pack.pk, "docx"])
        assert url in content
    response = client.get(reverse("admin:submission_version", args=[first.pk, "docx"]))
    assert response.content == bytes(first.docx)
    assert "v1.docx" in response["Content-Disposition"]


def test_the_staff_page_downloads_a_draft_and_approves(world, client):
    login(client, world.secretariat)
    form = {"country": world.country.pk, "period": 2021, "notes": "published"}
    response = client.post(PAGE, {**form, "format": "docx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    assert "Draft: not approved" in text and "Internal note" not in text
    response = client.post(PAGE, {**form, "approve": "1"})
    assert response.status_code == 302
    (pack,) = SubmissionPack.objects.all()
    assert pack.notes == "published" and pack.approved_by == world.secretariat
    assert pack.version == 1 and pack.approved_at is not None


def test_only_the_secretariat_prepares_or_downloads_the_pack(world, client):
    pack = _approve(world)
    editor = EditorFactory(ministries=[world.recommendations["prosecution"].lead_ministry])
    login(client, editor)
    form = {"country": world.country.pk, "period": 2021, "notes": "all"}
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {**form, "format": "docx"}).status_code == 403
    assert client.post(PAGE, {**form, "approve": "1"}).status_code == 403
    version = reverse("admin:submission_version", args=[pack.pk, "pdf"])
    assert client.get(version).status_code == 403
    assert SubmissionPack.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.submission_pack_approve(user=editor, country=world.country, period=2021)


def test_the_secretariat_marks_notes_for_the_submission(world, client):
    note = EvidenceNote.objects.get(text="Internal note not chosen")
    login(client, world.secretariat)
    changelist = reverse("admin:recommendations_evidencenote_changelist")
    client.post(changelist, {"action": "mark_for_submission", "_selected_action": [note.pk]})
    note.refresh_from_db()
    assert note.for_submission
    assert "Internal note not chosen" in _draft(world)
    editor = EditorFactory(ministries=[note.recommendation.lead_ministry])
    with pytest.raises(PermissionDenied):
        services.evidence_notes_mark_for_submission(user=editor, notes=[note], chosen=False)


def test_a_period_with_no_report_before_it_is_refused_on_the_page(world, client):
    login(client, world.secretariat)
    form = {"country": world.country.pk, "period": 2019, "notes": "marked"}
    response = client.post(PAGE, {**form, "approve": "1"})
    assert response.status_code == 200
    assert "Saint Lucia has no report before this period." in response.content.decode()
    assert not SubmissionPack.objects.exists()
    pack = _approve(world)
    assert (
        client.get(reverse("admin:submission_version", args=[pack.pk, "html"])).status_code == 404
    )
