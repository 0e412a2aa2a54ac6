"""The chapter: its recommendations in order, its tier, country, year, summary and narrative.

:func:`parse_chapter` runs the stages on one pasted chapter (decoding, cleaning, tokens, the
list, areas) and reads the chapter's structure from the tokens: the introduction (the "minimum
standards" sentence), the list of recommendations (listing.py: where it starts and ends, the
older lists of semicolon clauses), the country, tier and year, the narrative kept as the
report's source text; the text as it arrived is kept too, to be parsed again. It also derives a
recommendation's short title.

A chapter arrives in many shapes (the tests' fixtures hold one of each):

* the tier on a line of its own ("SAINT LUCIA: Tier 2", "BARBADOS (Tier 2)", "Tier 2 Watch
  List†" under the country's name or alone), repeated by a reprint, inside a page stored as one
  line, or only in the introduction ("remained on Tier 2", even broken across lines);
* a "PRIORITIZED RECOMMENDATIONS:" or "Recommendations for <Country>:" heading on its own line,
  inline in a paragraph, or no heading at all: the recommendations are then the run of imperative
  sentences that follows the introduction; a table of contents naming the heading is passed over;
* recommendations as bullets (inline " • " or " * ", or "•"/"*" on their own lines), one per
  line or per paragraph, hard-wrapped, indented or in table cells ("| "), run together with no
  space after the period, or (before 2019) one sentence of clauses separated by semicolons;
* web-page chrome before and after, a PDF's page headers and tier chart, the previous chapter's
  tail before the title, a copy cut short in the middle of a recommendation, and the narrative
  sections (Prosecution, Protection, Prevention, Trafficking Profile) after the list.

The text is read as a stream of tokens (sentences, headings, tier lines), and the recommendations
are the run of imperative sentences that starts after the heading or the introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..calendar import is_report_year
from .areas import classify_area
from .cleaning import normalise
from .countries import (
    country_key,
    country_of_abbreviation,
    country_of_government,
    country_of_report_title,
    detect_year,
    is_abbreviation,
    tier_from_standards,
    tier_from_statement,
)
from .decoding import ReportTextError, as_text
from .listing import list_collect, list_start
from .sentences import is_complete
from .tokens import Token, tokenize


@dataclass
class ParsedRecommendation:
    position: int
    text: str
    area: str
    area_reason: str = ""


@dataclass
class ParsedChapter:
    country: str
    year: int | None
    tier: str
    summary: str
    recommendations: list[ParsedRecommendation]
    # The narrative kept with the report (the sections after the recommendations).
    source_text: str
    # The chapter as it arrived, decoded but not cleaned: parse_chapter(pasted_text) gives it back.
    pasted_text: str
    warnings: list[str] = field(default_factory=list)
    # The year the text itself names ("2021 Trafficking in Persons Report"), if it names one.
    detected_year: int | None = None


# The introduction: the sentence that says how the government stands to the minimum standards.
_INTRO_RE = re.compile(
    r"\b(?:does\s+not\s+(?:fully\s+)?(?:meet|comply\s+with)|fully\s+(?:meets|complies\s+with))"
    r"\s+the\s+minimum\s+standards",
    re.IGNORECASE,
)


def no_recommendations_message() -> str:
    """Why a text with no complete recommendation is not imported."""
    return _("No prioritized recommendations were found in the text.")


def parse_chapter(raw: str | bytes, *, year: int | None = None) -> ParsedChapter:
    """Parse one country chapter. Raises ReportTextError with a one-line reason.

    A chapter whose only recommendation was cut short by the copy is returned with no
    recommendation and that fragment as a warning (the import then refuses it), so that a dry
    run still shows its tier and what was found."""
    pasted = as_text(raw)
    text = normalise(pasted)
    if not text:
        raise ReportTextError(_("The text is empty."))
    tokens, _chrome = tokenize(text)
    intro = next(
        (i for i, t in enumerate(tokens) if t.kind == "sentence" and _INTRO_RE.search(t.text)),
        None,
    )
    tier_index = next((i for i, t in enumerate(tokens) if t.kind == "tier"), None)
    start, heading = list_start(tokens, intro, tier_index)
    if start is None:
        raise ReportTextError(no_recommendations_message())
    header_end = text.find(tokens[intro if intro is not None else start].text[:20])
    detected = detect_year(text, header_end=header_end if header_end > 0 else None)
    if detected is not None and not is_report_year(detected):
        detected = None
    found = list_collect(
        tokens, start, heading=heading, year=year if year is not None else detected
    )
    warnings: list[str] = []
    if found.fragment:
        tail = found.fragment if len(found.fragment) <= 120 else found.fragment[:119] + "..."
        warnings.append(
            _('The text ends in the middle of a recommendation, which was left out: "%(tail)s"')
            % {"tail": tail}
        )
    if not found.texts and not found.fragment:
        raise ReportTextError(no_recommendations_message())

    country = _find_country(tokens, intro, tier_index, heading, text)
    tier = _find_tier(tokens, intro, tier_index, start)
    if not tier:
        raise ReportTextError(
            _(
                "Could not find the tier in the text: it needs a line such as "
                '"SAINT LUCIA: Tier 2" or a sentence such as "remained on Tier 2".'
            )
        )
    if year is not None and detected is not None and detected != year:
        warnings.append(
            _("The text names the %(detected)d report, but it is imported as %(year)d.")
            % {"detected": detected, "year": year}
        )
    summary = " ".join(
        t.text
        for t in tokens[intro:start]
        if intro is not None and t.kind == "sentence" and t.para == tokens[intro].para
    )
    parsed = []
    for position, item in enumerate(found.texts, start=1):
        decision = classify_area(item)
        parsed.append(ParsedRecommendation(position, item, decision.area, decision.reason))
    return ParsedChapter(
        country=country,
        year=year if year is not None else detected,
        tier=tier,
        summary=summary,
        recommendations=parsed,
        source_text=_source_text(tokens, intro, tier_index, found.end),
        pasted_text=pasted,
        warnings=warnings,
        detected_year=detected,
    )


def _find_country(
    tokens: list[Token],
    intro: int | None,
    tier_index: int | None,
    heading: Token | None,
    text: str,
) -> str:
    """The country the tier line, the heading, the introduction or the page's title names; a
    name written as initials ("the Government of the RMI") gives way to one spelt out. A tier
    label alone on its line borrowed its country from the line before (a reprint's byline may
    stand there): the heading and the introduction come first."""
    tier_line = tokens[tier_index] if tier_index is not None else None
    own = tier_line is not None and country_key(tier_line.country) in country_key(tier_line.text)
    named = [
        tier_line.country if tier_line is not None and own else "",
        heading.country if heading is not None else "",
        (country_of_government(tokens[intro].text) or "") if intro is not None else "",
        tier_line.country if tier_line is not None and not own else "",
        country_of_report_title(text),
    ]
    spelt = next((name for name in named if name and not is_abbreviation(name)), None)
    if spelt:
        return spelt
    initials = next((name for name in named if name), "")
    return (country_of_abbreviation(initials, text) or initials) if initials else ""


def _find_tier(
    tokens: list[Token], intro: int | None, tier_index: int | None, start: int
) -> str | None:
    if tier_index is not None and tier_index < start:
        return tokens[tier_index].tier
    if intro is not None:
        paragraph = [t.text for t in tokens[intro:start] if t.para == tokens[intro].para]
        for sentence in paragraph:
            tier = tier_from_statement(sentence)
            if tier:
                return tier
    before = [t.text for t in tokens[:start] if t.kind == "sentence"]
    for sentence in before:
        tier = tier_from_statement(sentence)
        if tier:
            return tier
    if intro is not None:
        return tier_from_standards(tokens[intro].text)
    return None


def _source_text(tokens: list[Token], intro: int | None, tier_index: int | None, end: int) -> str:
    """The narrative kept with the report: the sections after the recommendations, and, in the
    older layouts that open with it, the trafficking profile before the introduction."""
    before: list[Token] = []
    if intro is not None and tier_index is not None and tier_index < intro:
        before = [
            t
            for t in tokens[tier_index + 1 : intro]
            if t.kind == "sentence" and t.para != tokens[intro].para
        ]
    after = list(tokens[end:])
    # Footer links and unrelated headlines: short lines that are not sentences.
    while (
        after
        and after[-1].kind == "sentence"
        and not (is_complete(after[-1].text) and len(after[-1].text.split()) >= 6)
    ):
        after.pop()
    kept = [t for t in before if is_complete(t.text)] + after
    paragraphs: list[str] = []
    current_para = None
    current_piece = None
    for token in kept:
        if token.para != current_para or token.kind != "sentence":
            paragraphs.append(token.text)
        elif token.piece != current_piece:
            paragraphs[-1] += "\n" + token.text
        else:
            paragraphs[-1] += " " + token.text
        current_para = token.para if token.kind == "sentence" else None
        current_piece = token.piece
    return "\n\n".join(paragraphs)


def derive_title(text: str, limit: int = 80) -> str:
    """A short label: the recommendation's first clause, cut at a word boundary."""
    text = text.strip().rstrip(".")
    clause = re.split(r"[;:]|,\s+(?:and\s+)?(?:including|such as|in order to)\b", text)[0]
    if len(clause) <= limit:
        return clause
    cut = clause[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return f"{cut}…"
