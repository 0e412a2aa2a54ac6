"""The public site in French in a real browser: a visitor switches to French and reads a
recommendation that staff translated, with the English left untranslated marked as English."""

import pytest

from ..public_data import TEXT_FR, TITLE_FR, build_french_site
from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def translated(live_server, settings):
    rec, untranslated = build_french_site()
    settings.TIPT_DEFAULT_COUNTRY = rec.report.country.slug
    return live_server.url, rec, untranslated


def test_visitor_switches_to_french_and_reads_a_translated_recommendation(translated, page):
    site, rec, untranslated = translated
    page.goto(site + rec.get_absolute_url())
    assert page.locator("h1").inner_text() == rec.title
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
