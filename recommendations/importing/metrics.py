"""The TIP statistics' metric codes: the one home of the codes and their units.

The report judges a government on a fixed set of numbers. Each has a code (what the importer's
figures and the database's catalogue of metrics are keyed by), a unit (a count, or an amount
of money in a currency, with its value in US dollars where the report gives it) and the 3P area
it serves. The importer reads the report's figures with these codes (figures.py), and the
catalogue of metrics is seeded from this same constant; plain Python, no database, so that both
can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNT = "count"
MONEY = "money"
UNITS = (COUNT, MONEY)


@dataclass(frozen=True)
class MetricCode:
    code: str
    unit: str
    area: str  # one of the Area values: prosecution, protection, prevention


METRICS: tuple[MetricCode, ...] = (
    MetricCode("investigations", COUNT, "prosecution"),
    MetricCode("prosecutions", COUNT, "prosecution"),
    MetricCode("convictions", COUNT, "prosecution"),
    MetricCode("complicity_investigations", COUNT, "prosecution"),
    MetricCode("victims_identified", COUNT, "protection"),
    MetricCode("victims_referred", COUNT, "protection"),
    MetricCode("officials_trained", COUNT, "prevention"),
    MetricCode("labour_inspections", COUNT, "prevention"),
    MetricCode("hotline_reports", COUNT, "prevention"),
    MetricCode("budget_anti_trafficking", MONEY, "prevention"),
    MetricCode("budget_victim_protection", MONEY, "protection"),
)

METRIC_BY_CODE: dict[str, MetricCode] = {metric.code: metric for metric in METRICS}
METRIC_CODES = frozenset(METRIC_BY_CODE)


def unit_of(code: str) -> str:
    """The unit of the metric ``code`` (KeyError for a code that is not one)."""
    return METRIC_BY_CODE[code].unit
