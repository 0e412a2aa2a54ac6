"""The reminder digest: one email a day at most to each editor, listing what needs their
attention (what it lists is a read: selectors/reminders.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import ReminderDigest
from ..selectors.reminders import DUE_SOON_DAYS, STALE_DAYS, ReminderContent
from ..writes import writing


def reminder_digest_send(*, user, today, content: ReminderContent) -> ReminderDigest | None:
    """Email ``user`` their digest unless they had one today; returns the record, or None.

    The record is written before the mail goes and rolled back if sending fails, so two runs
    at once, or one after the other, never send the same person two digests on one day.
    """
    if not user.email:
        return None
    with writing():
        digest, created = ReminderDigest.objects.get_or_create(
            user=user,
            sent_on=today,
            defaults={"email": user.email, "recommendation_count": content.count()},
        )
        if not created:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "today": today,
                "content": content,
                "due_soon_days": DUE_SOON_DAYS,
                "stale_days": STALE_DAYS,
                "site_url": settings.TIPT_SITE_URL.rstrip("/"),
                "changelist": reverse("admin:recommendations_recommendation_changelist"),
            }
            subject = _("TIP recommendations: %(count)d need your attention") % {
                "count": content.count()
            }
            body = render_to_string("email/reminder_digest.txt", context)
        send_mail(subject, body, None, [user.email], fail_silently=False)
        return digest
