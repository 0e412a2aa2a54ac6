"""The chapter parser on every layout a chapter arrives in (tests/fixtures/chapters/)."""

import pytest

from recommendations.importing import ReportTextError, derive_title, parse_chapter

from ..conftest import CHAPTERS, SEED, SEED_RECOMMENDATIONS
from .chapters import parse_fixture, texts
from .test_chapter_variants import VARIANTS


def test_seed_chapter_run_together_without_heading():
    chapter = parse_chapter(SEED.read_bytes())
    assert texts(chapter) == SEED_RECOMMENDATIONS
    assert [r.position for r in chapter.recommendations] == list(range(1, 10))
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Saint Lucia", "Tier 2", [])
    # The page names no report year, so none is guessed.
    assert chapter.year is None


def test_sections_are_kept_as_source_text_and_page_chrome_is_dropped():
    chapter = parse_fixture("saint-lucia-2021-web-bullets.txt")
    source = chapter.source_text
    for kept in (
        "PROSECUTION",
        "The government maintained law enforcement efforts.",
        "TRAFFICKING PROFILE",
        "Local children are exploited in sex trafficking.",
    ):
        assert kept in source
    for dropped in (
        "official website",
        "Privacy Policy",
        "Lessons of 1989",
        "Related Articles",
        "Increase efforts",
        "2021 Trafficking in Persons Report: Barbados",
    ):
        assert dropped not in source
    assert not any(r.text.startswith("The government") for r in chapter.recommendations)


