"""The tables of TIPT and the reads that recur on them, one module per part of the domain:

| module | what |
|---|---|
| base.py | what several tables share: version and time stamps, the staff member who acted |
| choices.py | tiers, 3P areas, statuses, visibility |
| places.py | countries, reports, ministries |
| recommendation.py | recommendations and their QuerySet (overdue, leads or supports, ...) |
| evidence.py | evidence notes, status changes, carry-overs |
| thread.py | a recommendation's thread across the years: its paths and the reads across it |
| system.py | reminder digests and page versions |
"""

from .choices import Area, Status, Tier, Visibility
from .evidence import CarryOver, EvidenceNote, EvidenceNoteQuerySet, StatusChange
from .places import Country, CountryQuerySet, Ministry, Report
from .recommendation import (
    REPORT_ORDER,
    Recommendation,
    RecommendationQuerySet,
    foreign_ministries_error,
    predecessor_error,
)
from .system import PageVersion, ReminderDigest

__all__ = [
    "REPORT_ORDER",
    "Area",
    "CarryOver",
    "Country",
    "CountryQuerySet",
    "EvidenceNote",
    "EvidenceNoteQuerySet",
    "Ministry",
    "PageVersion",
    "Recommendation",
    "RecommendationQuerySet",
    "ReminderDigest",
    "Report",
    "Status",
    "StatusChange",
    "Tier",
    "Visibility",
    "foreign_ministries_error",
    "predecessor_error",
]
