"""The report's calendar (recommendations/calendar.py): the plausible report years, one pair of
bounds used alike by the parser, the import plan and command, the import form, the dashboard's
cache and the database; and the reporting periods, named by the report they feed."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from recommendations.admin.report_forms import ReportImportForm
from recommendations.calendar import (
    FIRST_REPORT_YEAR,
    LAST_PLAUSIBLE_YEAR,
    current_period,
    is_report_year,
    period_bounds,
    period_named,
    period_of,
    period_of_report,
)
from recommendations.importing import ReportImportError, parse_chapter, report_import_plan
from recommendations.public.views import PLAUSIBLE_YEARS

from .conftest import SEED
from .factories import ReportFactory

OUTSIDE = [FIRST_REPORT_YEAR - 1, LAST_PLAUSIBLE_YEAR + 1]
INSIDE = [FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR]


def test_the_years_run_from_the_first_tip_report_to_2100():
    assert (FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR) == (2001, 2100)
    assert [is_report_year(year) for year in OUTSIDE + INSIDE] == [False, False, True, True]


# The text's patterns read years of the form 20xx, so 2100 is never found in a text; 2000, named
# as the report's year, is found and then refused by the bounds.
@pytest.mark.parametrize("year", [*OUTSIDE, FIRST_REPORT_YEAR])
def test_the_parser_takes_a_year_the_text_names_only_within_the_bounds(year):
    text = f"{year} Trafficking in Persons Report: Saint Lucia\n\n" + SEED.read_text("utf-8")
    chapter = parse_chapter(text)
    expected = year if is_report_year(year) else None
    assert (chapter.detected_year, chapter.year) == (expected, expected)


@pytest.mark.django_db
@pytest.mark.parametrize("year", OUTSIDE)
def test_the_plan_refuses_a_year_outside_with_the_bounds_in_its_message(year):
    chapter = parse_chapter(SEED.read_bytes())
    with pytest.raises(ReportImportError) as refused:
        report_import_plan(chapter=chapter, year=year)
    assert str(refused.value) == f"{year} is not a report year (2001 to 2100)."


@pytest.mark.django_db
@pytest.mark.parametrize("year", INSIDE)
def test_the_plan_takes_a_year_inside(year):
    plan = report_import_plan(chapter=parse_chapter(SEED.read_bytes()), year=year)
    assert plan.year == year


@pytest.mark.django_db
@pytest.mark.parametrize("year", OUTSIDE)
def test_the_command_refuses_a_year_outside(year):
    with pytest.raises(CommandError, match=r"not a report year \(2001 to 2100\)"):
        call_command("import_tip_report", str(SEED), "--year", str(year), stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("year", OUTSIDE + INSIDE)
def test_the_import_form_takes_the_same_years(year):
    form = ReportImportForm({"text": SEED.read_text("utf-8"), "year": str(year)})
    assert form.is_valid() is is_report_year(year)
    assert ("year" in form.errors) is not is_report_year(year)


@pytest.mark.parametrize("year", OUTSIDE + INSIDE)
def test_the_dashboard_keeps_pages_for_the_same_years(year):
    assert (str(year) in PLAUSIBLE_YEARS) is is_report_year(year)


@pytest.mark.django_db
@pytest.mark.parametrize("year", OUTSIDE + INSIDE)
def test_the_database_takes_the_same_years(year):
    try:
        with transaction.atomic():
            ReportFactory(year=year)
    except IntegrityError:
        stored = False
    else:
        stored = True
    assert stored is is_report_year(year)


# --- reporting periods ------------------------------------------------------------------------


def test_31_march_closes_a_period_and_1_april_opens_the_next():
    assert period_of(datetime.date(2021, 3, 31)) == 2021
    assert period_of(datetime.date(2021, 4, 1)) == 2022
    assert period_of(datetime.date(2020, 4, 1)) == 2021
    assert period_of(datetime.date(2021, 1, 1)) == 2021
    assert period_of(datetime.date(2020, 12, 31)) == 2021


def test_a_period_runs_from_1_april_of_the_year_before_to_31_march():
    assert period_bounds(2021) == (datetime.date(2020, 4, 1), datetime.date(2021, 3, 31))
    # Every day of the bounds, and no day outside them, falls into the period.
    start, end = period_bounds(2024)
    assert (period_of(start - datetime.timedelta(days=1)), period_of(start)) == (2023, 2024)
    assert (period_of(end), period_of(end + datetime.timedelta(days=1))) == (2024, 2025)


def test_the_task_force_gathers_for_the_period_ending_on_the_next_31_march():
    assert current_period(datetime.date(2025, 3, 31)) == 2025
    assert current_period(datetime.date(2025, 4, 1)) == 2026
    assert current_period(datetime.date(2025, 11, 15)) == 2026


def test_a_year_named_in_the_comparisons_is_the_period_of_the_next_report():
    # In the 2020 chapter, "compared with two in 2018" names period 2019.
    assert period_named(2018) == 2019
    assert period_bounds(period_named(2018)) == (
        datetime.date(2018, 4, 1),
        datetime.date(2019, 3, 31),
    )


def test_the_reporting_period_of_a_report_is_its_own_year_and_the_previous_one_before():
    assert period_of_report(2020) == 2020
    assert period_of_report(2020, earlier=1) == 2019


@pytest.mark.django_db
def test_notes_fall_into_periods_by_the_date_they_happened():
    from recommendations.models import EvidenceNote

    from .factories import EvidenceNoteFactory

    last_day = EvidenceNoteFactory(happened_on=datetime.date(2021, 3, 31))
    first_day = EvidenceNoteFactory(happened_on=datetime.date(2021, 4, 1))
    assert list(EvidenceNote.objects.in_period(2021)) == [last_day]
    assert list(EvidenceNote.objects.in_period(2022)) == [first_day]
