"""The review queue at /admin/review/ and the editor's side of the review in the staff
workspace: proposals and submitted notes listed oldest first, decided one by one or in bulk
after a confirmation page, comments read by their authors only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import (
    EvidenceNote,
    NoteReview,
    Review,
    ReviewDecision,
    Status,
    StatusProposal,
    Visibility,
)

from ..admin_forms import add_inline_form, change_url, changeform_data, login, note_url
from ..factories import EditorFactory, RecommendationFactory, status_proposed

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:review")


def _submitted(rec, editor, text="SOPs adopted"):
    return services.evidence_note_add(
        recommendation=rec,
        user=editor,
        happened_on=datetime.date(2021, 2, 1),
        text=text,
        submit=True,
    )


def test_the_queue_lists_what_waits_oldest_first_with_its_evidence(
    client, editor, ministry, secretariat
):
    older = RecommendationFactory(lead_ministry=ministry, title="Older work")
    newer = RecommendationFactory(lead_ministry=ministry, title="Newer work")
    first = status_proposed(older, user=editor)
    StatusProposal.objects.filter(pk=first.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=3)
    )
    status_proposed(newer, user=editor)
    _submitted(older, editor, text="Evidence behind the older proposal")
    page = login(client, secretariat).get(REVIEW)
    assert page.status_code == 200
    queue = page.context["queue"]
    assert [p.recommendation for p in queue.proposals] == [older, newer]
    assert queue.waiting == 3
    content = page.content.decode()
    assert content.index("Older work") < content.index("Newer work")
    assert "Evidence behind the older proposal" in content
    assert str(ministry) in content and editor.username in content


def test_what_a_deleted_account_left_waiting_names_a_former_staff_member(
    client, editor, ministry, secretariat
):
    rec = RecommendationFactory(lead_ministry=ministry, title="Work of a departed editor")
    status_proposed(rec, user=editor)
    _submitted(rec, editor, text="Evidence of a departed editor")
    editor.delete()
    page = login(client, secretariat).get(REVIEW)
    assert page.status_code == 200
    content = page.content.decode()
    # The proposal and the note, each with its author's cell.
    assert content.count("a former staff member") == 2
    assert "Work of a departed editor" in content and "Evidence of a departed editor" in content


def test_approving_in_bulk_asks_for_confirmation_then_decides_each(
    client, editor, ministry, secretariat
):
    recs = [RecommendationFactory(lead_ministry=ministry) for _ in range(2)]
    proposals = [status_proposed(rec, user=editor) for rec in recs]
    note = _submitted(recs[0], editor)
    login(client, secretariat)
    chosen = {
        "decision": "approve",
        "proposal": [str(p.pk) for p in proposals],
        "note": [str(note.pk)],
    }
    confirm = client.post(REVIEW, chosen)
    assert confirm.status_code == 200
    assert "Yes, approve and publish" in confirm.content.decode()
    assert StatusProposal.objects.pending().count() == 2  # nothing decided yet
    response = client.post(
        REVIEW, {**chosen, "confirm": "1", f"version-{note.pk}": note.version}, follow=True
    )
    assert "2 proposals approved; 1 note published." in response.content.decode()
    assert set(StatusProposal.objects.values_list("state", flat=True)) == {Review.APPROVED}
    assert EvidenceNote.objects.get().visibility == Visibility.PUBLIC
    assert ReviewDecision.objects.filter(decided_by=secretariat).count() == 3
    for rec in recs:
        rec.refresh_from_db()
        assert rec.status == Status.COMPLETED


def test_returning_needs_a_comment_which_only_the_author_reads(
    client, editor, ministry, secretariat
):
    rec = RecommendationFactory(lead_ministry=ministry)
    proposal = status_proposed(rec, user=editor)
    note = _submitted(rec, editor)
    login(client, secretariat)
    chosen = {"decision": "return", "proposal": [str(proposal.pk)], "note": [str(note.pk)]}
    refused = client.post(REVIEW, {**chosen, "confirm": "1"})
    assert refused.status_code == 400
    assert "Say why it is returned" in refused.content.decode()
    comment = "Attach the Cabinet conclusion"
    client.post(
        REVIEW,
        {**chosen, "comment": comment, "confirm": "1", f"version-{note.pk}": note.version},
    )
    proposal.refresh_from_db()
    note.refresh_from_db()
    assert (proposal.state, note.review) == (Review.RETURNED, NoteReview.RETURNED)

    author = login(client, editor)
    assert comment in author.get(change_url(rec)).content.decode()
    assert comment in author.get(note_url(note)).content.decode()
    assert comment in author.get(reverse("admin:index")).content.decode()
    colleague = login(client, EditorFactory(ministries=[ministry]))
    for url in (change_url(rec), note_url(note), reverse("admin:index")):
        assert comment not in colleague.get(url).content.decode()


def test_a_proposal_decided_meanwhile_is_not_decided_twice(client, editor, ministry, secretariat):
    rec = RecommendationFactory(lead_ministry=ministry)
    proposal = status_proposed(rec, user=editor)
    services.proposals_return(proposals=[proposal], user=secretariat, comment="No evidence")
    response = login(client, secretariat).post(
        REVIEW, {"decision": "approve", "proposal": [str(proposal.pk)], "confirm": "1"}
    )
    # No longer waiting, it is no choice of the queue's form.
    assert response.status_code == 400
    rec.refresh_from_db()
    assert rec.status == Status.NOT_STARTED


def test_an_editor_submits_a_note_with_the_status_they_propose(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    data.update(status=Status.COMPLETED, status_note="Done")
    add_inline_form(
        data,
        "evidence_notes",
        happened_on="2021-02-01",
        text="Shelter opened in Castries",
        link="",
        submit="on",
    )
    assert client.post(change_url(rec), data).status_code == 302
    note = EvidenceNote.objects.get()
    assert (note.visibility, note.review, note.author) == (
        Visibility.INTERNAL,
        NoteReview.SUBMITTED,
        editor,
    )
    assert StatusProposal.objects.pending().get().status == Status.COMPLETED


def test_the_queue_is_the_secretariats_only(client, editor):
    assert login(client, editor).get(REVIEW).status_code == 403
    assert client.post(REVIEW, {"decision": "approve"}).status_code == 403


def test_the_home_page_counts_what_waits_for_the_secretariat(client, editor, ministry, secretariat):
    rec = RecommendationFactory(lead_ministry=ministry)
    status_proposed(rec, user=editor)
    _submitted(rec, editor)
    content = login(client, secretariat).get(reverse("admin:index")).content.decode()
    assert "2 items wait for your review" in content
    assert REVIEW in content


def test_the_queue_in_french(client, secretariat, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    status_proposed(rec, user=editor)
    login(client, secretariat)
    client.cookies["django_language"] = "fr"
    content = client.get(REVIEW, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "File de relecture" in content
