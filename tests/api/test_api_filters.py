"""The recommendations endpoint runs the public list's FilterSet: the same query string gives
the same rows, in the same order, page by page, as the list page; a filter the list refuses,
the API refuses too (400, with the form's errors)."""

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from recommendations.public.cache import forget_cached_pages

from ..factories import MinistryFactory, RecommendationFactory, ReportFactory
from ..public_data import build_next_year_version, build_site, build_titled_reports

pytestmark = pytest.mark.django_db

API = "/api/v1/recommendations/"


@pytest.fixture
def site():
    report = build_site(25)
    build_titled_reports({"Aland": (2019, 2020), "Belize": (2021,)})
    build_next_year_version(report.recommendations.get(position=3), text="Fund the plan.")
    return report


def list_page(client, query):
    """The list page rendered (not served from the cache, which keeps no context)."""
    forget_cached_pages()
    return client.get(f"{reverse('recommendations:list')}?{query}")


def list_ids(client, query):
    response = list_page(client, query)
    assert response.status_code == 200
    return [rec.pk for rec in response.context["recommendations"]]


def api_ids(client, query):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


QUERIES = [
    "",
    "year=all",
    "year=2020",
    "year=2019&o=-title",
    "country=saint-lucia&year=all&o=status",
    "country=aland",
    "status=in_progress&o=-last_update",
    "area=protection&year=all",
    "overdue=yes",
    "overdue=no&o=target_date",
    "q=plan+number&year=all",
    "q=fund",
    "o=ministry&year=all",
    "o=-year&year=all",
]


def test_each_page_holds_the_lists_rows_in_its_order(client, site):
    pages_compared = 0
    for query in QUERIES:
        for page in (1, 2, 3):
            paged = f"{query}&page={page}"
            if list_page(client, paged).status_code == 404:  # past the last page
                assert client.get(f"{API}?{paged}").status_code == 404
                break
            assert api_ids(client, paged) == list_ids(client, paged), paged
            pages_compared += 1
    assert pages_compared > len(QUERIES)


def test_the_ministry_filter_matches_the_list(client, site):
    ministry = site.recommendations.get(position=1).lead_ministry
    query = f"ministry={ministry.slug}&year=all"
    assert api_ids(client, query) == list_ids(client, query)
    assert len(api_ids(client, query)) > 0


def test_the_count_is_the_lists(client, site):
    for query in QUERIES:
        page = list_page(client, query).context["paginator"]
        assert client.get(f"{API}?{query}").json()["count"] == page.count, query


@pytest.mark.parametrize(
    "query", ["year=1850", "status=done", "o=password", "country=no%00where", "overdue=maybe"]
)
def test_a_filter_the_list_refuses_the_api_refuses(client, site, query):
    assert list_page(client, query).context["filter"].errors
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    assert response.json()


def test_a_thread_lists_every_version_of_one_recommendation(client, site):
    rec = site.recommendations.get(position=3)
    thread = client.get(f"{API}{rec.pk}/").json()["thread"]
    rows = client.get(f"{API}?thread={thread}&year=all").json()["results"]
    versions = Recommendation.objects.filter(thread_root=thread).order_by("-report__year")
    assert [row["id"] for row in rows] == [v.pk for v in versions]
    assert [row["report_year"] for row in rows] == [2021, 2020, 2019]
    assert {row["thread"] for row in rows} == {thread}
    # Another recommendation's thread is not in it.
    other = site.recommendations.get(position=4)
    assert other.pk not in {row["id"] for row in rows}


def test_a_split_keeps_one_thread(client):
    earlier = ReportFactory(year=2019)
    ministry = MinistryFactory(country=earlier.country)
    first = RecommendationFactory(report=earlier, position=1, lead_ministry=ministry)
    later = ReportFactory(country=earlier.country, year=2020)
    halves = [RecommendationFactory(report=later, position=n, previous=first) for n in (1, 2)]
    from recommendations.services.threads import _thread_paths_recompute

    _thread_paths_recompute(countries=[earlier.country_id])
    for half in halves:
        assert client.get(f"{API}{half.pk}/").json()["thread"] == first.pk
    rows = client.get(f"{API}?thread={first.pk}&year=all").json()["results"]
    assert sorted(row["id"] for row in rows) == sorted([first.pk, *(h.pk for h in halves)])
    successors = client.get(f"{API}{first.pk}/").json()["successors"]
    assert [s["id"] for s in successors] == [h.pk for h in halves]


def test_a_thread_id_out_of_range_finds_nothing(client, site):
    response = client.get(f"{API}?thread={2**70}&year=all")
    assert response.status_code == 200 and response.json()["count"] == 0
