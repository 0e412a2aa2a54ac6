"""The chapter parser on the page layouts of the second round: semicolons inside a modern list,
a table of contents before the text, other separators, tier labels with footnotes, piped and
indented text, PDF copies, older layouts, a list cut off at a word and the year in the text."""

import pytest

from recommendations.importing import ReportTextError, parse_chapter

from ..conftest import CHAPTERS
from .chapters import parse_fixture, texts

# Each variant's chapter: its file, the year given with it (None: none), what is found in it
# (country, year, tier), its warnings, and its recommendations word for word; checked with the
# other layouts (test_chapter.py).
VARIANTS = [
    pytest.param(
        "grenada-2021-one-bullet-semicolons.txt",
        None,
        ("Grenada", 2021, "Tier 2"),
        [],
        [
            "Continue to increase efforts to identify vulnerable individuals, especially "
            "children, migrants, and foreign workers; screen them for trafficking indicators and "
            "refer identified victims to services.",
        ],
        id="a modern list of one bullet keeps its semicolons",
    ),
    pytest.param(
        "dominica-2023-one-line-contents.txt",
        None,
        ("Dominica", 2023, "Tier 2"),
        [],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            "complicit officials.",
            "Proactively screen vulnerable populations, including Haitian and Venezuelan "
            "migrants, for trafficking indicators and refer victims to services.",
            "Finalize and implement standard operating procedures for victim identification and "
            "referral.",
            "Allocate a dedicated budget for the national task force.",
        ],
        id="one long line: breadcrumb, contents list and the tier label twice",
    ),
    pytest.param(
        "suriname-2022-star-separators.txt",
        2022,
        ("Suriname", 2022, "Tier 2"),
        [],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            "complicit officials.",
            "Screen Venezuelan and Cuban migrants for trafficking indicators and refer victims to "
            "services.",
            "Amend the law to remove the option of a fine in lieu of imprisonment for trafficking "
            "crimes.",
            "Fund the national shelter for adult and child victims.",
        ],
        id="asterisks between spaces in one paragraph, no heading, no tier line",
    ),
    pytest.param(
        "trinidad-and-tobago-2021-mixed-bullets.txt",
        2021,
        ("Trinidad and Tobago", 2021, "Tier 2"),
        [],
        [
            "Vigorously investigate and prosecute traffickers, including complicit officials.",
            "Screen Venezuelan migrants for trafficking indicators before deportation.",
            "Implement the national action plan.",
            "Provide adequate funding for victim services.",
        ],
        id="one bullet a line, then two on the last line",
    ),
    pytest.param(
        "maldives-2020-dagger-footnote.txt",
        2020,
        ("Maldives", 2020, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            "employers and recruitment agents.",
            "Screen migrant workers for trafficking indicators and refer victims to protective "
            "services.",
            "Cease the practice of deporting victims without screening them.",
        ],
        id="a dagger after the tier, a footnote naming Tier 3 before the introduction",
    ),
    pytest.param(
        "bahamas-2019-tier-label-alone.txt",
        None,
        ("The Bahamas", 2019, "Tier 1"),
        [],
        [
            "Vigorously investigate, prosecute, and convict traffickers.",
            "Increase efforts to identify victims among Haitian and Venezuelan migrants.",
            "Provide training for judges on a victim-centered approach.",
        ],
        id="a tier label with no country on its line",
    ),
    pytest.param(
        "papua-new-guinea-2022-news-reprint.txt",
        None,
        ("Papua New Guinea", 2022, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate and prosecute trafficking crimes, including "
            "complicit officials.",
            "Screen vulnerable groups, including workers in logging and mining camps, for "
            "trafficking indicators.",
            "Train police on the national referral pathway.",
        ],
        id="a news reprint repeating the title and the tier line, the introduction naming Tier 3",
    ),
    pytest.param(
        "fiji-2020-tier-broken-across-lines.txt",
        2020,
        ("Fiji", 2020, "Tier 2"),
        [],
        [
            "Increase efforts to identify victims among migrant workers and refer them to "
            "services.",
            "Amend the law to criminalize all forms of child sex trafficking.",
            "Train police and prosecutors on trafficking indicators.",
        ],
        id="indented, the tier only in the introduction, broken across lines, other tiers named",
    ),
    pytest.param(
        "tonga-2021-piped-indented.txt",
        2021,
        ("Tonga", 2021, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate and prosecute trafficking crimes.",
            "Screen vulnerable populations, including foreign workers in the fishing sector, for "
            "trafficking indicators.",
            "Continue efforts to train police and immigration officers on the national referral "
            "procedures.",
            "Allocate funding for victim services.",
        ],
        id="table-cell pipes and indents, each first word ending the line before",
    ),
    pytest.param(
        "barbados-2023-pdf-copy.txt",
        None,
        ("Barbados", 2023, "Tier 2"),
        [],
        [
            "Proactively screen vulnerable groups for trafficking indicators and refer victims to "
            "long-term care.",
            "Vigorously investigate and prosecute trafficking crimes and seek adequate penalties "
            "for convicted traffickers.",
            "Amend the anti-trafficking law to remove sentencing provisions that allow fines in "
            "lieu of imprisonment.",
            "Increase cooperation with foreign governments on cross-border investigations.",
        ],
        id="PDF copy: the previous chapter's tail, the tier chart, the heading inline, hyphens",
    ),
    pytest.param(
        "antigua-and-barbuda-2012-profile-first-inline.txt",
        2012,
        ("Antigua and Barbuda", 2012, "Tier 2"),
        [],
        [
            "Vigorously prosecute and convict trafficking offenders.",
            "Formally adopt procedures for the identification of victims.",
            "Provide training for officials on the 2010 anti-trafficking law.",
        ],
        id="older layout: profile first, recommendations inline in the introduction",
    ),
    pytest.param(
        "marshall-islands-2015-abbreviation.txt",
        None,
        ("Marshall Islands", 2015, "Tier 2 Watch List"),
        [],
        [
            "Enact legislation prohibiting all forms of trafficking.",
            "Increase efforts to investigate and prosecute trafficking offenses.",
            "Develop procedures for the identification of victims.",
        ],
        id="older layout: the country abbreviated in the introduction",
    ),
    pytest.param(
        "dominican-republic-2020-cut-at-word.txt",
        2020,
        ("Dominican Republic", 2020, "Tier 2"),
        [
            "The text ends in the middle of a recommendation, which was left out: "
            '"Provide adequate funding for specialized shelters for victims of"'
        ],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            "complicit officials.",
            "Screen Haitian migrants and their descendants for trafficking indicators.",
        ],
        id="a list cut off at a word boundary warns of its last item",
    ),
    pytest.param(
        "sint-maarten-2024-title-year.txt",
        None,
        ("Sint Maarten", 2024, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate and prosecute trafficking crimes.",
            "Screen migrant workers in the hospitality sector for trafficking indicators.",
        ],
        id="the year from the edition's title",
    ),
    pytest.param(
        "belize-2019-breadcrumb.txt",
        None,
        ("Belize", 2019, "Tier 2 Watch List"),
        [],
        [
            "Vigorously investigate and prosecute traffickers, including complicit officials.",
            "Implement the victim protection provisions of the 2013 anti-trafficking law.",
        ],
        id="the year from the breadcrumb",
    ),
]


