"""Enrol a TOTP device (an authenticator app) for a staff user's admin sign-in.

    python manage.py enrol_totp USERNAME [--name NAME] [--replace]

Prints the otpauth:// address as text and as a QR code for the authenticator app to scan.
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Enrol an authenticator app (TOTP) as a second sign-in factor for a staff user."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="A name for the device.")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the user's existing TOTP devices."
        )

    def handle(self, *args, username, name, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        if not user.is_staff:
            raise CommandError(f"{username} is not a staff user.")
        with transaction.atomic():
            existing = TOTPDevice.objects.devices_for_user(user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username} has an authenticator enrolled already; use --replace to change it."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        qr = qrcode.QRCode(border=1)
        qr.add_data(device.config_url)
        picture = io.StringIO()
        qr.print_ascii(out=picture, invert=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"Or enter this address in the authenticator app:\n{device.config_url}")
        self.stdout.write(
            self.style.SUCCESS(f"Enrolled an authenticator for {username}; keep it private.")
        )
