import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from .factories import SecretariatFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def alice():
    return SecretariatFactory(username="alice")


@pytest.fixture
def bob():
    return SecretariatFactory(username="bob")


def lock_out(client, username, address="10.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, username, "wrong guess", address).status_code == 200
    # The failure that reaches the limit already answers with the pause.
    assert sign_in(client, username, "wrong guess", address).status_code == 429


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