# Each layout's chapter: its file, the year given with it (None: none), what is found in it
# (country, year, tier), its warnings, and its recommendations word for word.
LAYOUTS = [
    pytest.param(
        "saint-lucia-2021-web-bullets.txt",
        None,
        ("Saint Lucia", 2021, "Tier 2"),
        [],
        [
            "Increase efforts to identify vulnerable individuals, especially children and migrant "
            "workers, and screen them for trafficking indicators.",
            "Investigate, prosecute, convict, and punish perpetrators of sex trafficking and "
            "labor trafficking.",
            "Enact and enforce penalties for trafficking that exclude the option of a fine.",
            "Formally approve and implement SOPs for victim identification and referral.",
            "Reduce court backlog and pretrial detention delays affecting trafficking cases, "
            "including by increasing resources for the judiciary.",
            "Develop and implement a NAP for 2021 and onwards.",
            "Continue to train law enforcement officials to gather evidence of trafficking cases "
            "appropriate for prosecution and proactively identify sex and labor trafficking "
            "victims among vulnerable populations, and refer them to appropriate services.",
            "Establish a dedicated fund for trafficking victim services.",
            "Develop and implement labor recruitment policies, hire and train more inspectors for "
            "labor trafficking inspections.",
        ],
        id="web page, colon tier heading, bullet lines",
    ),
    pytest.param(
        "barbados-2023-inline-bullets.txt",
        2023,
        ("Barbados", 2023, "Tier 2"),
        [],
        [
            "Proactively screen vulnerable groups, including children; migrants, including "
            "non-Barbadians who engage in commercial sex; and Cuban medical workers, for "
            "trafficking indicators and identify victims among these populations.",
            "Vigorously investigate and prosecute trafficking crimes under the Trafficking in "
            "Persons Prevention Act, No. 16 of 2016, and seek adequate penalties for convicted "
            "traffickers, which should involve significant prison terms.",
            "Amend the anti-trafficking law to remove sentencing provisions that allow fines in "
            "lieu of imprisonment for sex trafficking crimes.",
            "Finalize the NAP and seek its formal adoption, i.e. Cabinet approval, and allocate a "
            "dedicated budget for its implementation.",
            "Train front-line officials, e.g. Immigration Department officers, police, and labor "
            "inspectors, on the SOPs for victim identification and referral.",
            "Increase cooperation with foreign governments, including the U.S. Department of "
            "Labor, on trafficking investigations involving Barbadian workers abroad.",
            "Strengthen partnerships with NGOs to provide shelter and services to male and child "
            "victims.",
        ],
        id="parenthesised tier, inline heading and bullets, abbreviations",
    ),
    pytest.param(
        "saint-lucia-2022-star-bullets.txt",
        None,
        ("Saint Lucia", None, "Tier 2 Watch List"),
        [],
        [
            "Continue to increase efforts to identify vulnerable individuals, especially "
            "children, migrants, and Cuban medical professionals; screen them for trafficking "
            "indicators and refer identified victims to services.",
            "Vigorously investigate, prosecute, convict, and punish perpetrators of sex "
            "trafficking and labor trafficking, including complicit officials.",
            "Amend the Counter-Trafficking Act to prescribe penalties for sex trafficking that "
            "are commensurate with penalties prescribed for other serious crimes, such as rape.",
            "Develop, adopt, and fund a new national action plan for 2023 and onwards.",
            "Finalize and implement standard operating procedures for victim identification and "
            "referral and train officials on their use.",
            "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
            "Provide legal alternatives to the removal of foreign victims to countries where they "
            "would face hardship or retribution.",
            "Develop and implement labor recruitment policies and hire more labor inspectors.",
        ],
        id="tier line with stray punctuation, star bullets",
    ),
    # The tier is read from "...therefore Belize was upgraded to Tier 2 Watch List."
    pytest.param(
        "belize-no-tier-line-no-heading.txt",
        2022,
        ("Belize", 2022, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            "complicit officials, and impose adequate sentences, which should involve significant "
            "prison terms.",
            "Proactively identify victims among vulnerable populations, including migrants and "
            "children in commercial sex, and refer them to care.",
            "Implement the anti-trafficking law's victim protection provisions, including access "
            "to compensation and immigration relief.",
            "Train police, prosecutors, and judges on a victim-centered approach to trafficking "
            "cases.",
            "Allocate sufficient resources to the Anti-Trafficking in Persons Council and "
            "implement the national action plan.",
        ],
        id="no tier line, no heading, one a paragraph, efforts bullets left out",
    ),
    # The year comes from the PDF's running page header.
    pytest.param(
        "barbados-2018-pdf-semicolons.txt",
        None,
        ("Barbados", 2018, "Tier 2"),
        [],
        [
            "Proactively screen for trafficking indicators and identify victims in vulnerable "
            "populations and areas, such as among migrants.",
            "While respecting due process, investigate, prosecute, and convict traffickers, and "
            "apply stringent sentences that deter future trafficking crimes.",
            "Enact a national action plan to combat trafficking.",
            "Provide adequate funding to implement the national action plan and support "
            "government agencies' anti-trafficking activities.",
            "Complete the anti-trafficking manual for interviewing and assisting victims.",
            "Amend the anti-trafficking law to remove sentencing provisions that allow fines in "
            "lieu of imprisonment.",
            "Establish formal procedures for victim identification, including for victims of "
            "labor trafficking.",
            "Make efforts to reduce the demand for commercial sex acts and forced labor.",
        ],
        id="older PDF layout, hard-wrapped, one sentence of semicolon clauses",
    ),
    pytest.param(
        "st-lucia-2013-archive.txt",
        None,
        ("St. Lucia", 2013, "Tier 2 Watch List"),
        [],
        [
            "Provide standard operating procedures to guide police, immigration, labor, child "
            "protection, and social welfare officials in the proactive identification of "
            "trafficking victims and their referral to appropriate services.",
            "Provide police and other law enforcement officials with standard operating "
            "procedures on a victim-centered approach in the investigation of suspected "
            "trafficking cases.",
            "Vigorously prosecute, convict, and punish perpetrators of forced labor and sex "
            "trafficking, including officials complicit in human trafficking.",
            "Work with IOM to provide safe repatriation procedures for foreign victims who would "
            "like to return home.",
            "Accede to the 2000 UN TIP Protocol.",
        ],
        id="older archive layout, tier under the name, inline recommendations for",
    ),
    pytest.param(
        "guyana-2023-hard-wrapped.txt",
        None,
        ("Guyana", 2023, "Tier 1"),
        [],
        [
            "Increase efforts to screen for and identify victims among vulnerable populations, "
            "including Venezuelan migrants and Cuban workers, and refer them to services.",
            "Vigorously investigate, prosecute, and convict traffickers, including complicit "
            "officials, and seek adequate sentences, including significant prison terms.",
            "Expand victim services outside the capital, including shelter for adult male and "
            "child victims, e.g. in the interior mining regions.",
            "Increase the number of labor inspectors in the interior and train them on "
            "trafficking indicators.",
        ],
        id="third-party copy hard-wrapped mid-sentence, Tier 1",
    ),
    pytest.param(
        "antigua-and-barbuda-cp1252-crlf-one-per-line.txt",
        2021,
        ("Antigua and Barbuda", 2021, "Tier 2 Watch List"),
        [],
        [
            "Increase efforts to investigate, prosecute, and convict traffickers, including "
            'complicit officials, under the 2010 "Trafficking in Persons (Prevention) Act."',
            "Proactively identify victims among vulnerable populations - including migrants, "
            "children, and Cuban workers - and refer them to care.",
            "Implement the 2021-2023 national action plan in partnership with NGOs and the U.S.",
            "Reduce delays in trafficking cases so that victims' testimony is heard within one "
            "year.",
            "Amend the law so that victims can testify by video link and receive 'special "
            "measures' in court.",
            "Train labour inspectors to recognise forced labour in the agricultural and domestic "
            "service sectors.",
        ],
        id="Windows-1252 with CRLF, curly quotes, NBSP and dashes, one a line",
    ),
    pytest.param(
        "cote-divoire-latin1.txt",
        2020,
        ("Côte d'Ivoire", 2020, "Tier 2"),
        [],
        [
            "Increase efforts to investigate and prosecute trafficking crimes, including in the "
            "cocoa sector around San-Pédro and Soubré.",
            "Finalize and adopt the national referral mechanism with the Ministère de la Femme, "
            "de la Famille et de l'Enfant.",
            "Expand shelter capacity for adult victims outside Abidjan.",
        ],
        id="Latin-1, a country name with accents",
    ),
    pytest.param(
        "jamaica-excerpt-truncated.txt",
        None,
        ("Jamaica", 2022, "Tier 2"),
        [
            "The text ends in the middle of a recommendation, which was left out: "
            '"Establish measures to allow victims to testify via video link and reduce retrau"'
        ],
        [
            "Vigorously investigate, prosecute, and convict traffickers, including complicit "
            "officials.",
            "Increase efforts to proactively identify victims, including among children in "
            "residential care and foreign workers.",
            "Provide adequate funding for victim services, including the national shelter.",
        ],
        id="a copy cut short keeps the complete recommendations, warns of the tail",
    ),
]


