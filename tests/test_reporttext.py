"""The chapter parser on every layout a chapter arrives in (tests/fixtures/chapters/)."""

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations.reporttext import (
    MAX_BYTES,
    ReportTextError,
    decode,
    derive_title,
    detect_year,
    looks_imperative,
    normalise,
    parse_chapter,
    split_sentences,
)

from .conftest import SEED, SEED_RECOMMENDATIONS

CHAPTERS = Path(__file__).resolve().parent / "fixtures" / "chapters"


def parse_fixture(name, **kwargs):
    return parse_chapter((CHAPTERS / name).read_bytes(), **kwargs)


def texts(chapter):
    return [r.text for r in chapter.recommendations]


def test_seed_chapter_run_together_without_heading():
    chapter = parse_chapter(SEED.read_bytes())
    assert texts(chapter) == SEED_RECOMMENDATIONS
    assert [r.position for r in chapter.recommendations] == list(range(1, 10))
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Saint Lucia", "Tier 2", [])
    # The page names no report year, so none is guessed.
    assert chapter.year is None


def test_web_page_with_colon_tier_heading_and_bullet_lines():
    chapter = parse_fixture("saint-lucia-2021-web-bullets.txt")
    assert texts(chapter) == [
        "Increase efforts to identify vulnerable individuals, especially children and migrant "
        "workers, and screen them for trafficking indicators.",
        "Investigate, prosecute, convict, and punish perpetrators of sex trafficking and labor "
        "trafficking.",
        "Enact and enforce penalties for trafficking that exclude the option of a fine.",
        "Formally approve and implement SOPs for victim identification and referral.",
        "Reduce court backlog and pretrial detention delays affecting trafficking cases, "
        "including by increasing resources for the judiciary.",
        "Develop and implement a NAP for 2021 and onwards.",
        "Continue to train law enforcement officials to gather evidence of trafficking cases "
        "appropriate for prosecution and proactively identify sex and labor trafficking victims "
        "among vulnerable populations, and refer them to appropriate services.",
        "Establish a dedicated fund for trafficking victim services.",
        "Develop and implement labor recruitment policies, hire and train more inspectors for "
        "labor trafficking inspections.",
    ]
    assert (chapter.country, chapter.year, chapter.tier) == ("Saint Lucia", 2021, "Tier 2")
    assert chapter.warnings == []
    assert chapter.summary.startswith("The Government of Saint Lucia does not fully meet")
    assert chapter.summary.endswith("did not adopt a new national action plan.")


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


def test_parenthesised_tier_inline_heading_and_inline_bullets_with_abbreviations():
    chapter = parse_fixture("barbados-2023-inline-bullets.txt", year=2023)
    assert texts(chapter) == [
        "Proactively screen vulnerable groups, including children; migrants, including "
        "non-Barbadians who engage in commercial sex; and Cuban medical workers, for trafficking "
        "indicators and identify victims among these populations.",
        "Vigorously investigate and prosecute trafficking crimes under the Trafficking in Persons "
        "Prevention Act, No. 16 of 2016, and seek adequate penalties for convicted traffickers, "
        "which should involve significant prison terms.",
        "Amend the anti-trafficking law to remove sentencing provisions that allow fines in lieu "
        "of imprisonment for sex trafficking crimes.",
        "Finalize the NAP and seek its formal adoption, i.e. Cabinet approval, and allocate a "
        "dedicated budget for its implementation.",
        "Train front-line officials, e.g. Immigration Department officers, police, and labor "
        "inspectors, on the SOPs for victim identification and referral.",
        "Increase cooperation with foreign governments, including the U.S. Department of Labor, "
        "on trafficking investigations involving Barbadian workers abroad.",
        "Strengthen partnerships with NGOs to provide shelter and services to male and child "
        "victims.",
    ]
    assert (chapter.country, chapter.year, chapter.tier) == ("Barbados", 2023, "Tier 2")
    assert chapter.warnings == []
    assert "PRIORITIZED" not in chapter.summary
    assert chapter.summary.endswith("commensurate with other serious crimes.")


