"""Each public page and the export read a fixed number of queries whatever the amount of data:
the same number at 5 and at 50 recommendations (each with its predecessor, a status change, a
public and an internal note). A new query per row would fail here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Report

from ..public_data import build_site

pytestmark = pytest.mark.django_db

SIZES = [5, 50]

# Every cached page first reads its page versions (see recommendations/public/cache.py).
VERSION_QUERY = 1


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture(params=SIZES, ids=lambda size: f"{size}-recommendations")
def report(request):
    return build_site(request.param)


# The reports of the default country (by its slug): the one shown and the tier timeline; the
# report's recommendations (the tallies by status, area and ministry and the overdue count are
# counted from them), the countries for the switcher, the latest status changes and the latest
# public notes, the latest approved statistics and the latest approved progress report.
DASHBOARD_QUERIES = 7 + VERSION_QUERY


def test_dashboard_queries_do_not_grow_with_the_data(client, report, django_assert_num_queries):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        get(client, reverse("recommendations:home"))


# The year choices of the filter form, the count for the paginator, the page of rows, the
# successors of the page's rows, and the options of the country and ministry selects.
LIST_QUERIES = 6 + VERSION_QUERY


@pytest.mark.parametrize(
    ("query", "queries"),
    [
        # Each country's latest report (the default), one year, every year.
        ("", LIST_QUERIES),
        ("year=2020&status=in_progress&o=-last_update", LIST_QUERIES),
        ("year=all", LIST_QUERIES),
        ("year=all&o=-last_update", LIST_QUERIES),
        # A search is never cached, so it does not read the page versions.
        ("q=plan&overdue=yes&o=title", LIST_QUERIES - VERSION_QUERY),
    ],
)
def test_list_queries_do_not_grow_with_the_data(
    client, report, query, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        get(client, f"{reverse('recommendations:list')}?{query}")


def test_list_filtered_by_ministry_queries_do_not_grow(client, report, django_assert_num_queries):
    slug = report.recommendations.get(position=1).lead_ministry.slug
    # One more than the plain list: the filter looks the ministry up by its slug.
    with django_assert_num_queries(LIST_QUERIES + 1):
        get(client, f"{reverse('recommendations:list')}?ministry={slug}")


# The recommendation (with its carry-over), its supporting ministries, the versions of its
# thread, the thread's status changes, its public notes, their public documents and their
# corrections.
DETAIL_QUERIES = 7 + VERSION_QUERY


def test_detail_queries_do_not_grow_with_the_data(client, report, django_assert_num_queries):
    rec = report.recommendations.get(position=1)
    with django_assert_num_queries(DETAIL_QUERIES):
        get(client, rec.get_absolute_url())


# The rows in one query, after the year choices when a year is asked for (every year too).
@pytest.mark.parametrize(
    ("query", "queries"),
    [("", 1), ("year=2020&area=prosecution&o=-last_update", 2), ("year=all&o=-last_update", 2)],
)
def test_export_queries_do_not_grow_with_the_data(
    client, report, query, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        get(client, f"{reverse('recommendations:export')}?{query}")


# The latest status changes, the latest public notes, their recommendations (with report and
# country), and the notes' public documents.
FEED_QUERIES = 4 + VERSION_QUERY


def test_feed_queries_do_not_grow_with_the_data(client, report, django_assert_num_queries):
    with django_assert_num_queries(FEED_QUERIES):
        get(client, reverse("recommendations:feed"))


@pytest.mark.parametrize("name", ["home", "list", "feed"])
def test_a_cached_page_costs_one_query_until_the_data_changes(
    client, report, name, django_assert_num_queries
):
    url = reverse(f"recommendations:{name}")
    first = get(client, url).content
    with django_assert_num_queries(VERSION_QUERY):
        assert get(client, url).content == first


# Every public read that joins or lists reports, each with its query string, if any.
READS_OF_REPORTS = [
    ("recommendations:home", ""),
    ("recommendations:list", "year=all"),
    ("recommendations:export", "year=all"),
    ("recommendations:feed", ""),
    ("api:report-list", ""),
    ("api:recommendation-list", ""),
]


def report_texts_read(queries):
    """The report columns of Report.LONG_TEXTS that ``queries`` read."""
    # Under any table name (a join may alias it); no other table has columns of these names.
    names = [f'."{name}"' for name in Report.LONG_TEXTS]
    return [name for query in queries for name in names if name in query["sql"]]


@pytest.mark.parametrize(("name", "query"), READS_OF_REPORTS, ids=[n for n, _ in READS_OF_REPORTS])
def test_no_public_read_carries_a_reports_long_texts(client, name, query):
    build_site(5)
    with CaptureQueriesContext(connection) as queries:
        get(client, f"{reverse(name)}?{query}")
    assert report_texts_read(queries.captured_queries) == []


def test_a_recommendations_pages_carry_no_long_texts_of_its_reports(client):
    rec = build_site(5).recommendations.get(position=1)
    for url in (rec.get_absolute_url(), reverse("api:recommendation-detail", args=[rec.pk])):
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        assert report_texts_read(queries.captured_queries) == [], url
