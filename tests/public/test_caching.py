"""Public pages are cached whole, and a change shows at once on every page."""

import importlib.util
import logging
import socket
import threading
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from recommendations import services, writes
from recommendations.models import Country, PageVersion, Recommendation, Status
from recommendations.public import cache as page_cache
from recommendations.public.middleware import GZIP
from recommendations.services.status import _recommendation_set_status

from ..factories import (
    CountryFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    PageVersionFactory,
    RecommendationFactory,
    UserFactory,
)
from ..public_data import build_site

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "tipt" / "settings.py"


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-admin", stdout=StringIO())


@pytest.fixture
def rec(demo):
    """The demo's first recommendation."""
    return Recommendation.objects.get(position=1)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def page_elsewhere(client, url):
    """The page as a process that has not served it yet sees it (nothing in its hot pages)."""
    page_cache.hot_pages.clear()
    return page(client, url)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def test_a_status_change_shows_at_once_on_every_cached_page(client, rec):
    urls = [
        reverse("recommendations:home"),
        reverse("recommendations:list"),
        rec.get_absolute_url(),
    ]
    before = [page(client, url) for url in urls]
    assert [queries_for(client, url) for url in urls] == [1, 1, 1]  # from the cache
    _recommendation_set_status(recommendation=rec, status=Status.COMPLETED, user=UserFactory())
    after = [page(client, url) for url in urls]
    for old, new in zip(before, after, strict=True):
        assert old != new
    assert after[2].count("Completed") > before[2].count("Completed")


@pytest.mark.parametrize(
    "change",
    [
        lambda rec: EvidenceNoteFactory(recommendation=rec, visibility="public"),
        lambda rec: rec.supporting_ministries.add(MinistryFactory()),
        lambda rec: setattr(rec, "title", "Renamed") or rec.save(),
        lambda rec: rec.evidence_notes.all().delete(),
        lambda rec: Country.objects.get(pk=rec.report.country_id).save(),
    ],
    ids=["note added", "ministry added", "saved", "notes deleted", "country saved"],
)
def test_every_kind_of_change_moves_its_countrys_page_version(demo, change):
    rec = Recommendation.objects.get(position=3)
    scope = page_cache.Scope(slug=rec.report.country.slug)
    before = page_cache.page_versions(scope)
    change(rec)
    assert page_cache.page_versions(scope) != before


def test_a_missing_page_is_not_cached(client, demo):
    assert client.get("/recommendations/999999/").status_code == 404
    # Served again by the view (the version, then the lookup), not from the cache.
    assert queries_for(client, "/recommendations/999999/") > 1


def test_two_databases_sharing_one_cache_never_share_a_page(rf):
    request = rf.get("/recommendations/?status=completed")
    key = page_cache.page_key(request, "1.c7")
    assert page_cache.page_key(rf.get("/recommendations/?status=completed"), "1.c7") == key
    with mock.patch.dict(connection.settings_dict, {"NAME": "staging"}):
        assert page_cache.page_key(request, "1.c7") != key
    with mock.patch.dict(connection.settings_dict, {"HOST": "db2.example.org"}):
        assert page_cache.page_key(request, "1.c7") != key


def test_page_versions_count_per_country_and_only_go_up():
    counter = PageVersionFactory()
    PageVersion.objects.filter(pk=counter.pk).update(number=41)
    lucia = counter.country
    barbados = CountryFactory(name="Barbados", slug="barbados")
    PageVersion.objects.filter(country=barbados).delete()  # as a country of an older database
    assert page_cache.page_versions(page_cache.Scope(slug=lucia.slug)).endswith(".c41")
    writes.page_versions_raise(countries=[lucia.pk, barbados.pk])
    assert page_cache.page_versions(page_cache.Scope(slug=lucia.slug)).endswith(".c42")
    # A country counted for the first time starts at 1; pages across countries add them up.
    assert page_cache.page_versions(page_cache.Scope(slug=barbados.slug)).endswith(".c1")
    assert page_cache.page_versions(page_cache.EVERY_COUNTRY).endswith(".all43")


# --- what a write forgets: its own country's pages, once, after commit ------------------------


def two_countries():
    lucia = build_site(2)
    barbados = build_site(2, country_name="Barbados", slug="barbados")
    return lucia, barbados


def test_a_change_in_one_country_leaves_another_countrys_pages_cached(client):
    lucia, barbados = two_countries()
    home = reverse("recommendations:home")
    theirs = [
        f"{home}?country=barbados",
        f"{reverse('recommendations:list')}?country=barbados",
        barbados.recommendations.first().get_absolute_url(),
    ]
    ours = [f"{home}?country=saint-lucia", lucia.recommendations.first().get_absolute_url()]
    for url in theirs + ours:
        page(client, url)
    _recommendation_set_status(
        recommendation=lucia.recommendations.first(), status=Status.STALLED, user=UserFactory()
    )
    # Barbados's pages: the version read, then the cache; Saint Lucia's are rendered again.
    assert [queries_for(client, url) for url in theirs] == [1, 1, 1]
    assert all(queries_for(client, url) > 1 for url in ours)
    # The pages across countries show both, so they move too.
    assert queries_for(client, reverse("recommendations:feed")) > 1


