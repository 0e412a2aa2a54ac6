"""What giving a selection of recommendations owners or a target date at once would change: the
one rule, which the confirmation page shows (``assignment_preview``) and the service applies
(services/recommendations.py, recommendation_bulk_assign).

A lead ministry or a target date asked replaces each recommendation's own; supporting ministries
asked are added to those it has, none is ever removed. A ministry is not added as a supporting
ministry of the recommendation it leads (after the change): it owns that one already. A
recommendation whose new lead ministry supports it already keeps it among its supporting
ministries, since this action removes none; its own page can take it off.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from ..models import Ministry, Recommendation, foreign_ministries_error


@dataclass(frozen=True)
class Assignment:
    """What the secretariat (or an editor, a target date) asked for the whole selection; None
    or no ministries leaves each recommendation's own."""

    lead_ministry: Ministry | None = None
    target_date: datetime.date | None = None
    supporting_ministries: tuple[Ministry, ...] = ()

    def fields(self) -> set[str]:
        """The recommendation fields this asks to change (for roles.editable_fields)."""
        asked = {
            "lead_ministry": self.lead_ministry is not None,
            "target_date": self.target_date is not None,
            "supporting_ministries": bool(self.supporting_ministries),
        }
        return {name for name, given in asked.items() if given}

    def refuse_foreign_ministries(self, recommendations) -> None:
        """Raise the ValidationError naming the ministries asked that are not of the country of
        one of ``recommendations`` (read with their reports): all or none."""
        asked = (
            ("lead_ministry", [self.lead_ministry] if self.lead_ministry else []),
            ("supporting_ministries", self.supporting_ministries),
        )
        for report in {rec.report_id: rec.report for rec in recommendations}.values():
            for name, ministries in asked:
                error = foreign_ministries_error(report, ministries, name)
                if error:
                    raise error

    def change_of(self, recommendation: Recommendation, supporting_ids) -> Change:
        """What this changes on ``recommendation``, whose supporting ministries' pks are
        ``supporting_ids``."""
        lead = self.lead_ministry
        if lead is not None and lead.pk == recommendation.lead_ministry_id:
            lead = None
        date = self.target_date
        if date is not None and date == recommendation.target_date:
            date = None
        lead_after = lead.pk if lead is not None else recommendation.lead_ministry_id
        added = [
            ministry
            for ministry in self.supporting_ministries
            if ministry.pk not in supporting_ids and ministry.pk != lead_after
        ]
        return Change(recommendation, lead_ministry=lead, target_date=date, supporting_added=added)


@dataclass
class Change:
    """What an Assignment changes on one recommendation: its new lead ministry and target date
    (None when they stay) and the supporting ministries it gains."""

    recommendation: Recommendation
    lead_ministry: Ministry | None = None
    target_date: datetime.date | None = None
    supporting_added: list[Ministry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lead_ministry or self.target_date or self.supporting_added)


def supporting_ids_of(recommendation_pks) -> dict[int, set[int]]:
    """The pks of the supporting ministries of each recommendation of ``recommendation_pks``,
    in one query."""
    through = Recommendation.supporting_ministries.through
    supporting = defaultdict(set)
    rows = through.objects.filter(recommendation_id__in=recommendation_pks)
    for recommendation_id, ministry_id in rows.values_list("recommendation_id", "ministry_id"):
        supporting[recommendation_id].add(ministry_id)
    return supporting


def assignment_preview(*, recommendations, assignment: Assignment) -> list[Change]:
    """What ``assignment`` would change on each of ``recommendations`` (a QuerySet), in their
    order, with their report and lead ministry, for the confirmation page: two queries. Raises
    the ValidationError the service would raise for a ministry of another country."""
    rows = list(recommendations.with_report("report__country", "lead_ministry"))
    assignment.refuse_foreign_ministries(rows)
    supporting = supporting_ids_of([row.pk for row in rows])
    return [assignment.change_of(row, supporting[row.pk]) for row in rows]
