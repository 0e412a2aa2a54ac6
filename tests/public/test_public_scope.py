"""Which reports the public list and its CSV hold: each country's latest report by default,
``?year=`` one year, ``?year=all`` every year; and the dashboard's menu of a country's years."""

import csv
import io

import pytest

from recommendations.models import Country, Recommendation

from ..factories import CountryFactory, RecommendationFactory, ReportFactory
from ..public_data import EXPORT, HOME, LIST, build_titled_reports

pytestmark = pytest.mark.django_db

# Antigua's latest report is 2021, Barbados's 2020: the default scope mixes years.
YEARS = {"Antigua": (2020, 2021), "Barbados": (2019, 2020)}


@pytest.fixture
def two_countries(db):
    """Two recommendations in each report of YEARS, titled "<country> <year> #<position>"."""
    build_titled_reports(YEARS)


def listed(client, query=""):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    return [rec.title for rec in response.context["recommendations"]]


def exported(client, query=""):
    response = client.get(f"{EXPORT}?{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["title"] for row in csv.DictReader(io.StringIO(body))]


def titles(*groups):
    return [f"{group} #{position}" for group in groups for position in (1, 2)]


LATEST = titles("Antigua 2021", "Barbados 2020")
YEAR_2020 = titles("Antigua 2020", "Barbados 2020")
EVERY_YEAR = titles("Antigua 2021", "Antigua 2020", "Barbados 2020", "Barbados 2019")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", LATEST),
        ("year=2020", YEAR_2020),
        ("year=all", EVERY_YEAR),
        ("country=barbados", titles("Barbados 2020")),
        ("country=antigua&year=all", titles("Antigua 2021", "Antigua 2020")),
        ("year=2019", titles("Barbados 2019")),
    ],
)
def test_the_list_and_its_csv_hold_the_scope_chosen(client, two_countries, query, expected):
    assert listed(client, query) == expected
    assert exported(client, query) == expected


def test_the_default_scope_is_each_countrys_latest_report(two_countries):
    assert [rec.title for rec in Recommendation.objects.current()] == LATEST


def test_a_new_report_moves_the_default_scope_to_it(client, two_countries):
    assert listed(client, "country=barbados") == titles("Barbados 2020")
    report = ReportFactory(country=Country.objects.get(slug="barbados"), year=2021)
    RecommendationFactory(report=report, position=1, title="Barbados 2021 #1")
    assert listed(client, "country=barbados") == ["Barbados 2021 #1"]
    assert listed(client) == ["Antigua 2021 #1", "Antigua 2021 #2", "Barbados 2021 #1"]


@pytest.mark.parametrize("year", ["abc", "99999", "2020.0", "ALL", "-1", "0", "1999", "all,2020"])
def test_a_year_no_menu_offers_shows_no_row_and_says_so(client, two_countries, year):
    response = client.get(LIST, {"year": year})
    assert response.status_code == 200
    assert list(response.context["recommendations"]) == []
    assert "Some filters were not understood" in response.content.decode()
    assert exported(client, f"year={year}") == []


def test_the_year_menu_offers_the_latest_reports_then_every_year_then_each_year(
    client, two_countries
):
    content = client.get(LIST).content.decode()
    menu = content[
        content.index('name="year"') : content.index("</select>", content.index('name="year"'))
    ]
    assert menu.index("Latest report of each country") < menu.index('value="all"')
    assert '<option value="" selected>Latest report of each country</option>' in menu
    assert '<option value="all">All years</option>' in menu
    options = [part.split('"')[0] for part in menu.split('<option value="')[1:]]
    assert options == ["", "all", "2021", "2020", "2019"]
    chosen = client.get(LIST, {"year": "all"}).content.decode()
    assert '<option value="all" selected>All years</option>' in chosen


def test_the_year_menu_is_in_french(client, two_countries):
    content = client.get(f"/fr{LIST}").content.decode()
    assert "Dernier rapport de chaque pays" in content
    assert "Toutes les années" in content
    assert "Tirées du dernier rapport de chaque pays." in content


def test_the_list_links_to_the_other_scope_keeping_its_filters(client, two_countries):
    latest = client.get(LIST, {"status": "not_started", "page": "1"}).content.decode()
    assert "From each country's latest report." in latest
    assert 'href="?status=not_started&amp;year=all">Show every year</a>' in latest
    every = client.get(LIST, {"status": "not_started", "year": "all"}).content.decode()
    assert "From every year's reports." in every
    assert 'href="?status=not_started">Show each country\'s latest report only</a>' in every
    one_year = client.get(LIST, {"year": "2020"}).content.decode()
    assert "Show every year" not in one_year and "latest report only" not in one_year


def test_pagination_and_the_download_link_carry_the_scope(client):
    country = CountryFactory(slug="saint-lucia")
    for year in (2020, 2021):
        report = ReportFactory(country=country, year=year)
        for position in range(1, 16):
            RecommendationFactory(report=report, position=position)
    every = client.get(LIST, {"year": "all"})
    assert every.context["paginator"].count == 30
    content = every.content.decode()
    assert 'href="?year=all&amp;page=2"' in content
    assert f'href="{EXPORT}?year=all">Download CSV</a>' in content
    second = client.get(LIST, {"year": "all", "page": "2"})
    assert len(second.context["recommendations"]) == 10
    latest = client.get(LIST)
    assert latest.context["paginator"].count == 15
    assert "page=2" not in latest.content.decode()
    assert f'href="{EXPORT}">Download CSV</a>' in latest.content.decode()


def test_each_scope_is_cached_apart(client, two_countries):
    # The default page is stored first; the page of every year must not be served from it,
    # nor the other way round, once both are stored.
    for _round in range(2):
        latest = client.get(LIST).content.decode()
        every = client.get(LIST, {"year": "all"}).content.decode()
        assert "Barbados 2019 #1" not in latest and "Barbados 2019 #1" in every
        assert "4 recommendations" in latest and "8 recommendations" in every


def test_the_dashboard_offers_each_earlier_year_of_its_country(client, two_countries):
    content = client.get(HOME, {"country": "antigua"}).content.decode()
    form = content[
        content.index('<label for="year-switch">') - 200 : content.index("Show this year")
    ]
    assert 'method="get"' in form and f'action="{HOME}"' in form
    assert '<input type="hidden" name="country" value="antigua">' in form
    assert '<label for="year-switch">Report year</label>' in form
    assert (
        '<select name="year" id="year-switch"><option value="2021" selected>2021</option>'
        '<option value="2020">2020</option></select>'
    ) in form
    earlier = client.get(HOME, {"country": "antigua", "year": "2020"})
    assert earlier.context["report"].year == 2020
    assert '<option value="2020" selected>2020</option>' in earlier.content.decode()


def test_the_dashboards_year_menu_is_in_french(client, two_countries):
    content = client.get(f"/fr{HOME}", {"country": "antigua"}).content.decode()
    assert '<label for="year-switch">Année du rapport</label>' in content
    assert "Afficher cette année" in content


def test_the_dashboard_of_a_country_with_one_report_has_no_year_menu(client):
    RecommendationFactory(report=ReportFactory(country=CountryFactory(slug="saint-lucia")))
    content = client.get(HOME).content.decode()
    assert 'id="year-switch"' not in content
    assert "Show this year" not in content
