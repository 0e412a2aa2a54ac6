import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import translation

from recommendations.public.cache import forget_cached_pages

from . import factories

# The fixtures through which a test reaches the database (pytest-django's).
DATABASE_FIXTURES = {
    "_django_db_helper",
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config, items):
    """With TIPT_TESTS=database (CI's second run, on PostgreSQL, after the whole suite on
    SQLite), only the tests that reach the database through the Django test client or the ORM
    run: a test that never opens it, and a browser test (tests/e2e/, the same views driven by
    Chromium, whose every view the client's tests also read), gives the same answer on any
    database. They are deselected, never skipped: pytest counts them apart."""
    if os.environ.get("TIPT_TESTS") != "database":
        return
    kept, deselected = [], []
    for item in items:
        in_browser = Path(str(item.fspath)).parent.name == "e2e"
        reaches_db = item.get_closest_marker("django_db") is not None or bool(
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if reaches_db and not in_browser else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


# On PostgreSQL, raising page versions also tells the other app servers (one NOTIFY statement:
# recommendations/public/page_versions.py); writes that forget pages count it.
NOTIFY_QUERIES = int(connection.vendor == "postgresql")

SEED = Path(__file__).resolve().parent.parent / "recommendations" / "data" / "saint-lucia-2020.txt"
# One chapter in each layout a chapter arrives in.
CHAPTERS = Path(__file__).resolve().parent / "fixtures" / "chapters"

# The nine prioritized recommendations of the 2020 Saint Lucia chapter, word for word.
SEED_RECOMMENDATIONS = [
    "Increase efforts to identify vulnerable individuals and screen them for trafficking.",
    "Investigate, prosecute, convict, and punish perpetrators of sex trafficking and labor "
    "trafficking.",
    "Approve the amendment to the anti-trafficking law to remove sentencing provisions that "
    "allow fines in lieu of imprisonment for sex trafficking offenses.",
    "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
    "Develop a national action plan for 2020 and onwards.",
    "Formally approve and implement standard operating procedures on a victim-centered approach "
    "to guide police, immigration, labor, child protection, judicial, and social welfare "
    "officials on victim identification and referral.",
    "Continue to train law enforcement officials to gather evidence of trafficking cases "
    "appropriate for prosecution and proactively identify sex and labor trafficking victims "
    "among vulnerable populations, such as children exploited in sex trafficking and migrant "
    "workers in labor trafficking, and refer them to appropriate services.",
    "Develop and implement labor recruitment policies, hire and train more inspectors for labor "
    "trafficking inspections.",
    "Provide legal mechanisms for victims to work and receive temporary formal residency status.",
]


@pytest.fixture
def ministry(db):
    return factories.MinistryFactory()


@pytest.fixture
def labour(db):
    """A ministry known by its name, for tests that read it in pages, filters and mails."""
    return factories.MinistryFactory(
        name="Department of Labour", short_name="Labour", slug="labour"
    )


@pytest.fixture
def editor(ministry):
    """A ministry's focal point: an editor of that one ministry."""
    return factories.EditorFactory(ministries=[ministry])


@pytest.fixture
def colleague(editor, ministry):
    """Another focal point of the editor's ministry, with the same rights as theirs."""
    return factories.EditorFactory(ministries=[ministry])


@pytest.fixture
def labour_editor(labour):
    """The Department of Labour's focal point: an editor of that one ministry."""
    return factories.EditorFactory(ministries=[labour])


@pytest.fixture
def secretariat(db):
    return factories.SecretariatFactory()


@pytest.fixture
def seed_path():
    return SEED


@pytest.fixture
def seed_report(db):
    from recommendations.importing import parse_chapter, report_import, report_import_plan

    chapter = parse_chapter(SEED.read_bytes(), year=2020)
    return report_import(plan=report_import_plan(chapter=chapter)).report


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 takes a third of a second; tests need speed, not strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def plain_http_test_server():
    """Production defaults (HTTPS only, HSTS, secure cookies, TOTP sign-in) are tested on their
    own in test_production.py; the rest of the suite talks plain HTTP to a test server. Set for
    the whole session, before the live server builds its middleware (which reads them once)."""
    override = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
        TIPT_REQUIRE_2FA=False,
    )
    override.enable()
    yield
    override.disable()


@pytest.fixture(autouse=True)
def cache_not_out(monkeypatch):
    """A cache failure seen by one test must not make the next one skip the cache."""
    from recommendations.public import cache as page_cache

    monkeypatch.setattr(page_cache, "outage", page_cache.CacheOutage())


@pytest.fixture(autouse=True)
def page_versions_read_each_time(settings):
    """Each test's writes are rolled back, never committed, so no notification of them is ever
    delivered: the suite reads the page versions on each page view, as on SQLite, and the
    process's copy of them is tested on its own (tests/public/test_page_versions.py)."""
    from recommendations.public.page_versions import copies

    settings.TIPT_PAGE_VERSION_NOTIFICATIONS = False
    yield
    copies.forget()


@pytest.fixture(autouse=True)
def open_data_kept_apart(settings, tmp_path):
    """Each test keeps its open-data ZIPs in a folder of its own: rolled back, tests write the
    same page versions again, which would key another test's ZIP."""
    settings.TIPT_OPEN_DATA_DIR = str(tmp_path / "open-data")


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request to a French page leaves French active in this thread; reset it so URLs
    reversed by the next test are the English ones."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's database is rolled back afterwards, page versions included; pages cached
    during one test must not be served to the next."""
    forget_cached_pages()
    yield
    forget_cached_pages()


@pytest.fixture(autouse=True)
def pages_forgotten_at_once(request, monkeypatch):
    """A test's transaction is rolled back, never committed, so what a write would forget after
    its commit (recommendations/writes.py) is forgotten at once instead. Tests of the commit
    itself ask for ``forgotten_after_commit``."""
    if "forgotten_after_commit" in request.fixturenames:
        return
    from django.db import transaction

    monkeypatch.setattr(
        transaction, "on_commit", lambda callback, using=None, robust=False: callback()
    )


@pytest.fixture
def forgotten_after_commit():
    """Keeps Django's own on_commit: pages are forgotten only when the write commits."""


@pytest.fixture
def behind_one_proxy(settings, monkeypatch, tmp_path):
    """The client-address settings that tipt/settings.py makes of a production environment
    with DJANGO_BEHIND_PROXY=1 and TIPT_PROXY_COUNT=1, for the rest of the test (failed
    sign-ins and the API's rate limit read the client's address through them)."""
    import runpy

    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    monkeypatch.setenv("TIPT_PROXY_COUNT", "1")
    monkeypatch.setenv("DJANGO_ENV_FILE", str(tmp_path / "none.env"))
    production = runpy.run_path(str(Path(settings.BASE_DIR) / "tipt" / "settings.py"))
    for name, value in production.items():
        if name.startswith(("AXES_IPWARE_", "IPWARE_")):
            setattr(settings, name, value)


@pytest.fixture(autouse=True)
def documents_in_a_temporary_folder(tmp_path):
    """Evidence documents are stored in a folder of the test's own, never the site's."""
    from tipt.settings import EVIDENCE_STORAGE

    assert EVIDENCE_STORAGE["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    options = {**EVIDENCE_STORAGE["OPTIONS"], "location": tmp_path / "documents"}
    storages = {**settings.STORAGES, "evidence": {**EVIDENCE_STORAGE, "OPTIONS": options}}
    with override_settings(STORAGES=storages):
        yield