@pytest.mark.parametrize(
    ("name", "year", "found", "warnings", "recommendations"), LAYOUTS + VARIANTS
)
def test_each_layout_gives_its_recommendations_country_year_tier_and_warnings(
    name, year, found, warnings, recommendations
):
    chapter = parse_fixture(name, year=year)
    assert texts(chapter) == recommendations
    assert (chapter.country, chapter.year, chapter.tier) == found
    assert chapter.warnings == warnings


def test_the_summary_is_the_introduction_before_the_recommendations():
    summary = parse_fixture("saint-lucia-2021-web-bullets.txt").summary
    assert summary.startswith("The Government of Saint Lucia does not fully meet")
    assert summary.endswith("did not adopt a new national action plan.")


def test_an_inline_heading_stays_out_of_the_summary():
    summary = parse_fixture("barbados-2023-inline-bullets.txt", year=2023).summary
    assert "PRIORITIZED" not in summary
    assert summary.endswith("commensurate with other serious crimes.")


def test_without_a_heading_the_source_text_starts_at_the_sections():
    source = parse_fixture("belize-no-tier-line-no-heading.txt", year=2022).source_text
    assert source.startswith("The government increased law enforcement efforts.")
    assert "2021-2023" in source


def test_the_pdf_running_page_header_is_dropped_from_the_source_text():
    source = parse_fixture("barbados-2018-pdf-semicolons.txt").source_text
    assert "86" not in source.split()
    assert source.startswith("PROSECUTION")


def test_the_archive_layout_keeps_its_opening_trafficking_profile_with_the_sections():
    source = parse_fixture("st-lucia-2013-archive.txt").source_text
    assert source.startswith("St. Lucia is a destination country")
    assert "The government made some progress in preventing" in source


def test_the_windows_1252_chapter_has_crlf_curly_quotes_nbsp_and_dashes():
    """What its layout case above decodes."""
    raw = (CHAPTERS / "antigua-and-barbuda-cp1252-crlf-one-per-line.txt").read_bytes()
    assert b"\r\n" in raw and b"\x93" in raw and b"\xa0" in raw and b"\x97" in raw


def test_the_latin_1_chapter_is_no_utf_8():
    """What its layout case above decodes."""
    with pytest.raises(UnicodeDecodeError):
        (CHAPTERS / "cote-divoire-latin1.txt").read_bytes().decode("utf-8")


