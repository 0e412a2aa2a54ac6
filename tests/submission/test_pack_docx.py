"""The submission pack as a Word document, opened again with python-docx: its structure, the
period's evidence only, the internal notes the secretariat chose, the statistics and the gaps;
the same through the command, and as PDF and HTML."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from recommendations.models import NoteChoice
from recommendations.selectors.submission import pack_data
from recommendations.submission import render

from ..factories import RecommendationFactory, ReportFactory, evidence_note_published
from .conftest import docx_text, headings

pytestmark = pytest.mark.django_db


def _docx(world, notes=NoteChoice.MARKED) -> bytes:
    return render(pack_data(world.country, 2021, notes=notes), "docx").content


def test_the_pack_is_organised_as_the_report(world):
    content = _docx(world)
    (title,) = headings(content, 0)
    assert "Saint Lucia" in title and "2021" in title
    assert headings(content, 1) == [
        "Summary",
        "Prosecution",
        "Protection",
        "Prevention",
        "Partnership",
        "Statistics",
        "Gaps",
    ]
    text = docx_text(content)
    assert "Reporting period: 1 April 2020 to 31 March 2021" in text
    assert "Information as of" in text and "Prepared by the national anti-trafficking" in text
    assert "Draft: not approved" in text
    # Every recommendation of the report the period answers, in the summary and a section.
    second = headings(content, 2)
    for rec in world.recommendations.values():
        assert any(heading.endswith(rec.title) for heading in second)
    summary = Document(io.BytesIO(content)).tables[0]
    assert [row.cells[0].text for row in summary.rows[1:]] == [
        "2020 #1",
        "2020 #2",
        "2020 #3",
        "2020 #4",
    ]
    assert summary.rows[1].cells[3].text == "Royal Police Force"


def test_only_evidence_dated_inside_the_period_appears(world):
    text = docx_text(_docx(world))
    assert "Published note on the last day" in text
    # A predecessor's note counts for the recommendation that carries it on.
    assert "Predecessor work in the period" in text
    assert "Published note after the period" not in text
    assert "Published note before the period" not in text
    assert "31 March 2021: Published note on the last day" in text


def test_internal_notes_appear_only_when_chosen(world):
    marked = docx_text(_docx(world))
    assert "Internal note marked for the submission (internal note)" in marked
    assert "Internal note not chosen" not in marked
    published = docx_text(_docx(world, NoteChoice.PUBLISHED))
    assert "Internal note marked for the submission" not in published
    assert "Published note on the last day" in published
    every = docx_text(_docx(world, NoteChoice.ALL))
    assert "Internal note not chosen" in every
    assert "Published note after the period" not in every


def test_the_statistics_table_gives_four_periods_and_the_reports_figures(world):
    document = Document(io.BytesIO(_docx(world)))
    table = document.tables[1]
    assert [cell.text for cell in table.rows[0].cells] == ["Metric", "2018", "2019", "2020", "2021"]
    investigations = next(row for row in table.rows if row.cells[0].text == "Investigations")
    assert [cell.text for cell in investigations.cells[1:]] == ["—", "7", "— (report: 9)", "12"]
    # The period after it is not the pack's; a figure waiting for review is in none.
    text = docx_text(_docx(world, NoteChoice.ALL))
    assert "555" not in text and "77" not in text


def test_the_gaps_list_recommendations_without_evidence_and_metrics_without_value(world):
    content = _docx(world)
    text = docx_text(content)
    gaps = text.split("Recommendations with no evidence in the period", 1)[1]
    recs = world.recommendations
    assert recs["prevention"].title in gaps and recs["partnership"].title in gaps
    without, metrics = gaps.split("Metrics with no value for the period")
    assert recs["prosecution"].title not in without
    assert recs["protection"].title not in without
    listed = metrics.splitlines()
    assert "Prosecutions" in listed and "Investigations" not in listed


def _submission_pack(*options) -> str:
    """What the command says for Saint Lucia's period 2021, run with ``options``."""
    out = StringIO()
    call_command("submission_pack", "--country=saint-lucia", "--period=2021", *options, stdout=out)
    return out.getvalue()


def test_the_command_writes_each_format(world, tmp_path):
    target = tmp_path / "pack.docx"
    said = _submission_pack("--format=docx", f"-o{target}")
    assert "Published note on the last day" in docx_text(target.read_bytes())
    assert "4 recommendation(s)" in said
    pdf = tmp_path / "pack.pdf"
    _submission_pack("--format=pdf", f"-o{pdf}")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Prosecution" in text and "Gaps" in text
    assert "Published note on the last day" in text
    assert "Published note after the period" not in text
    html = tmp_path / "pack.html"
    _submission_pack("--format=html", f"-o{html}", "--notes=published")
    page = html.read_text()
    assert "Predecessor work in the period" in page and "Internal note" not in page


def test_the_dry_run_writes_nothing(world, tmp_path):
    target = tmp_path / "pack.docx"
    said = _submission_pack("--dry-run", f"-o{target}")
    assert not target.exists()
    assert "Would write tip-submission-saint-lucia-2021-draft.docx" in said


def test_the_period_answers_the_report_before_it_and_reads_the_whole_thread(world):
    later = ReportFactory(country=world.country, year=2021)
    successor = RecommendationFactory(
        report=later, position=1, previous=world.recommendations["prosecution"]
    )
    evidence_note_published(
        author=world.secretariat,
        recommendation=successor,
        happened_on=datetime.date(2021, 3, 1),
        text="Recorded under the next report's wording",
    )
    data = pack_data(world.country, 2021)
    assert data["report"]["year"] == 2020
    text = docx_text(render(data, "docx").content)
    assert "Recorded under the next report's wording" in text
    # Period 2022 answers the 2021 report.
    assert pack_data(world.country, 2022)["report"]["year"] == 2021


@pytest.mark.parametrize("extra", [0, 12])
def test_the_pack_reads_in_fixed_queries(world, extra, django_assert_num_queries):
    for n in range(extra):
        rec = RecommendationFactory(report=world.report, position=10 + n)
        evidence_note_published(
            author=world.secretariat,
            recommendation=rec,
            happened_on=datetime.date(2020, 7, 1),
            text=f"Extra work {n}",
        )
    # The report, its recommendations, their supporting ministries, the threads, the notes,
    # their documents, the approved totals, the report's figures, the metrics.
    with django_assert_num_queries(9):
        data = pack_data(world.country, 2021)
    assert len(data["recommendations"]) == 4 + extra
