import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from ..factories import SecretariatFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"
# The reverse proxy, on the app server's own host; every request behind it comes from here.
PROXY = "127.0.0.1"


def sign_in(client, username, password, address="10.0.0.1", forwarded_for=None):
    """A sign-in from `address`; with `forwarded_for`, through the proxy at `address`, which
    passes on that X-Forwarded-For (what the client sent, then the address it came from)."""
    meta = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


@pytest.fixture
def alice():
    return SecretariatFactory(username="alice")


@pytest.fixture
def bob():
    return SecretariatFactory(username="bob")


def lock_out(client, username, address="10.0.0.1", forwarded_for=None):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, username, "wrong guess", address, forwarded_for)
        assert response.status_code == 200
    # The failure that reaches the limit already answers with the pause.
    assert sign_in(client, username, "wrong guess", address, forwarded_for).status_code == 429


def test_a_correct_password_signs_in(client, alice):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302 and response.url == "/admin/"


def test_repeated_failures_pause_sign_in_with_a_clear_message(client, alice):
    lock_out(client, "alice")
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_one_attacker_cannot_lock_out_other_users_or_addresses(client, alice, bob):
    lock_out(client, "alice", address="10.0.0.1")
    # Another user from the attacker's address.
    assert sign_in(Client(), "bob", PASSWORD, "10.0.0.1").status_code == 302
    # The same user from their own address.
    assert sign_in(Client(), "alice", PASSWORD, "10.0.0.2").status_code == 302


def test_behind_a_proxy_failures_from_one_client_do_not_refuse_the_user_elsewhere(
    client, alice, behind_one_proxy
):
    lock_out(client, "alice", PROXY, forwarded_for="198.51.100.7")
    assert sign_in(Client(), "alice", PASSWORD, PROXY, "198.51.100.7").status_code == 429
    # The same user from another address, through the same proxy.
    assert sign_in(Client(), "alice", PASSWORD, PROXY, "203.0.113.9").status_code == 302
    # ... and from behind a proxy of their own, which added its client first.
    assert sign_in(Client(), "alice", PASSWORD, PROXY, "10.1.2.3, 192.0.2.44").status_code == 302


@pytest.mark.parametrize(
    "forged",
    [
        "203.0.113.{n}",
        "192.0.2.1, 203.0.113.{n}",
        "203.0.113.{n}:443",
        "unknown, 203.0.113.{n}",
        # An unclosed quote, which a parser of quoted strings may read to the end of the header,
        # the entry the proxy added included.
        '203.0.113.{n}, "',
    ],
)
def test_behind_a_proxy_a_forged_forwarded_entry_does_not_escape_the_limit(
    alice, behind_one_proxy, forged
):
    """The client writes whatever it likes at the left of X-Forwarded-For, a new address on each
    try; only the entry the proxy added counts."""
    client_address = "198.51.100.7"

    def attempt(n, password):
        forwarded_for = f"{forged.format(n=n)}, {client_address}"
        return sign_in(Client(), "alice", password, PROXY, forwarded_for).status_code

    limit = settings.AXES_FAILURE_LIMIT
    assert [attempt(n, "wrong guess") for n in range(limit)] == [200] * (limit - 1) + [429]
    assert attempt(limit, PASSWORD) == 429
    assert AccessAttempt.objects.get().ip_address == client_address


def test_without_tipt_proxy_count_x_forwarded_for_is_not_trusted(alice):
    def attempt(n, password):
        return sign_in(Client(), "alice", password, "198.51.100.7", f"203.0.113.{n}").status_code

    limit = settings.AXES_FAILURE_LIMIT
    assert [attempt(n, "wrong guess") for n in range(limit)] == [200] * (limit - 1) + [429]
    assert attempt(limit, PASSWORD) == 429


def test_the_pause_ends(client, alice):
    lock_out(client, "alice")
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert datetime.timedelta(0) < cool_off <= datetime.timedelta(hours=1)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - cool_off - datetime.timedelta(seconds=1)
    )
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_pause(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "alice", "wrong guess")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_staff_sessions_end_after_thirty_idle_minutes(client, alice):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    sign_in(client, "alice", PASSWORD)
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    assert session.expire_date - timezone.now() <= datetime.timedelta(minutes=30)
    # Each request starts the thirty minutes again.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert client.get("/admin/").status_code == 200
    renewed = Session.objects.get(session_key=client.session.session_key).expire_date
    assert renewed - timezone.now() > datetime.timedelta(minutes=29)
    # Thirty minutes without a request: signed out.
    Session.objects.all().update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
