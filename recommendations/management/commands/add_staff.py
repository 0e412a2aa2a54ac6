"""Create or update a staff account with its role and ministries.

    manage.py add_staff amelia --role editor --ministry labour --ministry police --email a@gov.lc
    manage.py add_staff amelia --role editor --ministry labour --language fr --noinput
    TIPT_STAFF_PASSWORD=... manage.py add_staff amelia --role secretariat --noinput

Without --noinput the password is asked twice (for a new account, or to change it: leave it
empty to keep the current one). With --noinput it comes from TIPT_STAFF_PASSWORD, as
createsuperuser takes DJANGO_SUPERUSER_PASSWORD; without that variable a new account gets no
usable password and an existing one keeps its own. --language sets the language of the mail
TIPT sends them (a new account's is the site's, an existing one keeps its own without it).
"""

import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.services import StaffAccountError, staff_role_check, staff_user_save

PASSWORD_VARIABLE = "TIPT_STAFF_PASSWORD"  # noqa: S105 (the name, not a password)


class Command(BaseCommand):
    help = "Create or update a staff user: secretariat, or editor of one or more ministries."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help="secretariat or editor")
        parser.add_argument(
            "--ministry",
            action="append",
            default=[],
            dest="ministries",
            metavar="SLUG",
            help="A ministry this person works for (repeat for several).",
        )
        parser.add_argument("--email", help="Their email address, for reminders.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"The language of their mail (default: {settings.LANGUAGE_CODE}).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Ask nothing; the password comes from {PASSWORD_VARIABLE}.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check, but save nothing.")

    def handle(
        self, *args, username, role, ministries, email, language, interactive, dry_run, **options
    ):
        try:
            # Before asking for a password, so a typo in a slug costs nothing.
            staff_role_check(role=role, ministry_slugs=ministries)
        except StaffAccountError as error:
            raise CommandError(str(error)) from error
        exists = get_user_model().objects.filter(username=username).exists()
        if interactive:
            password = self._ask_password(exists)
        else:
            password = os.environ.get(PASSWORD_VARIABLE) or None
        try:
            with transaction.atomic():
                user, created = staff_user_save(
                    username=username,
                    role=role,
                    ministry_slugs=ministries,
                    email=email,
                    password=password,
                    language=language,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        except StaffAccountError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            verb = "Would create" if created else "Would update"
        else:
            verb = "Created" if created else "Updated"
        where = f" for {', '.join(ministries)}" if ministries else ""
        self.stdout.write(self.style.SUCCESS(f"{verb} {username} ({role}){where}."))
        if created and password is None and not dry_run:
            self.stdout.write(
                f"{username} has no password yet: run add_staff again without --noinput, or "
                f"with {PASSWORD_VARIABLE} set, to give one."
            )

    def _ask_password(self, exists):
        prompt = "Password (empty keeps the current one): " if exists else "Password: "
        while True:
            password = getpass.getpass(prompt)
            if not password and exists:
                return None
            if not password:
                self.stderr.write("The password cannot be empty.")
                continue
            if getpass.getpass("Password (again): ") != password:
                self.stderr.write("The passwords do not match; try again.")
                continue
            return password