@pytest.mark.parametrize(
    "write",
    [
        lambda rec: services.staff_user_set_role(
            user=UserFactory(), role="secretariat", ministries=[]
        ),
        lambda rec: call_command("send_reminders", stdout=StringIO()),
        lambda rec: EvidenceNoteFactory(recommendation=rec, text="Internal only"),
        lambda rec: client_login(UserFactory(is_staff=True)),
    ],
    ids=["staff role", "reminders sent", "internal note", "sign-in"],
)
def test_writes_no_public_page_shows_forget_no_page(write):
    lucia, _barbados = two_countries()
    scopes = [page_cache.Scope(slug="saint-lucia"), page_cache.EVERY_COUNTRY]
    before = [page_cache.page_versions(scope) for scope in scopes]
    write(lucia.recommendations.first())
    assert [page_cache.page_versions(scope) for scope in scopes] == before


def client_login(user):
    from django.test import Client

    Client().force_login(user)


def test_one_write_forgets_its_pages_once_after_commit(
    forgotten_after_commit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lucia, _barbados = two_countries()
    rec = lucia.recommendations.first()
    scope = page_cache.Scope(slug="saint-lucia")
    before = page_cache.page_versions(scope)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.recommendation_update(
            recommendation=rec,
            version=rec.version,
            user=UserFactory(is_superuser=True),
            changes={"title": "Renamed"},
            status=Status.COMPLETED,
            status_note="Done",
        )
        # Nothing moved inside the writer's transaction.
        assert page_cache.page_versions(scope) == before
    with CaptureQueriesContext(connection) as flush:
        for callback in callbacks:
            callback()
    raised = [
        q for q in flush.captured_queries if "UPDATE" in q["sql"] and "pageversion" in q["sql"]
    ]
    assert len(raised) == 1
    assert page_cache.page_versions(scope) != before


# --- the cache key: only the canonical form of a page's known parameters ---------------------


def stored_pages():
    """The pages in the test cache (the per-process cache of the test settings), each counted
    once though it is kept whole and compressed."""
    keys = list(cache._cache)
    whole = [key for key in keys if not key.endswith(GZIP)]
    assert len(keys) == 2 * len(whole)
    return len(whole)


def test_junk_query_strings_add_no_cache_entry_beyond_the_canonical_pages(client, rec):
    pages = [
        reverse("recommendations:home"),
        reverse("recommendations:list"),
        f"{reverse('recommendations:list')}?status=not_started",
        rec.get_absolute_url(),
        reverse("recommendations:feed"),
    ]
    for url in pages:
        page(client, url)
    canonical = stored_pages()
    assert canonical == len(pages)
    junk = [
        "utm_source={i}",  # unknown parameters are dropped
        "status=not_started&ref={i}&q=",  # and so are empty ones
        "status=not_started{i}",  # a value no choice has
        "status=not_started&status=stalled{i}",
        "year=0{i}",
        "o=title{i}",
        "o=title,{i}",  # one ordering only
        "page=0{i}",
        "page=1{i}x",
        "q=word{i}",  # free text
    ]
    client.raise_request_exception = False
    for i in range(40):
        for query in junk:
            for url in pages:
                response = client.get(f"{url}{'&' if '?' in url else '?'}{query.format(i=i)}")
                assert response.status_code in (200, 404)
    assert stored_pages() == canonical


def test_a_page_asked_with_junk_is_the_canonical_page_and_is_served_from_the_cache(client):
    build_site(25)
    listing = reverse("recommendations:list")
    first = page(client, f"{listing}?year=2020&utm_source=mail&o=title&junk=%3Cb%3E")
    assert "utm_source" not in first and "junk" not in first
    # The page links and the download link keep the filters, and only them.
    assert 'href="?year=2020&amp;o=title&amp;page=2"' in first
    assert f'href="{reverse("recommendations:export")}?year=2020&amp;o=title"' in first
    assert 'href="/fr/recommendations/?year=2020&amp;o=title"' in first
    assert queries_for(client, f"{listing}?o=title&year=2020") == 1
    assert page(client, f"{listing}?o=title&year=2020") == first


def test_pages_of_the_list_are_cached_by_their_number(client):
    build_site(25)
    listing = reverse("recommendations:list")
    second = page(client, f"{listing}?page=2")
    assert queries_for(client, f"{listing}?page=2") == 1
    assert page(client, f"{listing}?page=1") != second
    assert queries_for(client, listing) == 1  # page 1 is the list without a number


@pytest.mark.parametrize(
    "query",
    ["q=plan", "status=finished", "o=title,-year", "page=last", "year=1999"],
    ids=["a search", "a refused filter", "two orderings", "no page number", "no such year"],
)
def test_pages_for_free_text_or_refused_parameters_are_rendered_but_not_stored(client, query):
    build_site(3)
    url = f"{reverse('recommendations:list')}?{query}"
    first = client.get(url)
    assert first.status_code == 200
    assert queries_for(client, url) > 1
    assert stored_pages() == 0


def test_french_pages_are_cached_apart_from_the_english_ones(client, settings):
    build_site(1)
    english = page(client, "/recommendations/?status=completed&ref=mail")
    french = page(client, "/fr/recommendations/?ref=mail&status=completed")
    translation.activate(settings.LANGUAGE_CODE)
    assert stored_pages() == 2
    assert queries_for(client, "/fr/recommendations/?status=completed") == 1
    translation.activate(settings.LANGUAGE_CODE)
    assert 'lang="fr"' in french and english != french
    assert 'href="/fr/recommendations/?status=completed"' in english


def test_a_recommendation_asked_at_another_address_is_rendered_but_not_stored(client):
    report = build_site(1)
    rec = report.recommendations.get()
    page(client, f"/recommendations/000{rec.pk}/")
    assert stored_pages() == 0
    page(client, rec.get_absolute_url())
    assert stored_pages() == 1


def test_the_dashboard_is_cached_by_country_and_year_only(client):
    build_site(2)
    home = reverse("recommendations:home")
    page(client, f"{home}?country=saint-lucia&year=2019&from=mail")
    assert queries_for(client, f"{home}?year=2019&country=saint-lucia") == 1
    for odd in ["year=2019.0", "year=02019", "year=1e5", "country=saint-lucia&year=%C2%B2"]:
        client.get(f"{home}?{odd}")
    assert stored_pages() == 1


# --- a cache that hangs or is stopped ----------------------------------------------------------


def project_caches(monkeypatch, tmp_path, redis_url):
    """CACHES as tipt/settings.py builds them for ``REDIS_URL=redis_url``."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("DJANGO_ENV_FILE", str(tmp_path / "none.env"))
    spec = importlib.util.spec_from_file_location("settings_for_test", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CACHES


@pytest.fixture
def silent_server():
    """A TCP server on 127.0.0.1 that accepts connections and never answers; yields its port
    and the connections it accepted."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # the server was closed
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    server.shutdown(socket.SHUT_RDWR)
    server.close()
    thread.join()
    for connection_ in accepted:
        connection_.close()


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cache_records(caplog):
    return [r for r in caplog.records if r.name == "recommendations.public.cache"]


def test_the_redis_cache_has_short_connect_and_read_timeouts(monkeypatch, tmp_path):
    options = project_caches(monkeypatch, tmp_path, "redis://127.0.0.1:6379/13")["default"][
        "OPTIONS"
    ]
    assert 0 < options["socket_connect_timeout"] <= 0.5
    assert 0 < options["socket_timeout"] <= 0.5


def test_a_cache_that_never_answers_is_tried_once_then_skipped(
    client, settings, monkeypatch, tmp_path, silent_server, caplog
):
    port, accepted = silent_server
    settings.CACHES = project_caches(monkeypatch, tmp_path, f"redis://127.0.0.1:{port}/13")
    RecommendationFactory(title="Served while the cache hangs")
    caplog.set_level(logging.INFO, logger="recommendations.public.cache")
    for url in [reverse("recommendations:list"), reverse("recommendations:home")] * 2:
        response = client.get(url)
        assert response.status_code == 200
    assert "Served while the cache hangs" in response.content.decode()
    assert len(accepted) == 1
    [record] = cache_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and "\n" not in record.getMessage()


def test_a_stopped_cache_logs_one_line_per_incident_and_one_when_it_is_back(
    client, settings, monkeypatch, tmp_path, closed_port, caplog
):
    settings.CACHES = project_caches(monkeypatch, tmp_path, f"redis://127.0.0.1:{closed_port}/13")
    clock = [1000.0]
    monkeypatch.setattr(page_cache, "outage", page_cache.CacheOutage(clock=lambda: clock[0]))
    caplog.set_level(logging.INFO, logger="recommendations.public.cache")
    listing = reverse("recommendations:list")
    with (
        mock.patch.object(RedisCache, "get", autospec=True, side_effect=RedisCache.get) as get,
        mock.patch.object(RedisCache, "set", autospec=True, side_effect=RedisCache.set) as put,
    ):
        for _ in range(3):
            page_elsewhere(client, listing)
        assert (get.call_count, put.call_count) == (1, 0)
        clock[0] += page_cache.OUTAGE_PAUSE + 1  # still stopped when tried again: same incident
        page_elsewhere(client, listing)
        page_elsewhere(client, listing)
        assert (get.call_count, put.call_count) == (2, 0)
    [down] = cache_records(caplog)
    assert down.levelno == logging.WARNING and down.exc_info is None
    assert "\n" not in down.getMessage()

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    clock[0] += page_cache.OUTAGE_PAUSE + 1
    page_elsewhere(client, listing)
    down_again, back = cache_records(caplog)
    assert down_again is down
    assert back.levelno == logging.INFO and "back" in back.getMessage()
    assert queries_for(client, listing) == 1  # cached again
