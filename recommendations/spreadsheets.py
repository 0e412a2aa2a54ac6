"""The XLSX beside each CSV download: the same rows, as Excel and LibreOffice open them with no
import dialog and accents intact. The header row is frozen and bold, columns are sized to
their content (within bounds), dates are real dates, numbers stay numbers, and every other
cell is written as text, so a cell starting with "=" is never run as a formula.

Written with XlsxWriter in constant-memory mode to a temporary file, which is then streamed:
the full export holds one row at a time."""

from __future__ import annotations

import datetime
import re
import tempfile
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_WIDTH, MAX_WIDTH = 6, 60
# Rows read to size the columns; later rows keep those widths.
SIZING_ROWS = 200


def xlsx_response(
    rows: Iterable[Iterable], *, basename: str, date_columns=(), number_columns=()
) -> FileResponse:
    """``rows`` (a header, then data, as the CSV has them) as a dated XLSX download, e.g.
    ``tipt-status-report-2026-12-02.xlsx``. The columns named in ``date_columns`` hold ISO
    dates, written as dates; in ``number_columns`` a cell that reads as a number is one (any
    other, such as "fewer than 5", stays text)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    book = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    as_date = book.add_format({"num_format": "yyyy-mm-dd"})
    rows = iter(rows)
    header = [str(name) for name in next(rows, [])]
    dates = {index for index, name in enumerate(header) if name in set(date_columns)}
    numbers = {index for index, name in enumerate(header) if name in set(number_columns)}
    widths = [len(name) for name in header]
    sheet.freeze_panes(1, 0)
    # Widths are set before any row is written (constant-memory mode writes rows at once).
    first = [list(row) for _n, row in zip(range(SIZING_ROWS), rows, strict=False)]
    for row in first:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], min(len(str(value)), MAX_WIDTH))
    for index, width in enumerate(widths):
        sheet.set_column(index, index, max(MIN_WIDTH, min(width + 2, MAX_WIDTH)))
    sheet.write_row(0, 0, header, bold)
    number = 0
    for number, row in enumerate(_chain(first, rows), start=1):
        for index, value in enumerate(row):
            if index in numbers:
                value = _as_number(value)
            _write(sheet, number, index, value, as_date if index in dates else None)
    book.close()
    handle.seek(0)
    filename = f"{basename}-{timezone.localdate().isoformat()}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _chain(first, rest):
    yield from first
    yield from rest


def _as_number(value):
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def _write(sheet, row: int, column: int, value, date_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, column, "yes" if value else "no")
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    elif date_format is not None and isinstance(value, str) and _ISO_DATE.fullmatch(value):
        sheet.write_datetime(row, column, datetime.date.fromisoformat(value), date_format)
    else:
        sheet.write_string(row, column, str(value))
