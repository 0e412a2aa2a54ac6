"""Importing a report: a pasted or uploaded country chapter becomes tracked recommendations.

One module per stage, each feeding the next:

=============  ================================================================================
decoding       bytes -> text: the size limit (``MAX_BYTES``), encodings, files that are not text
cleaning       characters made uniform (spaces, quotes, dashes); lines of web-page chrome
sentences      running text cut into sentences; whether a sentence ends as one does
grammar        whether a sentence reads as a recommendation (an imperative sentence)
tokens         the text as a stream of sentences, headings, section headings and tier lines
listing        where the list of recommendations starts and ends; the older semicolon clauses
countries      the country's name and the key names compare by; its tier; the report's year
chapter        ``parse_chapter``: the recommendations in order, tier, country, year, summary,
               narrative and the text as pasted (``ParsedChapter``); a recommendation's title
               (``derive_title``)
areas          the 3P area of a recommendation, from its wording
lineage        matching each recommendation with its predecessor of an earlier year
metrics        the TIP statistics' metric codes and units (``METRICS``), the one home of the codes
quantities     numbers, amounts of money and period phrases as the narrative writes them
figure_words   a clause's numbers and the metric each counts, by the words around it
figures        ``extract_figures``: the report's own figures read from the narrative (``Figure``)
plan           ``report_import_plan``: what the import would do, read-only (``ImportPlan``)
apply          ``report_import``: the report and its recommendations written in one transaction
stored_figures the report's figures saved with it (``report_figures_store``)
=============  ================================================================================

The stages up to the plan are plain Python and use no model or queryset: they turn text into
dataclasses and can be used without Django's apps loaded (bench/parse.py configures only the
settings). The plan and the apply stages use the ORM; their names are imported from here on
first use.

Code outside the package imports these names from ``recommendations.importing``, never from its
modules (only the tests of one stage do):

* ``decode``, ``parse_chapter``, ``ParsedChapter``, ``ParsedRecommendation``,
  ``ReportTextError``, ``MAX_BYTES``, ``derive_title``;
* ``extract_figures``, ``Figure``, ``FigureExtraction``, ``METRICS``, ``MetricCode``;
* ``report_import_plan``, ``ImportPlan``, ``ProposedLink``, ``area_without_choice``,
  ``report_import``, ``ImportResult``, ``ReportImportError``, ``country_find``.

The command (``import_tip_report``) and the admin's import page both call ``parse_chapter``,
then ``report_import_plan``, then, on confirmation, ``report_import``.
"""

from __future__ import annotations

import importlib

from .chapter import ParsedChapter, ParsedRecommendation, derive_title, parse_chapter
from .decoding import MAX_BYTES, ReportTextError, decode
from .figures import Figure, FigureExtraction, extract_figures
from .metrics import METRICS, MetricCode

# The names of the stages that use the ORM, and their modules: imported when first asked for,
# so that parsing needs no models.
_ORM_NAMES = {
    "ImportPlan": "plan",
    "ProposedLink": "plan",
    "ReportImportError": "plan",
    "area_without_choice": "plan",
    "country_find": "plan",
    "report_import_plan": "plan",
    "ImportResult": "apply",
    "report_import": "apply",
}

__all__ = [
    "MAX_BYTES",
    "METRICS",
    "Figure",
    "FigureExtraction",
    "MetricCode",
    "ParsedChapter",
    "ParsedRecommendation",
    "ReportTextError",
    "decode",
    "derive_title",
    "extract_figures",
    "parse_chapter",
    *_ORM_NAMES,
]


def __getattr__(name: str):
    module = _ORM_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
