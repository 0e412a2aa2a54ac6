"""Regressions found by review on the public pages: each would have been a 500 or a wrong page."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from recommendations.models import Status
from recommendations.services.status import _recommendation_set_status

from ..factories import EvidenceNoteFactory, RecommendationFactory

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
