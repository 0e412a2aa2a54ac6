import datetime
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from recommendations import roles, services
from recommendations.models import (
    EvidenceNote,
    Ministry,
    Recommendation,
    ReminderDigest,
    Report,
    StatusChange,
)

from .factories import (
    EditorFactory,
    MinistryFactory,
    RecommendationFactory,
    SecretariatFactory,
    status_proposed,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_loads_the_seed_with_ministries_and_a_first_admin(client):
    out = load_demo()
    report = Report.objects.get()
    assert (report.country.name, report.year) == ("Saint Lucia", 2020)
    assert report.recommendations.count() == 9
    assert not report.recommendations.filter(lead_ministry__isnull=True).exists()
    assert Ministry.objects.count() == 7
    password = re.search(r"password: (\S+)", out).group(1)
    assert len(password) >= 16
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": password}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_load_demo_twice_keeps_data_and_duplicates_nothing():
    load_demo()
    counts = [m.objects.count() for m in (Report, Recommendation, Ministry, EvidenceNote)]
    changes = StatusChange.objects.count()
    out = load_demo()
    assert [m.objects.count() for m in (Report, Recommendation, Ministry, EvidenceNote)] == counts
    assert StatusChange.objects.count() == changes
    assert get_user_model().objects.count() == 1
    assert "password:" not in out


def test_demo_passwords_differ_between_installs():
    first = re.search(r"password: (\S+)", load_demo()).group(1)
    get_user_model().objects.all().delete()
    second = re.search(r"password: (\S+)", load_demo()).group(1)
    assert first != second


def test_demo_evidence_quotes_the_chapter_and_cites_it():
    load_demo()
    chapter = (ROOT / "recommendations" / "data" / "saint-lucia-2020.txt").read_text()
    chapter = chapter.replace("\u2019", "'")
    notes = EvidenceNote.objects.all()
    assert notes.exists()
    for note in notes:
        quoted = note.text.split(" (Source:")[0]
        assert quoted in chapter
        assert "2020 Trafficking in Persons Report" in note.text
    amendment = Recommendation.objects.get(position=3)
    assert amendment.status == "in_progress"
    assert "COVID-19" in amendment.evidence_notes.get().text


def test_site_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "HOME": str(tmp_path),
        "DJANGO_ENV_FILE": str(tmp_path / "no.env"),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=tmp_path,
        env={**env, "DJANGO_SETTINGS_MODULE": "tipt.settings", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


# --- send_reminders: the secretariat's review digest ------------------------------------------

NOTE_TEXT = "SENTINEL: the victim's name, in an internal note"


def send_reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def waiting(labour):
    """An editor's proposal and submitted note, both waiting for the secretariat."""
    editor = EditorFactory(username="focal", email="", ministries=[labour])
    rec = RecommendationFactory(lead_ministry=labour, title="Open a shelter")
    status_proposed(rec, user=editor)
    services.evidence_note_add(
        recommendation=rec,
        user=editor,
        happened_on=datetime.date(2021, 2, 1),
        text=NOTE_TEXT,
        submit=True,
    )
    return rec


def test_running_send_reminders_twice_a_day_sends_one_review_digest(mailoutbox, waiting):
    coordinator = SecretariatFactory(username="coordinator", email="c@example.org")
    first = send_reminders()
    second = send_reminders()
    (mail,) = mailoutbox
    assert mail.to == ["c@example.org"] and "Open a shelter" in mail.body
    assert NOTE_TEXT not in mail.body
    assert "coordinator: sent (review: 1 proposal(s), 1 note(s) waiting)." in first
    assert "coordinator: already had today's review digest." in second
    digest = ReminderDigest.objects.get()
    assert (digest.user, digest.kind, digest.sent_on) == (
        coordinator,
        ReminderDigest.Kind.REVIEW,
        timezone.localdate(),
    )


def test_no_review_digest_when_nothing_waits(mailoutbox, labour):
    SecretariatFactory(username="coordinator")
    out = send_reminders()
    assert mailoutbox == [] and not ReminderDigest.objects.exists()
    assert "coordinator: nothing waits for review." in out


def test_review_digest_dry_run_sends_and_records_nothing(mailoutbox, waiting):
    SecretariatFactory(username="coordinator")
    out = send_reminders("--dry-run")
    assert "coordinator: would send (review: 1 proposal(s), 1 note(s) waiting)." in out
    assert mailoutbox == [] and not ReminderDigest.objects.exists()


def test_the_review_digest_is_in_a_french_speaking_members_language(mailoutbox, waiting):
    english = SecretariatFactory(username="anglophone")
    french = SecretariatFactory(username="francophone")
    services.staff_profile_set_language(user=french, language="fr")
    send_reminders()
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert "1 proposition de statut attend votre relecture." in mails[french.email].body
    assert "Relecture TIP : 2 éléments attendent votre décision" in mails[french.email].subject
    assert "1 status proposal waits for your review." in mails[english.email].body


# --- add_staff --language -----------------------------------------------------------------


def test_add_staff_sets_the_language_of_a_persons_mail():
    MinistryFactory(slug="labour")
    call_command(
        "add_staff", "amelia", "--role=editor", "--ministry=labour", "--noinput", stdout=StringIO()
    )
    amelia = get_user_model().objects.get(username="amelia")
    assert roles.language_of(amelia) == "en"
    call_command(
        "add_staff",
        "amelia",
        "--role=editor",
        "--ministry=labour",
        "--language=fr",
        "--noinput",
        stdout=StringIO(),
    )
    assert roles.language_of(get_user_model().objects.get(username="amelia")) == "fr"
    # Updated again without --language, it keeps the language chosen.
    call_command(
        "add_staff", "amelia", "--role=editor", "--ministry=labour", "--noinput", stdout=StringIO()
    )
    assert roles.language_of(get_user_model().objects.get(username="amelia")) == "fr"


def test_add_staff_refuses_an_unknown_language():
    with pytest.raises(CommandError):
        call_command(
            "add_staff",
            "amelia",
            "--role=secretariat",
            "--language=de",
            "--noinput",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not get_user_model().objects.filter(username="amelia").exists()
