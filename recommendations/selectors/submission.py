"""What a submission pack says, as plain data (JSON), built from what TIPT holds for a country
and a reporting period: the data an approved pack is frozen with, and that every format of it
(Word, PDF, HTML, the public progress report) is rendered from (recommendations/submission/).

The recommendations are those of the report the period answers (the country's latest report
of a year before the period's end: period 2021, to 31 March 2021, answers the 2020 report).
Under each: the evidence on its thread (its predecessors' and successors' notes count) dated
inside the period, never one outside it, chosen by NoteChoice: published notes, those and the
internal ones the secretariat marked "for the submission", or every note. Statistics: the
approved totals of the period and of the STATISTICS_EARLIER periods before it, with the
report's own figures beside them. Gaps: recommendations with no evidence in the period,
metrics with no total for it.

Each note lists its evidence documents (name, type, size): in the pack, every one of the
note's, frozen with it; on the public progress report, of those, only the ones public now.

``public_pack_data`` is the same for the public progress report: only notes still published
now (with their published text and the documents of them public now), and the gaps
recomputed from them.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .. import calendar
from ..models import (
    TOTAL,
    Area,
    Country,
    EvidenceNote,
    Metric,
    NoteChoice,
    Recommendation,
    Report,
    StatisticValue,
    Status,
    Visibility,
    report_texts,
)
from ..models.thread import SEPARATOR
from .documents import pack_documents_by_note, public_documents_by_note
from .statistics import report_figures
from .updates import safe_link

# How many periods before the pack's own its statistics table shows.
STATISTICS_EARLIER = 3


class NoReport(LookupError):
    """The country has no report that the period answers."""


def report_answered(country: Country, period: int) -> Report:
    """The report a period's submission answers: the country's latest of a year before the
    period ends (calendar.period_bounds)."""
    report = (
        Report.objects.filter(country=country, year__lt=period)
        .defer(*report_texts())
        .order_by("-year")
        .first()
    )
    if report is None:
        raise NoReport(f"{country} has no report before period {period}.")
    return report


def _chosen(notes, choice: str):
    if choice == NoteChoice.PUBLISHED:
        return notes.public()
    if choice == NoteChoice.MARKED:
        return notes.filter(Q(visibility=Visibility.PUBLIC) | Q(for_submission=True))
    return notes


def _in_thread(path: str, other: str) -> bool:
    """Is the recommendation at ``other`` in the thread of the one at ``path`` (an ancestor, a
    descendant or itself; a sibling of a split is not)?"""
    return other.startswith(path) or path.startswith(other)


def pack_data(country: Country, period: int, *, notes: str = NoteChoice.MARKED, now=None) -> dict:
    """The pack of ``country`` for ``period`` as plain data, with the notes ``notes`` chooses
    (NoteChoice); a fixed number of queries whatever the number of recommendations."""
    now = now or timezone.now()
    start, end = calendar.period_bounds(period)
    report = report_answered(country, period)
    recommendations = list(
        Recommendation.objects.filter(report=report)
        .select_related("lead_ministry")
        .prefetch_related("supporting_ministries")
        .order_by("position")
    )
    evidence = thread_evidence(recommendations, _chosen(EvidenceNote.objects, notes), period)
    _with_documents(evidence)
    today = timezone.localdate(now)
    rows = [_recommendation_row(rec, evidence.get(rec.pk, []), today) for rec in recommendations]
    statistics = _statistics(country, period)
    return {
        "country": {"name": country.name, "slug": country.slug},
        "period": period,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": now.isoformat(),
        "report": {"year": report.year, "tier": report.tier},
        "notes": str(notes),
        "areas": [area.value for area in Area],
        "recommendations": rows,
        "statistics": statistics,
        "gaps": _gaps(rows, statistics, period),
    }


def thread_evidence(recommendations, notes, period: int) -> dict[int, list[dict]]:
    """{recommendation pk: its thread's ``notes`` dated in ``period``, oldest first}."""
    roots = {rec.thread_root or rec.pk for rec in recommendations}
    members = dict(
        Recommendation.objects.filter(Q(thread_root__in=roots) | Q(pk__in=roots)).values_list(
            "pk", "thread_path"
        )
    )
    paths = {pk: path or f"{SEPARATOR}{pk}{SEPARATOR}" for pk, path in members.items()}
    found = (
        notes.filter(recommendation__in=list(paths))
        .in_period(period)
        .order_by("happened_on", "created_at", "pk")
        .values("pk", "recommendation_id", "happened_on", "text", "link", "visibility", "public_id")
    )
    by_recommendation: dict[int, list[dict]] = {}
    for note in found:
        entry = note_entry(note)
        for rec in recommendations:
            if _in_thread(paths[rec.pk], paths[note["recommendation_id"]]):
                by_recommendation.setdefault(rec.pk, []).append(entry)
    return by_recommendation


def note_entry(note: dict, documents=()) -> dict:
    """One evidence note as a pack keeps it, with its ``documents`` (EvidenceDocument) listed
    as they are now: a frozen pack keeps the listing, whatever happens to them later."""
    public = note["visibility"] == Visibility.PUBLIC
    return {
        "id": note["pk"],
        "public_id": note["public_id"] or "",
        "date": note["happened_on"].isoformat(),
        "text": note["text"],
        "link": safe_link(note["link"]),
        "public": public,
        "documents": [document_entry(document, public) for document in documents],
    }


def document_entry(document, note_public: bool) -> dict:
    """One document of a note as a pack lists it: never its file, nor who uploaded it."""
    return {
        "id": document.pk,
        "public_id": document.public_id,
        "name": document.original_name,
        "type": document.file_type,
        "size": document.size,
        "public": note_public and document.public,
    }


def _with_documents(evidence: dict[int, list[dict]]) -> None:
    """Every note of ``evidence`` given its documents (one query for all of them)."""
    entries = {note["id"]: note for notes in evidence.values() for note in notes}
    documents = pack_documents_by_note(entries)
    for pk, entry in entries.items():
        entry["documents"] = [document_entry(each, entry["public"]) for each in documents[pk]]


def _recommendation_row(rec: Recommendation, evidence: list[dict], today) -> dict:
    ahead = rec.target_date and rec.target_date > today and rec.status != Status.COMPLETED
    return {
        "id": rec.pk,
        "position": rec.position,
        "title": rec.title,
        "text": rec.text,
        "area": rec.area,
        "status": rec.status,
        "lead_ministry": rec.lead_ministry.name if rec.lead_ministry else "",
        "supporting": sorted(ministry.name for ministry in rec.supporting_ministries.all()),
        "target_date": rec.target_date.isoformat() if rec.target_date else None,
        "next_step": rec.target_date.isoformat() if ahead else None,
        "evidence": evidence,
    }


def _number(value) -> str:
    return f"{value.normalize():f}"


def _statistics(country: Country, period: int) -> dict:
    """Every metric's approved total in ``period`` and the STATISTICS_EARLIER before it, and the
    report's own figures for them (three queries)."""
    periods = list(range(period - STATISTICS_EARLIER, period + 1))
    values = {
        (row.metric_id, row.period): row
        for row in StatisticValue.objects.approved().filter(
            country=country, cell=TOTAL, period__in=periods
        )
    }
    said = report_figures(country, periods)
    metrics = []
    for metric in Metric.objects.order_by("position", "code"):
        entered, reported = {}, {}
        for each in periods:
            if (value := values.get((metric.pk, each))) is not None:
                entered[str(each)] = {"value": _number(value.value), "currency": value.currency}
            if (figure := said.get((metric.pk, each))) is not None:
                reported[str(each)] = {"value": _number(figure.value), "year": figure.report.year}
        metrics.append(
            {
                "code": metric.code,
                "name": metric.name,
                "unit": metric.unit,
                "values": entered,
                "report": reported,
            }
        )
    return {"periods": periods, "metrics": metrics}


def _gaps(rows: list[dict], statistics: dict, period: int) -> dict:
    return {
        "recommendations": [row["id"] for row in rows if not row["evidence"]],
        "metrics": [
            metric["code"]
            for metric in statistics["metrics"]
            if str(period) not in metric["values"]
        ],
    }


def public_pack_data(data: dict) -> dict:
    """``data`` (an approved pack's) as the public may read it: of its notes, only those still
    published, with their text as published now and only while still dated in the period (a
    correction may have moved one), each with those of its listed documents public now; the
    gaps counted again from them."""
    ids = {
        note["public_id"]
        for row in data["recommendations"]
        for note in row["evidence"]
        if note["public"] and note["public_id"]
    }
    start, end = (datetime.date.fromisoformat(data[key]) for key in ("start", "end"))
    published = {
        note["public_id"]: note
        for note in EvidenceNote.objects.public()
        .filter(public_id__in=ids, happened_on__gte=start, happened_on__lte=end)
        .values("pk", "happened_on", "text", "link", "visibility", "public_id")
    }
    documents = public_documents_by_note(note["pk"] for note in published.values())
    rows = [
        {
            **row,
            "evidence": [
                _public_note(published[note["public_id"]], note, documents)
                for note in row["evidence"]
                if note["public"] and note["public_id"] in published
            ],
        }
        for row in data["recommendations"]
    ]
    return {
        **data,
        "notes": NoteChoice.PUBLISHED.value,
        "public_report": True,
        "recommendations": rows,
        "gaps": _gaps(rows, data["statistics"], data["period"]),
    }


def _public_note(current: dict, frozen: dict, documents: dict) -> dict:
    """A note of an approved pack as the public reads it now: of the documents the pack listed,
    those public now, as they are now (a redacted version in place of the original)."""
    listed = {document["public_id"] for document in frozen.get("documents", ())}
    shown = [each for each in documents[current["pk"]] if each.public_id in listed]
    entry = note_entry(current, shown)
    for document in entry["documents"]:
        document["id"] = None
    return {**entry, "id": None}
