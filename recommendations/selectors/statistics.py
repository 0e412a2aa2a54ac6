"""The TIP statistics as the public sees them: each metric's approved figures for a country
across the reporting periods, its breakdowns with small counts masked so that no count of
fewer than TIPT_SMALL_COUNT_THRESHOLD + 1 people can be read or worked out from the figures
beside it (``masked_breakdown``, the one home of that rule), in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery

from ..models import (
    BREAKDOWNS,
    TOTAL,
    Country,
    Metric,
    ReportFigure,
    Review,
    StatisticValue,
    breakdown_cells,
    report_texts,
)

# How many periods a metric's chart and table show, latest last.
PERIODS_SHOWN = 6

SHOWN, SMALL, WITHHELD = "shown", "small", "withheld"


@dataclass(frozen=True)
class Cell:
    """One breakdown cell as published: its value when ``state`` is SHOWN; SMALL is "fewer
    than N", WITHHELD is hidden so that a small cell cannot be worked out from the others."""

    key: str
    label: str
    state: str
    value: Decimal | None = None


def masked_breakdown(cells: list[tuple[str, str, Decimal | None]], total, threshold: int):
    """``cells`` (key, label, value; None when not entered) of one dimension, as the public may
    read them beside ``total`` (None when no total is published).

    A value from 1 to ``threshold`` is SMALL ("fewer than N"). When a small cell could be
    worked out from the total and the cells shown (``_safe``), or when there is no total (the
    sum of another dimension would stand in for it), the whole dimension is WITHHELD: no cell
    is shown, so nothing can be subtracted. Cells not entered are left out."""
    entered = [(key, label, value) for key, label, value in cells if value is not None]
    small = {key for key, _label, value in entered if 0 < value <= threshold}
    if not small:
        return [Cell(key, label, SHOWN, value) for key, label, value in entered]
    if total is None or not _safe(entered, total, small, threshold):
        return [Cell(key, label, WITHHELD) for key, label, _value in entered]
    return [
        Cell(key, label, SMALL) if key in small else Cell(key, label, SHOWN, value)
        for key, label, value in entered
    ]


def _safe(entered, total, small, threshold) -> bool:
    """Can no small cell be pinned to one value? A reader knows the total, the cells shown and
    that a SMALL cell is from 1 to ``threshold`` (zeros are shown); a cell is pinned when those
    bounds and the sum leave it one value."""
    rest = total - sum(value for key, _label, value in entered if key not in small)
    # Every small cell has the same bounds: from 1 to the threshold, and what the others leave.
    others = len(small) - 1
    low = max(1, rest - threshold * others)
    high = min(threshold, rest - others)
    return low < high


@dataclass
class PeriodFigures:
    period: int
    total: StatisticValue | None
    dimensions: list[tuple[str, list[Cell]]] = field(default_factory=list)
    # What the report itself says of this period (the latest report that says it).
    report_figure: ReportFigure | None = None

    @property
    def differs(self) -> bool:
        """Do the task force's total and the report's figure disagree?"""
        return bool(self.total and self.report_figure) and (
            self.total.value != self.report_figure.value
        )


@dataclass
class MetricSeries:
    metric: Metric
    periods: list[PeriodFigures]

    @property
    def has_values(self) -> bool:
        return any(f.total is not None or f.report_figure is not None for f in self.periods)

    @property
    def last_approved(self):
        dates = [f.total.decided_at for f in self.periods if f.total and f.total.decided_at]
        return max(dates) if dates else None


def public_statistics(country: Country, *, latest_period: int) -> list[MetricSeries]:
    """Every metric with its approved figures for ``country`` in PERIODS_SHOWN periods,
    breakdowns masked (masked_breakdown), and beside each the figure the report gives; three
    queries. The periods end with the latest that has a figure, or ``latest_period`` (the one
    being gathered) when none has; a country's figures are a few hundred rows a year."""
    metrics = list(Metric.objects.order_by("position", "code"))
    values = _approved_values().filter(country=country)
    by_key = {(v.metric_id, v.period, v.cell): v for v in values}
    said = report_figures(country)
    known = {period for _m, period, _c in by_key} | {period for _m, period in said}
    last = max(known, default=latest_period)
    periods = range(last - PERIODS_SHOWN + 1, last + 1)
    return _series(metrics, by_key, said, periods)


