"""The pack as an HTML document and as its PDF (WeasyPrint lays out the same HTML with the
print stylesheet on A4 pages): what ``--format html`` and ``--format pdf`` give, and the public
progress report's PDF."""

from __future__ import annotations

from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .layout import Layout

STYLESHEET = "css/submission.css"


@cache
def _stylesheet() -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as css:
        return css.read()


def pack_html(layout: Layout) -> str:
    """A standalone HTML document (its stylesheet inline) of the pack."""
    context = {
        "pack": layout,
        "stylesheet": _stylesheet(),
        "LANGUAGE_CODE": translation.get_language(),
    }
    return render_to_string("submission/document.html", context)


def pack_pdf(layout: Layout) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(layout)).write_pdf()