def test_an_older_layout_cut_short_keeps_the_complete_clauses():
    text = (
        "BARBADOS: Tier 2\n\nThe Government of Barbados does not fully meet the minimum "
        "standards for the elimination of trafficking.\n\nRecommendations for Barbados: Enact "
        "a national action plan; vigorously investigate and prosecute traffickers; and prov"
    )
    chapter = parse_chapter(text, year=2015)
    assert texts(chapter) == [
        "Enact a national action plan.",
        "Vigorously investigate and prosecute traffickers.",
    ]
    assert chapter.warnings == [
        'The text ends in the middle of a recommendation, which was left out: "Prov"'
    ]


def jamaica(rest):
    """A 2019 Jamaica chapter: its tier line and the opening of its introduction, then ``rest``."""
    return parse_chapter(
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards "
        "for the elimination of trafficking" + rest,
        year=2019,
    )


@pytest.mark.parametrize(
    ("rest", "recommendations"),
    [
        pytest.param(
            ".\n\nPRIORITIZED RECOMMENDATIONS:\n• Increase efforts to identify victims\n"
            "• Reduce court backlog\n\nPROSECUTION\nThe government maintained law enforcement "
            "efforts.\n",
            ["Increase efforts to identify victims", "Reduce court backlog"],
            id="a recommendation without a period before a section is not cut short",
        ),
        pytest.param(
            ". The government implemented several prioritized recommendations from the previous "
            "report.\n\nIncrease efforts to identify victims.\nReduce court backlog.\n\n"
            "The government maintained law enforcement efforts.\n",
            ["Increase efforts to identify victims.", "Reduce court backlog."],
            id="a narrative paragraph mentioning recommendations is no heading",
        ),
        pytest.param(
            " PRIORITIZED RECOMMENDATIONS: Increase efforts to identify victims. Reduce court "
            "backlog.\n\nPROSECUTION\nThe government acted.\n",
            ["Increase efforts to identify victims.", "Reduce court backlog."],
            id="a heading in capitals is found even without a period before it",
        ),
    ],
)
def test_where_the_recommendations_begin_and_end(rest, recommendations):
    chapter = jamaica(rest)
    assert texts(chapter) == recommendations
    assert chapter.warnings == []


def test_a_given_year_that_contradicts_the_text_is_kept_with_a_warning():
    chapter = parse_fixture("saint-lucia-2021-web-bullets.txt", year=2020)
    assert chapter.year == 2020 and chapter.detected_year == 2021
    assert chapter.warnings == ["The text names the 2021 report, but it is imported as 2020."]


def test_text_with_no_recommendations_is_refused():
    with pytest.raises(ReportTextError, match="No prioritized recommendations"):
        parse_chapter(
            "SAINT LUCIA: Tier 2\n\nThe Government of Saint Lucia does not fully meet the "
            "minimum standards.\n\nPROSECUTION\n\nThe government maintained efforts.\n"
        )


def test_titles_are_the_first_clause_cut_at_a_word():
    assert derive_title("Reduce court backlog; and train judges.") == "Reduce court backlog"
    long = "Develop " + "very " * 30 + "long plans."
    title = derive_title(long)
    assert len(title) <= 80 and title.endswith("…") and long.startswith(title[:-1])


def test_under_a_heading_an_item_that_is_not_imperative_stays_in_the_list():
    text = (
        "CUBA: Tier 3\n\nThe Government of Cuba does not fully meet the minimum standards for the "
        "elimination of trafficking and is not making significant efforts to do so.\n\n"
        "PRIORITIZED RECOMMENDATIONS:\n• Cease the use of forced labor in medical missions.\n"
        "• Victims' access to legal aid should be guaranteed in law.\n"
        "• Screen workers for trafficking indicators.\n\nPROSECUTION\n"
        "The government maintained law enforcement efforts.\n"
    )
    assert texts(parse_chapter(text, year=2019)) == [
        "Cease the use of forced labor in medical missions.",
        "Victims' access to legal aid should be guaranteed in law.",
        "Screen workers for trafficking indicators.",
    ]
    # Without a heading or a section after it, the list ends where the imperatives end.
    bare = text.replace("PRIORITIZED RECOMMENDATIONS:\n", "").replace("PROSECUTION\n", "")
    assert texts(parse_chapter(bare, year=2019)) == [
        "Cease the use of forced labor in medical missions."
    ]
