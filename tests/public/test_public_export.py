import csv
import datetime
import io

import pytest
from django.http import QueryDict
from django.utils import timezone

from recommendations.exports import FRENCH_COLUMNS, PUBLIC_COLUMNS
from recommendations.models import Recommendation
from recommendations.public.filters import RecommendationFilter
from recommendations.public.views import list_queryset

from ..factories import RecommendationFactory
from ..public_data import EXPORT, LIST, build_site

pytestmark = pytest.mark.django_db


def download(client, query=""):
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def filtered(query):
    filterset = RecommendationFilter(QueryDict(query), queryset=list_queryset())
    assert filterset.is_valid()
    return list(filterset.qs)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "year=2020",
        "status=not_started",
        "year=2020&area=prosecution",
        "year=2020&overdue=yes",
        "q=number+1&o=-title",
        "o=-last_update",
        "o=target_date&year=2020",
    ],
)
def test_csv_matches_the_filtered_list_row_for_row(client, query):
    build_site(6)
    _response, rows = download(client, query)
    header, *rows = rows
    assert header == PUBLIC_COLUMNS + FRENCH_COLUMNS
    expected = filtered(query)
    assert len(rows) == len(expected) > 0
    for row, rec in zip(rows, expected, strict=True):
        data = dict(zip(header, row, strict=True))
        assert data["country"] == rec.report.country.name
        assert data["report_year"] == str(rec.report.year)
        assert data["position"] == str(rec.position)
        assert data["title"] == rec.title
        assert data["recommendation"] == rec.text
        assert data["area"] == rec.get_area_display()
        assert data["status"] == rec.get_status_display()
        assert data["lead_ministry"] == rec.lead_ministry.name
        assert data["target_date"] == (rec.target_date.isoformat() if rec.target_date else "")
        assert data["overdue"] == ("yes" if rec in Recommendation.objects.overdue() else "no")
        assert data["url"] == f"http://testserver{rec.get_absolute_url()}"


def test_csv_rows_are_the_rows_of_the_list_page_in_the_same_order(client):
    build_site(6)
    query = "status=in_progress&o=-title"
    page = client.get(f"{LIST}?{query}")
    on_page = [f"http://testserver{rec.get_absolute_url()}" for rec in page.context["object_list"]]
    _response, (header, *rows) = download(client, query)
    assert [row[header.index("url")] for row in rows] == on_page


def test_csv_carries_supporting_ministries_status_date_and_public_evidence(client):
    report = build_site(2)
    _response, (header, *rows) = download(client, "year=2020")
    first = dict(zip(header, rows[0], strict=True))
    assert first["supporting_ministries"] == "Saint Lucia Ministry 1"
    assert first["last_status_change"] == "2021-01-01"
    assert first["latest_public_evidence"] == (
        "2020-11-01: Public evidence 0: the plan was tabled in Parliament. "
        "(https://example.gov/plan.pdf)"
    )
    assert report.recommendations.count() == len(rows)


def test_csv_is_a_dated_utf8_attachment_that_spreadsheets_read(client):
    RecommendationFactory(title="Kwéyòl interpretation for victims", text="=1+1 formula")
    response, (header, row) = download(client)
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="tipt-status-report-{today}.csv"'
    )
    data = dict(zip(header, row, strict=True))
    assert data["title"] == "Kwéyòl interpretation for victims"
    assert data["recommendation"] == "'=1+1 formula"


def test_csv_of_filters_that_match_nothing_has_only_the_header(client):
    build_site(2)
    _response, rows = download(client, "year=2020&q=absent-word")
    assert rows == [PUBLIC_COLUMNS + FRENCH_COLUMNS]


def test_csv_with_a_filter_it_does_not_understand_is_empty_not_everything(client):
    build_site(2)
    _response, rows = download(client, "status=nonsense")
    assert rows == [PUBLIC_COLUMNS + FRENCH_COLUMNS]


def test_csv_marks_overdue_rows(client):
    RecommendationFactory(target_date=datetime.date(2000, 1, 1))
    _response, (header, row) = download(client, "overdue=yes")
    assert row[header.index("overdue")] == "yes"