def test_tier_line_with_stray_punctuation_and_star_bullets():
    chapter = parse_fixture("saint-lucia-2022-star-bullets.txt")
    assert texts(chapter) == [
        "Continue to increase efforts to identify vulnerable individuals, especially children, "
        "migrants, and Cuban medical professionals; screen them for trafficking indicators and "
        "refer identified victims to services.",
        "Vigorously investigate, prosecute, convict, and punish perpetrators of sex trafficking "
        "and labor trafficking, including complicit officials.",
        "Amend the Counter-Trafficking Act to prescribe penalties for sex trafficking that are "
        "commensurate with penalties prescribed for other serious crimes, such as rape.",
        "Develop, adopt, and fund a new national action plan for 2023 and onwards.",
        "Finalize and implement standard operating procedures for victim identification and "
        "referral and train officials on their use.",
        "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
        "Provide legal alternatives to the removal of foreign victims to countries where they "
        "would face hardship or retribution.",
        "Develop and implement labor recruitment policies and hire more labor inspectors.",
    ]
    assert (chapter.country, chapter.tier, chapter.warnings) == (
        "Saint Lucia",
        "Tier 2 Watch List",
        [],
    )


def test_no_tier_line_no_heading_one_per_paragraph_and_efforts_bullets_are_not_recommendations():
    chapter = parse_fixture("belize-no-tier-line-no-heading.txt", year=2022)
    assert texts(chapter) == [
        "Increase efforts to investigate, prosecute, and convict traffickers, including complicit "
        "officials, and impose adequate sentences, which should involve significant prison terms.",
        "Proactively identify victims among vulnerable populations, including migrants and "
        "children in commercial sex, and refer them to care.",
        "Implement the anti-trafficking law's victim protection provisions, including access to "
        "compensation and immigration relief.",
        "Train police, prosecutors, and judges on a victim-centered approach to trafficking cases.",
        "Allocate sufficient resources to the Anti-Trafficking in Persons Council and implement "
        "the national action plan.",
    ]
    # "...when Belize was on Tier 3; therefore Belize was upgraded to Tier 2 Watch List."
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Belize", "Tier 2 Watch List", [])
    assert chapter.source_text.startswith("The government increased law enforcement efforts.")
    assert "2021-2023" in chapter.source_text


def test_older_pdf_layout_hard_wrapped_one_sentence_of_semicolon_clauses():
    chapter = parse_fixture("barbados-2018-pdf-semicolons.txt")
    assert texts(chapter) == [
        "Proactively screen for trafficking indicators and identify victims in vulnerable "
        "populations and areas, such as among migrants.",
        "While respecting due process, investigate, prosecute, and convict traffickers, and apply "
        "stringent sentences that deter future trafficking crimes.",
        "Enact a national action plan to combat trafficking.",
        "Provide adequate funding to implement the national action plan and support government "
        "agencies' anti-trafficking activities.",
        "Complete the anti-trafficking manual for interviewing and assisting victims.",
        "Amend the anti-trafficking law to remove sentencing provisions that allow fines in lieu "
        "of imprisonment.",
        "Establish formal procedures for victim identification, including for victims of labor "
        "trafficking.",
        "Make efforts to reduce the demand for commercial sex acts and forced labor.",
    ]
    # The year comes from the PDF's running page header, which is dropped from the text.
    assert (chapter.country, chapter.year, chapter.tier) == ("Barbados", 2018, "Tier 2")
    assert chapter.warnings == []
    assert "86" not in chapter.source_text.split()
    assert chapter.source_text.startswith("PROSECUTION")


def test_older_archive_layout_tier_under_the_name_and_inline_recommendations_for():
    chapter = parse_fixture("st-lucia-2013-archive.txt")
    assert texts(chapter) == [
        "Provide standard operating procedures to guide police, immigration, labor, child "
        "protection, and social welfare officials in the proactive identification of trafficking "
        "victims and their referral to appropriate services.",
        "Provide police and other law enforcement officials with standard operating procedures on "
        "a victim-centered approach in the investigation of suspected trafficking cases.",
        "Vigorously prosecute, convict, and punish perpetrators of forced labor and sex "
        "trafficking, including officials complicit in human trafficking.",
        "Work with IOM to provide safe repatriation procedures for foreign victims who would like "
        "to return home.",
        "Accede to the 2000 UN TIP Protocol.",
    ]
    assert (chapter.country, chapter.year, chapter.tier) == ("St. Lucia", 2013, "Tier 2 Watch List")
    assert chapter.warnings == []
    # This layout opens with the trafficking profile; it is kept with the sections.
    assert chapter.source_text.startswith("St. Lucia is a destination country")
    assert "The government made some progress in preventing" in chapter.source_text


