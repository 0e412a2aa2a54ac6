"""Regressions found by review: each would have been a 500, a stale or wrong page, or lost work."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from recommendations.models import Recommendation, Status
from recommendations.services.status import _recommendation_set_status

from .conftest import SEED
from .factories import EvidenceNoteFactory, RecommendationFactory, SecretariatFactory

pytestmark = pytest.mark.django_db


def test_control_characters_typed_by_staff_never_break_the_feed(client):
    # (NUL itself never gets this far: form fields refuse it, and PostgreSQL cannot store it.)
    rec = RecommendationFactory(title="Develop a plan\x0b(phase 2)\x01")
    _recommendation_set_status(recommendation=rec, status=Status.IN_PROGRESS)
    EvidenceNoteFactory(recommendation=rec, text="Pasted\x0c text\x1f", visibility="public")
    response = client.get(reverse("recommendations:feed"))
    assert response.status_code == 200
    titles = [
        e.text for e in ET.fromstring(response.content).iter("{http://www.w3.org/2005/Atom}title")
    ]
    assert any("Develop a plan (phase 2)" in (t or "") for t in titles)


def test_the_cached_feed_links_to_the_host_that_asked(client):
    rec = RecommendationFactory()
    _recommendation_set_status(recommendation=rec, status=Status.STALLED)
    first = client.get(reverse("recommendations:feed"), HTTP_HOST="localhost").content
    second = client.get(reverse("recommendations:feed"), HTTP_HOST="127.0.0.1").content
    assert b"http://localhost/" in first and b"http://localhost/" not in second
    assert b"http://127.0.0.1/" in second


def test_public_pages_render_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    RecommendationFactory(title="Still served without a cache")
    response = client.get(reverse("recommendations:list"))
    assert response.status_code == 200
    assert "Still served without a cache" in response.content.decode()


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
