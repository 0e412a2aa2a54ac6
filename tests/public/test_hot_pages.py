"""What a process keeps of the public pages it served: its hot pages in front of the shared
cache, and what each page's address decides of its key. Neither may serve a page that the
shared cache would not, nor spare a request a check it must pass."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recommendations.public import cache as page_cache
from recommendations.public import middleware
from recommendations.public.hot_pages import HotPages
from recommendations.services.status import _recommendation_set_status

from ..factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def page(text: str) -> HttpResponse:
    response = HttpResponse(text.encode())
    response["X-Frame-Options"] = "DENY"
    return response


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


# --- HotPages ----------------------------------------------------------------------------------


def test_each_hit_is_a_new_copy_that_the_layers_above_may_change():
    hot = HotPages(timeout=60)
    hot.keep("k", page("the dashboard"))
    served = hot.get("k")
    served.content = b""  # as HEAD does
    served["X-Frame-Options"] = "SAMEORIGIN"
    served._resource_closers.append(lambda: None)  # as the WSGI handler does
    again = hot.get("k")
    assert again.content == b"the dashboard"
    assert again["X-Frame-Options"] == "DENY"
    assert again._resource_closers == []
    assert hot.get("other") is None


def test_a_page_is_kept_no_longer_than_the_shared_caches_timeout():
    clock = Clock()
    hot = HotPages(timeout=60, clock=clock)
    hot.keep("k", page("x"))
    clock.now += 59
    assert hot.get("k") is not None
    clock.now += 1
    assert hot.get("k") is None


def test_what_is_kept_stays_within_its_budget_the_oldest_going_first():
    one = len(__import__("pickle").dumps(page("a" * 1000), -1))
    hot = HotPages(timeout=60, budget=one * 8)
    for name in "abcdefghij":
        hot.keep(name, page(name * 1000))
    assert hot.size <= one * 8
    assert hot.get("a") is None and hot.get("b") is None
    assert hot.get("j").content == b"j" * 1000
    hot.keep("c", page("c" * 1000))  # kept again: counted once
    assert hot.size <= one * 8


def test_a_page_bigger_than_an_eighth_of_the_budget_is_not_kept():
    hot = HotPages(timeout=60, budget=8000)
    hot.keep("big", page("x" * 1100))
    assert hot.get("big") is None and hot.size == 0


# --- in the middleware --------------------------------------------------------------------------


@pytest.fixture
def rec(db):
    return RecommendationFactory(report__country__slug="saint-lucia", title="Train the judges")


def test_a_page_served_again_by_the_same_process_skips_the_shared_cache(client, rec):
    first = client.get("/")
    with (
        mock.patch.object(cache, "get", side_effect=cache.get) as shared,
        CaptureQueriesContext(connection) as context,
    ):
        again = client.get("/")
    assert shared.call_count == 0
    assert len(context.captured_queries) == 1  # the page versions
    assert again.content == first.content
    assert sorted(again.items()) == sorted(first.items())


def test_a_page_another_process_stored_is_served_from_the_shared_cache_then_kept(client, rec):
    first = client.get("/")
    page_cache.hot_pages.clear()  # as another process, which rendered nothing yet
    with mock.patch.object(cache, "get", side_effect=cache.get) as shared:
        assert client.get("/").content == first.content
        assert client.get("/").content == first.content
    assert shared.call_count == 1


def test_a_kept_page_is_never_served_once_its_data_changed(client, rec):
    before = client.get("/recommendations/?status=completed").content
    assert b"Train the judges" not in before
    _recommendation_set_status(recommendation=rec, status="completed", user=None)
    assert b"Train the judges" in client.get("/recommendations/?status=completed").content


def test_head_of_a_kept_page_leaves_its_body_for_the_next_get(client, rec):
    first = client.get("/")
    assert client.head("/").content == b""
    assert client.get("/").content == first.content


# --- the addresses remembered ---------------------------------------------------------------------


def test_a_remembered_address_spares_no_other_host_the_host_check(client, rec):
    client.get("/")
    client.get("/")
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400
    assert client.get("/", HTTP_HOST="evil.example.com").status_code == 400


def test_a_foreign_host_is_refused_below_with_the_headers_of_every_answer(client, rec):
    client.get("/")
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_long_host_is_not_remembered(client, rec, settings):
    settings.ALLOWED_HOSTS = [".example.org"]
    middleware.remembered_addresses.clear()
    host = ".".join(letter * 60 for letter in "abcde") + ".example.org"  # longer than DNS allows
    assert client.get("/", HTTP_HOST=host).status_code == 200
    assert middleware.remembered_addresses == {}
    assert client.get("/", HTTP_HOST="tipt.example.org").status_code == 200
    assert len(middleware.remembered_addresses) == 1


def test_a_host_refused_by_new_settings_is_refused_though_its_address_was_remembered(
    client, rec, settings
):
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    settings.ALLOWED_HOSTS = ["tipt.example.org"]
    assert client.get("/").status_code == 400


def test_plain_http_is_redirected_once_https_is_required_though_its_page_is_cached(
    client, rec, settings
):
    """A page stored while plain HTTP was served (before a restart with HTTPS required) stays in
    a shared cache for a while: it is not served over plain HTTP again."""
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/")  # SecurityMiddleware reads the setting once, when it starts
    assert response.status_code == 301 and response.url.startswith("https://")


def test_the_remembered_addresses_are_emptied_when_full(rec, monkeypatch):
    monkeypatch.setattr(middleware, "REMEMBERED_ADDRESSES", 2)
    middleware.remembered_addresses.clear()
    visitor = Client()
    for status in ["not_started", "in_progress", "completed"]:
        assert visitor.get(f"/recommendations/?status={status}").status_code == 200
        assert len(middleware.remembered_addresses) <= 2
    assert len(middleware.remembered_addresses) == 1
