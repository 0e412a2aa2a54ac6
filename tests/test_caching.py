"""Public pages are cached whole, and a change shows at once on every page."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import caching, services
from recommendations.models import Country, Recommendation, Status

from .factories import ContentVersionFactory, EvidenceNoteFactory, MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-admin", stdout=StringIO())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context.captured_queries)


def test_a_status_change_shows_at_once_on_every_cached_page(client, demo):
    rec = Recommendation.objects.get(position=1)
    urls = [
        reverse("recommendations:home"),
        reverse("recommendations:list"),
        rec.get_absolute_url(),
    ]
    before = [page(client, url) for url in urls]
    assert [queries_for(client, url) for url in urls] == [1, 1, 1]  # from the cache
    services.recommendation_set_status(
        recommendation=rec, status=Status.COMPLETED, user=UserFactory()
    )
    after = [page(client, url) for url in urls]
    for old, new in zip(before, after, strict=True):
        assert old != new
    assert after[2].count("Completed") > before[2].count("Completed")


@pytest.mark.parametrize(
    "change",
    [
        lambda rec: EvidenceNoteFactory(recommendation=rec),
        lambda rec: rec.supporting_ministries.add(MinistryFactory()),
        lambda rec: setattr(rec, "title", "Renamed") or rec.save(),
        lambda rec: rec.evidence_notes.all().delete(),
        lambda rec: Country.objects.get(pk=rec.report.country_id).save(),
    ],
    ids=["note added", "ministry added", "saved", "notes deleted", "country saved"],
)
def test_every_kind_of_change_moves_the_content_version(demo, change):
    rec = Recommendation.objects.get(position=3)
    before = caching.content_version()
    change(rec)
    assert caching.content_version() > before


def test_a_missing_page_is_not_cached(client, demo):
    assert client.get("/recommendations/999999/").status_code == 404
    # Served again by the view (the version, then the lookup), not from the cache.
    assert queries_for(client, "/recommendations/999999/") > 1


def test_two_databases_sharing_one_cache_never_share_a_page(rf):
    request = rf.get("/recommendations/?status=completed")
    key = caching._key(request, 7)
    assert caching._key(rf.get("/recommendations/?status=completed"), 7) == key
    with mock.patch.dict(connection.settings_dict, {"NAME": "staging"}):
        assert caching._key(request, 7) != key
    with mock.patch.dict(connection.settings_dict, {"HOST": "db2.example.org"}):
        assert caching._key(request, 7) != key


def test_the_content_version_is_the_single_counter_row_and_only_goes_up():
    counter = ContentVersionFactory()
    counter.number = 41
    counter.save()
    assert caching.content_version() == 41
    caching.content_version_bump()
    assert caching.content_version() == 42
