"""The page versions a process keeps, and the middleware that serves cached public pages to
visitors without a session before the rest of the stack.

On PostgreSQL the process's copy of the versions is refreshed by notifications, which
PostgreSQL delivers only at a real commit: those tests use committed transactions
(``transactional_db``) and a second connection standing for another app server.
"""

import logging
import time

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import writes
from recommendations.public import page_versions as versions
from recommendations.public.page_versions import CHANNEL, Copies, Scope

from ..factories import CountryFactory, RecommendationFactory, UserFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="notifications are PostgreSQL's"
)


@pytest.fixture
def notifications(settings, monkeypatch):
    """The process's copy on, with a clock the test moves."""
    settings.TIPT_PAGE_VERSION_NOTIFICATIONS = True
    clock = [1000.0]
    copies = Copies(clock=lambda: clock[0])
    monkeypatch.setattr(versions, "copies", copies)
    monkeypatch.setattr(writes, "copies", copies)
    yield clock
    copies.forget()


def reads(scope):
    with CaptureQueriesContext(connection) as context:
        key = versions.page_versions(scope)
    return key, len(context.captured_queries)


def other_server_raises(country):
    """A write committed by another app server: its counter raised, and the notification."""
    db = connection.settings_dict
    with (
        psycopg.connect(
            host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
        ) as other,
        other.transaction(),
    ):
        other.execute(
            "UPDATE recommendations_pageversion SET number = number + 1 WHERE country_id = %s",
            [country.pk],
        )
        other.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def _read_once_notified(scope, seconds=10):
    """The versions read after the listening thread has taken the notification in: it arrives
    a moment after the other server's commit (longer on a loaded machine), and until then the
    copy still answers, with no query."""
    deadline = time.monotonic() + seconds
    while True:
        key, queries = reads(scope)
        if queries or time.monotonic() > deadline:
            return key, queries
        time.sleep(0.01)


@on_postgresql
def test_the_copy_answers_without_a_query_until_another_server_commits_a_change(
    transactional_db, notifications
):
    lucia = CountryFactory(slug="saint-lucia")
    writes.forget_every_page()
    scope = Scope(slug="saint-lucia")
    first, queries = reads(scope)
    assert queries == 1
    assert reads(scope) == (first, 0)
    assert reads(versions.EVERY_COUNTRY)[1] == 0
    other_server_raises(lucia)
    changed, queries = _read_once_notified(scope)
    assert queries == 1
    assert changed != first
    assert changed == versions.page_versions(Scope(slug="saint-lucia"))


@on_postgresql
def test_a_write_of_this_process_shows_at_its_next_page_view(transactional_db, notifications):
    barbados = CountryFactory(slug="barbados")
    writes.forget_every_page()
    before, _queries = reads(Scope(slug="barbados"))
    writes.page_versions_raise(countries=[barbados.pk])
    after, queries = reads(Scope(slug="barbados"))
    assert (after, queries) != (before, 0)
    assert after.split(".c")[1] == str(int(before.split(".c")[1]) + 1)


@on_postgresql
def test_the_copy_is_read_again_after_its_trust_runs_out(transactional_db, notifications):
    lucia = CountryFactory(slug="saint-lucia")
    writes.forget_every_page()
    reads(Scope(slug="saint-lucia"))
    # A change no notification told of (a listener that silently stopped hearing).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recommendations_pageversion SET number = 99 WHERE country_id = %s",
            [lucia.pk],
        )
    assert reads(Scope(slug="saint-lucia"))[1] == 0
    notifications[0] += versions.TRUST_SECONDS + 1
    key, queries = reads(Scope(slug="saint-lucia"))
    assert queries == 1
    assert key.endswith(".c99")


@on_postgresql
def test_a_lost_listening_connection_falls_back_to_reading_each_time(
    transactional_db, notifications, caplog
):
    CountryFactory(slug="saint-lucia")
    writes.forget_every_page()
    scope = Scope(slug="saint-lucia")
    expected, _queries = reads(scope)
    listener_pid = versions.copies._listener.info.backend_pid
    with connection.cursor() as cursor:
        # Waits until the backend is gone (the listener's socket is then closed).
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [listener_pid])
    caplog.set_level(logging.WARNING, logger="recommendations.public.page_versions")
    assert reads(scope) == (expected, 1)
    assert reads(scope) == (expected, 1)  # still reading, not retrying the connection yet
    warnings = [r for r in caplog.records if r.name == "recommendations.public.page_versions"]
    assert len(warnings) == 1
    assert "reading them on each page view" in warnings[0].getMessage()
    notifications[0] += versions.LISTEN_RETRY_SECONDS + 1
    assert reads(scope)[1] == 1  # listening again: the copy is read
    assert reads(scope) == (expected, 0)


def test_without_notifications_the_versions_are_read_on_each_page_view(db, settings):
    CountryFactory(slug="saint-lucia")
    writes.forget_every_page()
    settings.TIPT_PAGE_VERSION_NOTIFICATIONS = False
    scope = Scope(slug="saint-lucia")
    assert reads(scope)[1] == 1
    assert reads(scope)[1] == 1


# --- the middleware ---------------------------------------------------------------------------


@pytest.fixture
def site(db):
    rec = RecommendationFactory(report__country__slug="saint-lucia")
    writes.forget_every_page()
    return rec


PAGES = ["/", "/fr/", "/recommendations/?status=not_started", "/feed/"]


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_without_a_session_gets_the_cached_page_with_its_headers_and_one_query(
    client, site, url
):
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as context:
        again = client.get(url)
    assert len(context.captured_queries) == 1  # the page versions, nothing else
    assert again.content == first.content
    assert sorted(again.items()) == sorted(first.items())
    assert "Content-Security-Policy" in again
    assert again["X-Frame-Options"] == "DENY"


def test_a_detail_page_is_served_early_too(client, site):
    url = reverse("recommendations:detail", args=[site.pk])
    first = client.get(url)
    with CaptureQueriesContext(connection) as context:
        again = client.get(url)
    assert len(context.captured_queries) == 1
    assert again.content == first.content


def test_a_signed_in_staff_member_is_served_below_the_session_which_stays_alive(client, site):
    client.force_login(UserFactory(is_staff=True))
    client.get("/")
    again = client.get("/")
    assert again.status_code == 200
    # The session is saved on every request (SESSION_SAVE_EVERY_REQUEST), cached page or not.
    assert "sessionid" in again.cookies


def test_an_address_other_than_the_pages_own_is_not_served_early(client, site):
    own = reverse("recommendations:detail", args=[site.pk])
    other = own.replace(f"/{site.pk}/", f"/00{site.pk}/")
    client.get(own)
    with CaptureQueriesContext(connection) as context:
        response = client.get(other)
    assert response.status_code == 200
    assert len(context.captured_queries) > 1  # rendered, not the cached page


def test_a_change_shows_at_once_to_visitors_served_early(client, site):
    from recommendations.services.status import _recommendation_set_status

    client.get("/recommendations/?status=completed")
    assert site.title.encode() not in client.get("/recommendations/?status=completed").content
    _recommendation_set_status(recommendation=site, status="completed", user=None)
    assert site.title.encode() in client.get("/recommendations/?status=completed").content
