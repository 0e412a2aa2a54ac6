"""The public pages ship complete in French: every string they use is in the French catalogue,
translated, and the compiled catalogue Django reads matches it."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/404.html",
    "templates/500.html",
    "templates/includes/",
    "templates/recommendations/",
    "templates/submission/",
    "recommendations/submission/",
    "recommendations/public/",
    "recommendations/opendata/",
    "recommendations/selectors/tallies.py",
    "recommendations/selectors/updates.py",
    "recommendations/models/",
    "recommendations/templatetags/",
)


def is_public(entry) -> bool:
    return any(path.startswith(PUBLIC_SOURCES) for path, _line in entry.occurrences)


def untranslated(entries):
    return [entry.msgid for entry in entries if is_public(entry) and not entry.translated()]


@pytest.fixture
def fresh_catalogue(tmp_path, settings, monkeypatch):
    """The French catalogue as `makemessages -l fr` would leave it after reading the code now:
    a string added to a page and not yet translated shows up untranslated."""
    for folder in ("templates", "recommendations"):
        shutil.copytree(
            BASE_DIR / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "data"),
        )
    shutil.copytree(BASE_DIR / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
    return polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_public_string_has_a_french_translation(fresh_catalogue):
    public = [entry for entry in fresh_catalogue if is_public(entry)]
    assert len(public) > 100
    assert untranslated(public) == []


def test_the_committed_catalogue_has_no_empty_or_fuzzy_public_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    assert untranslated(catalogue) == []
    assert catalogue.metadata["Language"] == "fr"


def test_the_compiled_catalogue_matches_the_source():
    source = {
        entry.msgid: entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(CATALOGUE))
        if entry.translated()
    }
    compiled = {
        entry.msgid: entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(COMPILED))
        if entry.msgid
    }
    assert compiled == source
