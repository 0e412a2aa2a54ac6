"""The public pages printed from Chromium (Playwright's PDF, read back with pypdf): the dashboard
prints its recommendations, and no row of the list or item of the report's list splits across
two sheets."""

import io
import re

import pytest
from pypdf import PdfReader

from recommendations.models import Recommendation
from recommendations.public.views import PAGE_SIZE

pytestmark = pytest.mark.django_db(transaction=True)


def printed(page, url, artifacts, name, paper=None) -> list[str]:
    """The text of each printed sheet of ``url``: on A4, as the print stylesheet asks, or on
    ``paper``."""
    page.goto(url)
    page.emulate_media(media="print")
    size = {"format": paper} if paper else {"prefer_css_page_size": True}
    pdf = page.pdf(print_background=True, **size)
    (artifacts / f"{name}-print.pdf").write_bytes(pdf)
    return [words(sheet.extract_text()) for sheet in PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> str:
    """``text`` as its words, one space apart: the marks drawn by the stylesheet (a status's
    symbol) are in the PDF's text but not in the page's."""
    return " ".join(re.findall(r"\w+", text))


def texts_of(page, selector) -> list[str]:
    """The text of each element ``selector`` finds, as printed."""
    return [words(text) for text in page.locator(selector).all_inner_texts()]


def split_across_sheets(items: list[str], sheets: list[str], labels=()) -> list[str]:
    """The items whose whole text is on no single sheet. ``labels``: words the stylesheet
    writes beside the values (a column's name above each value on a narrow sheet), left out of
    both."""

    def plain(text: str) -> str:
        for label in labels:
            text = re.sub(rf"\b{re.escape(label)}\b ?", "", text)
        return text

    sheets = [plain(sheet) for sheet in sheets]
    return [item for item in items if not any(plain(item) in sheet for sheet in sheets)]


def test_printed_dashboard_has_its_recommendations_each_on_one_sheet(public_site, page, artifacts):
    sheets = printed(page, public_site + "/?country=saint-lucia&year=2020", artifacts, "dashboard")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".report-list-card").is_visible()
    titles = Recommendation.objects.filter(report__year=2020).values_list("title", flat=True)
    assert len(titles) == 25 and len(sheets) > 1
    for title in titles:
        assert any(words(title) in sheet for sheet in sheets), title
    items = texts_of(page, ".report-list li")
    assert len(items) == 25
    assert split_across_sheets(items, sheets) == []


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_printed_list_never_splits_a_row_across_sheets(public_site, page, artifacts, paper):
    """On A4 the printed list is a table; on a sheet as narrow as A5, a column of cards."""
    url = public_site + "/recommendations/?year=2020"
    sheets = printed(page, url, artifacts, f"list-{paper}", paper=paper)
    rows = texts_of(page, ".rec-table tbody tr")
    labels = texts_of(page, ".rec-table thead th")
    assert len(sheets) > 1 and len(rows) == PAGE_SIZE
    assert split_across_sheets(rows, sheets, labels) == []
