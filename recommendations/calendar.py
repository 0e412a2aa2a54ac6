"""The TIP Report's calendar: the plausible report years, and the reporting periods.

The first TIP Report was published in 2001, and a year past 2100 is a slip of the keyboard.
Every place that takes a report year uses these bounds: the parser (a year the text names
outside them is not taken), the import plan and command, the import form, the years the
dashboard's cached pages are kept for, and the Report table's check constraint. Plain Python,
no database.

A reporting period is named by the report it feeds: period N runs from 1 April N-1 to 31 March
N, and the report of year N judges what the government did in it. This module is the one home
of that rule and of the way a report's text names periods:

* a date falls into :func:`period_of` it (31 March 2021 is in period 2021, 1 April 2021 in
  period 2022), so an evidence note belongs to the period of the day it happened;
* the task force is always gathering for :func:`current_period`, the period that ends on the
  next 31 March;
* in a report of year R, "during the reporting period" is period R, and a year named in the
  report's comparisons ("compared with two in 2018") is the period feeding the report of the
  year after (:func:`period_named`: "in 2018" is period 2019).

And the submission's calendar: the State Department's request for a period's information
closes on a deadline the secretariat records (usually late January or early February, before
the period ends); a country on the Tier 2 Watch List gets an interim assessment on 1 February
after the report (:func:`interim_assessment`); after WATCH_LIST_YEARS_ALLOWED consecutive
years there (:func:`consecutive_years`), the law (the TVPA) moves it to Tier 3 in the next
report unless the Secretary of State waives it. Editors are reminded REMINDER_DAYS before the
deadline.
"""

from __future__ import annotations

import datetime

FIRST_REPORT_YEAR = 2001
LAST_PLAUSIBLE_YEAR = 2100

# The day a reporting period ends (and the report named after it is gathered for).
PERIOD_END_MONTH = 3
PERIOD_END_DAY = 31


def is_report_year(year: int) -> bool:
    """Whether ``year`` can be the year of a TIP Report."""
    return FIRST_REPORT_YEAR <= year <= LAST_PLAUSIBLE_YEAR


def period_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last days of period ``year``: 1 April of the year before, and 31 March."""
    end = datetime.date(year, PERIOD_END_MONTH, PERIOD_END_DAY)
    start = datetime.date(year - 1, PERIOD_END_MONTH, PERIOD_END_DAY) + datetime.timedelta(days=1)
    return start, end


def period_of(day: datetime.date) -> int:
    """The period ``day`` falls into: the one that ends on the first 31 March from that day."""
    if (day.month, day.day) <= (PERIOD_END_MONTH, PERIOD_END_DAY):
        return day.year
    return day.year + 1


def current_period(today: datetime.date) -> int:
    """The period the task force is gathering for on ``today``: the one ending on the next
    31 March (31 March itself still closes the period it ends)."""
    return period_of(today)


def period_named(year_in_text: int) -> int:
    """The period a report's text means by "in YEAR": the one feeding the report of YEAR + 1
    (in the 2020 chapter, "two in 2018" is period 2019)."""
    return year_in_text + 1


def period_of_report(report_year: int, *, earlier: int = 0) -> int:
    """The period a report of ``report_year`` means by "the reporting period" (``earlier=0``)
    and by "the previous reporting period" or "last year" (``earlier=1``)."""
    return report_year - earlier


# The day the State Department gives its interim assessment of a Tier 2 Watch List country,
# in the year after the report that put it there.
INTERIM_MONTH, INTERIM_DAY = 2, 1
# Consecutive years on the Tier 2 Watch List after which the law moves a country to Tier 3
# (unless waived).
WATCH_LIST_YEARS_ALLOWED = 2
# How many days before the submission deadline editors are reminded of what lacks evidence.
REMINDER_DAYS = (30, 14, 3)


def interim_assessment(report_year: int) -> datetime.date:
    """The interim assessment of a country the ``report_year`` report put on the Tier 2 Watch
    List: 1 February of the year after."""
    return datetime.date(report_year + 1, INTERIM_MONTH, INTERIM_DAY)


def consecutive_years(tiers: dict[int, str], tier: str) -> int:
    """How many reports in a row, up to the latest of ``tiers`` (year -> tier), gave ``tier``;
    a year with no report ends the run."""
    if not tiers:
        return 0
    year, count = max(tiers), 0
    while tiers.get(year) == tier:
        count += 1
        year -= 1
    return count


def days_until(day: datetime.date, today: datetime.date) -> int:
    """Days from ``today`` to ``day``: 0 on the day, negative once it has passed."""
    return (day - today).days
