"""Every write that carries a rule. The admin, the commands and the tests all call these."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .lineage import match_recommendations
from .models import (
    Country,
    EvidenceNote,
    Recommendation,
    Report,
    Status,
    StatusChange,
    Visibility,
)
from .reporttext import ParsedChapter, derive_title

# --- countries ------------------------------------------------------------------------------


def country_key(name: str) -> str:
    """A name reduced so that "St. Lucia", "SAINT LUCIA" and "Saint-Lucia" compare equal."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"\bst\b\.?", "saint", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^a-z0-9]+", "", name)


def country_find(name: str) -> Country | None:
    key = country_key(name)
    for country in Country.objects.all():
        if country_key(country.name) == key:
            return country
    return None


def country_get_or_create(*, name: str) -> Country:
    country = country_find(name)
    if country:
        return country
    return Country.objects.create(name=name.strip(), slug=slugify(name)[:100])


# --- status ---------------------------------------------------------------------------------


def recommendation_set_status(
    *, recommendation: Recommendation, status: str, user=None, note: str = "", changed_at=None
) -> StatusChange | None:
    """Change a recommendation's status and record who changed it, when, and why.

    Returns the StatusChange row, or None when the status was already ``status``.
    """
    if status not in Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if current.status == status:
            recommendation.status = status
            return None
        change = StatusChange.objects.create(
            recommendation=current,
            old_status=current.status,
            new_status=status,
            changed_by=user,
            changed_at=changed_at or timezone.now(),
            note=note[:500],
        )
        current.status = status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        recommendation.status = current.status
        recommendation.version = current.version
        recommendation.updated_at = current.updated_at
        return change


# --- evidence -------------------------------------------------------------------------------


def evidence_note_create(
    *, recommendation: Recommendation, author, happened_on, text: str, link: str = ""
) -> EvidenceNote:
    """A new note is always internal; only the secretariat publishes (evidence_note_publish)."""
    return EvidenceNote.objects.create(
        recommendation=recommendation,
        author=author,
        happened_on=happened_on,
        text=text,
        link=link,
        visibility=Visibility.INTERNAL,
    )


def evidence_note_publish(*, note: EvidenceNote, user) -> EvidenceNote:
    with transaction.atomic():
        note = EvidenceNote.objects.select_for_update().get(pk=note.pk)
        if note.visibility != Visibility.PUBLIC:
            note.visibility = Visibility.PUBLIC
            note.published_at = timezone.now()
            note.published_by = user
            note.save(update_fields=["visibility", "published_at", "published_by", "updated_at"])
        return note


# --- importing a report ---------------------------------------------------------------------


class ReportImportError(Exception):
    """An import that cannot go ahead; the message says why in one line."""


@dataclass
class ProposedLink:
    position: int
    previous: Recommendation | None
    score: float | None


@dataclass
class ImportPlan:
    chapter: ParsedChapter
    country_name: str
    country: Country | None
    year: int
    existing: Report | None
    links: list[ProposedLink] = field(default_factory=list)
    predecessor_report: Report | None = None
    successor_report: Report | None = None

    def as_json(self) -> dict:
        by_position = {link.position: link for link in self.links}
        return {
            "country": self.country.name if self.country else self.country_name,
            "year": self.year,
            "tier": self.chapter.tier,
            "recommendations": [
                {
                    "position": rec.position,
                    "text": rec.text,
                    "area": rec.area,
                    "previous": _link_json(by_position.get(rec.position)),
                }
                for rec in self.chapter.recommendations
            ],
            "warnings": list(self.chapter.warnings),
        }


def _link_json(link: ProposedLink | None) -> dict | None:
    if not link or not link.previous:
        return None
    return {
        "year": link.previous.report.year,
        "position": link.previous.position,
        "score": link.score,
    }


