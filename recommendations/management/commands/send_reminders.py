"""Email the daily digests: each ministry editor one digest of what needs their attention, and
each member of the secretariat one digest of what waits for its review.

An editor's digest lists their ministries' recommendations that are overdue, due within 30
days, or not updated for 90 days, and 30, 14 and 3 days before a submission deadline those
with no evidence in the period. The secretariat's review digest says how many status
proposals and evidence notes wait, since when, and for which recommendations (never a note's
text), with a link to the review queue. Each is written in its reader's language (their staff
profile's). Each person gets at most one digest of each kind a day, however often this runs
(each sent digest is recorded); people with nothing to report or no email get nothing. Meant
to run daily (or more often) from cron:

    manage.py send_reminders
    manage.py send_reminders --dry-run
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations import roles
from recommendations.models import ReminderDigest
from recommendations.selectors.reminders import digest_sent, reminder_content
from recommendations.selectors.review import review_queue, waiting_count
from recommendations.services import reminder_digest_send, review_digest_send

LABELS = {ReminderDigest.Kind.REMINDERS: "digest", ReminderDigest.Kind.REVIEW: "review digest"}
NOTHING = {
    ReminderDigest.Kind.REMINDERS: "nothing to report.",
    ReminderDigest.Kind.REVIEW: "nothing waits for review.",
}


class Command(BaseCommand):
    help = (
        "Email each ministry editor one daily digest of their overdue and stale work, and "
        "each secretariat member one daily digest of what waits for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say who would get what.")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to report on, as YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, dry_run, date, **options):
        today = date or timezone.localdate()
        self.dry_run, self.sent, self.failed = dry_run, 0, 0
        for user in _members(roles.EDITOR):
            self._digest(
                user,
                today=today,
                kind=ReminderDigest.Kind.REMINDERS,
                content=lambda user=user: _reminders(user, today),
                send=reminder_digest_send,
            )
        # What waits is the same for everyone: read once, for the whole secretariat.
        queue = review_queue(evidence=False) if waiting_count() else None
        for user in _members(roles.SECRETARIAT):
            self._digest(
                user,
                today=today,
                kind=ReminderDigest.Kind.REVIEW,
                content=lambda: _review(queue),
                send=review_digest_send,
            )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Would send digests as listed above; none sent."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Sent {self.sent} digest(s)."))
        if self.failed:
            raise CommandError(f"{self.failed} digest(s) could not be sent; run again to retry.")

    def _digest(self, user, *, today, kind, content, send) -> None:
        """Send ``user`` their digest of ``kind`` unless they had it today: ``content()``
        gives what it lists and a summary, ``send(user=, today=, content=)`` sends it."""
        label = LABELS[kind]
        if not user.email:
            self.stdout.write(f"{user.username}: no email address; skipped.")
            return
        if digest_sent(user=user, kind=kind, today=today):
            self.stdout.write(f"{user.username}: already had today's {label}.")
            return
        listed, summary = content()
        if not listed:
            self.stdout.write(f"{user.username}: {NOTHING[kind]}")
            return
        if self.dry_run:
            self.stdout.write(f"{user.username}: would send ({summary}).")
            return
        # Each digest is its own transaction: one failed mail does not undo the others,
        # and is not recorded, so the next run tries again.
        try:
            digest = send(user=user, today=today, content=listed)
        except OSError as error:
            self.failed += 1
            self.stderr.write(f"{user.username}: {label} not sent: {error}")
            return
        if digest:
            self.sent += 1
            self.stdout.write(f"{user.username}: sent ({summary}).")


def _members(group: str):
    """The active members of a role's group, by username."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=group)
        .select_related("tipt_profile")
        .order_by("username")
        .distinct()
    )


def _reminders(user, today):
    content = reminder_content(user=user, today=today)
    summary = (
        f"{len(content.overdue)} overdue, {len(content.due_soon)} due soon, "
        f"{len(content.not_updated)} not updated, "
        f"{sum(len(metrics) for _m, metrics in content.statistics_missing)} statistics to enter"
    )
    if content.submission_due:
        without = sum(len(due.without_evidence) for due in content.submission_due)
        summary += f", {without} without evidence before the submission deadline"
    return content, summary


def _review(queue):
    if not queue:
        return None, ""
    summary = (
        f"review: {queue.proposals_waiting} proposal(s), {queue.notes_waiting} note(s) waiting"
    )
    return queue, summary