def test_third_party_copy_hard_wrapped_mid_sentence_with_tier_1():
    chapter = parse_fixture("guyana-2023-hard-wrapped.txt")
    assert texts(chapter) == [
        "Increase efforts to screen for and identify victims among vulnerable populations, "
        "including Venezuelan migrants and Cuban workers, and refer them to services.",
        "Vigorously investigate, prosecute, and convict traffickers, including complicit "
        "officials, and seek adequate sentences, including significant prison terms.",
        "Expand victim services outside the capital, including shelter for adult male and child "
        "victims, e.g. in the interior mining regions.",
        "Increase the number of labor inspectors in the interior and train them on trafficking "
        "indicators.",
    ]
    assert (chapter.country, chapter.year, chapter.tier) == ("Guyana", 2023, "Tier 1")
    assert chapter.warnings == []


def test_windows_1252_file_with_crlf_curly_quotes_nbsp_and_dashes_one_per_line():
    raw = (CHAPTERS / "antigua-and-barbuda-cp1252-crlf-one-per-line.txt").read_bytes()
    assert b"\r\n" in raw and b"\x93" in raw and b"\xa0" in raw and b"\x97" in raw
    chapter = parse_chapter(raw, year=2021)
    assert texts(chapter) == [
        "Increase efforts to investigate, prosecute, and convict traffickers, including complicit "
        'officials, under the 2010 "Trafficking in Persons (Prevention) Act."',
        "Proactively identify victims among vulnerable populations - including migrants, "
        "children, and Cuban workers - and refer them to care.",
        "Implement the 2021-2023 national action plan in partnership with NGOs and the U.S.",
        "Reduce delays in trafficking cases so that victims' testimony is heard within one year.",
        "Amend the law so that victims can testify by video link and receive 'special measures' "
        "in court.",
        "Train labour inspectors to recognise forced labour in the agricultural and domestic "
        "service sectors.",
    ]
    assert (chapter.country, chapter.tier, chapter.warnings) == (
        "Antigua and Barbuda",
        "Tier 2 Watch List",
        [],
    )


def test_normalising_keeps_every_word_of_a_recommendation():
    raw = (CHAPTERS / "antigua-and-barbuda-cp1252-crlf-one-per-line.txt").read_bytes()
    original = raw.decode("cp1252")
    chapter = parse_chapter(raw, year=2021)

    def words(text):
        return re.findall(r"[\w]+", text)

    original_words = words(original)
    for rec in chapter.recommendations:
        rec_words = words(rec.text)
        first = original_words.index(rec_words[0])
        while original_words[first : first + len(rec_words)] != rec_words:
            first = original_words.index(rec_words[0], first + 1)
        assert original_words[first : first + len(rec_words)] == rec_words


