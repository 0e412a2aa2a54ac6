"""The daily digests: at most one email of each kind a day to each person. An editor's digest
lists what needs their attention (selectors/reminders.py); the secretariat's lists what waits
for its review (selectors/review.py). Each is written in its reader's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import roles
from ..models import ReminderDigest
from ..selectors.reminders import DUE_SOON_DAYS, STALE_DAYS, ReminderContent
from ..selectors.review import Queue
from ..writes import writing


def site_url() -> str:
    """The site's address as staff reach it, for the links in every mail TIPT sends."""
    return settings.TIPT_SITE_URL.rstrip("/")


def _digest_send(
    *, user, today, kind: str, count: int, compose: Callable[[], tuple[str, str]]
) -> ReminderDigest | None:
    """Email ``user`` the digest ``compose`` writes (its subject and body, composed in their
    language) unless they had one of ``kind`` today; returns the record, or None.

    The record is written before the mail goes and rolled back if sending fails, so two runs
    at once, or one after the other, never send the same person two digests of a kind on one
    day, and a digest that failed is sent by the next run.
    """
    if not user.email:
        return None
    with writing():
        digest, created = ReminderDigest.objects.get_or_create(
            user=user,
            kind=kind,
            sent_on=today,
            defaults={"email": user.email, "recommendation_count": count},
        )
        if not created:
            return None
        with translation.override(roles.language_of(user)):
            subject, body = compose()
        send_mail(subject, body, None, [user.email], fail_silently=False)
        return digest


def reminder_digest_send(*, user, today, content: ReminderContent) -> ReminderDigest | None:
    """An editor's digest of their ministries' overdue, due and stale recommendations."""

    def compose():
        context = {
            "user": user,
            "today": today,
            "content": content,
            "due_soon_days": DUE_SOON_DAYS,
            "stale_days": STALE_DAYS,
            "site_url": site_url(),
            "changelist": reverse("admin:recommendations_recommendation_changelist"),
        }
        subject = _("TIP recommendations: %(count)d need your attention") % {
            "count": content.count()
        }
        return subject, render_to_string("email/reminder_digest.txt", context)

    return _digest_send(
        user=user,
        today=today,
        kind=ReminderDigest.Kind.REMINDERS,
        count=content.count(),
        compose=compose,
    )


def review_digest_send(*, user, today, content: Queue) -> ReminderDigest | None:
    """A secretariat member's digest of what waits for review: how many proposals and notes,
    since when, and their recommendations; never a note's text (the queue shows it).
    ``content`` is the review queue (selectors.review.review_queue)."""
    queue = content

    def compose():
        context = {
            "user": user,
            "queue": queue,
            "oldest": queue.oldest_waiting_since,
            "more": queue.waiting - len(queue.proposals) - len(queue.notes),
            "site_url": site_url(),
            "queue_url": reverse("admin:review"),
        }
        subject = ngettext(
            "TIP review: %(count)d item waits for your decision",
            "TIP review: %(count)d items wait for your decision",
            queue.waiting,
        ) % {"count": queue.waiting}
        return subject, render_to_string("email/review_digest.txt", context)

    return _digest_send(
        user=user,
        today=today,
        kind=ReminderDigest.Kind.REVIEW,
        count=queue.waiting,
        compose=compose,
    )