def report_import_plan(
    *, chapter: ParsedChapter, country_name: str | None = None, year: int | None = None
) -> ImportPlan:
    """Work out what an import would do, without writing anything."""
    name = (country_name or chapter.country or "").strip()
    year = year or chapter.year
    if not name:
        raise ReportImportError(_("The country is not in the text; give it with --country."))
    if not year:
        raise ReportImportError(
            _("The report year is not in the text; give it with --year (e.g. --year 2020).")
        )
    country = country_find(name)
    existing = None
    predecessor = successor = None
    if country:
        existing = Report.objects.filter(country=country, year=year).first()
        predecessor = (
            Report.objects.filter(country=country, year__lt=year).order_by("-year").first()
        )
        successor = Report.objects.filter(country=country, year__gt=year).order_by("year").first()
    plan = ImportPlan(
        chapter=chapter,
        country_name=name,
        country=country,
        year=year,
        existing=existing,
        predecessor_report=predecessor,
        successor_report=successor,
    )
    old = list(predecessor.recommendations.select_related("report")) if predecessor else []
    # An earlier recommendation already followed by one in another year stays with it.
    old = [rec for rec in old if not _has_next(rec) or _next_report_year(rec) == year]
    matches = match_recommendations(
        [r.text for r in chapter.recommendations], [r.text for r in old]
    )
    by_new = {m.new_index: m for m in matches}
    for index, rec in enumerate(chapter.recommendations):
        match = by_new.get(index)
        plan.links.append(
            ProposedLink(
                position=rec.position,
                previous=old[match.old_index] if match else None,
                score=match.score if match else None,
            )
        )
    return plan


def _has_next(rec: Recommendation) -> bool:
    return Recommendation.objects.filter(previous=rec).exists()


def _next_report_year(rec: Recommendation) -> int | None:
    nxt = Recommendation.objects.filter(previous=rec).select_related("report").first()
    return nxt.report.year if nxt else None


@dataclass
class ImportResult:
    report: Report
    created: bool
    message: str


def report_import(
    *,
    plan: ImportPlan,
    user=None,
    source_url: str = "",
    overrides: dict[int, Recommendation | None] | None = None,
) -> ImportResult:
    """Create the report and its recommendations, in order, linked to their predecessors.

    ``overrides`` maps a position to the predecessor staff chose instead of the proposed one
    (None for no predecessor). Importing a country and year that exists already changes nothing.
    """
    chapter = plan.chapter
    if plan.existing:
        return ImportResult(
            plan.existing,
            False,
            _("%(country)s %(year)s is already imported; nothing was changed.")
            % {"country": plan.existing.country.name, "year": plan.year},
        )
    overrides = overrides or {}
    with transaction.atomic():
        country = plan.country or country_get_or_create(name=plan.country_name)
        report = Report.objects.create(
            country=country,
            year=plan.year,
            tier=chapter.tier,
            summary=chapter.summary,
            source_url=source_url,
            source_text=chapter.source_text,
        )
        links = {link.position: link.previous for link in plan.links}
        links.update(overrides)
        for parsed in chapter.recommendations:
            previous = links.get(parsed.position)
            rec = Recommendation.objects.create(
                report=report,
                position=parsed.position,
                text=parsed.text,
                title=derive_title(parsed.text),
                area=previous.area if previous and previous.area_set_by_staff else parsed.area,
                area_set_by_staff=bool(previous and previous.area_set_by_staff),
            )
            if previous:
                _carry_over(rec, previous, user)
        if plan.successor_report:
            _link_successors(report, plan.successor_report)
    return ImportResult(
        report,
        True,
        _("Imported %(country)s %(year)s (%(tier)s) with %(count)d recommendations.")
        % {
            "country": country.name,
            "year": plan.year,
            "tier": chapter.tier,
            "count": len(chapter.recommendations),
        },
    )


def _carry_over(rec: Recommendation, previous: Recommendation, user) -> None:
    """A recurring recommendation inherits its predecessor's owners, date and status."""
    rec.previous = previous
    rec.lead_ministry_id = previous.lead_ministry_id
    rec.target_date = previous.target_date
    rec.save(update_fields=["previous", "lead_ministry", "target_date", "updated_at"])
    rec.supporting_ministries.set(previous.supporting_ministries.all())
    if previous.status != rec.status:
        recommendation_set_status(
            recommendation=rec,
            status=previous.status,
            user=user,
            note=_("Carried over from %(year)s #%(position)s.")
            % {"year": previous.report.year, "position": previous.position},
        )


def _link_successors(report: Report, successor: Report) -> None:
    """Importing an earlier year after a later one links the later one back to it."""
    later = list(successor.recommendations.filter(previous__isnull=True))
    earlier = list(report.recommendations.all())
    for match in match_recommendations([r.text for r in later], [r.text for r in earlier]):
        rec = later[match.new_index]
        rec.previous = earlier[match.old_index]
        rec.save(update_fields=["previous", "updated_at"])
