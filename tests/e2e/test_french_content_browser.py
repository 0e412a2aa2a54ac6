"""The public site in French in a real browser: a visitor switches to French and reads a
recommendation that staff translated, with the English left untranslated marked as English."""

import pytest

from ..factories import MinistryFactory, RecommendationFactory
from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

TITLE_FR = "Financer le plan d'action national contre la traite"
TEXT_FR = "Financer pleinement le plan d'action national contre la traite des personnes."


@pytest.fixture
def translated(live_server, settings):
    ministry = MinistryFactory(name="Ministry of Home Affairs", name_fr="Ministère de l'Intérieur")
    settings.TIPT_DEFAULT_COUNTRY = ministry.country.slug
    rec = RecommendationFactory(
        lead_ministry=ministry,
        title="Fund the national action plan",
        title_fr=TITLE_FR,
        text="Fully fund the national action plan against trafficking in persons.",
        text_fr=TEXT_FR,
    )
    untranslated = RecommendationFactory(
        report=rec.report, lead_ministry=ministry, title="Train labour inspectors"
    )
    return live_server.url, rec, untranslated


def test_visitor_switches_to_french_and_reads_a_translated_recommendation(translated, page):
    site, rec, untranslated = translated
    page.goto(site + rec.get_absolute_url())
    assert page.locator("h1").inner_text() == "Fund the national action plan"
    page.click("a[hreflang=fr]")
    assert page.url.endswith(f"/fr{rec.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == TITLE_FR
    assert page.locator("h1 [lang]").count() == 0
    assert page.locator(".rec-text").inner_text() == TEXT_FR
    assert "Ministère de l'Intérieur" in page.locator(".facts").inner_text()
    assert axe_violations(page) == []
    # The list in French: the translated title in French, the other in English, marked so.
    page.goto(site + "/fr/recommendations/")
    assert page.get_by_role("link", name=TITLE_FR).count() == 1
    english = page.locator('.rec-title a span[lang="en"]')
    assert english.all_inner_texts() == [untranslated.title]
