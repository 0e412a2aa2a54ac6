"""Review before publication, in a real browser: a Police editor proposes Completed with an
evidence note submitted for publication; the public still reads the status as it was; the
secretariat approves both in the review queue after its confirmation page; the public
dashboard then counts the recommendation completed and its page shows the note. The queue and
the home pages are saved as screenshots at 1280 and 375 px, and axe-core finds nothing on the
staff pages visited."""

import re

import pytest

from recommendations import services
from recommendations.models import EvidenceNote, Recommendation, Review, Status, StatusProposal

from ..factories import status_proposed
from .conftest import check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = "The shelter for child victims opened in Castries, with 12 beds."


def _completed(page, site) -> int:
    """How many the public dashboard says are completed ("N of M completed")."""
    page.goto(site + "/")
    figure = page.locator(".stat-figure").first.inner_text()
    return int(re.match(r"(\d+) of \d+ completed", figure).group(1))


def test_an_editors_completed_reaches_the_public_once_the_secretariat_approves(
    demo, page, artifacts
):
    rec = Recommendation.objects.exclude(status=Status.COMPLETED).order_by("position").first()
    Recommendation.objects.filter(pk=rec.pk).update(lead_ministry=_focal_ministry())
    completed_before = _completed(page, demo)

    sign_in(page, demo, "focal")
    page.goto(demo + f"/admin/recommendations/recommendation/{rec.pk}/change/")
    page.select_option("#id_status", Status.COMPLETED)
    page.fill("#id_status_note", "Shelter opened")
    page.get_by_text("Add another Evidence note").click()
    page.fill("#id_evidence_notes-0-happened_on", "31/03/2026")
    page.fill("#id_evidence_notes-0-text", EVIDENCE)
    page.check("#id_evidence_notes-0-submit")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert "waits for the secretariat's review" in page.locator(".messagelist").inner_text()
    assert axe_violations_none(page)
    proposal = StatusProposal.objects.get(recommendation=rec)
    assert proposal.state == Review.PENDING
    # The public reads the status as it was.
    assert _completed(page, demo) == completed_before
    page.goto(demo + f"/recommendations/{rec.pk}/")
    assert EVIDENCE not in page.content()

    page.context.clear_cookies()
    sign_in(page, demo, "coordinator")
    assert "2 items wait for your review" in page.locator("#content").inner_text()
    page.click("text=Open the review queue")
    check(page, artifacts, "review-queue", 1280)
    page.check(f"#proposal-{proposal.pk}")
    note = EvidenceNote.objects.get(recommendation=rec)
    page.check(f"#note-{note.pk}")
    page.check("input[name=decision][value=approve]")
    with page.expect_navigation():
        page.click("text=Continue")
    assert EVIDENCE in page.locator("#content").inner_text()
    check(page, artifacts, "review-confirm", 1280)
    with page.expect_navigation():
        page.click("input[name=confirm]")
    assert "1 proposal approved; 1 note published." in page.locator(".messagelist").inner_text()
    assert "No status proposal waits" in page.content() or "0 items wait" in page.content()

    assert _completed(page, demo) == completed_before + 1
    page.goto(demo + f"/recommendations/{rec.pk}/")
    assert EVIDENCE in page.content()


def test_the_review_queue_and_home_pages_fit_both_widths(demo, sized_page, artifacts):
    page, width = sized_page
    rec = Recommendation.objects.order_by("position").first()
    editor = _focal()
    Recommendation.objects.filter(pk=rec.pk).update(lead_ministry=_focal_ministry())
    rec.refresh_from_db()
    status_proposed(rec, user=editor, status=Status.COMPLETED, note="Shelter opened")
    note = services.evidence_note_add(
        recommendation=rec, user=editor, happened_on="2026-03-31", text=EVIDENCE, submit=True
    )
    sign_in(page, demo, "coordinator")
    check(page, artifacts, "home-review-secretariat", width)
    page.goto(demo + "/admin/review/")
    check(page, artifacts, "review-queue", width)
    services.evidence_notes_return(
        notes=[note], user=_coordinator(), comment="Add the opening date and the licence"
    )
    page.context.clear_cookies()
    sign_in(page, demo, "focal")
    assert (
        "Add the opening date and the licence"
        in page.locator("#tipt-returned").locator("..").inner_text()
    )
    check(page, artifacts, "home-returned-editor", width)


def _focal():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="focal")


def _coordinator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="coordinator")


def _focal_ministry():
    return _focal().ministries.get()


def axe_violations_none(page) -> bool:
    from .conftest import axe_violations

    found = axe_violations(page)
    assert found == [], found
    return True


def test_an_editor_corrects_a_returned_note_and_submits_it_again(demo, page, artifacts):
    rec = Recommendation.objects.order_by("position").first()
    editor = _focal()
    Recommendation.objects.filter(pk=rec.pk).update(lead_ministry=_focal_ministry())
    note = services.evidence_note_add(
        recommendation=rec, user=editor, happened_on="2026-03-31", text=EVIDENCE, submit=True
    )
    services.evidence_notes_return(notes=[note], user=_coordinator(), comment="Which town?")
    sign_in(page, demo, "focal")
    page.click(
        "#tipt-returned ~ ul a[href*='evidencenote'], .tipt-review-work a[href*='evidencenote']"
    )
    assert "Returned: “Which town?”" in page.locator("#content").inner_text()
    check(page, artifacts, "note-returned", 1280)
    page.fill("#id_text", EVIDENCE + " In Castries.")
    page.check("#id_submit")
    with page.expect_navigation():
        page.click("input[name=_save]")
    note.refresh_from_db()
    assert note.text.endswith("In Castries.") and note.review == "submitted"