def test_latin_1_file_and_a_country_name_with_accents():
    raw = (CHAPTERS / "cote-divoire-latin1.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    chapter = parse_chapter(raw, year=2020)
    assert texts(chapter) == [
        "Increase efforts to investigate and prosecute trafficking crimes, including in the cocoa "
        "sector around San-Pédro and Soubré.",
        "Finalize and adopt the national referral mechanism with the Ministère de la Femme, de la "
        "Famille et de l'Enfant.",
        "Expand shelter capacity for adult victims outside Abidjan.",
    ]
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Côte d'Ivoire", "Tier 2", [])


def test_a_copy_cut_short_keeps_the_complete_recommendations_and_warns_of_the_tail():
    chapter = parse_fixture("jamaica-excerpt-truncated.txt")
    assert texts(chapter) == [
        "Vigorously investigate, prosecute, and convict traffickers, including complicit "
        "officials.",
        "Increase efforts to proactively identify victims, including among children in "
        "residential care and foreign workers.",
        "Provide adequate funding for victim services, including the national shelter.",
    ]
    assert (chapter.country, chapter.year, chapter.tier) == ("Jamaica", 2022, "Tier 2")
    assert chapter.warnings == [
        "The text ends in the middle of a recommendation, which was left out: "
        '"Establish measures to allow victims to testify via video link and reduce retrau"'
    ]


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


def test_a_recommendation_without_a_period_before_a_section_is_not_cut_short():
    text = (
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards "
        "for the elimination of trafficking.\n\nPRIORITIZED RECOMMENDATIONS:\n"
        "• Increase efforts to identify victims\n• Reduce court backlog\n\nPROSECUTION\n"
        "The government maintained law enforcement efforts.\n"
    )
    chapter = parse_chapter(text, year=2019)
    assert texts(chapter) == ["Increase efforts to identify victims", "Reduce court backlog"]
    assert chapter.warnings == []


def test_a_narrative_paragraph_mentioning_recommendations_is_no_heading():
    text = (
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards "
        "for the elimination of trafficking. The government implemented several prioritized "
        "recommendations from the previous report.\n\nIncrease efforts to identify victims.\n"
        "Reduce court backlog.\n\nThe government maintained law enforcement efforts.\n"
    )
    chapter = parse_chapter(text, year=2019)
    assert texts(chapter) == ["Increase efforts to identify victims.", "Reduce court backlog."]


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


def test_a_given_year_that_contradicts_the_text_is_kept_with_a_warning():
    chapter = parse_fixture("saint-lucia-2021-web-bullets.txt", year=2020)
    assert chapter.year == 2020 and chapter.detected_year == 2021
    assert chapter.warnings == ["The text names the 2021 report, but it is imported as 2020."]


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        (
            "Work with the U.S. Department of Labor on audits. Increase efforts to identify "
            "victims.",
            [
                "Work with the U.S. Department of Labor on audits.",
                "Increase efforts to identify victims.",
            ],
        ),
        (
            "Fund NGOs, e.g. Women Against Rape, for shelters.Train police under Act No. 7 "
            "of 2010.",
            [
                "Fund NGOs, e.g. Women Against Rape, for shelters.",
                "Train police under Act No. 7 of 2010.",
            ],
        ),
        (
            "Seek funding from the U.S. Increase efforts to identify victims, i.e. Cuban workers.",
            [
                "Seek funding from the U.S.",
                "Increase efforts to identify victims, i.e. Cuban workers.",
            ],
        ),
        (
            "Train officials on SOPs; and update the NAP. Reduce delays.",
            ["Train officials on SOPs; and update the NAP.", "Reduce delays."],
        ),
        (
            "Screen migrants, children, etc. Provide shelter.",
            ["Screen migrants, children, etc.", "Provide shelter."],
        ),
    ],
)
def test_abbreviations_do_not_split_a_recommendation(paragraph, expected):
    assert split_sentences(paragraph) == expected


@pytest.mark.parametrize(
    "sentence, imperative",
    [
        ("Increase efforts to identify victims.", True),
        ("Proactively and systematically identify victims.", True),
        ("In partnership with NGOs, develop a victim referral mechanism.", True),
        ("While respecting due process, investigate and prosecute traffickers.", True),
        ("Support for victims was limited.", False),
        ("Increasing investigations and prosecutions.", False),
        ("Adopted a new national action plan.", False),
        ("The government increased law enforcement efforts.", False),
        ("In 2019, the government adopted a plan.", False),
        ("Only two victims were identified.", False),
        ("increase efforts to identify victims.", False),
        ("Do not penalize victims for unlawful acts traffickers compelled them to commit.", True),
        ("Do you know the signs?", False),
    ],
)
def test_imperative_sentences(sentence, imperative):
    assert looks_imperative(sentence) is imperative


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \r\n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a Word or zip file"),
        (b"SAINT LUCIA\x00\x01\x02\x03 Tier 2", "binary"),
        (b"a" * (MAX_BYTES + 1), "over 2 MB"),
    ],
)
def test_bad_files_are_refused_with_one_clear_reason(data, message):
    with pytest.raises(ReportTextError, match=message):
        decode(data)


