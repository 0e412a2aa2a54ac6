"""Email each ministry editor one digest of what needs their attention.

The digest lists their ministries' recommendations that are overdue, due within 30 days, or
not updated for 90 days. Each person gets at most one digest a day, however often this runs
(each sent digest is recorded); people with nothing to report or no email get nothing. Meant
to run daily from cron:

    manage.py send_reminders
    manage.py send_reminders --dry-run
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations import roles
from recommendations.models import ReminderDigest
from recommendations.selectors.reminders import reminder_content
from recommendations.services import reminder_digest_send


class Command(BaseCommand):
    help = "Email each ministry editor one daily digest of their overdue and stale work."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say who would get what.")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The day to report on, as YYYY-MM-DD (default: today).",
        )

    def handle(self, *args, dry_run, date, **options):
        today = date or timezone.localdate()
        editors = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.EDITOR)
            .order_by("username")
            .distinct()
        )
        sent = failed = 0
        for user in editors:
            if not user.email:
                self.stdout.write(f"{user.username}: no email address; skipped.")
                continue
            if ReminderDigest.objects.filter(user=user, sent_on=today).exists():
                self.stdout.write(f"{user.username}: already had today's digest.")
                continue
            content = reminder_content(user=user, today=today)
            if not content:
                self.stdout.write(f"{user.username}: nothing to report.")
                continue
            summary = (
                f"{len(content.overdue)} overdue, {len(content.due_soon)} due soon, "
                f"{len(content.not_updated)} not updated"
            )
            if dry_run:
                self.stdout.write(f"{user.username}: would send ({summary}).")
                continue
            # Each digest is its own transaction: one failed mail does not undo the others,
            # and is not recorded, so the next run tries again.
            try:
                digest = reminder_digest_send(user=user, today=today, content=content)
            except OSError as error:
                failed += 1
                self.stderr.write(f"{user.username}: not sent: {error}")
                continue
            if digest:
                sent += 1
                self.stdout.write(f"{user.username}: sent ({summary}).")
        verb = "Would send" if dry_run else "Sent"
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"{verb} digests as listed above; none sent."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{verb} {sent} digest(s)."))
        if failed:
            raise CommandError(f"{failed} digest(s) could not be sent; run again to retry.")
