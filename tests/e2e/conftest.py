"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against the
live test server, with axe-core from node_modules (`npm ci`)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

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
