"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against the
live test server, with axe-core from node_modules (`npm ci`)."""

import datetime
import importlib
import os
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import sync_playwright

from recommendations.models import Recommendation, Status

from ..factories import (
    CountryFactory,
    EditorFactory,
    RecommendationFactory,
    ReportFactory,
    StatusChangeFactory,
    UserFactory,
)
from ..public_data import build_next_year_version, build_site, build_statistics

# Playwright's synchronous API keeps an event loop running in this thread while the browser
# is open; the database calls the tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "artifacts"
AXE_SCRIPT = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("TIPT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium.")
    if not AXE_SCRIPT.exists():
        pytest.fail("No axe-core in node_modules: run npm ci.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, **options):
    # A later Content-Security-Policy must not stop the test from injecting axe-core.
    context = browser.new_context(bypass_csp=True, accept_downloads=True, **options)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _page(browser, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def no_script_page(browser):
    """A browser with JavaScript switched off: every public feature must still work."""
    context, page = _page(browser, viewport=DESKTOP, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def public_site(live_server):
    """Saint Lucia 2019 and 2020 with 25 recommendations each, a 2021 version of the first,
    a second country and published statistics; returns the live server's address."""
    report = build_site(25)
    build_next_year_version(
        report.recommendations.get(position=1),
        text="Fund the national action plan, number 0, to fight trafficking.",
    )
    RecommendationFactory(
        report=ReportFactory(country=CountryFactory(name="Barbados", slug="barbados"), year=2021)
    )
    build_statistics()
    return live_server.url


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def axe_violations(page) -> list[str]:
    """Every axe-core violation on the page, as "rule: selector" lines."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document);
            return results.violations.flatMap(
                (v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}`)
            );
        }"""
    )
    return violations


# -- the staff workspace: its people, signing in, and a page's checks at two widths

PASSWORD = "correct horse battery staple"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
STAFF_GROUPS = importlib.import_module(
    "recommendations.migrations.0001_initial_squashed_0005_latest_note_and_status_indexes"
)


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
    found = axe_violations(page)
    assert found == [], (name, found)


WIDTHS_BY_PX = {size["width"]: size for size in WIDTHS.values()}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request, browser):
    size = WIDTHS[request.param]
    options = {"is_mobile": True, "has_touch": True} if request.param == "phone" else {}
    context = browser.new_context(bypass_csp=True, viewport=size, **options)
    context.set_default_timeout(15_000)
    yield context.new_page(), size["width"]
    context.close()
