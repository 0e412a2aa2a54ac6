"""Applying a plan: the report and its recommendations created, or replaced, in one transaction.

:func:`report_import` creates the country if it is new (:func:`country_get_or_create`), the
report and its recommendations in order, each linked to its predecessor and inheriting its
owners, target date and status (a carry-over, recorded as such: never a status change); a
replacement keeps the rows the plan matched, with their status, history, evidence and owners;
a later report already imported is linked back. The country's thread paths are recomputed in
the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import (
    Area,
    CarryOver,
    Country,
    EvidenceNote,
    Recommendation,
    Report,
    Status,
    StatusChange,
)
from ..services.threads import _thread_paths_recompute
from ..translation import in_english
from ..writes import writing
from .chapter import derive_title
from .lineage import match_recommendations
from .plan import ImportPlan, ReportImportError, area_without_choice, country_find
from .stored_figures import report_figures_store

# Added to positions while a replacement moves them, so no two rows share one midway.
POSITION_SHIFT = 10_000


@dataclass
class ImportResult:
    report: Report
    created: bool
    message: str
    replaced: bool = False


def report_import(
    *,
    plan: ImportPlan,
    user=None,
    source_url: str = "",
    overrides: dict[int, Recommendation | int | None] | None = None,
    areas: dict[int, str] | None = None,
) -> ImportResult:
    """Create (or, when the plan says so, replace) the report and its recommendations, in order,
    each linked to its predecessor; a new recommendation that follows one inherits its lead and
    supporting ministries, target date, status and a staff correction of its area, and a
    CarryOver records that (no StatusChange: nobody changed the status). A later report already
    imported is linked back to this one. The figures the report gives are saved with it
    (stored_figures.py).

    ``overrides`` maps a position to the predecessor staff chose instead of the proposed one (a
    recommendation of the predecessor report, or its pk; None for no predecessor); two positions
    may follow the same one (the new report split it in two). ``areas`` maps a position to the
    area staff chose for it (one of Area's values): it is recorded as a staff correction, which
    a replacement and the next year's import keep. Importing a
    country and year that exists already, without replacing, changes nothing; a chapter with no
    complete recommendation is refused (ReportImportError). All or nothing:
    one transaction, with a bounded number of queries.
    """
    plan.refuse_if_empty()
    if plan.existing and not plan.replace:
        return ImportResult(plan.existing, False, _already_imported(plan.existing))
    links = _chosen_links(plan, overrides or {})
    chosen_areas = _chosen_areas(plan, areas or {})
    try:
        with writing():
            country = plan.country or country_get_or_create(name=plan.country_name)
            if plan.successor_report:
                # The successor followed an older year across the gap this report now fills.
                Recommendation.objects.filter(
                    report=plan.successor_report, previous__report__year__lt=plan.year
                ).update(previous=None)
            if plan.existing:
                report, counts = _replace_report(plan, links, chosen_areas, user, source_url)
            else:
                report = Report.objects.create(
                    country=country,
                    year=plan.year,
                    tier=plan.chapter.tier,
                    summary=plan.chapter.summary,
                    source_url=source_url,
                    source_text=plan.chapter.source_text,
                    pasted_text=plan.chapter.pasted_text,
                )
                _create_recommendations(
                    report, plan.chapter.recommendations, links, chosen_areas, user
                )
            if plan.successor_report:
                _link_successor(report, plan.successor_report)
            report_figures_store(report, plan.report_figures.figures, replacing=bool(plan.existing))
            _thread_paths_recompute(countries=[country.pk])
    except IntegrityError as error:
        raise ReportImportError(
            _("%(country)s %(year)s was changed by someone else meanwhile; nothing was written.")
            % {"country": plan.country_name, "year": plan.year}
        ) from error
    linked = sum(1 for previous in links.values() if previous is not None)
    if plan.existing:
        message = _(
            "Replaced %(country)s %(year)s (%(tier)s): %(kept)d recommendations kept, %(added)d "
            "added, %(removed)d removed."
        ) % {"country": country.name, "year": plan.year, "tier": plan.tier_label, **counts}
        return ImportResult(report, False, message, replaced=True)
    message = _(
        "Imported %(country)s %(year)s (%(tier)s) with %(count)d recommendations, %(linked)d "
        "of them following one of an earlier year."
    ) % {
        "country": country.name,
        "year": plan.year,
        "tier": plan.tier_label,
        "count": len(plan.chapter.recommendations),
        "linked": linked,
    }
    return ImportResult(report, True, message)


def _chosen_links(
    plan: ImportPlan, overrides: dict[int, Recommendation | int | None]
) -> dict[int, Recommendation | None]:
    """The predecessor of each position: the proposal, or the one staff chose instead, which
    must be one of the predecessor report's free recommendations. Several positions may choose
    the same one: the new report split it."""
    links = {link.position: link.previous for link in plan.links}
    candidates = {rec.pk: rec for rec in plan.candidates}
    positions = {rec.position for rec in plan.chapter.recommendations}
    for position, choice in overrides.items():
        if position not in positions:
            raise ReportImportError(
                _("There is no recommendation #%(position)s to link.") % {"position": position}
            )
        pk = choice.pk if isinstance(choice, Recommendation) else choice
        if pk is not None and pk not in candidates:
            raise ReportImportError(
                _(
                    "The predecessor chosen for #%(position)s is not a free recommendation of "
                    "the earlier report."
                )
                % {"position": position}
            )
        links[position] = candidates[pk] if pk is not None else None
    return links


def _chosen_areas(plan: ImportPlan, areas: dict[int, str]) -> dict[int, str]:
    """The areas staff chose, each for a position of the chapter and one of Area's values."""
    positions = {rec.position for rec in plan.chapter.recommendations}
    for position, area in areas.items():
        if position not in positions:
            raise ReportImportError(
                _("There is no recommendation #%(position)s to give an area.")
                % {"position": position}
            )
        if area not in Area.values:
            raise ReportImportError(
                _("“%(area)s” chosen for #%(position)s is not an area.")
                % {"area": area, "position": position}
            )
    return dict(areas)


def _area(item, previous, kept, areas: dict[int, str]) -> tuple[str, bool]:
    """The area of the recommendation imported from ``item`` and whether staff set it."""
    if item.position in areas:
        return areas[item.position], True
    return area_without_choice(item, previous=previous, kept=kept)


def _create_recommendations(
    report: Report,
    parsed: list,
    links: dict[int, Recommendation | None],
    areas: dict[int, str],
    user,
) -> list[Recommendation]:
    """Create recommendations in bulk; each that follows one inherits its predecessor's owners,
    target date, status and a staff-corrected area (unless staff chose another area in the
    preview), and a CarryOver records them as they were carried over."""
    recs = []
    for item in parsed:
        previous = links.get(item.position)
        area, area_set_by_staff = _area(item, previous, None, areas)
        recs.append(
            Recommendation(
                report=report,
                position=item.position,
                # The report's English, named as such (recommendations/translation.py).
                text_en=item.text,
                title_en=derive_title(item.text),
                area=area,
                area_set_by_staff=area_set_by_staff,
                previous=previous,
                lead_ministry_id=previous.lead_ministry_id if previous else None,
                target_date=previous.target_date if previous else None,
                status=previous.status if previous else Status.NOT_STARTED,
            )
        )
    with in_english():
        recs = Recommendation.objects.bulk_create(recs)
    carried = [rec for rec in recs if rec.previous_id]
    if not carried:
        return recs
    Through = Recommendation.supporting_ministries.through
    supporting = (
        Through.objects.filter(recommendation_id__in=[rec.previous_id for rec in carried])
        .order_by("ministry__name")
        .values_list("recommendation_id", "ministry_id", "ministry__name")
    )
    by_previous: dict[int, list[tuple[int, str]]] = {}
    for previous_id, ministry_id, name in supporting:
        by_previous.setdefault(previous_id, []).append((ministry_id, name))
    Through.objects.bulk_create(
        [
            Through(recommendation_id=rec.pk, ministry_id=ministry_id)
            for rec in carried
            for ministry_id, _name in by_previous.get(rec.previous_id, [])
        ]
    )
    leads = dict(
        Recommendation.objects.filter(pk__in={rec.previous_id for rec in carried}).values_list(
            "pk", "lead_ministry__name"
        )
    )
    now = timezone.now()
    CarryOver.objects.bulk_create(
        [
            CarryOver(
                recommendation=rec,
                from_year=rec.previous.report.year,
                from_position=rec.previous.position,
                status=rec.status,
                lead_ministry=leads.get(rec.previous_id) or "",
                supporting_ministries="; ".join(
                    name for _pk, name in by_previous.get(rec.previous_id, [])
                ),
                carried_at=now,
                carried_by=user,
            )
            for rec in carried
        ]
    )
    return recs


def _replace_report(
    plan: ImportPlan, links, areas: dict[int, str], user, source_url: str
) -> tuple[Report, dict]:
    """Replace an imported report's text in place. A recommendation the new text keeps stays
    the same row (its status, history, evidence, owners, dates and a staff-corrected area stay,
    unless staff chose another area in the preview); it takes the new wording, position and
    link. New ones are created, removed ones deleted."""
    report = plan.existing
    report.tier = plan.chapter.tier
    report.summary = plan.chapter.summary
    report.source_text = plan.chapter.source_text
    report.pasted_text = plan.chapter.pasted_text
    report.source_url = source_url or report.source_url
    report.imported_at = timezone.now()
    fields = ["tier", "summary", "source_text", "pasted_text", "source_url", "imported_at"]
    report.save(update_fields=fields)
    removed = [rec.pk for rec in plan.removed]
    # Checked again inside the transaction, with the rows to remove locked: a note or status
    # change written meanwhile waits for this transaction (and then finds its row gone).
    list(Recommendation.objects.filter(pk__in=removed).select_for_update().values_list("pk"))
    if (
        EvidenceNote.objects.filter(recommendation__in=removed).exists()
        or StatusChange.objects.filter(recommendation__in=removed).exists()
    ):
        raise ReportImportError(
            _(
                "Evidence or a status change was just recorded on a recommendation this "
                "replacement would remove; nothing was changed. Preview the import again."
            )
        )
    if removed:
        Recommendation.objects.filter(pk__in=removed).delete()
    kept = list(plan.kept.items())
    # Positions and links change together: clear them first so no row clashes midway.
    Recommendation.objects.filter(report=report).update(
        position=F("position") + POSITION_SHIFT, previous=None, version=F("version") + 1
    )
    parsed = {item.position: item for item in plan.chapter.recommendations}
    updated = []
    for position, rec in kept:
        item = parsed[position]
        rec.position = position
        # A title staff wrote themselves stays; one still derived from the old text follows
        # the new text.
        if rec.title_en == derive_title(rec.text_en):
            rec.title_en = derive_title(item.text)
        rec.area, rec.area_set_by_staff = _area(item, None, rec, areas)
        # The English only: a French version staff entered stays (a reworded recommendation's
        # French may then need a look: the staff workspace lists what lacks French, not this).
        rec.text_en = item.text
        rec.previous = links.get(position)
        updated.append(rec)
    now = timezone.now()
    for rec in updated:
        rec.updated_at = now
    # The original columns (text, title) hold the English too (models/base.py EnglishOriginal).
    with in_english():
        Recommendation.objects.bulk_update(
            updated,
            [
                "position",
                *("text", "text_en", "title", "title_en"),
                *("area", "area_set_by_staff", "previous", "updated_at"),
            ],
        )
    added = [item for item in plan.chapter.recommendations if item.position not in plan.kept]
    _create_recommendations(report, added, links, areas, user)
    return report, {"kept": len(kept), "added": len(added), "removed": len(removed)}


def _link_successor(report: Report, successor: Report) -> None:
    """Link the later report's recommendations that follow none back to this report's."""
    later = list(successor.recommendations.filter(previous__isnull=True).order_by("position"))
    taken = set(
        successor.recommendations.filter(previous__isnull=False).values_list(
            "previous_id", flat=True
        )
    )
    earlier = [rec for rec in report.recommendations.order_by("position") if rec.pk not in taken]
    changed = []
    for match in match_recommendations([r.text_en for r in later], [r.text_en for r in earlier]):
        rec = later[match.new_index]
        rec.previous = earlier[match.old_index]
        changed.append(rec)
    if changed:
        Recommendation.objects.bulk_update(changed, ["previous"])


def _already_imported(report: Report) -> str:
    return _("%(country)s %(year)s is already imported; nothing was changed.") % {
        "country": report.country.name,
        "year": report.year,
    }


def country_get_or_create(*, name: str) -> Country:
    """The country ``name`` names (see country_find), created with a free slug if it is new."""
    name = re.sub(r"\s+", " ", name).strip()
    with writing():
        country = country_find(name)
        if country:
            return country
        base = slugify(name)[:90] or "country"
        slug, number = base, 1
        while Country.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return Country.objects.create(name_en=name[:100], slug=slug)
