"""The secretariat's review: an editor's status change waits as a proposal, the public pages,
CSV and feed show the approved status only, and each decision is recorded."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from recommendations import roles, services
from recommendations.models import (
    Decision,
    EvidenceNote,
    NoteReview,
    Review,
    ReviewDecision,
    Status,
    StatusChange,
    StatusProposal,
    Visibility,
)

from ..factories import RecommendationFactory, status_proposed

pytestmark = pytest.mark.django_db

PROPOSAL_NOTE = "SENTINEL proposal: the shelter opened"
NOTE_TEXT = "SENTINEL submitted note: SOPs adopted by Cabinet"


@pytest.fixture
def rec(ministry):
    """A recommendation the editor's ministry leads."""
    return RecommendationFactory(lead_ministry=ministry)


def _propose(rec, user, status=Status.COMPLETED):
    return status_proposed(rec, user=user, status=status, note=PROPOSAL_NOTE)


def _public_status(client, rec) -> set[str]:
    """The status the public CSV and the recommendation's page give ``rec``, as labels."""
    rows = b"".join(client.get(reverse("recommendations:export")).streaming_content)
    reader = csv.DictReader(io.StringIO(rows.decode("utf-8-sig")))
    in_csv = {row["status"] for row in reader if row["title"] == rec.title}
    page = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    # The first badge of its page is its status (then come its versions and its timeline).
    on_page = re.search(r'class="badge badge-(\w+)"', page).group(1)
    return in_csv | {str(Status(on_page).label)}


def _public(client, rec):
    pages = [
        client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode(),
        client.get(reverse("recommendations:home")).content.decode(),
        client.get(reverse("recommendations:feed")).content.decode(),
        b"".join(client.get(reverse("recommendations:export")).streaming_content).decode(),
    ]
    return "\n".join(pages)


def test_an_unapproved_proposal_never_reaches_a_public_page_csv_or_feed(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry, title="Open a shelter")
    _public(client, rec)  # the pages are cached as they were
    assert _public_status(client, rec) == {"Not started"}
    proposal = _propose(rec, editor)
    assert proposal.state == Review.PENDING
    assert PROPOSAL_NOTE not in _public(client, rec)
    assert _public_status(client, rec) == {"Not started"}


def test_an_approved_proposal_changes_the_status_under_the_proposers_name(
    client, editor, rec, secretariat
):
    assert _public_status(client, rec) == {"Not started"}
    proposal = _propose(rec, editor)
    assert services.proposals_approve(proposals=[proposal], user=secretariat) == 1
    rec.refresh_from_db()
    assert rec.status == Status.COMPLETED
    change = StatusChange.objects.get(recommendation=rec)
    assert (change.changed_by, change.note, change.old_status) == (
        editor,
        PROPOSAL_NOTE,
        Status.NOT_STARTED,
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.status_change) == (
        Review.APPROVED,
        secretariat,
        change,
    )
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.proposal) == (
        Decision.APPROVED,
        secretariat,
        proposal,
    )
    # The cached pages were forgotten: the public now reads Completed.
    assert _public_status(client, rec) == {"Completed"}
    # Deciding again changes nothing.
    assert services.proposals_approve(proposals=[proposal], user=secretariat) == 0


def test_a_returned_proposal_changes_nothing_and_needs_a_comment(editor, rec, secretariat):
    proposal = _propose(rec, editor)
    with pytest.raises(ValidationError):
        services.proposals_return(proposals=[proposal], user=secretariat, comment="  ")
    count = services.proposals_return(
        proposals=[proposal], user=secretariat, comment="Attach the shelter's licence"
    )
    assert count == 1
    proposal.refresh_from_db()
    assert (proposal.state, proposal.comment) == (Review.RETURNED, "Attach the shelter's licence")
    rec.refresh_from_db()
    assert rec.status == Status.NOT_STARTED and not StatusChange.objects.exists()


