"""The dashboard's tallies: how many of a report's recommendations stand at each status, overall,
per 3P area and per lead ministry, and how many are past their target date. Each is counted
from the report's recommendations as the dashboard reads them once for its list (a report has
tens of them), so the tallies cost no query of their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from ..models import Area, Status
from ..translation import marked_text


@dataclass
class Tally:
    """How many recommendations of one group stand at each status; ``list_query`` is the list
    page's query that shows them."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)
    list_query: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return self.counts.get(Status.COMPLETED, 0)

    @property
    def completed_percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    def by_status(self):
        """(status value, label, count) in the order of the work: not started to completed."""
        return [(status, status.label, self.counts.get(status, 0)) for status in Status]


def _counts_by(recommendations, group) -> dict:
    """{group(recommendation): {status: count}} of ``recommendations`` (every status present,
    0 where none), in the order the groups first appear."""
    counts: dict = {}
    for recommendation in recommendations:
        key = group(recommendation)
        counts.setdefault(key, dict.fromkeys(Status.values, 0))[recommendation.status] += 1
    return counts


def status_tallies_by_area(recommendations, *, place: dict) -> tuple[Tally, list[Tally]]:
    """The report's recommendations by status: all of them, then each 3P area that has any.
    ``place`` is the list's query for the report; an area's tally adds its area."""
    by_area = _counts_by(recommendations, attrgetter("area"))
    overall = {
        status: sum(counts[status] for counts in by_area.values()) for status in Status.values
    }
    areas = [
        Tally(area.label, by_area[area], urlencode({**place, "area": area}))
        for area in Area
        if area in by_area
    ]
    return Tally(_("All recommendations"), overall, urlencode(place)), areas


def status_tallies_by_ministry(recommendations) -> list[Tally]:
    """The report's recommendations by status for each lead ministry, by its English name, then
    those nobody leads yet (``recommendations`` read with their lead ministry)."""
    by_ministry = _counts_by(recommendations, attrgetter("lead_ministry"))
    led = sorted((m for m in by_ministry if m is not None), key=lambda m: (m.name_en, m.pk))
    tallies = [Tally(marked_text(m.name_en, m.name_fr), by_ministry[m]) for m in led]
    if None in by_ministry:
        tallies.append(Tally(_("No lead ministry yet"), by_ministry[None]))
    return tallies


def overdue_count(recommendations) -> int:
    """How many of ``recommendations`` (read ``with_overdue()``) are past their target date."""
    return sum(1 for recommendation in recommendations if recommendation.is_overdue)
