"""Status reports as CSV: the columns, the rows, and a streamed response.

The public export (public/views.py) and the staff workspace's export share these columns; the
staff export adds the internal evidence notes for the secretariat only. The documents column
lists the thread's evidence documents the reader may download: the public's published ones, or
in the staff export those the staff member may read (EvidenceDocumentQuerySet.visible_to), each
marked public or internal, with its staff download address. So this module is the
one home both use, beside them rather than inside public/: the public package shows only what
the public may see, and these rows carry internal notes when the staff export asks for them.

Every cell a spreadsheet would run as a formula is neutralised, every field is quoted, and the
file starts with a UTF-8 byte order mark so that Excel, like LibreOffice, reads accents
("Kwéyòl") correctly.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from .models import Area, EvidenceDocument, EvidenceNote, Recommendation, Status, Visibility
from .models.thread import in_outer_thread
from .translation import FRENCH, in_page_language

PUBLIC_COLUMNS = [
    "country",
    "report_year",
    "position",
    "title",
    "recommendation",
    *Recommendation.TRACKED,
    "overdue",
    "last_status_change",
    "latest_public_evidence",
    "carried_into",
    "dropped_from",
    "closing_note",
    "url",
    "documents",
]
INTERNAL_COLUMNS = ["evidence_notes"]
# The open data's rows start with these: a recommendation's id (as in its address) and the id
# of the one it follows in the report before, the links of its thread across the years.
ID_COLUMNS = ["id", "previous_id"]
# The French versions, after every other column (an existing column never moves): empty where
# staff have entered none, so a reader sees what is translated; the supporting ministries are
# each named in French where they have a French name, else in English, so the list is whole.
FRENCH_COLUMNS = [
    "country_fr",
    "title_fr",
    "recommendation_fr",
    "area_fr",
    "status_fr",
    "lead_ministry_fr",
    "supporting_ministries_fr",
    "latest_public_evidence_fr",
]

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
    """A subquery joining ``expression`` over all of ``queryset`` (filtered on OuterRef) into
    one cell: grouped by a constant, which the database leaves out, so one group of all."""
    return Subquery(
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(joined=_GroupConcat(expression))
        .values("joined")[:1],
        output_field=CharField(),
    )


def _documents_cell(documents, url_start: str, url_end: str, *, staff: bool):
    """One cell of the thread's ``documents``: "[public] SOPs.pdf (pdf, 48213 bytes) URL; ...",
    the mark in the staff export only, the address the reader downloads it from."""
    key = Cast("pk", CharField()) if staff else F("public_id")
    parts = [
        F("original_name"),
        Value(" ("),
        F("file_type"),
        Value(", "),
        Cast("size", CharField()),
        Value(" bytes) "),
        Value(url_start),
        key,
        Value(url_end),
    ]
    if staff:
        public = Q(public=True, note__visibility=Visibility.PUBLIC)
        mark = Case(When(public, then=Value("[public] ")), default=Value("[internal] "))
        parts.insert(0, mark)
    cell = documents.filter(in_outer_thread("note__recommendation__"))
    return _joined(cell, Concat(*parts, output_field=CharField()))


def status_report_queryset(queryset, *, include_internal: bool = False, today=None, documents=None):
    """Annotate recommendations with everything a row needs, in one query whatever the size.
    The status changes and evidence are those of the whole thread (models/thread.py): the
    summaries each row keeps of it, its latest public note read by a join; a row says which
    later reports carried it over, or which next report dropped it. ``documents``, when given,
    is the documents cell's expression (_documents_cell)."""
    supporting = Recommendation.supporting_ministries.through.objects.filter(
        recommendation=OuterRef("pk")
    )
    successors = Recommendation.objects.filter(previous=OuterRef("pk"))
    queryset = (
        queryset.with_overdue(today)
        .with_next_report()
        .annotate(
            # Joined only while the note is public: kept so by every write (services/threads.py),
            # and should one ever lag, an internal note still never reaches a public cell.
            public_note=FilteredRelation(
                "thread_latest_public_note",
                condition=Q(thread_latest_public_note__visibility=Visibility.PUBLIC),
            ),
            # Named in English (and French) explicitly: django-modeltranslation reads a bare
            # "name" in the page's language.
            supporting_names=_joined(supporting, F("ministry__name_en")),
            supporting_names_fr=_joined(supporting, in_page_language("ministry__name", FRENCH)),
            carried_into=_joined(
                successors,
                Concat(
                    Cast("report__year", CharField()),
                    Value(" #"),
                    Cast("position", CharField()),
                    output_field=CharField(),
                ),
            ),
            last_status_change_at=F("thread_last_change_at"),
            latest_public_evidence=_evidence_cell("public_note__text_en"),
            latest_public_evidence_fr=_evidence_cell(
                "public_note__text_fr",
                Q(public_note__text_fr__isnull=True) | Q(public_note__text_fr=""),
            ),
        )
    )
    if documents is not None:
        queryset = queryset.annotate(documents_cell=documents)
    if include_internal:
        notes = EvidenceNote.objects.filter(in_outer_thread("recommendation__"))
        # "2020-03-01 [internal] (2020 #2) what was done": the wording it was recorded under.
        queryset = queryset.annotate(
            all_notes=_joined(
                notes,
                Concat(
                    F("happened_on"),
                    Value(" ["),
                    F("visibility"),
                    Value("] ("),
                    Cast("recommendation__report__year", CharField()),
                    Value(" #"),
                    Cast("recommendation__position", CharField()),
                    Value(") "),
                    F("text_en"),
                    output_field=CharField(),
                ),
            )
        )
    return queryset