def public_statistics_of_each(countries) -> Iterator[tuple[Country, list[MetricSeries]]]:
    """Each of ``countries`` (by primary key) with every metric's approved figures
    for every period from its first figure to its last, masked as the public page masks them
    (``public_statistics``, which shows the last PERIODS_SHOWN of them): the whole record, for
    the open data. Three queries whatever the number of countries, each read as a stream
    ordered by country, so that one country's figures are held at a time."""
    metrics = list(Metric.objects.order_by("position", "code"))
    countries = list(countries)
    # Only what the rows write (statistics_rows): a whole country's record is many rows. The
    # ministry's name in each language by its column (a bare "ministry__name" would leave both
    # deferred, read row by row).
    values = (
        _approved_values()
        .filter(country__in=countries)
        .only(
            "country",
            "period",
            "metric",
            "cell",
            "value",
            "currency",
            "ministry__name_en",
            "ministry__name_fr",
        )
        .order_by("country_id")
    )
    figures = (
        ReportFigure.objects.filter(report__country__in=countries)
        .select_related("report")
        .defer(*report_texts("report"))
        .order_by("report__country_id", "report__year")
    )
    values_of = _grouped(values.iterator(chunk_size=2000), lambda v: v.country_id)
    figures_of = _grouped(figures.iterator(chunk_size=2000), lambda f: f.report.country_id)
    for country in sorted(countries, key=lambda country: country.pk):
        by_key = {(v.metric_id, v.period, v.cell): v for v in values_of(country.pk)}
        said = {(row.metric_id, row.period): row for row in figures_of(country.pk)}
        known = {period for _m, period, _c in by_key} | {period for _m, period in said}
        periods = range(min(known), max(known) + 1) if known else range(0)
        yield country, _series(metrics, by_key, said, periods)


def _approved_values():
    return StatisticValue.objects.approved().select_related("ministry")


def _grouped(rows, key):
    """A function giving, for each key asked in ascending order, the rows of ``rows`` (sorted
    by ``key``) with that key: one pass over a stream, one group held at a time."""
    rows = iter(rows)
    pending = [next(rows, None)]

    def of(wanted):
        found = []
        while pending[0] is not None and key(pending[0]) <= wanted:
            if key(pending[0]) == wanted:
                found.append(pending[0])
            pending[0] = next(rows, None)
        return found

    return of


def _series(metrics, by_key, said, periods) -> list[MetricSeries]:
    """Each metric's figures in ``periods``: its approved total and masked breakdowns
    (``by_key``: (metric pk, period, cell) to value) and the report's figure (``said``)."""
    threshold = settings.TIPT_SMALL_COUNT_THRESHOLD
    series = []
    for metric in metrics:
        figures = []
        for period in periods:
            total = by_key.get((metric.pk, period, TOTAL))
            dimensions = []
            for dimension, label, options in BREAKDOWNS.get(metric.breakdown, []):
                cells = [
                    (
                        f"{dimension}:{value}",
                        value_label,
                        getattr(
                            by_key.get((metric.pk, period, f"{dimension}:{value}")), "value", None
                        ),
                    )
                    for value, value_label in options
                ]
                masked = masked_breakdown(cells, total.value if total else None, threshold)
                if masked:
                    dimensions.append((label, masked))
            figures.append(
                PeriodFigures(
                    period=period,
                    total=total,
                    dimensions=dimensions,
                    report_figure=said.get((metric.pk, period)),
                )
            )
        series.append(MetricSeries(metric=metric, periods=figures))
    return series


def report_figures(country: Country, periods=None) -> dict:
    """{(metric pk, period): the figure the latest of ``country``'s reports gives for it}, of
    ``periods`` (every period when None)."""
    rows = ReportFigure.objects.filter(report__country=country)
    if periods is not None:
        rows = rows.filter(period__in=list(periods))
    rows = rows.select_related("report").defer(*report_texts("report")).order_by("report__year")
    return {(row.metric_id, row.period): row for row in rows}


def cell_labels(metric: Metric) -> dict[str, str]:
    """Each cell key of ``metric`` with its words ("Sex: female"), for exports."""
    return {
        cell: f"{dimension}: {label}"
        for cell, dimension, label in breakdown_cells(metric.breakdown)
    }


def latest_totals(country: Country, *, limit: int = 4) -> list[StatisticValue]:
    """The latest approved total of each metric of ``country`` that has one, in the catalogue's
    order, at most ``limit``: the dashboard's "the numbers" panel, in one query that returns
    those rows only (a country has a total for each metric and period, years of them)."""
    totals = StatisticValue.objects.approved().filter(cell=TOTAL)
    latest_period = (
        totals.filter(country=OuterRef("country"), metric=OuterRef("metric"))
        .order_by("-period")
        .values("period")[:1]
    )
    rows = (
        totals.filter(country=country, period=Subquery(latest_period))
        .select_related("metric")
        .order_by("metric__position", "metric__code")
    )
    return list(rows[:limit])


def statistics_gaps(ministries, period: int) -> list[tuple[object, list[Metric]]]:
    """Each of ``ministries`` with the metrics assigned to it that have no total, approved or
    waiting, for ``period`` in its country: what it still has to enter (two queries)."""
    ministries = list(ministries)
    assigned = Metric.ministries.through.objects.filter(ministry__in=ministries).select_related(
        "metric"
    )
    entered = set(
        StatisticValue.objects.filter(
            country__in={ministry.country_id for ministry in ministries},
            period=period,
            cell=TOTAL,
            state__in=[Review.APPROVED, Review.PENDING],
        ).values_list("country_id", "metric_id")
    )
    by_ministry: dict[int, list[Metric]] = {}
    for row in sorted(assigned, key=lambda row: (row.metric.position, row.metric.code)):
        by_ministry.setdefault(row.ministry_id, []).append(row.metric)
    return [
        (ministry, missing)
        for ministry in ministries
        if (
            missing := [
                metric
                for metric in by_ministry.get(ministry.pk, [])
                if (ministry.country_id, metric.pk) not in entered
            ]
        )
    ]
