"""The public statistics page and its CSV: only approved figures, breakdowns masked, English
and French, a fixed number of queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Metric

from ..factories import CountryFactory, EditorFactory, SecretariatFactory, police_force

pytestmark = pytest.mark.django_db

PAGE = reverse("recommendations:statistics")
EXPORT = reverse("recommendations:statistics_export")


@pytest.fixture
def police(db, settings):
    country = CountryFactory(name="Saint Lucia", slug="saint-lucia")
    settings.TIPT_DEFAULT_COUNTRY = country.slug
    return police_force("investigations", "victims_identified", country=country)


def _enter(user, ministry, period, **cells):
    entries = []
    for name, value in cells.items():
        code, _sep, cell = name.partition("__")
        entries.append(
            services.Entry(
                metric=Metric.objects.get(code=code),
                cell=cell.replace("_", ":", 1),
                value=Decimal(value),
            )
        )
    return services.statistics_enter(user=user, ministry=ministry, period=period, entries=entries)


def _csv(client, **query):
    response = client.get(EXPORT, query)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_only_approved_figures_are_public(client, police):
    editor = EditorFactory(ministries=[police])
    waiting = _enter(editor, police, 2025, investigations="37")
    assert "37" not in client.get(PAGE).content.decode()
    assert not [row for row in _csv(client) if row["value"] == "37"]
    services.statistic_values_approve(values=waiting, user=SecretariatFactory())
    content = client.get(PAGE).content.decode()
    assert "37" in content and "Royal Police Force" in content
    assert {"period": "2025", "metric": "investigations", "value": "37"}.items() <= _csv(client)[
        0
    ].items()


def test_small_breakdown_cells_are_masked_on_the_page_and_in_the_csv(client, police):
    _enter(
        SecretariatFactory(),
        police,
        2025,
        victims_identified="15",
        victims_identified__sex_female="2",
        victims_identified__sex_male="10",
        victims_identified__sex_unknown="3",
        victims_identified__age_child="3",
        victims_identified__age_adult="12",
    )
    content = client.get(PAGE).content.decode()
    assert "fewer than 5" in content and "withheld" in content
    rows = {
        row["breakdown"]: row["value"]
        for row in _csv(client)
        if row["metric"] == "victims_identified"
    }
    # Two small cells of the sex breakdown cannot be told apart: shown as small. The one small
    # age group would be 15 - 12: the whole age breakdown is withheld.
    assert rows == {
        "": "15",
        "Sex: female": "fewer than 5",
        "Sex: male": "10",
        "Sex: unknown": "fewer than 5",
        "Age group: children": "withheld",
        "Age group: adults": "withheld",
    }


def test_the_page_in_french(client, police):
    _enter(SecretariatFactory(), police, 2025, investigations="3")
    content = client.get("/fr" + PAGE).content.decode()
    assert "Statistiques" in content and 'lang="fr"' in content


def test_an_unknown_country_is_a_404(client, police):
    assert client.get(PAGE, {"country": "atlantis"}).status_code == 404
    assert client.get(EXPORT, {"country": "atlantis"}).status_code == 404


@pytest.mark.parametrize("periods", [1, 5])
def test_the_page_reads_in_fixed_queries(client, police, periods, django_assert_max_num_queries):
    secretariat = SecretariatFactory()
    for period in range(2026 - periods, 2026):
        _enter(secretariat, police, period, investigations="3", victims_identified="6")
    # The page versions, the country, the metrics, the values (and the session's user: none).
    with django_assert_max_num_queries(5):
        assert client.get(PAGE).status_code == 200
