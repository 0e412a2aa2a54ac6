"""The public site in a real browser: accessibility (axe-core), the filters and the CSV link
with JavaScript off, the keyboard, both languages, and the phone width (printing: test_print.py)."""

import csv
import io
import re

import pytest

from recommendations.models import Ministry, Recommendation

from ..public_data import NEVER_PUBLIC
from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(public_site):
    return public_site


def first_recommendation_url():
    return Recommendation.objects.get(report__year=2020, position=1).get_absolute_url()


def public_urls():
    detail = first_recommendation_url()
    return [
        "/",
        "/?country=saint-lucia&year=2019",
        "/recommendations/",
        "/recommendations/?year=all",
        "/recommendations/?year=2020&status=in_progress&o=-last_update",
        "/recommendations/?q=nothing-matches",
        detail,
        "/no-such-page/",
        "/statistics/",
        "/fr/statistics/",
        "/data/",
        "/fr/data/",
        "/fr/",
        f"/fr{detail}",
        "/about/",
        "/fr/about/",
    ]


def test_no_page_has_an_accessibility_violation(site, page):
    for path in public_urls():
        page.goto(site + path)
        assert axe_violations(page) == [], path


def test_no_page_has_an_accessibility_violation_at_phone_width(site, phone_page):
    for path in public_urls()[:6]:
        phone_page.goto(site + path)
        assert axe_violations(phone_page) == [], path


def test_no_page_shows_anything_internal(site, page):
    for path in public_urls():
        page.goto(site + path)
        text = page.content()
        for secret in NEVER_PUBLIC:
            assert secret not in text, (path, secret)


def test_dashboard_screenshots_at_desktop_and_phone_width(site, page, phone_page, artifacts):
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "Saint Lucia: the 2021 TIP Report recommendations"
    page.goto(site + "/?country=saint-lucia&year=2020")
    page.screenshot(path=str(artifacts / "dashboard-desktop.png"), full_page=True)
    phone_page.goto(site + "/?country=saint-lucia&year=2020")
    phone_page.screenshot(path=str(artifacts / "dashboard-phone.png"), full_page=True)
    assert (artifacts / "dashboard-desktop.png").stat().st_size > 10_000
    # Nothing wider than the phone: no sideways scrolling at 320 pixels.
    for path in [
        "/?country=saint-lucia&year=2020",
        "/recommendations/",
        first_recommendation_url(),
        "/data/",
    ]:
        phone_page.goto(site + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], path


def test_filters_and_csv_link_work_without_javascript(site, no_script_page):
    page = no_script_page
    page.goto(site + "/recommendations/")
    # Each country's latest report: Saint Lucia's 2021 and Barbados's 2021, one each.
    assert page.locator(".result-count").inner_text() == "2 recommendations"
    page.click("text=Show every year")
    assert "year=all" in page.url
    assert page.locator(".result-count").inner_text() == "52 recommendations"
    page.select_option("#id_year", "2020")
    page.select_option("#id_status", "stalled")
    page.select_option("#id_o", "-title")
    page.click("button[type=submit]")
    assert re.search(r"year=2020", page.url) and "status=stalled" in page.url
    rows = page.locator(".rec-table tbody tr")
    titles = page.locator(".rec-title > a").all_inner_texts()
    assert rows.count() == 6
    assert titles == sorted(titles, reverse=True)
    assert set(page.locator(".rec-table .badge").all_inner_texts()) == {"Stalled"}

    with page.expect_download() as download_info:
        page.click("text=Download CSV")
    download = download_info.value
    assert re.fullmatch(r"tipt-status-report-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file))
    assert [row[header.index("title")] for row in rows] == titles
    assert {row[header.index("status")] for row in rows} == {"Stalled"}


def test_text_search_and_ministry_filter_in_the_browser(site, no_script_page):
    page = no_script_page
    page.goto(site + "/recommendations/?year=all")
    page.fill("#id_q", "plan 12,")
    page.click("button[type=submit]")
    assert page.locator(".rec-title > a").all_inner_texts() == [
        "Adopt and fund the national action plan, number 12",
        "Draft a national action plan, number 12",
    ]
    page.click("text=Clear all filters")
    ministry = Ministry.objects.get(name="Saint Lucia Ministry 2")
    page.select_option("#id_ministry", ministry.slug)
    page.select_option("#id_year", "2020")
    page.click("button[type=submit]")
    # Ministry 2 leads positions 3, 6, ..., 24 and supports 2, 5, ..., 23.
    assert page.locator(".result-count").inner_text() == "16 recommendations"


def test_pages_follow_from_dashboard_to_list_to_detail(site, no_script_page):
    page = no_script_page
    page.goto(site + "/?country=saint-lucia&year=2020")
    page.click("text=All 2020 recommendations")
    assert "country=saint-lucia&year=2020" in page.url
    page.click("text=Adopt and fund the national action plan, number 0")
    assert page.locator("h1").inner_text() == "Adopt and fund the national action plan, number 0"
    page.click("text=2021, recommendation 1")
    assert page.locator(".lineage-current ins").text_content() == "added: Fund"


def test_country_switcher_works_without_javascript(site, no_script_page):
    page = no_script_page
    page.goto(site + "/")
    page.select_option("#country-switch", "barbados")
    page.click("#country-switch ~ button")
    assert "country=barbados" in page.url
    assert page.locator("h1").inner_text() == "Barbados: the 2021 TIP Report recommendations"


def test_an_earlier_year_is_chosen_without_javascript(site, no_script_page):
    page = no_script_page
    page.goto(site + "/")
    assert page.locator("#year-switch option").all_inner_texts() == ["2021", "2020", "2019"]
    page.select_option("#year-switch", "2019")
    page.click("text=Show this year")
    assert "country=saint-lucia" in page.url and "year=2019" in page.url
    assert page.locator("h1").inner_text() == "Saint Lucia: the 2019 TIP Report recommendations"


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(site, page):
    page.goto(site + "/recommendations/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert top >= 0 and page.locator(".skip-link").is_visible()
    assert focus_ring(page) is True
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_q"
    assert focus_ring(page) is True
    # Tab on through the filters: each control gets a visible focus in turn.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_country"
    assert focus_ring(page) is True


def focus_ring(page) -> bool:
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth)];
        }"""
    )
    return style[0] != "none" and style[1] >= 2


def test_visitor_switches_to_french_and_back_with_a_link(site, no_script_page):
    page = no_script_page
    page.goto(site + "/recommendations/?status=stalled")
    page.click("a[hreflang=fr]")
    assert page.url.endswith("/fr/recommendations/?status=stalled")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Recommandations"
    assert "Télécharger le CSV" in page.content()
    page.click("a[hreflang=en]")
    assert page.url.endswith("/recommendations/?status=stalled")
    assert page.locator("h1").inner_text() == "Recommendations"


def test_feed_and_csv_are_reachable_from_every_page(site, page):
    page.goto(site + first_recommendation_url())
    feed = page.locator("link[type='application/atom+xml']").get_attribute("href")
    response = page.request.get(site + feed)
    assert response.ok and b"<feed" in response.body()
    export = page.locator("footer a", has_text="status report (CSV)").get_attribute("href")
    body = page.request.get(site + export).body().decode("utf-8-sig")
    # Like the list it is the export of, each country's latest report: one recommendation each.
    assert len(list(csv.reader(io.StringIO(body)))) == 1 + 2
