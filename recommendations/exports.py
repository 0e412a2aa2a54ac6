"""Status reports as CSV: the columns, the rows, and a streamed response.

The public export and the staff export share these columns; the staff export adds the internal
evidence notes for the secretariat only. Every cell a spreadsheet would run as a formula is
neutralised, every field is quoted, and the file starts with a UTF-8 byte order mark so that
Excel, like LibreOffice, reads accents ("Kwéyòl") correctly.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import Aggregate, CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import EvidenceNote, Recommendation, Status, StatusChange, Visibility

PUBLIC_COLUMNS = [
    "country",
    "report_year",
    "position",
    "title",
    "recommendation",
    "area",
    "status",
    "lead_ministry",
    "supporting_ministries",
    "target_date",
    "overdue",
    "last_status_change",
    "latest_public_evidence",
    "url",
]
INTERNAL_COLUMNS = ["evidence_notes"]

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
BOM = "\ufeff"
CHUNK_SIZE = 2000


def neutralise(value) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _GroupConcat(Aggregate):
    """Joins strings with "; ": STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"STRING_AGG(({sql})::text, '; ' ORDER BY ({sql})::text)", (*params, *params)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="%(function)s(%(expressions)s, '; ')", **extra
        )


def _joined(queryset, expression):
    """A subquery joining ``expression`` over ``queryset`` (filtered on OuterRef) into one cell."""
    return Subquery(
        queryset.order_by()
        .values("recommendation")
        .annotate(joined=_GroupConcat(expression))
        .values("joined")[:1],
        output_field=CharField(),
    )


def status_report_queryset(queryset, *, include_internal: bool = False):
    """Annotate recommendations with everything a row needs, in one query whatever the size."""
    supporting = Recommendation.supporting_ministries.through.objects.filter(
        recommendation=OuterRef("pk")
    )
    latest_public = EvidenceNote.objects.filter(
        recommendation=OuterRef("pk"), visibility=Visibility.PUBLIC
    ).order_by("-happened_on", "-pk")
    queryset = queryset.select_related("report__country", "lead_ministry").annotate(
        supporting_names=_joined(supporting, F("ministry__name")),
        last_status_change_at=Subquery(
            StatusChange.objects.filter(recommendation=OuterRef("pk"))
            .order_by("-changed_at", "-pk")
            .values("changed_at")[:1]
        ),
        public_note_on=Subquery(latest_public.values("happened_on")[:1]),
        public_note_text=Subquery(latest_public.values("text")[:1]),
        public_note_link=Subquery(latest_public.values("link")[:1]),
    )
    if include_internal:
        notes = EvidenceNote.objects.filter(recommendation=OuterRef("pk"))
        queryset = queryset.annotate(
            all_notes=_joined(
                notes,
                Concat(
                    F("happened_on"),
                    Value(" ["),
                    F("visibility"),
                    Value("] "),
                    F("text"),
                    output_field=CharField(),
                ),
            )
        )
    return queryset


def status_report_rows(
    queryset, *, absolute_url, include_internal: bool = False, today=None
) -> Iterator[list[str]]:
    """Header, then one row per recommendation. ``absolute_url(path)`` makes the url column."""
    today = today or timezone.localdate()
    yield PUBLIC_COLUMNS + (INTERNAL_COLUMNS if include_internal else [])
    annotated = status_report_queryset(queryset, include_internal=include_internal)
    for rec in annotated.iterator(chunk_size=CHUNK_SIZE):
        row = [
            rec.report.country.name,
            rec.report.year,
            rec.position,
            rec.title,
            rec.text,
            rec.get_area_display(),
            rec.get_status_display(),
            rec.lead_ministry.name if rec.lead_ministry else "",
            rec.supporting_names or "",
            rec.target_date.isoformat() if rec.target_date else "",
            "yes" if _is_overdue(rec, today) else "no",
            _date(rec.last_status_change_at),
            _note(rec.public_note_on, rec.public_note_text, rec.public_note_link),
            absolute_url(rec.get_absolute_url()),
        ]
        if include_internal:
            row.append(rec.all_notes or "")
        yield row


def _is_overdue(rec, today) -> bool:
    return bool(rec.target_date and rec.target_date < today and rec.status != Status.COMPLETED)


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _note(happened_on, text, link) -> str:
    if not text:
        return ""
    note = f"{_date(happened_on)}: {text}"
    return f"{note} ({link})" if link else note


class _Echo:
    """A file-like object whose write returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Quoted, neutralised CSV lines, the first preceded by a byte order mark."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    yield BOM
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(rows: Iterable[Iterable], *, basename: str) -> StreamingHttpResponse:
    """Stream rows as a dated CSV download, e.g. ``tipt-status-report-2026-11-29.csv``."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"{basename}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