def test_pasted_text_over_2_mb_is_refused():
    with pytest.raises(ReportTextError, match="over 2 MB"):
        parse_chapter("é" * (MAX_BYTES // 2 + 1))


def test_text_with_no_recommendations_is_refused():
    with pytest.raises(ReportTextError, match="No prioritized recommendations"):
        parse_chapter(
            "SAINT LUCIA: Tier 2\n\nThe Government of Saint Lucia does not fully meet the "
            "minimum standards.\n\nPROSECUTION\n\nThe government maintained efforts.\n"
        )


def test_encodings_are_decoded():
    assert decode("Côte d’Ivoire".encode()) == "Côte d’Ivoire"
    assert decode("\ufeffCôte".encode()) == "Côte"
    assert decode("Côte d’Ivoire".encode("utf-16")) == "Côte d’Ivoire"
    assert decode("Côte d’Ivoire".encode("cp1252")) == "Côte d’Ivoire"
    # 0x8D is unassigned in Windows-1252: such a file is read as Latin-1.
    assert decode("Ministère".encode("latin-1") + b"\x8d").startswith("Ministère")


def test_normalise_unifies_spaces_quotes_dashes_and_line_endings():
    raw = "A\u00a0\u201cquoted\u201d\u2009wo\u00adrd\u2019s end \u2013 x\u2014y\r\nnext\rlast  "
    assert normalise(raw) == 'A "quoted" word\'s end - x - y\nnext\nlast'


def test_titles_are_the_first_clause_cut_at_a_word():
    assert derive_title("Reduce court backlog; and train judges.") == "Reduce court backlog"
    long = "Develop " + "very " * 30 + "long plans."
    title = derive_title(long)
    assert len(title) <= 80 and title.endswith("…") and long.startswith(title[:-1])


# --- any layout: the same list back ---------------------------------------------------------

POOL = [
    "Increase efforts to identify vulnerable individuals and screen them for trafficking.",
    "Investigate, prosecute, convict, and punish perpetrators of sex trafficking and labor "
    "trafficking.",
    "Approve the amendment to the anti-trafficking law to remove sentencing provisions that "
    "allow fines in lieu of imprisonment for sex trafficking offenses.",
    "Develop and implement a NAP for 2021 and onwards.",
    "Formally approve and implement SOPs on a victim-centered approach, i.e. a written guide for "
    "police, immigration, and labor officials.",
    "Proactively screen vulnerable groups, including children; migrants; and Cuban medical "
    "workers, for trafficking indicators.",
    "Work with the U.S. Department of Labor and NGOs to train labor inspectors.",
    "Vigorously investigate trafficking crimes under Act No. 16 of 2016 and seek adequate "
    "penalties, which should involve significant prison terms.",
    "Provide legal mechanisms for victims to work and receive temporary formal residency status.",
    'Amend the "Counter-Trafficking Act" so that victims can testify by video link.',
    "Fund NGOs, e.g. Women Against Rape, to provide shelter and services (including "
    "counseling) to victims.",
    "In partnership with civil society, develop a data-sharing protocol for the task force.",
    "Reduce court backlog and pretrial detention delays affecting trafficking cases.",
    "Continue to raise awareness of forced labor among employers in the 2022-2025 period.",
]

INTRO = (
    "The Government of Saint Lucia does not fully meet the minimum standards for the "
    "elimination of trafficking but is making significant efforts to do so. The government "
    "demonstrated overall increasing efforts; therefore Saint Lucia remained on Tier 2."
)
EFFORTS = "These efforts included:\n• increasing investigations;\n• Adopted a national plan."
HEADER_CHROME = [
    "An official website of the United States Government Here's how you know",
    "Official websites use .gov",
    "Skip to content",
    "U.S. Department of State",
    "Home > Reports > 2021 Trafficking in Persons Report > Saint Lucia",
    "2021 Trafficking in Persons Report: Saint Lucia",
]
FOOTER_CHROME = ["TAGS", "Related Articles", "U.S. Department of State", "Privacy Policy", "FOIA"]
SECTIONS = [
    ("PROSECUTION", "The government maintained law enforcement efforts."),
    ("PROTECTION", "The government did not identify any victims during the reporting period."),
    ("PREVENTION", "The anti-trafficking task force met regularly during the reporting period."),
]


@st.composite
def chapters(draw):
    """A chapter around a known list, in a random layout."""
    recommendations = draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=8, unique=True))
    layout = draw(
        st.sampled_from(["inline", "bullets", "stars", "lines", "paragraphs", "run", "numbers"])
    )
    width = draw(st.none() | st.integers(min_value=30, max_value=100))
    space = draw(st.sampled_from([" ", "  ", "\u00a0", " \t"]))

    def wrap(text):
        return textwrap.fill(text, width) if width else text

    if layout == "inline":
        block = wrap(" • ".join(recommendations))
    elif layout == "run":
        block = wrap("".join(recommendations))
    else:
        marker = {"bullets": "•", "stars": "*", "numbers": None}.get(layout, "")
        items = []
        for number, text in enumerate(recommendations, start=1):
            prefix = f"{number}." if marker is None else marker
            lead = draw(st.sampled_from(["", " ", "   "])) + (f"{prefix}{space}" if prefix else "")
            items.append(lead + wrap(text).replace("\n", "\n" + draw(st.sampled_from(["", " "]))))
        block = ("\n\n" if layout == "paragraphs" else "\n").join(items)
    block = block.replace(" ", space) if draw(st.booleans()) else block

    heading = draw(st.sampled_from(["none", "caps", "title", "inline"]))
    intro = INTRO + ("\n" + EFFORTS if draw(st.booleans()) else "")
    if heading == "inline" and layout in ("inline", "run"):
        body = f"{intro} PRIORITIZED RECOMMENDATIONS: {block}"
    else:
        label = {"caps": "PRIORITIZED RECOMMENDATIONS:", "title": "Prioritized Recommendations"}
        body = intro + "\n\n" + (label[heading] + "\n\n" if heading in label else "") + block
    tier_line = draw(
        st.sampled_from(
            ["SAINT LUCIA: Tier 2", "Saint Lucia (Tier 2)", "SAINT LUCIA (Tier 2))", ""]
        )
    )
    with_headings = draw(st.booleans())
    sections = "\n\n".join(
        (f"{title}\n\n{text}" if with_headings else text) for title, text in SECTIONS
    )
    header = draw(st.lists(st.sampled_from(HEADER_CHROME), max_size=4))
    footer = draw(st.lists(st.sampled_from(FOOTER_CHROME), max_size=4))
    parts = ["\n".join(header), tier_line, body, sections, "\n".join(footer)]
    chapter = "\n\n".join(p for p in parts if p)
    if draw(st.booleans()):
        chapter = chapter.replace("\n", "\r\n")
    return chapter, recommendations


