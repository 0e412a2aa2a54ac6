"""API answers are cached like the public pages, keyed by the same page versions: a write
forgets its country's answers after its commit (and no other country's), on every endpoint
that shows what it changed."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import services
from recommendations.models import Metric, Recommendation, Status
from recommendations.services.evidence import _evidence_note_create
from recommendations.services.status import _recommendation_set_status

from ..factories import UserFactory, evidence_note_published
from ..public_data import build_site, build_statistics

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.fixture
def countries():
    return build_site(2), build_site(2, country_name="Barbados", slug="barbados")


def test_a_status_change_shows_after_its_commit(
    client, countries, forgotten_after_commit, django_capture_on_commit_callbacks
):
    lucia, _barbados = countries
    rec = lucia.recommendations.get(position=1)
    url = f"{API}recommendations/{rec.pk}/"
    listed = f"{API}recommendations/?country=saint-lucia"
    before = client.get(url).json()["status"]
    assert before != Status.STALLED
    client.get(listed)
    # Changed behind the writes' back (no signal): the cached answer stays.
    Recommendation.objects.filter(pk=rec.pk).update(status=Status.STALLED)
    assert client.get(url).json()["status"] == before
    Recommendation.objects.filter(pk=rec.pk).update(status=before)
    with django_capture_on_commit_callbacks(execute=True):
        _recommendation_set_status(recommendation=rec, status=Status.STALLED, user=UserFactory())
    assert client.get(url).json()["status"] == Status.STALLED
    statuses = {row["id"]: row["status"] for row in client.get(listed).json()["results"]}
    assert statuses[rec.pk] == Status.STALLED


def test_a_write_in_one_country_leaves_anothers_answers_cached(client, countries):
    lucia, barbados = countries
    theirs = [
        f"{API}recommendations/?country=barbados",
        f"{API}recommendations/{barbados.recommendations.first().pk}/",
        f"{API}evidence/?country=barbados",
        f"{API}statistics/?country=barbados",
    ]
    ours = [
        f"{API}recommendations/?country=saint-lucia",
        f"{API}recommendations/{lucia.recommendations.first().pk}/",
        f"{API}evidence/?country=saint-lucia",
        f"{API}recommendations/",
        f"{API}evidence/",
    ]
    for url in theirs + ours:
        client.get(url)
    _recommendation_set_status(
        recommendation=lucia.recommendations.first(), status=Status.STALLED, user=UserFactory()
    )
    # Barbados's answers: the version read, then the cache; Saint Lucia's are read again, and
    # so are the answers across countries.
    assert [queries_for(client, url) for url in theirs] == [1, 1, 1, 1]
    assert all(queries_for(client, url) > 1 for url in ours)


def test_a_published_note_shows_and_an_internal_one_forgets_nothing(client, countries):
    lucia, _barbados = countries
    rec = lucia.recommendations.get(position=1)
    url = f"{API}evidence/?country=saint-lucia"
    count = client.get(url).json()["count"]
    _evidence_note_create(
        recommendation=rec,
        author=UserFactory(),
        happened_on=rec.report.imported_at.date(),
        text="Still internal",
    )
    assert queries_for(client, url) == 1
    evidence_note_published(
        recommendation=rec,
        author=UserFactory(),
        happened_on=rec.report.imported_at.date(),
        text="Now public",
    )
    body = client.get(url).json()
    assert body["count"] == count + 1
    assert "Now public" in str(body) and "Still internal" not in str(body)


def test_an_approved_value_shows_in_the_statistics(client, countries):
    police = build_statistics()
    url = f"{API}statistics/?country=saint-lucia"

    def total(period):
        metrics = {m["code"]: m for m in client.get(url).json()["metrics"]}
        figures = {p["period"]: p for p in metrics["investigations"]["periods"]}
        return figures[period]["total"]["value"]

    assert total(2025) == 3
    services.statistics_enter(
        user=UserFactory(is_superuser=True, is_staff=True),
        ministry=police,
        period=2025,
        entries=[
            services.Entry(
                metric=Metric.objects.get(code="investigations"), cell="", value=Decimal(9)
            )
        ],
    )
    assert total(2025) == 9


def test_only_the_canonical_query_keys_an_answer(client, countries):
    lucia, _barbados = countries
    thread = lucia.recommendations.get(position=1).previous_id
    client.get(f"{API}recommendations/?year=all")
    # Unknown parameters are left out of the key and of the links: the cached answer.
    assert queries_for(client, f"{API}recommendations/?year=all&utm_source=x") == 1
    body = client.get(f"{API}recommendations/?year=all&utm_source=x").json()
    assert "utm_source" not in str(body)
    # Another spelling of an id is answered, never stored.
    for spelling in (f"0{thread}", f"{thread}.0"):
        url = f"{API}recommendations/?year=all&thread={spelling}"
        assert [row["thread"] for row in client.get(url).json()["results"]] == [thread, thread]
        assert queries_for(client, url) > 1
    url = f"{API}reports/?year=2020.0"
    assert client.get(url).json()["count"] == 2 and queries_for(client, url) > 1
