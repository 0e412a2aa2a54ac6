"""The tables of TIPT and the reads that recur on them, one module per part of the domain:

| module | what |
|---|---|
| base.py | what several tables share: version and time stamps, the staff member who acted |
| choices.py | tiers, 3P areas, statuses, visibility |
| places.py | countries, reports, ministries |
| recommendation.py | recommendations and their QuerySet (overdue, leads or supports, ...) |
| evidence.py | evidence notes and their corrections, status changes, carry-overs |
| documents.py | the documents an evidence note carries, private until published |
| thread.py | a recommendation's thread across the years: its paths and the reads across it |
| review.py | status proposals and the secretariat's review decisions |
| statistics.py | TIP statistics: metrics, values entered per period, the report's figures |
| submission.py | the annual submission: its deadlines, the approved packs frozen as sent |
| system.py | staff profiles, digests sent, page versions |
"""

from .choices import Area, Decision, NoteReview, Review, Status, Tier, Visibility
from .documents import DocumentType, EvidenceDocument, EvidenceDocumentQuerySet
from .evidence import CarryOver, EvidenceNote, EvidenceNoteQuerySet, NoteCorrection, StatusChange
from .places import Country, CountryQuerySet, Ministry, Report, report_texts
from .recommendation import (
    REPORT_ORDER,
    Recommendation,
    RecommendationQuerySet,
    foreign_ministries_error,
    predecessor_error,
)
from .review import QUEUE_ORDER, ReviewDecision, StatusProposal, StatusProposalQuerySet
from .statistics import (
    BREAKDOWNS,
    TOTAL,
    Breakdown,
    Metric,
    ReportFigure,
    StatisticValue,
    StatisticValueQuerySet,
    Unit,
    breakdown_cells,
)
from .submission import NoteChoice, SubmissionDeadline, SubmissionPack
from .system import PageVersion, ReminderDigest, StaffProfile

__all__ = [
    "BREAKDOWNS",
    "TOTAL",
    "Breakdown",
    "Metric",
    "ReportFigure",
    "StatisticValue",
    "StatisticValueQuerySet",
    "Unit",
    "breakdown_cells",
    "QUEUE_ORDER",
    "REPORT_ORDER",
    "Area",
    "CarryOver",
    "Country",
    "Decision",
    "DocumentType",
    "EvidenceDocument",
    "EvidenceDocumentQuerySet",
    "CountryQuerySet",
    "EvidenceNote",
    "EvidenceNoteQuerySet",
    "Ministry",
    "NoteCorrection",
    "NoteReview",
    "PageVersion",
    "Recommendation",
    "RecommendationQuerySet",
    "ReminderDigest",
    "Report",
    "report_texts",
    "Review",
    "ReviewDecision",
    "NoteChoice",
    "StaffProfile",
    "SubmissionDeadline",
    "SubmissionPack",
    "Status",
    "StatusChange",
    "StatusProposal",
    "StatusProposalQuerySet",
    "Tier",
    "Visibility",
    "foreign_ministries_error",
    "predecessor_error",
]
