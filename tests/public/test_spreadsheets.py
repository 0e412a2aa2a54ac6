"""The XLSX beside each CSV: the same rows, dates as dates, numbers as numbers, the header
frozen, columns sized, and a cell starting with "=" kept as text, never a formula."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from ..factories import RecommendationFactory
from ..public_data import build_site, build_statistics

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_status_report_spreadsheet_holds_the_csvs_rows(client):
    report = build_site(5)
    rec = report.recommendations.get(position=1)
    rec.target_date = datetime.date(2027, 3, 31)
    rec.title = '=HYPERLINK("http://evil")'
    rec.save()
    query = {"year": "all"}
    sheet = _sheet(client.get(reverse("recommendations:export_xlsx"), query))
    rows = _csv(client.get(reverse("recommendations:export"), query))
    assert sheet.max_row == len(rows)
    assert [cell.value for cell in sheet[1]] == rows[0]
    assert sheet.freeze_panes == "A2"
    header = rows[0]
    by_title = {row[header.index("title")].lstrip("'"): row for row in rows[1:]}
    found = None
    for line in sheet.iter_rows(min_row=2, values_only=True):
        if line[header.index("title")] == rec.title:
            found = line
    assert found is not None and rec.title in by_title
    # Stored as text, not a formula; the date a date; the year a number.
    cell = next(c for c in sheet["D"] if c.value == rec.title)
    assert cell.data_type == "s"
    assert found[header.index("target_date")] == datetime.datetime(2027, 3, 31)
    assert isinstance(found[header.index("report_year")], int)
    assert sheet.column_dimensions["D"].width > 6


def test_the_statistics_spreadsheet_keeps_small_counts_masked(client, settings):
    settings.TIPT_DEFAULT_COUNTRY = "saint-lucia"
    build_site(2)
    build_statistics()
    sheet = _sheet(client.get(reverse("recommendations:statistics_export_xlsx")))
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ("fewer than 5" in {row[5] for row in values}) or (
        "withheld" in {row[5] for row in values}
    )
    assert 2 not in {row[5] for row in values if row[4]}  # no small cell as a number
    assert any(row[2] == "investigations" and row[5] == 3 for row in values)


def test_the_list_links_to_the_spreadsheet_with_its_filters(client):
    RecommendationFactory()
    page = client.get(reverse("recommendations:list"), {"status": "in_progress"}).content.decode()
    assert reverse("recommendations:export_xlsx") + "?status=in_progress" in page


def test_the_staff_export_has_its_spreadsheet_too(client, secretariat):
    from ..admin_forms import login

    RecommendationFactory(title="Staff row")
    response = login(client, secretariat).get(
        reverse("admin:recommendations_recommendation_export_xlsx")
    )
    sheet = _sheet(response)
    assert "evidence_notes" in [cell.value for cell in sheet[1]]
    assert "Staff row" in [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