def test_a_pdf_copy_keeps_neither_the_previous_chapter_nor_the_tier_chart_in_its_narrative():
    chapter = parse_fixture("barbados-2023-pdf-copy.txt")
    assert (
        chapter.source_text == "PROSECUTION\n\nThe government maintained law enforcement efforts."
    )
    assert chapter.summary.startswith("The Government of Barbados does not fully meet")


def test_piped_text_leaves_no_stray_bar_in_the_narrative():
    chapter = parse_fixture("tonga-2021-piped-indented.txt", year=2021)
    assert (
        chapter.source_text == "PROSECUTION\n\nThe government maintained law enforcement efforts."
    )


def test_a_one_line_page_s_contents_list_is_not_the_heading():
    chapter = parse_fixture("dominica-2023-one-line-contents.txt")
    assert chapter.summary.startswith("The Government of Dominica does not fully meet")
    assert chapter.summary.endswith("did not meet the minimum standards in several key areas.")
    assert chapter.source_text.startswith(
        "PROSECUTION\n\nThe government maintained law enforcement efforts."
    )
    assert "PRIORITIZED" not in chapter.source_text


def chapter_of_one_sentence(heading, item, year):
    """A chapter whose list is one sentence of semicolon clauses, under ``heading``."""
    return parse_chapter(
        "GRENADA: Tier 2\n\nThe Government of Grenada does not fully meet the minimum standards "
        f"for the elimination of trafficking.\n\n{heading}\n\n{item}\n\nPROSECUTION\n\n"
        "The government maintained law enforcement efforts.\n",
        year=year,
    )


ONE_SENTENCE = (
    "Increase efforts to identify victims, especially children; screen them for trafficking "
    "indicators; and refer them to services."
)
CLAUSES = [
    "Increase efforts to identify victims, especially children.",
    "Screen them for trafficking indicators.",
    "Refer them to services.",
]