def test_only_the_secretariat_decides(editor, rec):
    proposal = _propose(rec, editor)
    for call in (
        lambda: services.proposals_approve(proposals=[proposal], user=editor),
        lambda: services.proposals_return(proposals=[proposal], user=editor, comment="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    proposal.refresh_from_db()
    assert proposal.state == Review.PENDING


def test_a_new_proposal_replaces_the_one_waiting(editor, rec):
    first = _propose(rec, editor, Status.IN_PROGRESS)
    # The same again, from a page that still shows it, records nothing new.
    assert _propose(rec, editor, Status.IN_PROGRESS) == first
    second = _propose(rec, editor, Status.COMPLETED)
    first.refresh_from_db()
    assert first.state == Review.WITHDRAWN and second.state == Review.PENDING
    assert StatusProposal.objects.pending().get() == second


def test_the_secretariats_own_change_needs_no_approval(rec, secretariat):
    assert _propose(rec, secretariat) is None
    rec.refresh_from_db()
    assert rec.status == Status.COMPLETED


@pytest.mark.parametrize(
    ("rule", "status", "waits"),
    [
        ("all", Status.IN_PROGRESS, True),
        ("all", Status.COMPLETED, True),
        ("completed", Status.IN_PROGRESS, False),
        ("completed", Status.COMPLETED, True),
        ("none", Status.COMPLETED, False),
    ],
)
def test_which_changes_wait_is_a_setting(settings, editor, rec, rule, status, waits):
    settings.TIPT_STATUS_REVIEW = rule
    assert roles.status_change_needs_review(editor, status) is waits
    proposal = _propose(rec, editor, status)
    rec.refresh_from_db()
    assert (proposal is not None, rec.status == status) == (waits, not waits)


def test_the_proposer_withdraws_their_proposal(editor, rec, colleague):
    proposal = _propose(rec, editor)
    with pytest.raises(PermissionDenied):
        services.status_proposal_withdraw(proposal=proposal, user=colleague)
    assert services.status_proposal_withdraw(proposal=proposal, user=editor)
    proposal.refresh_from_db()
    assert proposal.state == Review.WITHDRAWN


# --- notes submitted for publication ------------------------------------------------------


def _note(rec, editor, **kwargs):
    return services.evidence_note_add(
        recommendation=rec,
        user=editor,
        happened_on=datetime.date(2021, 2, 1),
        text=NOTE_TEXT,
        **kwargs,
    )


def test_a_submitted_note_stays_internal_until_published(client, editor, rec, secretariat):
    note = _note(rec, editor, submit=True)
    assert (note.visibility, note.review) == (Visibility.INTERNAL, NoteReview.SUBMITTED)
    assert NOTE_TEXT not in _public(client, rec)
    services.evidence_notes_publish(notes=[note], user=secretariat)
    note.refresh_from_db()
    assert (note.visibility, note.review) == (Visibility.PUBLIC, NoteReview.DRAFT)
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.note, decision.decided_by) == (
        Decision.PUBLISHED,
        note,
        secretariat,
    )
    assert NOTE_TEXT in _public(client, rec)


def test_a_returned_note_can_be_corrected_and_submitted_again(editor, rec, secretariat):
    note = _note(rec, editor)
    note = services.evidence_note_submit(note=note, user=editor)
    assert services.evidence_notes_return(notes=[note], user=secretariat, comment="No date") == 1
    note.refresh_from_db()
    assert note.review == NoteReview.RETURNED
    note = services.evidence_note_update(
        note=note,
        user=editor,
        version=note.version,
        happened_on=datetime.date(2021, 2, 3),
        text="SOPs adopted by Cabinet on 3 February",
        link="",
        visibility=Visibility.INTERNAL,
    )
    note = services.evidence_note_submit(note=note, user=editor)
    assert note.review == NoteReview.SUBMITTED


def test_only_its_author_submits_a_note(editor, rec, colleague):
    note = _note(rec, editor)
    with pytest.raises(PermissionDenied):
        services.evidence_note_submit(note=note, user=colleague)
    assert EvidenceNote.objects.get().review == NoteReview.DRAFT


def test_a_note_changed_since_it_was_shown_is_not_returned(editor, rec, secretariat):
    note = services.evidence_note_submit(note=_note(rec, editor), user=editor)
    with pytest.raises(services.EvidenceNoteConflict):
        services.evidence_notes_return(
            notes=[note],
            user=secretariat,
            comment="x",
            versions={note.pk: note.version - 1},
        )
    note.refresh_from_db()
    assert note.review == NoteReview.SUBMITTED and not ReviewDecision.objects.exists()


def test_a_status_set_directly_withdraws_the_proposal_it_overtakes(editor, rec, secretariat):
    proposal = _propose(rec, editor, Status.COMPLETED)
    assert status_proposed(rec, user=secretariat, status=Status.STALLED) is None
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (Review.WITHDRAWN, secretariat)
    assert services.proposals_approve(proposals=[proposal], user=secretariat) == 0
    rec.refresh_from_db()
    assert rec.status == Status.STALLED
