"""The plan: what importing a parsed chapter would do, worked out without writing anything.

:func:`report_import_plan` reads the country (:func:`country_find`), its reports, the
predecessor's recommendations and who follows them, and, when replacing, the existing
recommendations with their evidence and history; it proposes each new recommendation's
predecessor. The :class:`ImportPlan` it returns is what ``--dry-run`` and the admin's preview
show, and what ``report_import`` (apply.py) carries out. A staff member's choices in the
preview (another predecessor, another area) change what the plan shows through
:meth:`ImportPlan.dropped_for` and :func:`area_without_choice`, which the import uses too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count
from django.utils.translation import gettext as _

from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR, is_report_year
from ..models import Country, Recommendation, Report, Tier
from .chapter import ParsedChapter, ParsedRecommendation, no_recommendations_message
from .countries import country_key
from .figures import FigureExtraction, extract_figures
from .lineage import match_recommendations, similarity


class ReportImportError(Exception):
    """An import that cannot go ahead; the message says why in one line."""


@dataclass
class ProposedLink:
    """The predecessor proposed for the recommendation at ``position``, with its score."""

    position: int
    previous: Recommendation | None
    score: float | None


@dataclass
class ImportPlan:
    chapter: ParsedChapter
    country_name: str
    country: Country | None
    year: int
    existing: Report | None = None
    replace: bool = False
    links: list[ProposedLink] = field(default_factory=list)
    predecessor_report: Report | None = None
    successor_report: Report | None = None
    # The predecessor's recommendations a new one may follow (what the admin offers to choose).
    candidates: list[Recommendation] = field(default_factory=list)
    # When replacing: new position -> the existing recommendation it continues, and the
    # existing recommendations the replacement removes.
    kept: dict[int, Recommendation] = field(default_factory=dict)
    removed: list[Recommendation] = field(default_factory=list)
    # The predecessor's recommendations that no new one follows, in position order: the new
    # report drops them (with the proposed links; see dropped_for for other links).
    dropped: list[Recommendation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def tier_label(self) -> str:
        """The tier in the reader's language (the parser gives one of Tier's values)."""
        return str(Tier(self.chapter.tier).label)

    @property
    def all_warnings(self) -> list[str]:
        """The parser's warnings, the plan's, then those of the report's figures."""
        return list(self.chapter.warnings) + list(self.warnings) + self.report_figures.warnings

    def refuse_if_empty(self) -> None:
        """A chapter whose only recommendation the copy cut short is shown by a dry run or the
        preview (its tier, and the fragment as a warning) but not imported: refused in one
        line."""
        if not self.chapter.recommendations:
            raise ReportImportError(no_recommendations_message())

    @cached_property
    def report_figures(self) -> FigureExtraction:
        """The figures the report itself states in its narrative, with a warning for each one
        left out (figures.py); what ``--dry-run --json`` shows and a later step stores."""
        return extract_figures(self.chapter.source_text, year=self.year)

    def dropped_for(self, chosen: Iterable[Recommendation | None]) -> list[Recommendation]:
        """The candidates that none of ``chosen`` (the predecessor of each new recommendation)
        is: what the new report drops with those links, in position order."""
        followed = {rec.pk for rec in chosen if rec is not None}
        return [rec for rec in self.candidates if rec.pk not in followed]

    def fingerprint(self) -> str:
        """A digest of what the preview shows from the database: the country, the report it
        replaces and the rows it keeps, the predecessor's candidates (each row's version moves
        on with every change to it) and the proposed links. A preview confirmed with another
        fingerprint was shown before someone changed these."""
        parts = [
            self.country.pk if self.country else None,
            self.year,
            self.existing.pk if self.existing else None,
            self.predecessor_report.pk if self.predecessor_report else None,
            self.successor_report.pk if self.successor_report else None,
            sorted((position, rec.pk, rec.version) for position, rec in self.kept.items()),
            sorted(rec.pk for rec in self.removed),
            [(rec.pk, rec.position, rec.version) for rec in self.candidates],
            [(link.position, link.previous.pk if link.previous else None) for link in self.links],
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def as_json(self) -> dict:
        by_position = {link.position: link for link in self.links}
        return {
            "country": self.country.name_en if self.country else self.country_name,
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
            "warnings": self.all_warnings,
            "dropped": [
                {"year": rec.report.year, "position": rec.position, "title": rec.title_en}
                for rec in self.dropped
            ],
            "figures": [figure.as_json() for figure in self.report_figures.figures],
        }


def area_without_choice(
    parsed: ParsedRecommendation,
    *,
    previous: Recommendation | None = None,
    kept: Recommendation | None = None,
) -> tuple[str, bool]:
    """The area an imported recommendation gets when staff choose none in the preview, and
    whether it is a staff correction. A correction by staff carries on: the kept row's, when
    replacing, or else its predecessor's; otherwise the area its wording points to."""
    if kept is not None:
        return (kept.area, True) if kept.area_set_by_staff else (parsed.area, False)
    if previous is not None and previous.area_set_by_staff:
        return previous.area, True
    return parsed.area, False


def _link_json(link: ProposedLink | None) -> dict | None:
    if not link or not link.previous:
        return None
    return {
        "year": link.previous.report.year,
        "position": link.previous.position,
        "score": link.score,
    }


def report_import_plan(
    *,
    chapter: ParsedChapter,
    country_name: str | None = None,
    year: int | None = None,
    replace: bool = False,
) -> ImportPlan:
    """Work out what an import would do, without writing anything.

    A handful of queries whatever the size of the database: the countries, the country's
    reports, the predecessor's recommendations and who follows them, and, when replacing, the
    existing recommendations with their evidence and history counts.
    """
    name = re.sub(r"\s+", " ", country_name or chapter.country or "").strip()
    year = year or chapter.year
    if not name:
        raise ReportImportError(
            _("The country is not in the text; give the country (--country on the command line).")
        )
    if not year:
        raise ReportImportError(
            _(
                "The report year is not in the text, or the text names several; give the year "
                "(--year on the command line)."
            )
        )
    if not is_report_year(year):
        raise ReportImportError(
            _("%(year)s is not a report year (%(min)s to %(max)s).")
            % {"year": year, "min": FIRST_REPORT_YEAR, "max": LAST_PLAUSIBLE_YEAR}
        )
    country = country_find(name)
    plan = ImportPlan(
        chapter=chapter, country_name=name, country=country, year=year, replace=replace
    )
    if (
        country_name
        and chapter.country
        and country_key(country_name) != country_key(chapter.country)
    ):
        plan.warnings.append(
            _("The text names %(text)s, but the import is for %(given)s.")
            % {"text": chapter.country, "given": country_name}
        )
    if country is None:
        return _plan_links(plan)
    reports = list(
        Report.objects.filter(country=country).select_related("country").order_by("year")
    )
    plan.existing = next((r for r in reports if r.year == year), None)
    plan.predecessor_report = next((r for r in reversed(reports) if r.year < year), None)
    plan.successor_report = next((r for r in reports if r.year > year), None)
    if plan.existing and not replace:
        plan.warnings.append(
            _(
                "%(country)s %(year)s is already imported: importing it again changes nothing "
                "unless it is replaced."
            )
            % {"country": plan.existing.country.name, "year": year}
        )
    if plan.existing and replace:
        _plan_replacement(plan)
    return _plan_links(plan)


def _plan_links(plan: ImportPlan) -> ImportPlan:
    """Match the new recommendations with the predecessor's."""
    predecessor = plan.predecessor_report
    if predecessor is not None:
        old = list(predecessor.recommendations.with_report().order_by("position"))
        # A predecessor recommendation followed in a year other than this one or the successor
        # (whose links across the gap this import replaces) is not free to follow again.
        followed = Recommendation.objects.filter(previous__report=predecessor).exclude(
            report__in=[r.pk for r in (plan.existing, plan.successor_report) if r is not None]
        )
        taken = set(followed.values_list("previous_id", flat=True))
        plan.candidates = [rec for rec in old if rec.pk not in taken]
    # When replacing, a recommendation kept from the earlier import keeps the link it has (staff
    # may have corrected it); the others are matched among the remaining candidates.
    by_pk = {rec.pk: rec for rec in plan.candidates}
    fixed = {
        position: by_pk[rec.previous_id]
        for position, rec in plan.kept.items()
        if rec.previous_id in by_pk
    }
    fixed_pks = {rec.pk for rec in fixed.values()}
    free = [rec for rec in plan.candidates if rec.pk not in fixed_pks]
    to_match = [r for r in plan.chapter.recommendations if r.position not in fixed]
    # The saved recommendations in English (text_en), which the report is written in, whatever
    # language the staff member importing works in.
    matches = match_recommendations([r.text for r in to_match], [r.text_en for r in free])
    proposed = {to_match[m.new_index].position: (free[m.old_index], m.score) for m in matches}
    for position, previous in fixed.items():
        parsed = next(r for r in plan.chapter.recommendations if r.position == position)
        proposed[position] = (previous, similarity(parsed.text, previous.text_en))
    for rec in plan.chapter.recommendations:
        previous, score = proposed.get(rec.position, (None, None))
        plan.links.append(ProposedLink(position=rec.position, previous=previous, score=score))
    plan.dropped = plan.dropped_for(link.previous for link in plan.links)
    return plan


def _plan_replacement(plan: ImportPlan) -> None:
    """Which existing recommendations the new text keeps (matched as the same recommendation,
    so their status, history, evidence, owners and dates stay), and which it removes. Removing
    one with evidence or status history is refused."""
    existing = list(
        plan.existing.recommendations.order_by("position").annotate(
            evidence_count=Count("evidence_notes", distinct=True),
            history_count=Count("status_changes", distinct=True),
        )
    )
    new = plan.chapter.recommendations
    unmatched = list(range(len(existing)))
    # The same words first, then the rewordings.
    for parsed in new:
        same = next((j for j in unmatched if existing[j].text_en == parsed.text), None)
        if same is not None:
            plan.kept[parsed.position] = existing[same]
            unmatched.remove(same)
    rest_new = [p for p in new if p.position not in plan.kept]
    rest_old = [existing[j] for j in unmatched]
    for match in match_recommendations([p.text for p in rest_new], [r.text_en for r in rest_old]):
        plan.kept[rest_new[match.new_index].position] = rest_old[match.old_index]
    kept_pks = {rec.pk for rec in plan.kept.values()}
    plan.removed = [rec for rec in existing if rec.pk not in kept_pks]
    blocked = [rec for rec in plan.removed if rec.evidence_count or rec.history_count]
    if blocked:
        raise ReportImportError(
            _(
                "Replacing %(country)s %(year)s would remove recommendation %(positions)s, which "
                "has evidence or a status history; nothing was changed. Keep it in the text or "
                "move its evidence first."
            )
            % {
                "country": plan.existing.country.name,
                "year": plan.year,
                "positions": ", ".join(f"#{rec.position} ({rec.title})" for rec in blocked),
            }
        )


def country_find(name: str) -> Country | None:
    """The country whose name matches ``name`` whatever its case, punctuation or "St."; one
    query over the (at most a few hundred) countries."""
    key = country_key(name)
    if not key:
        return None
    for country in Country.objects.only("pk", "name_en", "slug"):
        if country_key(country.name_en) == key:
            return country
    return None
