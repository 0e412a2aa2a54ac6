"""Each API endpoint reads a fixed number of queries whatever the amount of data: the same at
5 and at 50 recommendations (each with its predecessor, a status change, a public and an
internal note). A query per row would fail here."""

import pytest

from ..public_data import build_site, build_statistics

pytestmark = pytest.mark.django_db

SIZES = [5, 50]
API = "/api/v1/"

# Every answer that may be cached first reads its page versions (recommendations/api/caching.py).
VERSION_QUERY = 1
# The count for the paginator, the page of rows, their successors, their supporting ministries.
RECOMMENDATIONS = 4 + VERSION_QUERY


@pytest.fixture(params=SIZES, ids=lambda size: f"{size}-recommendations")
def report(request):
    report = build_site(request.param)
    build_statistics()
    return report


ENDPOINTS = [
    # The countries, their reports.
    ("countries/", 2 + VERSION_QUERY),
    ("countries/saint-lucia/", 2 + VERSION_QUERY),
    # The count, the page of reports (with their recommendations counted).
    ("reports/", 2 + VERSION_QUERY),
    # ... and the countries the filter offers.
    ("reports/?country=saint-lucia", 3 + VERSION_QUERY),
    ("recommendations/", RECOMMENDATIONS),
    # ... and the year filter's choices.
    ("recommendations/?year=all&status=in_progress&o=-last_update", RECOMMENDATIONS + 1),
    ("recommendations/?year=2020&area=protection&overdue=no", RECOMMENDATIONS + 1),
    # A search is never cached, so it does not read the page versions.
    ("recommendations/?q=plan", RECOMMENDATIONS - VERSION_QUERY),
    ("recommendations/?thread={thread}&year=all", RECOMMENDATIONS + 1),
    # The count and the page of published notes.
    ("evidence/", 2 + VERSION_QUERY),
    # ... and the countries the filter offers.
    ("evidence/?country=saint-lucia", 3 + VERSION_QUERY),
    ("evidence/?thread={thread}", 2 + VERSION_QUERY),
    # The country, the metrics, the approved values, the report's figures.
    ("statistics/", 4 + VERSION_QUERY),
    ("statistics/?country=saint-lucia", 4 + VERSION_QUERY),
]


def test_endpoint_queries_do_not_grow_with_the_data(client, report, django_assert_num_queries):
    thread = report.recommendations.get(position=1).previous_id
    for path, queries in ENDPOINTS:
        path = path.format(thread=thread)
        with django_assert_num_queries(queries, info=path):
            response = client.get(f"{API}{path}")
        assert response.status_code == 200, path
        body = response.json()
        # Rows were read: a query per row would show.
        assert body.get("results", body) if isinstance(body, dict) else body, path


def test_ministry_filter_queries_do_not_grow(client, report, django_assert_num_queries):
    slug = report.recommendations.get(position=1).lead_ministry.slug
    # As the list page: the ministry filter's choices, and the ministry looked up by its slug.
    with django_assert_num_queries(RECOMMENDATIONS + 2):
        assert client.get(f"{API}recommendations/?ministry={slug}").status_code == 200


def test_detail_queries_do_not_grow(client, report, django_assert_num_queries):
    rec = report.recommendations.get(position=1)
    # The recommendation (with its carry-over), its successors, its supporting ministries, the
    # versions of its thread.
    with django_assert_num_queries(4 + VERSION_QUERY):
        assert client.get(f"{API}recommendations/{rec.pk}/").status_code == 200


def test_a_cached_answer_reads_only_the_page_versions(client, report, django_assert_num_queries):
    client.get(f"{API}recommendations/?year=all")
    with django_assert_num_queries(VERSION_QUERY):
        assert client.get(f"{API}recommendations/?year=all").status_code == 200
