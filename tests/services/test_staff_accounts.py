from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from recommendations import roles

from ..factories import MinistryFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "three rivers meet at Soufrière"


def add_staff(*args, **kwargs):
    out = StringIO()
    call_command("add_staff", *args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


@pytest.fixture
def ministries():
    return MinistryFactory(slug="labour"), MinistryFactory(slug="police")


def test_add_staff_creates_an_editor_of_several_ministries(monkeypatch, ministries):
    monkeypatch.setenv("TIPT_STAFF_PASSWORD", GOOD_PASSWORD)
    out = add_staff(
        "amelia",
        "--role=editor",
        "--ministry=labour",
        "--ministry=police",
        "--email=amelia@example.org",
        "--noinput",
    )
    assert "Created amelia (editor) for labour, police." in out
    user = User.objects.get(username="amelia")
    assert user.is_staff and user.check_password(GOOD_PASSWORD)
    assert user.email == "amelia@example.org"
    assert roles.is_editor(user) and roles.ministry_ids(user) == {m.pk for m in ministries}


def test_add_staff_updates_an_existing_user_without_touching_the_password(monkeypatch, ministries):
    monkeypatch.setenv("TIPT_STAFF_PASSWORD", GOOD_PASSWORD)
    add_staff("amelia", "--role=editor", "--ministry=labour", "--noinput")
    monkeypatch.delenv("TIPT_STAFF_PASSWORD")
    out = add_staff("amelia", "--role=secretariat", "--noinput")
    assert "Updated amelia (secretariat)." in out
    user = User.objects.get(username="amelia")
    assert roles.is_secretariat(user) and not roles.is_editor(user)
    assert user.check_password(GOOD_PASSWORD)
    assert User.objects.count() == 1


def test_add_staff_asks_for_the_password_twice(monkeypatch, ministries):
    answers = iter(["first try password!", "does not match", GOOD_PASSWORD, GOOD_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    add_staff("amelia", "--role=editor", "--ministry=labour")
    assert User.objects.get(username="amelia").check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    "password, message",
    [
        ("short", "too short"),
        ("password12345", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_add_staff_refuses_a_weak_password(monkeypatch, ministries, password, message):
    monkeypatch.setenv("TIPT_STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        add_staff("amelia", "--role=editor", "--ministry=labour", "--noinput")
    assert not User.objects.filter(username="amelia").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role=minister", "--ministry=labour"], "Unknown role 'minister'"),
        (["--role=editor", "--ministry=fisheries"], "Unknown ministry fisheries"),
        (["--role=editor"], "An editor works for at least one ministry"),
    ],
)
def test_add_staff_says_clearly_what_is_wrong(monkeypatch, ministries, args, message):
    monkeypatch.setenv("TIPT_STAFF_PASSWORD", GOOD_PASSWORD)
    with pytest.raises(CommandError, match=message):
        add_staff("amelia", *args, "--noinput")
    assert not User.objects.filter(username="amelia").exists()


def test_add_staff_dry_run_saves_nothing(monkeypatch, ministries):
    monkeypatch.setenv("TIPT_STAFF_PASSWORD", GOOD_PASSWORD)
    out = add_staff("amelia", "--role=editor", "--ministry=labour", "--noinput", "--dry-run")
    assert "Would create amelia (editor)" in out
    assert not User.objects.exists()


def test_a_new_account_without_a_password_cannot_sign_in(monkeypatch, ministries):
    monkeypatch.delenv("TIPT_STAFF_PASSWORD", raising=False)
    out = add_staff("amelia", "--role=secretariat", "--noinput")
    assert "has no password yet" in out
    assert not User.objects.get(username="amelia").has_usable_password()
