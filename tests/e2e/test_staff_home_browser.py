"""The staff workspace as a phone and a laptop show it: the home page of an editor and of the
secretariat, the recommendations' change list and a recommendation's change form, at 1280 and
375 px wide, never wider than the screen, with no axe-core violation. Screenshots in
artifacts/."""

import pytest

from recommendations.models import Recommendation

from .conftest import check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_editors_home_page_fits_and_lists_their_work(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "focal")
    assert page.locator("#tipt-overdue").is_visible()
    assert page.locator("#tipt-due-soon").is_visible()
    assert "Marked In progress" in page.locator("main, #content").first.inner_text()
    check(page, artifacts, "home-editor", width)


def test_the_secretariats_home_page_fits_with_its_system_section(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "coordinator")
    assert "overdue recommendations in all" in page.locator("#content").inner_text()
    assert page.locator("#tipt-system").is_visible()
    check(page, artifacts, "home-secretariat", width)


def test_the_change_list_shows_every_column_without_scrolling_sideways(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "coordinator")
    page.goto(demo + "/admin/recommendations/recommendation/")
    check(page, artifacts, "change-list", width)
    if width == 1280:
        # The table itself fits: no column is cut off behind a scroll bar.
        # (scrollWidth rounds the table's fractional width up: compare the boxes instead.)
        table, box = page.locator("#result_list").evaluate(
            """el => [el.getBoundingClientRect().right,
                      el.closest(".results").getBoundingClientRect().right]"""
        )
        assert table <= box + 0.5, (table, box)
        for column in ("report_year", "title", "lead_ministry", "target_date", "last_update"):
            header = page.locator(f"th.column-{column}")
            box = header.bounding_box()
            assert box and box["x"] + box["width"] <= width, column
        overdue = page.locator("th.column-overdue_flag").bounding_box()
        assert overdue["x"] + overdue["width"] <= width
        # A long title wraps, whole on the page.
        assert page.get_by_text("which should involve significant prison terms").count() == 1


def test_a_recommendations_change_form_fits(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "coordinator")
    rec = Recommendation.objects.order_by("position").first()
    page.goto(demo + f"/admin/recommendations/recommendation/{rec.pk}/change/")
    check(page, artifacts, "change-form", width)
    # The buttons beside the title never cover it, however long it is: they stand below it.
    title = page.locator("#content > h2").bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"], (title, tools)


def test_the_activity_page_fits_its_table_scrolling_inside_itself(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "focal")
    page.goto(demo + "/admin/activity/")
    assert "Marked In progress" in page.locator(".tipt-activity-table").inner_text()
    check(page, artifacts, "activity-editor", width)
    page.goto(demo + "/admin/activity/?date_from=31/02/2026")
    assert "Enter a date that exists" in page.locator("#content").inner_text()
    check(page, artifacts, "activity-bad-filter", width)
