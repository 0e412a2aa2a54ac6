"""The country, its tier and the report's year, however the chapter states them."""

import pytest

from recommendations.importing import parse_chapter
from recommendations.importing.apply import country_get_or_create
from recommendations.importing.countries import detect_year


@pytest.mark.parametrize(
    "line, country, tier",
    [
        ("SAINT LUCIA: Tier 2", "Saint Lucia", "Tier 2"),
        ("BARBADOS (Tier 2)", "Barbados", "Tier 2"),
        ("Saint Lucia (Tier 2 Watch List))", "Saint Lucia", "Tier 2 Watch List"),
        ("ST. KITTS AND NEVIS: TIER 2 WATCH LIST", "St. Kitts and Nevis", "Tier 2 Watch List"),
        ("CUBA: Tier 3", "Cuba", "Tier 3"),
        ("LIBYA: Special Case", "Libya", "Special Case"),
        ("**GUINEA-BISSAU – Tier 2**", "Guinea-Bissau", "Tier 2"),
        ("Guyana (Tier 1) - Extracted from the 2023 report", "Guyana", "Tier 1"),
    ],
)
def test_tier_line_styles(line, country, tier):
    text = (
        f"{line}\n\nThe Government of Someland does not fully meet the minimum standards for "
        "the elimination of trafficking.\n\nIncrease efforts to identify victims.\n"
    )
    chapter = parse_chapter(text, year=2020)
    assert (chapter.country, chapter.tier) == (country, tier)


@pytest.mark.parametrize(
    "sentence, tier",
    [
        ("therefore Saint Lucia remained on Tier 2.", "Tier 2"),
        ("therefore Saint Lucia was downgraded to Tier 2 Watch List.", "Tier 2 Watch List"),
        ("therefore Saint Lucia was upgraded to Tier 1.", "Tier 1"),
        (
            "therefore Saint Lucia was upgraded from Tier 3 to Tier 2 Watch List.",
            "Tier 2 Watch List",
        ),
        (
            "compared with the previous period, when it was on Tier 3; therefore Saint Lucia was "
            "upgraded to Tier 2.",
            "Tier 2",
        ),
        (
            "Without the waiver Saint Lucia would have been downgraded to Tier 3; therefore Saint "
            "Lucia remained on Tier 2 Watch List for the third consecutive year.",
            "Tier 2 Watch List",
        ),
        ("Saint Lucia is placed on Tier 2 Watch List.", "Tier 2 Watch List"),
        ("Saint Lucia remains a Special Case for the fifth consecutive year.", "Special Case"),
    ],
)
def test_tier_stated_only_in_the_introduction(sentence, tier):
    text = (
        "The Government of Saint Lucia does not fully meet the minimum standards for the "
        f"elimination of trafficking. {sentence}\n\nIncrease efforts to identify victims.\n"
        "Reduce court backlog.\n"
    )
    chapter = parse_chapter(text, year=2020)
    assert (chapter.country, chapter.tier) == ("Saint Lucia", tier)


def test_tier_1_and_tier_3_follow_from_the_standards_sentence_alone():
    tier_1 = parse_chapter(
        "The Government of Guyana fully meets the minimum standards for the elimination of "
        "trafficking.\n\nIncrease efforts to identify victims.\n",
        year=2020,
    )
    tier_3 = parse_chapter(
        "The Government of Eritrea does not fully meet the minimum standards for the elimination "
        "of trafficking and is not making significant efforts to do so.\n\nEnd forced labor "
        "in national service.\n",
        year=2020,
    )
    assert (tier_1.tier, tier_3.tier) == ("Tier 1", "Tier 3")


@pytest.mark.parametrize(
    "text, year",
    [
        ("2021 Trafficking in Persons Report: Saint Lucia", 2021),
        ("TRAFFICKING IN PERSONS REPORT JUNE 2018", 2018),
        ("https://www.state.gov/reports/2022-trafficking-in-persons-report/jamaica/", 2022),
        ("Extracted in part from the U.S. State Dept 2023 TIP Report", 2023),
        ("Nothing here names the report's year; the government acted in 2019.", None),
        ("2020 Trafficking in Persons Report and 2021 Trafficking in Persons Report", None),
    ],
)
def test_year_is_detected_only_when_the_text_states_it(text, year):
    assert detect_year(text) == year


def test_the_page_header_year_wins_over_a_related_link_in_the_footer():
    text = "2021 Trafficking in Persons Report: Barbados\nbody\n2020 Trafficking in Persons Report"
    assert detect_year(text, header_end=text.index("body")) == 2021


@pytest.mark.django_db
def test_country_names_match_whatever_the_spelling():
    country = country_get_or_create(name="Saint Lucia")
    for spelling in ["St. Lucia", "SAINT LUCIA", "saint-lucia", "St Lucia", " Saint  Lucia "]:
        assert country_get_or_create(name=spelling) == country
    assert country_get_or_create(name="Saint Kitts and Nevis") != country
