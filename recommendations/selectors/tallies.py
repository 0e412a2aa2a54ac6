"""The dashboard's tallies: how many of a report's recommendations stand at each status, overall,
per 3P area and per lead ministry, and how many are past their target date. Each tally is one
query whatever the number of recommendations."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F
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


def _counts_by(recommendations, group: str, *also: str) -> dict:
    """{group value: {status: count}} of ``recommendations``, in one GROUP BY query (every
    status present, 0 where none); the groups in the order of ``group`` then nulls. With
    ``also`` (values that go with the group's, such as its French), the keys are tuples."""
    rows = (
        recommendations.order_by(F(group).asc(nulls_last=True))
        .values(group, *also, "status")
        .annotate(count=Count("pk"))
        .values_list(group, *also, "status", "count")
    )
    counts: dict = {}
    for *key, status, count in rows:
        value = tuple(key) if also else key[0]
        counts.setdefault(value, dict.fromkeys(Status.values, 0))[status] = count
    return counts


def status_tallies_by_area(report, *, place: dict) -> tuple[Tally, list[Tally]]:
    """The report's recommendations by status: all of them, then each 3P area that has any, in
    one query. ``place`` is the list's query for the report; an area's tally adds its area."""
    by_area = _counts_by(report.recommendations.all(), "area")
    overall = {
        status: sum(counts[status] for counts in by_area.values()) for status in Status.values
    }
    areas = [
        Tally(area.label, by_area[area], urlencode({**place, "area": area}))
        for area in Area
        if area in by_area
    ]
    return Tally(_("All recommendations"), overall, urlencode(place)), areas


def status_tallies_by_ministry(report) -> list[Tally]:
    """The report's recommendations by status for each lead ministry, by name, then those nobody
    leads yet, in one query."""
    by_ministry = _counts_by(
        report.recommendations.all(), "lead_ministry__name_en", "lead_ministry__name_fr"
    )
    return [
        Tally(marked_text(name, name_fr) if name else _("No lead ministry yet"), counts)
        for (name, name_fr), counts in by_ministry.items()
    ]


def overdue_count(report) -> int:
    """How many of the report's recommendations are past their target date (models' overdue)."""
    return report.recommendations.overdue().count()
