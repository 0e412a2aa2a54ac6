"""The TIP Report's calendar: the plausible report years, and the reporting periods.

The first TIP Report was published in 2001, and a year past 2100 is a slip of the keyboard.
Every place that takes a report year uses these bounds: the parser (a year the text names
outside them is not taken), the import plan and command, the import form, the years the
dashboard's cached pages are kept for, and the Report table's check constraint. Plain Python,
no database.
"""

import datetime

FIRST_REPORT_YEAR = 2001
LAST_PLAUSIBLE_YEAR = 2100


def is_report_year(year: int) -> bool:
    """Whether ``year`` can be the year of a TIP Report."""
    return FIRST_REPORT_YEAR <= year <= LAST_PLAUSIBLE_YEAR


def period_of(day) -> int:
    """The reporting period ``day`` falls into, named by the report it feeds: period N runs
    from 1 April N-1 to 31 March N (31 March 2021 is in period 2021, 1 April 2021 in 2022)."""
    return day.year + (1 if (day.month, day.day) > (3, 31) else 0)


def period_bounds(period: int):
    """The first and last day of reporting period ``period``: 1 April of the year before, 31
    March of its own."""
    return datetime.date(period - 1, 4, 1), datetime.date(period, 3, 31)