@settings(max_examples=300, deadline=None)
@given(chapters())
def test_any_layout_gives_back_the_same_list(case):
    chapter_text, recommendations = case
    chapter = parse_chapter(chapter_text, year=2021)
    assert texts(chapter) == recommendations
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Saint Lucia", "Tier 2", [])
    assert "The government maintained law enforcement efforts." in chapter.source_text


def test_a_long_line_of_numbers_is_text_not_chrome():
    # Page numbers are chrome, but a line of many numbers and a word is not (and is read in
    # one pass: an earlier pattern backtracked for ever on such a line).
    line = " ".join(str(n) for n in range(200)) + " victims"
    chapter = parse_chapter(
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards."
        f"\n\nIncrease efforts to identify victims.\n\n{line}.\n",
        year=2020,
    )
    assert line in chapter.source_text


def test_a_heading_in_capitals_is_found_even_without_a_period_before_it():
    chapter = parse_chapter(
        "JAMAICA: Tier 2\n\nThe Government of Jamaica does not fully meet the minimum standards "
        "for the elimination of trafficking PRIORITIZED RECOMMENDATIONS: Increase efforts to "
        "identify victims. Reduce court backlog.\n\nPROSECUTION\nThe government acted.\n",
        year=2019,
    )
    assert texts(chapter) == ["Increase efforts to identify victims.", "Reduce court backlog."]


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
