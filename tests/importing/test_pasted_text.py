"""The chapter as it was pasted or uploaded is kept with its report, and is all a new parse
needs."""

import pytest

from recommendations.admin.report_forms import ReportImportForm
from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import Report

from ..conftest import CHAPTERS, SEED

pytestmark = pytest.mark.django_db

ANTIGUA = CHAPTERS / "antigua-and-barbuda-cp1252-crlf-one-per-line.txt"
Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"


def import_file(path, year, **kwargs):
    chapter = parse_chapter(path.read_bytes(), year=year)
    report = report_import(plan=report_import_plan(chapter=chapter, **kwargs)).report
    return Report.objects.get(pk=report.pk)


def stored(report):
    return [(r.position, r.text, r.area) for r in report.recommendations.order_by("position")]


def parsed(chapter):
    return [(r.position, r.text, r.area) for r in chapter.recommendations]


@pytest.mark.parametrize(
    "path, year, encoding",
    [(SEED, 2020, "utf-8"), (ANTIGUA, 2021, "cp1252")],
    ids=["seed", "cp1252-crlf"],
)
def test_the_pasted_chapter_is_kept_as_it_arrived_and_parses_again_the_same(path, year, encoding):
    report = import_file(path, year)
    # Decoded, but not cleaned: Windows line endings, curly quotes and non-breaking spaces stay.
    assert report.pasted_text == path.read_bytes().decode(encoding)
    again = parse_chapter(report.pasted_text, year=report.year)
    assert parsed(again) == stored(report)
    assert again == parse_chapter(path.read_bytes(), year=year)


def test_a_replacement_keeps_the_new_pasted_chapter():
    import_file(SEED, 2020)
    report = import_file(Y2021, 2020, replace=True)
    assert report.pasted_text == Y2021.read_text(encoding="utf-8")
    assert parsed(parse_chapter(report.pasted_text, year=report.year)) == stored(report)


def test_the_import_form_keeps_the_text_as_pasted():
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    form = ReportImportForm({"text": text, "year": "2020"})
    assert form.is_valid(), form.errors
    report = report_import(plan=form.plan).report
    assert Report.objects.get(pk=report.pk).pasted_text == text
