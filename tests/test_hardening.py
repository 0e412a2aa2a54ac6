"""Regressions found by review in the staff workspace and the import: each would have been a
500, a wrong page, or lost work (the public pages' are in tests/public/test_hardening.py)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation

from .conftest import SEED
from .factories import EvidenceNoteFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "1e5", "-1"])
def test_odd_ministry_filter_values_are_refused_not_a_server_error(client, value):
    client.force_login(SecretariatFactory())
    response = client.get(
        reverse("admin:recommendations_recommendation_changelist"), {"ministry": value}
    )
    assert response.status_code in (200, 302)
    assert response.status_code != 500


def test_a_note_cannot_be_moved_to_another_recommendation(client):
    note = EvidenceNoteFactory()
    client.force_login(SecretariatFactory())
    page = client.get(reverse("admin:recommendations_evidencenote_change", args=[note.pk]))
    assert page.status_code == 200
    assert 'name="recommendation"' not in page.content.decode()


def test_replacing_a_report_keeps_titles_staff_wrote(tmp_path):
    call_command("import_tip_report", str(SEED), "--year", "2020", stdout=StringIO())
    plan = Recommendation.objects.get(position=5)
    plan.title = "National Action Plan 2020-2025"
    plan.save()
    derived = Recommendation.objects.get(position=1)
    derived_title = derived.title
    call_command("import_tip_report", str(SEED), "--year", "2020", "--replace", stdout=StringIO())
    assert Recommendation.objects.get(pk=plan.pk).title == "National Action Plan 2020-2025"
    assert Recommendation.objects.get(pk=derived.pk).title == derived_title
