"""The report's own figures, read from the narrative (recommendations/importing/figures.py):
each phrasing the report uses, the seed chapter through the command's dry run, a warning rather
than a guess for what cannot be placed, and every chapter of the fixtures read without fault."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from recommendations.importing import METRICS, extract_figures, parse_chapter
from recommendations.importing.metrics import METRIC_CODES, MONEY, unit_of
from recommendations.models import Metric

from ..conftest import CHAPTERS, SEED

FIGURES = Path(__file__).resolve().parent.parent / "fixtures" / "figures"
ROOT = Path(__file__).resolve().parents[2]


def read(text, year=2020):
    result = extract_figures(text, year=year)
    return [(f.metric, f.period, f.value) for f in result.figures], result.warnings


def figures_of(text, year=2020):
    found, warnings = read(text, year)
    assert warnings == []
    return found


# --- the metric codes ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_importer_s_metric_codes_are_the_seeded_catalogue_s_with_the_same_units():
    seeded = dict(Metric.objects.values_list("code", "unit"))
    assert {m.code: m.unit for m in METRICS} == {code: seeded[code] for code in METRIC_CODES}
    assert len(METRICS) == 11
    money = {m.code for m in METRICS if m.unit == MONEY}
    assert money == {"budget_anti_trafficking", "budget_victim_protection"}


# --- each phrasing ------------------------------------------------------------------------


SEED_INVESTIGATIONS = (
    "The government conducted three investigations during the reporting period, compared with "
    "two in 2018, none in 2017, and three in 2016."
)
SEED_VICTIMS = (
    "The government identified one minor trafficking victim and is working with another "
    "government to locate and repatriate them, compared with no victims identified between "
    "2016 and 2018 and 10 victims identified in 2015."
)
SEED_BUDGET = (
    "The government provided 81,000 EC dollars ($30,000) in funding to the anti-trafficking "
    "task force for print media, part of the consultant's salary, and victim welfare, an "
    "increase compared with 80,000 EC dollars ($29,630) provided to the anti-trafficking task "
    "force last year."
)


def test_numbers_in_words_and_each_year_compared_with_is_the_period_after_it():
    assert figures_of(SEED_INVESTIGATIONS) == [
        ("investigations", 2020, 3),
        ("investigations", 2019, 2),
        ("investigations", 2018, 0),
        ("investigations", 2017, 3),
    ]


def test_no_victims_between_two_years_is_a_zero_for_each_period_of_the_range():
    assert figures_of(SEED_VICTIMS) == [
        ("victims_identified", 2020, 1),
        ("victims_identified", 2017, 0),
        ("victims_identified", 2018, 0),
        ("victims_identified", 2019, 0),
        ("victims_identified", 2016, 10),
    ]


def test_money_keeps_its_currency_and_the_us_dollars_and_last_year_is_the_previous_period():
    result = extract_figures(SEED_BUDGET, year=2020)
    assert [f.as_json() for f in result.figures] == [
        {
            "metric": "budget_anti_trafficking",
            "period": 2020,
            "value": 81000,
            "unit": "money",
            "text": SEED_BUDGET,
            "currency": "XCD",
            "usd": 30000,
        },
        {
            "metric": "budget_anti_trafficking",
            "period": 2019,
            "value": 80000,
            "unit": "money",
            "text": SEED_BUDGET,
            "currency": "XCD",
            "usd": 29630,
        },
    ]


def test_no_funds_in_two_years_and_one_million_before_them_for_victim_protection():
    text = (
        "The government did not allocate any funds for victim protection in 2018 and 2017, "
        "compared with one million EC dollars ($370,370) in 2016 for victim care."
    )
    result = extract_figures(text, year=2020)
    assert [(f.metric, f.period, f.value, f.currency, f.usd) for f in result.figures] == [
        ("budget_victim_protection", 2019, 0, "XCD", None),
        ("budget_victim_protection", 2018, 0, "XCD", None),
        ("budget_victim_protection", 2017, 1_000_000, "XCD", 370370),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The government identified 41 victims, compared with 16 the previous year.",
            [("victims_identified", 2020, 41), ("victims_identified", 2019, 16)],
        ),
        (
            "The government identified 212 victims, compared with 132 in the previous "
            "reporting period.",
            [("victims_identified", 2020, 212), ("victims_identified", 2019, 132)],
        ),
        (
            "The government reported zero convictions during the reporting period.",
            [("convictions", 2020, 0)],
        ),
        (
            "The government did not identify any victims.",
            [("victims_identified", 2020, 0)],
        ),
        (
            "The government did not initiate any prosecutions and has never convicted a "
            "trafficker.",
            [("prosecutions", 2020, 0)],
        ),
        (
            "The government initiated 12 investigations and three prosecutions.",
            [("investigations", 2020, 12), ("prosecutions", 2020, 3)],
        ),
        (
            "The government reported 38 investigations and convicted six traffickers.",
            [("investigations", 2020, 38), ("convictions", 2020, 6)],
        ),
        (
            "The government investigated two cases, compared with four in the previous "
            "reporting period.",
            [("investigations", 2020, 2), ("investigations", 2019, 4)],
        ),
        (
            "The government initiated one investigation, compared with three in 2016.",
            [("investigations", 2020, 1), ("investigations", 2017, 3)],
        ),
        (
            "The government referred 25 victims to services during the reporting period.",
            [("victims_referred", 2020, 25)],
        ),
        (
            "The government and INTERPOL trained 12 officers in trauma-specific interview "
            "techniques during the reporting period.",
            [("officials_trained", 2020, 12)],
        ),
        (
            "The government investigated two officials for complicity in trafficking, "
            "compared with none in 2018.",
            [("complicity_investigations", 2020, 2), ("complicity_investigations", 2019, 0)],
        ),
        (
            "The labor ministry conducted 1,200 labor inspections during the reporting period.",
            [("labour_inspections", 2020, 1200)],
        ),
        (
            "The hotline received 45 calls, compared with 30 the previous year.",
            [("hotline_reports", 2020, 45), ("hotline_reports", 2019, 30)],
        ),
        (
            "In 2018, the government convicted two traffickers.",
            [("convictions", 2019, 2)],
        ),
    ],
)
def test_each_phrasing_gives_its_metric_period_and_value(text, expected):
    found, _warnings = read(text)
    assert found == expected


def test_a_month_places_the_figure_by_the_date_31_march_closing_a_period():
    # In the 2020 report: March 2019 is in period 2019, April 2019 in period 2020.
    assert figures_of("The government identified five victims in March 2019.") == [
        ("victims_identified", 2019, 5)
    ]
    assert figures_of("The government identified five victims in April 2019.") == [
        ("victims_identified", 2020, 5)
    ]


def test_dollars_alone_are_us_dollars():
    result = extract_figures("The government allocated $50,000 for victim services.", year=2020)
    (figure,) = result.figures
    assert (figure.metric, figure.value, figure.currency, figure.usd) == (
        "budget_victim_protection",
        50000,
        "USD",
        50000,
    )


def test_fines_and_penalties_are_no_budget():
    text = (
        "The law prescribed penalties of up to five years' imprisonment or fines up to 100,000 "
        "Eastern Caribbean (EC) dollars ($37,040) for offenses involving an adult victim."
    )
    assert read(text) == ([], [])


def test_the_sections_are_read_and_the_trafficking_profile_is_not():
    result = extract_figures((FIGURES / "sections-2022.txt").read_text("utf-8"), year=2022)
    assert [(f.metric, f.period, f.value, f.currency) for f in result.figures] == [
        ("investigations", 2022, 12, None),
        ("prosecutions", 2022, 3, None),
        ("convictions", 2022, 2, None),
        ("convictions", 2021, 0, None),
        ("complicity_investigations", 2022, 1, None),
        ("victims_identified", 2022, 41, None),
        ("victims_referred", 2022, 30, None),
        ("budget_victim_protection", 2022, 250000, "BBD"),
        ("labour_inspections", 2022, 1200, None),
        ("hotline_reports", 2022, 45, None),
        ("hotline_reports", 2021, 30, None),
    ]
    assert result.warnings == []


# --- a warning, never a guess -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The government investigated several cases.", "its number is not exact"),
        ("The government identified more than 30 victims.", "its number is not exact"),
        ("The government has identified 12 victims since 2015.", "period is unclear"),
        ("The government identified 10 victims in fiscal year 2019.", "period is unclear"),
        (
            "The government identified 10 victims between 2016 and 2018.",
            "a total over several reporting periods",
        ),
        (
            "The government prosecuted twenty-one defendants in 2017 and 2018.",
            "a total over several reporting periods",
        ),
        ("The government assisted 14 victims.", "what it counts is unclear"),
        ("The government reported 15 cases of trafficking.", "what it counts is unclear"),
        (
            "The government prosecuted two officials for complicity in trafficking.",
            "what it counts is unclear",
        ),
    ],
)
def test_an_ambiguous_sentence_gives_a_warning_naming_it_and_no_figure(text, why):
    found, warnings = read(text)
    assert found == []
    assert len(warnings) == 1
    assert why in warnings[0] and text in warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The government conducted four investigations, compared with three.",
            [("investigations", 2020, 4)],
        ),
        (
            "The government initiated 12 investigations and three prosecutions, compared with "
            "five in 2018.",
            [("investigations", 2020, 12), ("prosecutions", 2020, 3)],
        ),
    ],
)
def test_a_comparison_without_its_period_or_its_metric_is_left_out_with_a_warning(text, expected):
    found, warnings = read(text)
    assert found == expected
    assert len(warnings) == 1 and text in warnings[0]


def test_two_values_for_one_metric_and_period_are_both_left_out():
    text = (
        "The government conducted three investigations.\n\n"
        "The government conducted five investigations during the reporting period."
    )
    found, warnings = read(text)
    assert found == []
    assert warnings == [
        "Figures of the report were left out: it gives several values for investigations in "
        "the 2020 reporting period (3, 5)."
    ]


def test_the_same_value_stated_twice_is_one_figure():
    text = "The government identified 41 victims.\n\nThe government identified 41 victims."
    assert figures_of(text) == [("victims_identified", 2020, 41)]


@pytest.mark.parametrize(
    "text",
    [
        # Not reported is not zero.
        "The government did not report any investigations, prosecutions, or convictions of "
        "government employees complicit in trafficking offenses.",
        "The government and an international organization led several trainings during the "
        "reporting year.",
        "The government conducted two workshops on victim identification and referrals.",
        "The 2010 Counter-Trafficking Act criminalized sex trafficking.",
    ],
)
def test_numbers_of_other_things_give_neither_figure_nor_warning(text):
    assert read(text) == ([], [])


def test_the_warnings_are_in_french_for_a_french_reader():
    with translation.override("fr"):
        result = extract_figures("The government investigated several cases.", year=2020)
    assert result.warnings == [
        "Un chiffre du rapport a été écarté, son nombre n’est pas exact : "
        "« The government investigated several cases. »"
    ]


# --- the seed chapter through the command --------------------------------------------------


@pytest.mark.django_db
def test_the_seed_chapter_s_dry_run_json_lists_the_report_s_figures():
    out = StringIO()
    call_command(
        "import_tip_report", str(SEED), "--year", "2020", "--dry-run", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    found = {(f["metric"], f["period"]): f for f in data["figures"]}
    for metric, period, value in [
        ("investigations", 2020, 3),
        ("investigations", 2019, 2),
        ("investigations", 2018, 0),
        ("investigations", 2017, 3),
        ("victims_identified", 2020, 1),
        ("victims_identified", 2016, 10),
        ("budget_anti_trafficking", 2020, 81000),
        ("budget_anti_trafficking", 2019, 80000),
    ]:
        assert found[metric, period]["value"] == value, (metric, period)
    assert found["budget_anti_trafficking", 2020]["currency"] == "XCD"
    assert found["budget_anti_trafficking", 2020]["usd"] == 30000
    assert found["budget_anti_trafficking", 2019]["currency"] == "XCD"
    assert "three investigations" in found["investigations", 2018]["text"]
    assert set(found["investigations", 2020]) == {"metric", "period", "value", "unit", "text"}
    assert data["warnings"] == []


@pytest.mark.django_db
def test_figure_warnings_join_the_dry_run_warnings(tmp_path):
    chapter = SEED.read_text("utf-8").replace(
        "The government conducted three investigations during the reporting period",
        "The government conducted several investigations during the reporting period",
    )
    path = tmp_path / "saint-lucia-2020.txt"
    path.write_text(chapter, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_tip_report", str(path), "--year", "2020", "--dry-run", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert len(data["warnings"]) == 1 and "several investigations" in data["warnings"][0]
    assert ("investigations", 2020) not in {(f["metric"], f["period"]) for f in data["figures"]}


# --- every chapter ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEED, *sorted(CHAPTERS.glob("*.txt"))], ids=lambda p: p.name)
def test_every_chapter_is_read_without_fault_and_only_into_known_metrics(path):
    chapter = parse_chapter(path.read_bytes())
    result = extract_figures(chapter.source_text, year=chapter.year or 2020)
    for figure in result.figures:
        assert figure.metric in METRIC_CODES
        assert figure.unit == unit_of(figure.metric)
        assert figure.text in chapter.source_text.replace("\n", " ")
    assert all(isinstance(warning, str) for warning in result.warnings)


def test_reading_figures_loads_no_model_and_no_orm():
    code = f"""
import sys
from django.conf import settings
settings.configure(USE_I18N=False)
from recommendations.importing import extract_figures, parse_chapter
chapter = parse_chapter(open({str(SEED)!r}, "rb").read())
assert extract_figures(chapter.source_text, year=2020).figures
loaded = [m for m in sys.modules if m.startswith("django.db") or m == "recommendations.models"]
assert not loaded, loaded
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
