"""The content fields that have a French version, registered with django-modeltranslation: each
gets a ``<field>_en`` and a ``<field>_fr`` column on its own row (no join, no query more on any
page), the English one always filled, the French one empty until staff enter it.

``french(obj, field)`` is the one way to read "the French version, or None"; the public pages
(templatetags/tipt_content.py), the exports and the API read French through it, and English through
``english(obj, field)``, whatever language is active."""

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import format_html
from django.utils.translation import get_language, override
from modeltranslation.translator import TranslationOptions, register

from .models import Country, EvidenceNote, Metric, Ministry, Recommendation

ENGLISH, FRENCH = "en", "fr"

# What has a French version, model by model: one list for the registration, the staff
# workspace's list of what lacks it, and the exports.
TRANSLATED_FIELDS = {
    Recommendation: ("title", "text"),
    Country: ("name",),
    Ministry: ("name",),
    EvidenceNote: ("text",),
    Metric: ("name",),
}


def _options(fields):
    # The English is required wherever the original is (forms, full_clean); French never is.
    return type(
        "Options", (TranslationOptions,), {"fields": fields, "required_languages": (ENGLISH,)}
    )


for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(_options(_fields))


def in_english():
    """Reads and writes of the original fields (``title``) in English, for a bulk write: a
    bulk_create or bulk_update reads them in the active language."""
    return override(ENGLISH)


def is_french() -> bool:
    """Is the active language (a page's, a staff member's) French?"""
    return (get_language() or "").split("-")[0] == FRENCH


def english(obj, field: str) -> str:
    """The English of ``obj``'s ``field`` (a row's ``title_en``; an object that keeps only the
    English, such as a public update, its ``text``)."""
    if hasattr(obj, f"{field}_{ENGLISH}"):
        return getattr(obj, f"{field}_{ENGLISH}") or ""
    return getattr(obj, field) or ""


def french(obj, field: str) -> str | None:
    """The French version of ``obj``'s ``field``, or None where staff have entered none."""
    return getattr(obj, f"{field}_{FRENCH}") or None


def english_name(model, name: str) -> str:
    """The column holding the English of ``model``'s field ``name``: ``title_en`` for a
    translated ``title`` (written as such, whatever language the writer works in), else
    ``name`` itself."""
    return f"{name}_{ENGLISH}" if name in TRANSLATED_FIELDS.get(model, ()) else name


def lacks_french(model) -> Q:
    """The rows of ``model`` with one translated field or more still without French."""
    condition = Q()
    for field in TRANSLATED_FIELDS[model]:
        condition |= Q(**{f"{field}_{FRENCH}__isnull": True}) | Q(**{f"{field}_{FRENCH}": ""})
    return condition


def shown(obj, field: str) -> tuple[str, str | None]:
    """What a public page shows of ``obj``'s ``field`` in the active language, and the language
    to mark it with when it is not the page's (None): the French on a French page where there
    is one, else the English, marked "en" on a French page."""
    return shown_text(english(obj, field), french(obj, field))


def shown_text(english_text: str, french_text: str | None) -> tuple[str, str | None]:
    """``shown`` of a value read as its English and French texts."""
    if is_french():
        if french_text:
            return french_text, None
        return english_text, ENGLISH
    return english_text, None


def marked(obj, field: str):
    """``shown`` as HTML: the English wrapped in ``<span lang="en">`` on a French page where
    no French version was entered (WCAG 3.1.2: a screen reader reads it as English)."""
    if obj is None:
        return ""
    return marked_text(english(obj, field), french(obj, field))


def marked_text(english_text: str, french_text: str | None):
    """``marked`` of a value read as its English and French texts."""
    text, lang = shown_text(english_text, french_text)
    if lang is None:
        return text
    return format_html('<span lang="{}">{}</span>', lang, text)


def in_page_language(path: str, language: str | None = None):
    """An expression for the translated field at ``path`` (``title``, ``lead_ministry__name``)
    as the page shows it, to sort by or to read: the French where there is one on a French page
    (or for ``language`` "fr"), else the English."""
    if (language or (FRENCH if is_french() else ENGLISH)) == FRENCH:
        return Coalesce(
            NullIf(F(f"{path}_{FRENCH}"), Value("")),
            F(f"{path}_{ENGLISH}"),
            output_field=CharField(),
        )
    return F(f"{path}_{ENGLISH}")


def values_in_page_language(rows, *fields: str, path: str = "name"):
    """``rows`` as (``fields``..., the translated field at ``path`` as the page shows it)
    tuples, ordered by the latter, the language chosen by the database (in_page_language):
    modeltranslation's own fallback runs Python for every row read, which the menus of an
    office tracking 190 countries and their thousand ministries feel on every page."""
    shown = in_page_language(path)
    return rows.annotate(shown=shown).order_by("shown").values_list(*fields, "shown")


def search_columns(path: str) -> list[str]:
    """The columns a search of the translated field at ``path`` reads: the English, and on a
    French page the French too."""
    if is_french():
        return [f"{path}_{ENGLISH}", f"{path}_{FRENCH}"]
    return [f"{path}_{ENGLISH}"]
