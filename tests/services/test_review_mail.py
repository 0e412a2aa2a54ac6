"""The review's mail: the secretariat's daily digest of what waits, and the mail an editor gets
when the secretariat decides on their proposal or note; each in its reader's language, none
with another person's note text."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import (
    Decision,
    Recommendation,
    ReminderDigest,
    Review,
    ReviewDecision,
    Status,
    StatusProposal,
    Visibility,
)
from recommendations.selectors.reminders import reminder_content
from recommendations.selectors.review import review_queue

from ..factories import (
    EditorFactory,
    RecommendationFactory,
    SecretariatFactory,
    evidence_note_resaved,
    status_proposed,
)

pytestmark = pytest.mark.django_db

SENTINEL = "SENTINEL victim named in an internal note"
COMMENT = "Attach the Cabinet decision"


@pytest.fixture
def reviewer():
    return SecretariatFactory(username="coordinator", email="coordinator@example.org")


@pytest.fixture
def author(labour):
    return EditorFactory(
        username="focal", first_name="Amelia", last_name="Joseph", ministries=[labour]
    )


def _submitted(rec, user, *, text=SENTINEL, day=datetime.date(2021, 2, 1)):
    return services.evidence_note_add(
        recommendation=rec, user=user, happened_on=day, text=text, submit=True
    )


def _french(user):
    services.staff_profile_set_language(user=user, language="fr")


def _everything(mailoutbox) -> str:
    return "\n".join(f"{mail.subject}\n{mail.body}" for mail in mailoutbox)


# --- the secretariat's review digest ----------------------------------------------------------


def test_the_review_digest_counts_lists_and_links_what_waits_without_note_text(
    mailoutbox, reviewer, author, labour
):
    first = RecommendationFactory(lead_ministry=labour, title="Open a shelter")
    second = RecommendationFactory(lead_ministry=labour, title="Adopt the SOPs")
    status_proposed(first, user=author)
    _submitted(second, author)
    queue = review_queue(evidence=False)
    today = timezone.localdate()
    assert services.review_digest_send(user=reviewer, today=today, content=queue)
    (mail,) = mailoutbox
    assert mail.to == ["coordinator@example.org"]
    assert "2 items wait for your decision" in mail.subject
    assert "1 status proposal waits for your review." in mail.body
    assert "1 evidence note waits for publication." in mail.body
    oldest = timezone.localtime(StatusProposal.objects.get().proposed_at).date()
    assert f"The oldest has waited since {oldest.isoformat()}." in mail.body
    assert f"http://127.0.0.1:8000{reverse('admin:review')}" in mail.body
    for rec, how in [(first, "proposed by"), (second, "written by")]:
        line = f"- {rec.report.year} #{rec.position} {rec.title} ({labour}; {how} Amelia Joseph)"
        assert line in mail.body
    assert SENTINEL not in mail.body
    digest = ReminderDigest.objects.get()
    assert (digest.kind, digest.recommendation_count) == (ReminderDigest.Kind.REVIEW, 2)


def test_a_review_digest_and_a_reminder_digest_are_two_kinds_of_one_day(
    mailoutbox, reviewer, labour
):
    today = timezone.localdate()
    RecommendationFactory(lead_ministry=labour, target_date=today - datetime.timedelta(days=1))
    editor = EditorFactory(ministries=[labour])
    status_proposed(RecommendationFactory(lead_ministry=labour), user=editor)
    content = reminder_content(user=editor, today=today)
    assert services.reminder_digest_send(user=editor, today=today, content=content)
    assert services.review_digest_send(user=editor, today=today, content=review_queue())
    assert not services.review_digest_send(user=editor, today=today, content=review_queue())
    assert len(mailoutbox) == 2


def test_the_editors_reminder_digest_is_in_their_language(mailoutbox, labour):
    today = timezone.localdate()
    RecommendationFactory(lead_ministry=labour, target_date=today - datetime.timedelta(days=1))
    editor = EditorFactory(ministries=[labour])
    _french(editor)
    content = reminder_content(user=editor, today=today)
    assert services.reminder_digest_send(user=editor, today=today, content=content)
    (mail,) = mailoutbox
    assert "Recommandations TIP : 1 requièrent votre attention" in mail.subject
    assert "requièrent votre attention" in mail.body and "need your attention" not in mail.body


# --- the decisions, mailed to their authors ---------------------------------------------------


def test_an_approval_is_mailed_to_the_proposer_only_with_the_comment(
    mailoutbox, reviewer, author, labour
):
    colleague = EditorFactory(ministries=[labour])
    rec = RecommendationFactory(lead_ministry=labour, title="Open a shelter")
    proposal = status_proposed(rec, user=author)
    status_proposed(
        RecommendationFactory(lead_ministry=labour), user=colleague
    )  # waits, not decided
    services.proposals_approve(proposals=[proposal], user=reviewer, comment=COMMENT)
    (mail,) = mailoutbox
    assert mail.to == [author.email]
    assert f"{rec.report.year} #{rec.position} Open a shelter" in mail.body
    assert 'Your proposal to mark it "Completed" was approved' in mail.body
    assert f"Comment: {COMMENT}" in mail.body
    change = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    assert f"http://127.0.0.1:8000{change}" in mail.body


def test_one_mail_per_author_for_a_batch_of_returns(mailoutbox, reviewer, author, labour):
    colleague = EditorFactory(ministries=[labour])
    mine = [RecommendationFactory(lead_ministry=labour) for _ in range(2)]
    theirs = RecommendationFactory(lead_ministry=labour)
    proposals = [status_proposed(rec, user=author) for rec in mine] + [
        status_proposed(theirs, user=colleague)
    ]
    assert services.proposals_return(proposals=proposals, user=reviewer, comment=COMMENT) == 3
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_recipient) == sorted([author.email, colleague.email])
    assert "2 decisions" in by_recipient[author.email].subject
    for rec in mine:
        assert f"#{rec.position} {rec.title}" in by_recipient[author.email].body
    assert f"#{theirs.position} {theirs.title}" not in by_recipient[author.email].body
    assert by_recipient[author.email].body.count("was returned: its status is unchanged") == 2


def test_a_returned_note_is_named_by_its_date_and_no_note_text_is_mailed(
    mailoutbox, reviewer, author, labour
):
    colleague = EditorFactory(ministries=[labour])
    rec = RecommendationFactory(lead_ministry=labour)
    notes = [
        _submitted(rec, author, text=f"{SENTINEL} (mine)", day=datetime.date(2021, 2, 1)),
        _submitted(rec, colleague, text=f"{SENTINEL} (theirs)"),
    ]
    assert services.evidence_notes_return(notes=notes, user=reviewer, comment=COMMENT) == 2
    assert len(mailoutbox) == 2
    mine = next(mail for mail in mailoutbox if mail.to == [author.email])
    assert "Your evidence note of 2021-02-01 was returned: it stays internal." in mine.body
    assert f"Comment: {COMMENT}" in mine.body
    assert SENTINEL not in _everything(mailoutbox)


def test_a_published_submitted_note_is_mailed_to_its_author_in_their_language(
    mailoutbox, reviewer, author, labour
):
    _french(author)
    rec = RecommendationFactory(lead_ministry=labour)
    note = _submitted(rec, author)
    never_submitted = services.evidence_note_add(
        recommendation=rec,
        user=EditorFactory(ministries=[labour]),
        happened_on=note.happened_on,
        text=SENTINEL,
    )
    assert services.evidence_notes_publish(notes=[note, never_submitted], user=reviewer) == 2
    (mail,) = mailoutbox
    assert mail.to == [author.email]
    assert "Relecture TIP : 1 décision" in mail.subject
    assert "Votre note de preuve du 2021-02-01 a été publiée." in mail.body
    assert "Bonjour Amelia Joseph," in mail.body
    assert SENTINEL not in mail.body


def test_a_submitted_note_published_from_its_edit_form_is_mailed_once(
    mailoutbox, reviewer, author, labour
):
    note = _submitted(RecommendationFactory(lead_ministry=labour), author)
    evidence_note_resaved(note, user=reviewer, visibility=Visibility.PUBLIC)
    (mail,) = mailoutbox
    assert mail.to == [author.email] and "was published" in mail.body
    # Saved again, public as it was: no new decision, no new mail.
    note.refresh_from_db()
    evidence_note_resaved(note, user=reviewer, link="https://gov.lc/sops.pdf")
    assert len(mailoutbox) == 1


def test_no_mail_to_an_author_without_an_address_or_account(mailoutbox, reviewer, labour):
    silent = EditorFactory(email="", ministries=[labour])
    gone = EditorFactory(ministries=[labour])
    proposals = [
        status_proposed(RecommendationFactory(lead_ministry=labour), user=user)
        for user in (silent, gone)
    ]
    gone.is_active = False
    gone.save()
    services.proposals_approve(proposals=proposals, user=reviewer)
    assert mailoutbox == []
    assert ReviewDecision.objects.count() == 2


def test_the_mail_goes_only_once_the_decision_is_committed(
    forgotten_after_commit, django_capture_on_commit_callbacks, mailoutbox, reviewer, author, labour
):
    proposal = status_proposed(RecommendationFactory(lead_ministry=labour), user=author)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.proposals_approve(proposals=[proposal], user=reviewer)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_a_mail_server_failure_leaves_the_decision_and_logs_no_note_text(
    forgotten_after_commit,
    django_capture_on_commit_callbacks,
    monkeypatch,
    caplog,
    mailoutbox,
    reviewer,
    author,
    labour,
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(f"mail server down while sending {args[1]}")

    monkeypatch.setattr("recommendations.services.review_mail.send_mail", refuse)
    rec = RecommendationFactory(lead_ministry=labour)
    proposal = status_proposed(rec, user=author)
    note = _submitted(rec, author)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        services.proposals_approve(proposals=[proposal], user=reviewer, comment=COMMENT)
        services.evidence_notes_return(notes=[note], user=reviewer, comment=COMMENT)
    proposal.refresh_from_db()
    assert proposal.state == Review.APPROVED
    assert Recommendation.objects.get(pk=rec.pk).status == Status.COMPLETED
    assert set(ReviewDecision.objects.values_list("decision", flat=True)) == {
        Decision.APPROVED,
        Decision.RETURNED,
    }
    assert mailoutbox == []
    failures = [r for r in caplog.records if r.name == "recommendations.services.review_mail"]
    assert len(failures) == 2
    for record in failures:
        assert record.exc_info is None
        assert SENTINEL not in record.getMessage() and COMMENT not in record.getMessage()
