"""Content in French: under /fr/ the French version staff entered, else the English marked
lang="en"; under English addresses always the English; the exports carry both languages."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from recommendations import exports
from recommendations.models import Metric, Recommendation, Visibility
from recommendations.translation import english, french

from ..factories import EvidenceNoteFactory, RecommendationFactory
from ..public_data import TEXT_FR, TITLE_FR, build_french_site, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    translated, untranslated = build_french_site()
    settings.TIPT_DEFAULT_COUNTRY = translated.report.country.slug
    return translated, untranslated


@pytest.fixture
def officers_trained(site):
    """Public evidence of the translated recommendation, of 1 March 2021, in English and in
    French."""
    translated, _untranslated = site
    return EvidenceNoteFactory(
        recommendation=translated,
        happened_on=datetime.date(2021, 3, 1),
        text="Twelve officers trained",
        text_fr="Douze agents formés",
        visibility=Visibility.PUBLIC,
    )


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def marked_english(text: str) -> str:
    return f'<span lang="en">{text}</span>'


def test_detail_in_french_shows_the_french_version(client, site):
    translated, _untranslated = site
    page = html(client, f"/fr{translated.get_absolute_url()}")
    assert f"<h1>{TITLE_FR}</h1>" in page
    assert f"<p>{TEXT_FR}</p>" in page
    assert "Ministère de l&#x27;Intérieur" in page
    assert "Vigorously investigate" not in page


def test_detail_in_french_marks_the_english_it_falls_back_to(client, site):
    _translated, untranslated = site
    untranslated.report.country.name_fr = None
    untranslated.report.country.save()
    page = html(client, f"/fr{untranslated.get_absolute_url()}")
    assert f"<h1>{marked_english('Train labour inspectors')}</h1>" in page
    assert f"{marked_english(untranslated.report.country.name)} · " in page
    assert marked_english("Train labour inspectors to identify victims.") in page
    assert marked_english("Department of Labour") in page


def test_english_pages_show_english_only(client, site):
    translated, _untranslated = site
    for url in (translated.get_absolute_url(), "/", "/recommendations/"):
        page = html(client, url)
        assert "Investigate and prosecute trafficking" in page, url
        assert TITLE_FR not in page and '<span lang="en">' not in page, url


def test_list_and_dashboard_in_french(client, site):
    translated, untranslated = site
    with translation.override("fr"):
        address = translated.get_absolute_url()
    for url in ("/fr/", "/fr/recommendations/"):
        page = html(client, url)
        assert f'<a href="{address}">{TITLE_FR}</a>' in page, url
        assert marked_english(untranslated.title) in page, url
    listing = html(client, "/fr/recommendations/")
    assert "Sainte-Lucie" in listing and marked_english("Department of Labour") in listing
    # The dashboard's tally by lead ministry names each in French where it has a French name.
    dashboard = html(client, "/fr/")
    assert "<h1>Sainte-Lucie : les recommandations" in dashboard
    assert "Ministère de l&#x27;Intérieur" in dashboard
    assert marked_english("Department of Labour") in dashboard


def test_french_search_and_sort_read_the_french(client, site):
    translated, untranslated = site
    page = html(client, "/fr/recommendations/?q=enquêter")
    assert TITLE_FR in page and untranslated.title not in page
    # English words still find a recommendation on a French page.
    assert TITLE_FR in html(client, "/fr/recommendations/?q=vigorously")
    # By title as shown: "Enquêter…" before "Fund…", which in English comes before
    # "Investigate…".
    # Written in English, as every write of the English is (the last page left French on).
    with translation.override("en"):
        RecommendationFactory(report=translated.report, title="Fund shelters")
    page = html(client, "/fr/recommendations/?o=title")
    assert page.index(TITLE_FR) < page.index("Fund shelters")
    page = html(client, "/recommendations/?o=title")
    assert page.index("Fund shelters") < page.index("Investigate and prosecute trafficking")


def test_published_note_in_french_and_never_an_internal_one(client, site, officers_trained):
    translated, _untranslated = site
    EvidenceNoteFactory(recommendation=translated, text="Internal detail", text_fr="Détail interne")
    page = html(client, f"/fr{translated.get_absolute_url()}")
    assert "Douze agents formés" in page and "Twelve officers trained" not in page
    assert "Détail interne" not in page and "Internal detail" not in page
    assert "Douze agents formés" in html(client, "/fr/")
    feed = html(client, "/fr/feed/")
    assert "Douze agents formés" in feed and "Détail interne" not in feed
    with translation.override("en"):
        assert "Twelve officers trained" in html(client, translated.get_absolute_url())


def test_metric_name_in_french_on_the_statistics_page(client, site):
    # Shown once in English: the cached page is forgotten when the French name is saved.
    assert "Enquêtes ouvertes" not in html(client, "/fr/statistics/")
    metric = Metric.objects.get(code="investigations")
    metric.name_fr = "Enquêtes ouvertes"
    metric.save()
    page = html(client, "/fr/statistics/")
    assert "Enquêtes ouvertes" in page
    other = Metric.objects.get(code="prosecutions")
    assert marked_english(other.name_en) in page
    assert "Enquêtes ouvertes" not in html(client, "/statistics/")


def _csv(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_carries_both_languages_french_columns_last(client, site, officers_trained):
    _translated, untranslated = site
    for prefix in ("", "/fr"):
        header, *rows = _csv(client, prefix + reverse("recommendations:export"))
        assert header == exports.PUBLIC_COLUMNS + exports.FRENCH_COLUMNS
        by_title = {row[header.index("title")]: dict(zip(header, row, strict=True)) for row in rows}
        done = by_title["Investigate and prosecute trafficking"]
        assert done["recommendation"] == "Vigorously investigate and prosecute trafficking cases."
        assert done["lead_ministry"] == "Ministry of Home Affairs"
        assert done["title_fr"] == TITLE_FR and done["recommendation_fr"] == TEXT_FR
        assert done["lead_ministry_fr"] == "Ministère de l'Intérieur"
        assert done["country_fr"] == "Sainte-Lucie"
        assert done["latest_public_evidence_fr"] == "2021-03-01: Douze agents formés"
        assert done["area_fr"] == "Poursuites" and done["status_fr"] == "Non commencée"
        todo = by_title[untranslated.title]
        assert todo["title_fr"] == todo["recommendation_fr"] == todo["lead_ministry_fr"] == ""


def test_statistics_csv_has_the_french_columns_last(client, site):
    header, *_rows = _csv(client, reverse("recommendations:statistics_export"))
    assert header[:7] == ["country", "period", "metric", "source", "breakdown", "value", "unit"]
    assert header[7:] == ["country_fr", "metric_name_fr", "source_fr"]


def test_the_french_accessor_is_none_where_none_was_entered(site):
    translated, untranslated = site
    assert french(translated, "title") == TITLE_FR
    assert french(untranslated, "title") is None
    untranslated.title_fr = ""
    assert french(untranslated, "title") is None
    with translation.override("fr"):
        assert english(translated, "title") == "Investigate and prosecute trafficking"


def test_saved_in_french_the_original_columns_stay_english(site):
    translated, _untranslated = site
    with translation.override("fr"):
        translated.save()
        translated.lead_ministry.save()
    row = Recommendation.objects.filter(pk=translated.pk).values_list(
        "lead_ministry__name", flat=True
    )
    assert list(row) == ["Ministry of Home Affairs"]


@pytest.mark.parametrize("size", [5, 50])
def test_french_list_reads_as_many_queries_as_the_english(client, size):
    report = build_site(size)
    for rec in report.recommendations.all()[:3]:
        rec.title_fr = f"Titre {rec.pk}"
        rec.save()
    counts = []
    for url in ("/recommendations/", "/fr/recommendations/", "/", "/fr/"):
        with CaptureQueriesContext(connection) as queries:
            html(client, url)
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[2] == counts[3]
    assert re.search("Titre", html(client, "/fr/recommendations/"))
