"""The staff workspace as a phone and a laptop show it: the home page of an editor and of the
secretariat, the recommendations' change list and a recommendation's change form, at 1280 and
375 px wide, never wider than the screen, with no axe-core violation. Screenshots in
artifacts/."""

import datetime
import importlib
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from recommendations.models import Recommendation, Status

from ..factories import EditorFactory, StatusChangeFactory, UserFactory
from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
STAFF_GROUPS = importlib.import_module("recommendations.migrations.0003_staff_groups")


def _staff_groups():
    """The staff groups as their migration makes them (transactional tests flush them)."""
    for name, wanted in [
        (STAFF_GROUPS.SECRETARIAT, STAFF_GROUPS.SECRETARIAT_PERMISSIONS),
        (STAFF_GROUPS.EDITOR, STAFF_GROUPS.EDITOR_PERMISSIONS),
    ]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in wanted
            ]
        )


@pytest.fixture
def demo(live_server):
    """The demo's Saint Lucia 2020 with overdue and due-soon work, a secretariat member and a
    Police editor who changed a status."""
    call_command("load_demo", "--no-admin", stdout=StringIO())
    _staff_groups()
    from recommendations import services

    services.staff_user_set_role(
        user=UserFactory(username="coordinator"), role="secretariat", ministries=[]
    )
    recs = list(Recommendation.objects.exclude(lead_ministry=None).order_by("position"))
    ministry = recs[0].lead_ministry
    today = timezone.localdate()
    for n, rec in enumerate(recs):
        offset = -10 - n if n % 2 == 0 else 5 + n
        Recommendation.objects.filter(pk=rec.pk).update(
            target_date=today + datetime.timedelta(days=offset)
        )
    editor = EditorFactory(username="focal", ministries=[ministry])
    StatusChangeFactory(recommendation=recs[0], changed_by=editor, new_status=Status.IN_PROGRESS)
    Recommendation.objects.filter(pk=recs[0].pk).update(
        title=(
            "Vigorously investigate, prosecute and convict traffickers, including complicit "
            "officials, and sentence them to adequate penalties, which should involve "
            "significant prison terms"
        )
    )
    return live_server.url


def sign_in(page, site, username):
    page.goto(site + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-form input[type=submit]")


def check(page, artifacts, name, width):
    """The page fits its width (nothing to scroll sideways), has no axe-core violation, and
    is saved as a screenshot."""
    page.screenshot(path=str(artifacts / f"staff-{name}-{width}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTHS_BY_PX[width]["width"], (name, scroll_width)
    assert axe_violations(page) == [], name


WIDTHS_BY_PX = {size["width"]: size for size in WIDTHS.values()}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, browser):
    size = WIDTHS[request.param]
    options = {"is_mobile": True, "has_touch": True} if request.param == "phone" else {}
    context = browser.new_context(bypass_csp=True, viewport=size, **options)
    context.set_default_timeout(15_000)
    yield context.new_page(), size["width"]
    context.close()


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


def test_the_activity_page_fits_its_table_scrolling_inside_itself(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "focal")
    page.goto(demo + "/admin/activity/")
    assert "Marked In progress" in page.locator(".tipt-activity-table").inner_text()
    check(page, artifacts, "activity-editor", width)
    page.goto(demo + "/admin/activity/?date_from=31/02/2026")
    assert "Enter a date that exists" in page.locator("#content").inner_text()
    check(page, artifacts, "activity-bad-filter", width)
