"""The dashboard's tallies: how many of a report's recommendations stand at each status, overall,
per 3P area and per lead ministry, and how many are past their target date. Each tally is one
query whatever the number of recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from ..models import Area, Status


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


def _status_counts(row: dict, prefix: str = "") -> dict[str, int]:
    return {status: row[f"{prefix}{status}"] for status in Status.values}


def _count_by_status(prefix: str = "", **condition):
    return {
        f"{prefix}{status}": Count("pk", filter=Q(status=status, **condition))
        for status in Status.values
    }


def status_tallies_by_area(report, *, place: dict) -> tuple[Tally, list[Tally]]:
    """The report's recommendations by status: all of them, then each 3P area that has any, in
    one query. ``place`` is the list's query for the report; an area's tally adds its area."""
    row = report.recommendations.aggregate(
        **_count_by_status(),
        **{
            key: value
            for area in Area.values
            for key, value in _count_by_status(f"{area}-", area=area).items()
        },
    )
    overall = Tally(_("All recommendations"), _status_counts(row), urlencode(place))
    areas = [
        Tally(area.label, _status_counts(row, f"{area}-"), urlencode({**place, "area": area}))
        for area in Area
    ]
    return overall, [tally for tally in areas if tally.total]


def status_tallies_by_ministry(report) -> list[Tally]:
    """The report's recommendations by status for each lead ministry, by name, then those nobody
    leads yet, in one query."""
    rows = (
        report.recommendations.values("lead_ministry__name")
        .annotate(**_count_by_status())
        .order_by(F("lead_ministry__name").asc(nulls_last=True))
    )
    return [
        Tally(row["lead_ministry__name"] or _("No lead ministry yet"), _status_counts(row))
        for row in rows
    ]


def overdue_count(report) -> int:
    """How many of the report's recommendations are past their target date (models' overdue)."""
    return report.recommendations.overdue().count()
