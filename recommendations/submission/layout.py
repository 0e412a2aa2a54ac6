"""A pack's data put in the order and words of the document, in the active language: the
cover, the summary table, one section per 3P area (in the report's order: Prosecution,
Protection, Prevention, Partnership), the statistics table and the gaps. The Word document and
the HTML page both lay out this."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..admin.documents import staff_download_url
from ..models import Area, DocumentType, Status, Unit
from ..models.documents import size_label


def day(value) -> str:
    """A date (or an ISO date) as pages write it: 31 March 2021."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return date_format(value, "DATE_FORMAT")


@dataclass
class DocumentLine:
    name: str
    kind: str
    size: str
    url: str  # the staff download in the secretariat's pack, the public one in the public's
    internal: bool


@dataclass
class NoteLine:
    date: str
    text: str
    link: str
    internal: bool
    documents: list[DocumentLine] = field(default_factory=list)


@dataclass
class RecommendationPart:
    number: str
    title: str
    text: str
    status: str
    lead_ministry: str
    supporting: str
    notes: list[NoteLine]
    next_step: str


@dataclass
class Section:
    key: str
    title: str
    recommendations: list[RecommendationPart]


@dataclass
class StatisticsRow:
    name: str
    cells: list[str]  # one per period: the task force's total, and the report's beside it


@dataclass
class Layout:
    country: str
    slug: str
    period: int
    period_dates: str
    as_of: str
    approved_on: str
    version: int | None
    report_year: int
    summary_heading: list[str]
    summary: list[list[str]]
    sections: list[Section]
    statistics_periods: list[str]
    statistics: list[StatisticsRow]
    gap_recommendations: list[str]
    gap_metrics: list[str]
    public: bool
    words: dict = field(default_factory=dict)


def _status(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


def _figure(entry: dict | None, unit: str) -> str:
    if not entry:
        return ""
    value = entry["value"]
    if unit == Unit.MONEY and entry.get("currency"):
        return f"{value} {entry['currency']}"
    return value


def _statistics_row(metric: dict, periods: list[int]) -> StatisticsRow:
    cells = []
    for period in periods:
        ours = _figure(metric["values"].get(str(period)), metric["unit"])
        said = metric["report"].get(str(period))
        text = ours or "—"
        if said:
            text += " " + _("(report: %(value)s)") % {"value": said["value"]}
        cells.append(text)
    return StatisticsRow(metric["name"], cells)


def _document_line(document: dict, public: bool) -> DocumentLine:
    if public:
        path = reverse("recommendations:document", args=[document["public_id"]])
    else:
        path = staff_download_url(SimpleNamespace(pk=document["id"]))
    kind = document["type"]
    return DocumentLine(
        name=document["name"],
        kind=str(DocumentType(kind).label) if kind in DocumentType.values else kind,
        size=size_label(document["size"]),
        url=settings.TIPT_SITE_URL.rstrip("/") + path,
        internal=not document["public"],
    )


def _note_line(note: dict, public: bool) -> NoteLine:
    return NoteLine(
        day(note["date"]),
        note["text"],
        note["link"],
        not note["public"],
        # A pack approved before notes listed their documents has none.
        [_document_line(document, public) for document in note.get("documents", ())],
    )


def pack_layout(data: dict, *, approved_at=None, version=None) -> Layout:
    # The public progress report's (public_pack_data) links to public downloads.
    for_public = data.get("public_report", False)
    parts = {}
    for row in data["recommendations"]:
        parts[row["id"]] = RecommendationPart(
            number=f"{data['report']['year']} #{row['position']}",
            title=row["title"],
            text=row["text"],
            status=_status(row["status"]),
            lead_ministry=row["lead_ministry"] or _("none yet"),
            supporting=", ".join(row["supporting"]),
            notes=[_note_line(note, for_public) for note in row["evidence"]],
            next_step=day(row["next_step"]) if row["next_step"] else "",
        )
    sections = [
        Section(
            area,
            str(Area(area).label),
            [parts[row["id"]] for row in data["recommendations"] if row["area"] == area],
        )
        for area in data["areas"]
    ]
    start, end = day(data["start"]), day(data["end"])
    periods = data["statistics"]["periods"]
    by_id = {row["id"]: row for row in data["recommendations"]}
    as_of = parse_datetime(data["as_of"])
    return Layout(
        country=data["country"]["name"],
        slug=data["country"]["slug"],
        period=data["period"],
        period_dates=_("%(start)s to %(end)s") % {"start": start, "end": end},
        as_of=day(as_of.date()) if as_of else "",
        approved_on=day(approved_at.date()) if approved_at else "",
        version=version,
        report_year=data["report"]["year"],
        summary_heading=[_("No."), _("Recommendation"), _("Status"), _("Lead ministry")],
        summary=[
            [part.number, part.title, part.status, part.lead_ministry] for part in parts.values()
        ],
        sections=[section for section in sections if section.recommendations],
        statistics_periods=[str(period) for period in periods],
        statistics=[_statistics_row(metric, periods) for metric in data["statistics"]["metrics"]],
        gap_recommendations=[
            f"{parts[pk].number}: {parts[pk].title}"
            for pk in data["gaps"]["recommendations"]
            if pk in by_id
        ],
        gap_metrics=[
            metric["name"]
            for metric in data["statistics"]["metrics"]
            if metric["code"] in data["gaps"]["metrics"]
        ],
        public=data["notes"] == "published",
    )