def _evidence_cell(text: str, missing: Q | None = None):
    """ "2021-03-01: what was done (link)" of the latest public note, built by the database from
    the join; None without a note (or where ``missing`` holds: no French version)."""
    empty = [When(public_note__isnull=True, then=Value(None))]
    if missing is not None:
        empty.append(When(missing, then=Value(None)))
    return Case(
        *empty,
        default=Concat(
            Cast("public_note__happened_on", CharField()),
            Value(": "),
            text,
            Case(
                When(public_note__link="", then=Value("")),
                default=Concat(
                    Value(" ("), "public_note__link", Value(")"), output_field=CharField()
                ),
                output_field=CharField(),
            ),
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


# The values each row reads, in one query; model instances would cost more than the query.
# Translated fields are named in English: the status report's columns are English, whatever the
# page's language; the French ones follow (FRENCH_FIELDS).
ROW_FIELDS = [
    "pk",
    "report__country__name_en",
    "report__year",
    "position",
    "title_en",
    "text_en",
    "area",
    "status",
    "lead_ministry__name_en",
    "supporting_names",
    "target_date",
    "is_overdue",
    "last_status_change_at",
    "latest_public_evidence",
    "carried_into",
    "next_report_year",
    "closing_note",
]
FRENCH_FIELDS = [
    "report__country__name_fr",
    "title_fr",
    "text_fr",
    "lead_ministry__name_fr",
    "supporting_names_fr",
    "latest_public_evidence_fr",
]


# The columns of the status report that hold dates (as ISO dates), for its spreadsheet.
DATE_COLUMNS = ("target_date", "last_status_change")


def status_report_rows(
    queryset,
    *,
    absolute_url,
    include_internal: bool = False,
    with_ids: bool = False,
    today=None,
    reader=None,
) -> Iterator[list[str]]:
    """Header, then one row per recommendation. ``absolute_url(path)`` makes the url column;
    ``with_ids`` starts each row with ID_COLUMNS. ``reader``, the staff member of a staff
    export, decides the documents listed (the public's published documents without one)."""
    today = today or timezone.localdate()
    ids = ID_COLUMNS if with_ids else []
    yield ids + PUBLIC_COLUMNS + (INTERNAL_COLUMNS if include_internal else []) + FRENCH_COLUMNS
    # Labels and the URL pattern are worked out once, not once per row.
    areas = {value: str(label) for value, label in Area.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    with override(FRENCH):
        areas_fr = {value: str(label) for value, label in Area.choices}
        statuses_fr = {value: str(label) for value, label in Status.choices}
    url_template = absolute_url(reverse("recommendations:detail", args=[_PK_MARK]))
    if reader is None:
        documents = EvidenceDocument.objects.public()
        link = absolute_url(reverse("recommendations:document", args=[_KEY_MARK]))
    else:
        documents = EvidenceDocument.objects.visible_to(reader)
        link = absolute_url(
            reverse("admin:recommendations_evidencedocument_download", args=[_PK_MARK])
        )
    link_start, link_end = link.split(str(_KEY_MARK if reader is None else _PK_MARK))
    cell = _documents_cell(documents, link_start, link_end, staff=reader is not None)
    annotated = status_report_queryset(
        queryset, include_internal=include_internal, today=today, documents=cell
    )
    fields = (
        [*ROW_FIELDS, "documents_cell"]
        + (["all_notes"] if include_internal else [])
        + ["previous_id"]
        + FRENCH_FIELDS
    )
    url_start, url_end = url_template.split(str(_PK_MARK))
    for values in annotated.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        (
            pk,
            country,
            year,
            position,
            title,
            text,
            area,
            status,
            lead_ministry,
            supporting,
            target_date,
            overdue,
            last_change_at,
            latest_public_evidence,
            carried_into,
            next_report_year,
            closing_note,
            documents_cell,
            *internal,
            previous,
        ) = values[: -len(FRENCH_FIELDS)]
        country_fr, title_fr, text_fr, lead_fr, supporting_fr, evidence_fr = values[
            -len(FRENCH_FIELDS) :
        ]
        yield [
            *([pk, previous or ""] if with_ids else []),
            country,
            year,
            position,
            title,
            text,
            areas.get(area, area),
            statuses.get(status, status),
            lead_ministry or "",
            supporting or "",
            target_date.isoformat() if target_date else "",
            "yes" if overdue else "no",
            _date(last_change_at),
            latest_public_evidence or "",
            carried_into or "",
            next_report_year if next_report_year and not carried_into else "",
            closing_note,
            f"{url_start}{pk}{url_end}",
            documents_cell or "",
            *(note or "" for note in internal),
            country_fr or "",
            title_fr or "",
            text_fr or "",
            areas_fr.get(area, area),
            statuses_fr.get(status, status),
            lead_fr or "",
            supporting_fr or "",
            evidence_fr or "",
        ]


_PK_MARK = 987654321987
_KEY_MARK = "k987654321987"


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


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


def _batched(lines: Iterable[str], size: int = 200) -> Iterator[bytes]:
    """Lines joined into chunks: the server writes a few hundred chunks, not 38,000 lines."""
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def csv_chunks(rows: Iterable[Iterable]) -> Iterator[bytes]:
    """The CSV file of ``rows`` (csv_lines), encoded, in chunks of a few hundred lines."""
    return _batched(csv_lines(rows))


def csv_response(rows: Iterable[Iterable], *, basename: str) -> StreamingHttpResponse:
    """Stream rows as a dated CSV download, e.g. ``tipt-status-report-2026-11-29.csv``."""
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    filename = f"{basename}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
