"""Production defaults: deploy checks, security headers, host checking, TOTP sign-in."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x9Kq2" * 10,
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "tipt.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tipt.example.org",
    "DATABASE_URL": "sqlite:////tmp/tipt-deploy-check.sqlite3",
}


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIPT_"))}
    env.update(PRODUCTION_ENV, DJANGO_ENV_FILE=str(tmp_path / "none.env"))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers_on_a_public_page(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("default-src", "")
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 301 and response.url.startswith("https://")


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/healthz", HTTP_HOST="evil.example.com").status_code == 400


@pytest.mark.django_db
def test_admin_sign_in_needs_a_totp_code_when_required(client, settings):
    settings.TIPT_REQUIRE_2FA = True
    user = UserFactory(username="secretary", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    credentials = {"username": "secretary", "password": "correct horse battery staple"}

    response = client.post("/admin/login/?next=/admin/", credentials)
    assert response.status_code == 200  # refused: no code
    assert client.get("/admin/").status_code == 302

    response = client.post(
        "/admin/login/?next=/admin/",
        {**credentials, "otp_device": device.persistent_id, "otp_token": "000000"},
    )
    assert client.get("/admin/").status_code == 302  # a wrong code is refused too

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post(
        "/admin/login/?next=/admin/",
        {**credentials, "otp_device": device.persistent_id, "otp_token": code},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_but_unverified_user_is_kept_out_when_2fa_is_required(client, settings):
    settings.TIPT_REQUIRE_2FA = True
    client.force_login(UserFactory(is_superuser=True))
    assert client.get("/admin/").status_code == 302
    settings.TIPT_REQUIRE_2FA = False
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_enrol_totp_prints_the_address_once_and_refuses_a_second_device():
    UserFactory(username="focal")
    out = StringIO()
    call_command("enrol_totp", "focal", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("enrol_totp", "focal", stdout=StringIO())
    call_command("enrol_totp", "focal", "--replace", stdout=StringIO())
    assert TOTPDevice.objects.filter(user__username="focal").count() == 1


@pytest.mark.django_db
def test_enrol_totp_refuses_unknown_or_non_staff_users():
    UserFactory(username="citizen", is_staff=False)
    with pytest.raises(CommandError, match="No user"):
        call_command("enrol_totp", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="not a staff user"):
        call_command("enrol_totp", "citizen", stdout=StringIO())
