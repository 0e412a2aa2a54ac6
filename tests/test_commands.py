import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from recommendations.models import EvidenceNote, Ministry, Recommendation, Report, StatusChange

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