@pytest.mark.parametrize(
    ("heading", "item", "year", "recommendations"),
    [
        pytest.param("RECOMMENDATIONS FOR GRENADA:", ONE_SENTENCE, 2017, CLAUSES, id="before 2019"),
        pytest.param(
            "RECOMMENDATIONS FOR GRENADA:", ONE_SENTENCE, None, CLAUSES, id="older heading"
        ),
        pytest.param(
            "PRIORITIZED RECOMMENDATIONS:", ONE_SENTENCE, 2021, [ONE_SENTENCE], id="since 2019"
        ),
        pytest.param(
            "PRIORITIZED RECOMMENDATIONS:", ONE_SENTENCE, None, [ONE_SENTENCE], id="modern heading"
        ),
        pytest.param("", ONE_SENTENCE, 2021, [ONE_SENTENCE], id="no heading, since 2019"),
        pytest.param("", ONE_SENTENCE, None, CLAUSES, id="no heading, no year"),
        pytest.param(
            "RECOMMENDATIONS FOR GRENADA:",
            ONE_SENTENCE,
            2021,
            CLAUSES,
            id="the older heading imported as a later year",
        ),
        pytest.param(
            "RECOMMENDATIONS FOR GRENADA:",
            "• " + ONE_SENTENCE,
            2017,
            [ONE_SENTENCE],
            id="a bullet, whatever the year",
        ),
    ],
)
def test_semicolons_separate_recommendations_only_in_the_older_layout(
    heading, item, year, recommendations
):
    assert texts(chapter_of_one_sentence(heading, item, year)) == recommendations


def test_a_number_after_tier_at_the_end_of_a_line_is_no_numbered_item():
    chapter = parse_chapter(
        "The Government of Fiji does not fully meet the minimum standards for the elimination "
        "of trafficking; therefore Fiji remained on Tier\n2. These efforts included training.\n\n"
        "1. Increase efforts to identify victims.\n2. Train police.\n",
        year=2020,
    )
    assert chapter.tier == "Tier 2"
    assert texts(chapter) == ["Increase efforts to identify victims.", "Train police."]


def test_only_its_fragment_found_the_chapter_keeps_its_tier_and_warns():
    chapter = parse_chapter(
        "GRENADA: Tier 2\n\nThe Government of Grenada does not fully meet the minimum standards "
        "for the elimination of trafficking.\n\nPRIORITIZED RECOMMENDATIONS:\n\n"
        "• Increase efforts to identify victims among migrant",
        year=2021,
    )
    assert (chapter.country, chapter.tier, chapter.recommendations) == ("Grenada", "Tier 2", [])
    assert chapter.warnings == [
        "The text ends in the middle of a recommendation, which was left out: "
        '"Increase efforts to identify victims among migrant"'
    ]


def test_a_hyphen_before_and_or_or_is_a_shared_prefix_and_stays():
    chapter = parse_chapter(
        "GRENADA: Tier 2\n\nThe Government of Grenada does not fully meet the minimum standards "
        "for the elimination of trafficking.\n\nPRIORITIZED RECOMMENDATIONS:\n\n"
        "• Reduce pre- and post-trial delays in long- term cases.\n",
        year=2021,
    )
    assert texts(chapter) == ["Reduce pre- and post-trial delays in long-term cases."]


def test_a_tier_line_repeated_after_the_introduction_does_not_end_the_search_for_the_list():
    intro = (
        "The Government of Fiji does not fully meet the minimum standards for the elimination of "
        "trafficking; therefore Fiji remained on Tier 2."
    )
    chapter = parse_chapter(
        f"FIJI: Tier 2\n\n{intro}\n\nFiji: Tier 2\n\nIncrease efforts to identify victims.\n"
        "Train police.\n\nThe government maintained law enforcement efforts.\n",
        year=2020,
    )
    assert texts(chapter) == ["Increase efforts to identify victims.", "Train police."]
    # Another country's tier line is the next chapter: no list after it is this one's.
    with pytest.raises(ReportTextError, match="No prioritized"):
        parse_chapter(
            f"FIJI: Tier 2\n\n{intro}\n\nFRANCE: Tier 1\n\nIncrease efforts to identify victims."
            "\nTrain police.\n",
            year=2020,
        )


def test_a_tier_label_alone_after_a_byline_takes_the_country_from_the_introduction():
    chapter = parse_chapter(
        "US report ranks the islands' efforts\nBy Staff Reporter\nTier 2 Watch List\n\n"
        "The Government of Saint Vincent and the Grenadines does not fully meet the minimum "
        "standards for the elimination of trafficking.\n\nPRIORITIZED RECOMMENDATIONS:\n\n"
        "• Train police.\n\nPROSECUTION\n\nThe government maintained law enforcement efforts.\n",
        year=2023,
    )
    assert (chapter.country, chapter.tier) == (
        "Saint Vincent and the Grenadines",
        "Tier 2 Watch List",
    )


@pytest.mark.parametrize("tail", ["Provide", "Provide adequate funding for specialized shelters"])
def test_a_list_cut_off_before_a_byline_warns_of_its_last_item_however_short(tail):
    text = (CHAPTERS / "dominican-republic-2020-cut-at-word.txt").read_text(encoding="utf-8")
    chapter = parse_chapter(
        text.replace("Provide adequate funding for specialized shelters for victims of", tail),
        year=2020,
    )
    assert len(chapter.recommendations) == 2
    assert chapter.warnings == [
        f'The text ends in the middle of a recommendation, which was left out: "{tail}"'
    ]
