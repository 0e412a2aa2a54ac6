"""The mail an editor gets when the secretariat decides on what they sent in: their status
proposal approved or returned, their evidence note published or returned.

The services of the review call ``decisions_notify`` with the ReviewDecision rows they wrote;
once their transaction commits, each author (active, with an email, not the reviewer
themselves) gets one mail listing their items of that batch, in their language, with the
reviewer's comment and a link to each recommendation. A note is named by its date, never by
its text. A mail that cannot go is logged in one line and changes nothing: the decision stands.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from .. import roles
from ..models import ReviewDecision, report_texts
from .reminders import site_url

logger = logging.getLogger(__name__)


def decisions_notify(decisions) -> None:
    """Once the current transaction commits, mail each author the ``decisions`` on their
    proposals and notes (one mail per author)."""
    chosen = [decision.pk for decision in decisions]
    if chosen:
        transaction.on_commit(lambda: _decisions_mail(chosen))


def _author(decision):
    return decision.proposal.proposed_by if decision.proposal_id else decision.note.author


def _decisions_mail(decision_ids) -> None:
    # Read again after the commit: what a rolled-back write recorded is not there to mail.
    decisions = (
        ReviewDecision.objects.filter(pk__in=decision_ids)
        .select_related(
            "recommendation__report",
            "proposal__proposed_by__tipt_profile",
            "note__author__tipt_profile",
        )
        .defer("note__text", *report_texts("recommendation__report"))
        .order_by("pk")
    )
    by_author: dict[int, list[ReviewDecision]] = {}
    authors = {}
    for decision in decisions:
        if not (decision.proposal_id or decision.note_id):
            continue
        author = _author(decision)
        if author is None or not (author.is_active and author.email):
            continue
        if author.pk == decision.decided_by_id:
            continue  # nobody needs telling what they decided themselves
        authors[author.pk] = author
        by_author.setdefault(author.pk, []).append(decision)
    for author_id, theirs in by_author.items():
        _mail_one(authors[author_id], theirs)


def _mail_one(author, decisions) -> None:
    with translation.override(roles.language_of(author)):
        context = {"user": author, "decisions": decisions, "site_url": site_url()}
        subject = ngettext(
            "TIP review: %(count)d decision on what you sent in",
            "TIP review: %(count)d decisions on what you sent in",
            len(decisions),
        ) % {"count": len(decisions)}
        body = render_to_string("email/review_decision.txt", context)
    try:
        send_mail(subject, body, None, [author.email], fail_silently=False)
    except Exception as error:  # noqa: BLE001 (any mail failure; the decision stands)
        # One line, no traceback: what the mail said stays out of the log.
        logger.warning(
            "Review decision mail to user %s not sent: %s", author.pk, type(error).__name__
        )
