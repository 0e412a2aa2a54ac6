"""The TIP Report's calendar: the plausible report years.

The first TIP Report was published in 2001, and a year past 2100 is a slip of the keyboard.
Every place that takes a report year uses these bounds: the parser (a year the text names
outside them is not taken), the import plan and command, the import form, the years the
dashboard's cached pages are kept for, and the Report table's check constraint. Plain Python,
no database.
"""

FIRST_REPORT_YEAR = 2001
LAST_PLAUSIBLE_YEAR = 2100


def is_report_year(year: int) -> bool:
    """Whether ``year`` can be the year of a TIP Report."""
    return FIRST_REPORT_YEAR <= year <= LAST_PLAUSIBLE_YEAR
