"""Production defaults: deploy checks, security headers, host checking, TOTP sign-in."""

import logging
import os
import subprocess
import sys
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core import signals
from django.core.management import CommandError, call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from recommendations.public.cache import hot_pages
from tipt.error_reports import WithoutTraceback

from .admin_forms import authenticator_code
from .factories import TOTPDeviceFactory, UserFactory

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


@pytest.mark.django_db
@pytest.mark.parametrize("served", ["rendered", "kept by this process", "from the shared cache"])
def test_security_headers_on_a_public_page(client, settings, served):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    if served != "rendered":
        if served == "from the shared cache":
            hot_pages.clear()
        response = client.get("/", secure=True)
        assert not hasattr(response, "context_data")  # served from a cache, not the view
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("default-src", "")
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# Addresses that look like the health check's and are not it: none is exempt from HTTPS or
# from host checking.
NOT_THE_HEALTH_CHECK = [
    "/",
    "/admin/login/",
    "/healthz/",
    "/healthz/x",
    "/healthzz",
    "/Healthz",
    "/fr/healthz",
    "/recommendations/?next=/healthz",
]


@pytest.mark.parametrize("path", NOT_THE_HEALTH_CHECK)
def test_plain_http_is_redirected_to_https_in_production(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path)
    assert response.status_code == 301 and response.url.startswith("https://")


@pytest.mark.parametrize("path", NOT_THE_HEALTH_CHECK)
def test_a_foreign_host_header_is_refused(client, path):
    assert client.get(path, HTTP_HOST="evil.example.com").status_code == 400


@pytest.mark.parametrize(
    "host", ["tipt.example.org", "evil.example.com", "10.0.3.7", "10.0.3.7:8000", "[fd00::7]:8000"]
)
@pytest.mark.parametrize("method", ["get", "head"])
def test_the_health_check_answers_over_plain_http_for_any_host(client, settings, host, method):
    """A load balancer probes each app server by its address, over plain HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["tipt.example.org"]
    response = getattr(client, method)("/healthz", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain" and response["Content-Length"] == "2"
    assert response.content == (b"ok" if method == "get" else b"")


def test_the_health_check_answers_a_server_probed_by_its_address(settings):
    settings.SECURE_SSL_REDIRECT = True
    status, headers, body = wsgi_call("GET", "/healthz", host="10.0.3.7:8000")
    assert (status, body, headers["Content-Length"]) == ("200 OK", b"ok", "2")


def test_the_health_check_exemption_is_for_reading_it_only(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.post("/healthz").status_code == 301
    assert client.post("/healthz", HTTP_HOST="evil.example.com", secure=True).status_code == 400


def test_a_refused_host_is_logged_in_one_line_without_traceback(client):
    (handler,) = [
        handler
        for handler in logging.getLogger("django.security").handlers
        if any(isinstance(f, WithoutTraceback) for f in handler.filters)
    ]
    output = StringIO()
    previous = handler.setStream(output)
    try:
        client.get("/", HTTP_HOST="evil.example.com")
    finally:
        handler.setStream(previous)
    assert "Invalid HTTP_HOST header: 'evil.example.com'" in output.getvalue()
    assert "Traceback" not in output.getvalue()


def wsgi_call(method, path, host="testserver"):
    """Through the WSGI handler as a server calls it; the test client drops HEAD bodies itself,
    so it cannot show what the application sends."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": StringIO(),
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's transaction keeps the connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = get_wsgi_application()(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/", "/recommendations/", "/feed/"])
def test_head_answers_the_get_headers_without_a_body(path):
    call_command("load_demo", "--no-admin", stdout=StringIO())
    get_status, get_headers, get_body = wsgi_call("GET", path)
    head_status, head_headers, head_body = wsgi_call("HEAD", path)
    assert get_status == head_status == "200 OK"
    assert get_body and head_body == b""
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
    assert head_headers["Content-Type"] == get_headers["Content-Type"]


@pytest.mark.django_db
def test_head_of_a_refused_request_has_no_body_either():
    status, _headers, body = wsgi_call("HEAD", "/", host="evil.example.com")
    assert status.startswith("400") and body == b""


@pytest.mark.django_db
def test_head_of_the_streamed_export_sends_no_rows():
    call_command("load_demo", "--no-admin", stdout=StringIO())
    status, headers, body = wsgi_call("HEAD", "/recommendations/export.csv")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/csv")
    assert body == b""


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


SIGN_IN = "/admin/login/?next=/admin/"
SECRETARY = {"username": "secretary", "password": "correct horse battery staple"}


@pytest.mark.django_db
def test_admin_sign_in_with_one_device_needs_only_username_password_and_code(client, settings):
    """As the sign-in page first shows: no device to choose, one code."""
    settings.TIPT_REQUIRE_2FA = True
    user = UserFactory(username="secretary", is_superuser=True)
    device = TOTPDeviceFactory(user=user)
    TOTPDeviceFactory(user=user, confirmed=False)  # an enrolment never finished is no choice
    response = client.post(SIGN_IN, {**SECRETARY, "otp_token": authenticator_code(device)})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_sign_in_with_one_device_still_refuses_a_wrong_or_foreign_code(client, settings):
    settings.TIPT_REQUIRE_2FA = True
    TOTPDeviceFactory(user=UserFactory(username="secretary", is_superuser=True))
    others = TOTPDeviceFactory(user=UserFactory(username="other"))
    assert client.post(SIGN_IN, {**SECRETARY, "otp_token": "000000"}).status_code == 200
    others_code = {"otp_device": others.persistent_id, "otp_token": authenticator_code(others)}
    assert client.post(SIGN_IN, {**SECRETARY, **others_code}).status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_admin_sign_in_with_two_devices_asks_which_one_then_signs_in(client, settings):
    settings.TIPT_REQUIRE_2FA = True
    user = UserFactory(username="secretary", is_superuser=True)
    TOTPDeviceFactory(user=user, name="Old phone")
    new_phone = TOTPDeviceFactory(user=user, name="New phone")
    code = authenticator_code(new_phone)
    response = client.post(SIGN_IN, {**SECRETARY, "otp_token": code})
    assert response.status_code == 200
    assert "Please select a device." in response.content.decode()
    assert "New phone" in response.content.decode()
    response = client.post(
        SIGN_IN, {**SECRETARY, "otp_device": new_phone.persistent_id, "otp_token": code}
    )
    assert response.status_code == 302 and response.url == "/admin/"


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
