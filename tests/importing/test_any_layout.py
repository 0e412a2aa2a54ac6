"""Any layout a chapter arrives in gives back the same list of recommendations."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations.importing import parse_chapter

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


# A page's table of contents, before or after the introduction: it names the heading and the
# sections, but opens neither the list nor a section.
CONTENTS = "PRIORITIZED RECOMMENDATIONS PROSECUTION PROTECTION PREVENTION TRAFFICKING PROFILE"


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
        st.sampled_from(
            ["inline", "asterisks", "mixed", "bullets", "stars", "lines", "paragraphs", "run"]
            + ["numbers"]
        )
    )
    width = draw(st.none() | st.integers(min_value=30, max_value=100))
    space = draw(st.sampled_from([" ", "  ", "\u00a0", " \t"]))

    def wrap(text):
        return textwrap.fill(text, width) if width else text

    if layout in ("inline", "asterisks"):
        block = wrap({"inline": " • ", "asterisks": " * "}[layout].join(recommendations))
    elif layout == "mixed":
        # One a line, the last line holding two or more.
        last = draw(st.integers(min_value=0, max_value=len(recommendations) - 2))
        lines = [f"• {text}" for text in recommendations[:last]]
        block = "\n".join([*lines, "• " + " • ".join(recommendations[last:])])
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
    contents_after_intro = draw(st.booleans())
    if contents_after_intro:
        intro += "\n\n" + CONTENTS
    if heading == "inline" and layout in ("inline", "asterisks", "run"):
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
    contents = draw(st.sampled_from(["", CONTENTS, f"{CONTENTS} SAINT LUCIA: TIER 2"]))
    contents = "" if contents_after_intro else contents
    parts = ["\n".join(header), contents, tier_line, body, sections, "\n".join(footer)]
    chapter = "\n\n".join(p for p in parts if p)
    # Copied from a table or indented: each line in a cell ("| ") or behind four spaces.
    margin = draw(st.sampled_from(["", "| ", "    ", "|     "]))
    if margin:
        chapter = "\n".join(margin + line for line in chapter.split("\n")) + "\n|"
    if draw(st.booleans()):
        chapter = chapter.replace("\n", "\r\n")
    return chapter, recommendations


@settings(max_examples=300, deadline=None)
@given(chapters())
def test_any_layout_gives_back_the_same_list(case):
    chapter_text, recommendations = case
    chapter = parse_chapter(chapter_text, year=2021)
    assert [r.text for r in chapter.recommendations] == recommendations
    assert (chapter.country, chapter.tier, chapter.warnings) == ("Saint Lucia", "Tier 2", [])
    assert "The government maintained law enforcement efforts." in chapter.source_text
