"""The pack as an editable Word document (python-docx), organised as the TIP Report is: the
cover, the summary table, a section per 3P area with each recommendation, the statistics and
the gaps. Headings use Word's own styles, so the document's outline and table of contents
follow them."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from .layout import Layout, NoteLine, RecommendationPart

A4 = (Cm(21.0), Cm(29.7))


def pack_docx(layout: Layout) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = A4
    document.styles["Normal"].font.size = Pt(10.5)
    _cover(document, layout)
    _summary(document, layout)
    for part in layout.sections:
        document.add_heading(part.title, level=1)
        for recommendation in part.recommendations:
            _recommendation(document, recommendation)
    _statistics(document, layout)
    _gaps(document, layout)
    document.core_properties.title = _cover_title(layout)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cover_title(layout: Layout) -> str:
    return _("%(country)s: information for the %(year)s Trafficking in Persons Report") % {
        "country": layout.country,
        "year": layout.period,
    }


def _cover(document, layout: Layout) -> None:
    document.add_heading(_cover_title(layout), level=0)
    lines = [
        _("Country: %(country)s") % {"country": layout.country},
        _("Reporting period: %(dates)s") % {"dates": layout.period_dates},
        _("Information as of %(date)s") % {"date": layout.as_of},
        _("Prepared by the national anti-trafficking task force"),
        (
            _("Approved on %(date)s (version %(version)s)")
            % {"date": layout.approved_on, "version": layout.version}
            if layout.approved_on
            else _("Draft: not approved")
        ),
    ]
    for line in lines:
        document.add_paragraph(line)
    document.add_page_break()


def _table(document, heading: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(heading))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _summary(document, layout: Layout) -> None:
    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(
        _("The recommendations of the %(year)s report and where each stands.")
        % {"year": layout.report_year}
    )
    _table(document, layout.summary_heading, layout.summary)


def _recommendation(document, part: RecommendationPart) -> None:
    document.add_heading(f"{part.number}: {part.title}", level=2)
    document.add_paragraph(part.text)
    owners = _("Status: %(status)s. Lead ministry: %(lead)s.") % {
        "status": part.status,
        "lead": part.lead_ministry,
    }
    if part.supporting:
        owners += " " + _("Supporting: %(names)s.") % {"names": part.supporting}
    document.add_paragraph(owners)
    document.add_heading(_("Done within the period"), level=3)
    if not part.notes:
        document.add_paragraph(_("Nothing recorded in the period."))
    for note in part.notes:
        note_entry(document, note)
    document.add_heading(_("Next steps"), level=3)
    document.add_paragraph(
        _("Target date: %(date)s") % {"date": part.next_step}
        if part.next_step
        else _("No target date ahead.")
    )


def note_entry(document, note: NoteLine) -> None:
    """One evidence note of a recommendation: its date, text, link, and under it its
    documents (name, type, size)."""
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(f"{note.date}: ").bold = True
    paragraph.add_run(note.text)
    if note.internal:
        paragraph.add_run(" " + _("(internal note)")).italic = True
    if note.link:
        paragraph.add_run(f" {note.link}")
    for each in note.documents:
        line = document.add_paragraph(style="List Bullet 2")
        line.add_run(_("Document: %(name)s") % {"name": each.name})
        line.add_run(f" ({each.kind}, {each.size})")
        if each.internal:
            line.add_run(" " + _("(internal document)")).italic = True


def _statistics(document, layout: Layout) -> None:
    document.add_heading(_("Statistics"), level=1)
    document.add_paragraph(
        _(
            "Approved totals of the reporting period and the three before it; in brackets, "
            "the figure the report itself gives."
        )
    )
    heading = [_("Metric"), *layout.statistics_periods]
    _table(document, heading, [[row.name, *row.cells] for row in layout.statistics])


def _gaps(document, layout: Layout) -> None:
    document.add_heading(_("Gaps"), level=1)
    document.add_heading(_("Recommendations with no evidence in the period"), level=2)
    for line in layout.gap_recommendations or [_("None.")]:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading(_("Metrics with no value for the period"), level=2)
    for line in layout.gap_metrics or [_("None.")]:
        document.add_paragraph(line, style="List Bullet")
