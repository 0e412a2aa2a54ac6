"""The chapter: its recommendations in order, its tier, country, year, summary and narrative.

:func:`parse_chapter` runs the stages on one pasted chapter (decoding, cleaning, tokens, areas)
and reads the chapter's structure from the tokens: the introduction (the "minimum standards"
sentence), where the list of recommendations starts (after its heading, else after the
introduction or the tier line) and ends, the older lists of semicolon clauses, the narrative
kept as the report's source text; the text as it arrived is kept too, to be parsed again. It
also derives a recommendation's short title.

A chapter arrives in many shapes (the tests' fixtures hold one of each):

* the tier on a line of its own ("SAINT LUCIA: Tier 2", "BARBADOS (Tier 2)", "Tier 2 Watch
  List" under the country's name), or only in the introduction ("remained on Tier 2");
* a "PRIORITIZED RECOMMENDATIONS:" or "Recommendations for <Country>:" heading on its own line,
  inline in a paragraph, or no heading at all: the recommendations are then the run of imperative
  sentences that follows the introduction;
* recommendations as bullets (inline " • " or "•"/"*" on their own lines), one per line or per
  paragraph, hard-wrapped, run together with no space after the period, or (before 2019) one
  sentence of clauses separated by semicolons;
* web-page chrome before and after, a copy cut short in the middle of a recommendation, and the
  narrative sections (Prosecution, Protection, Prevention, Trafficking Profile) after the list.

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
    country_of_government,
    country_of_report_title,
    detect_year,
    tier_from_standards,
    tier_from_statement,
)
from .decoding import ReportTextError, as_text
from .grammar import looks_imperative, opens_recommendation
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


def parse_chapter(raw: str | bytes, *, year: int | None = None) -> ParsedChapter:
    """Parse one country chapter. Raises ReportTextError with a one-line reason."""
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
    start, heading = _recommendations_start(tokens, intro, tier_index)
    warnings: list[str] = []
    texts, end = (
        _collect(tokens, start, warnings, headed=heading is not None)
        if start is not None
        else ([], start)
    )
    if not texts:
        raise ReportTextError(_("No prioritized recommendations were found in the text."))

    country = _find_country(tokens, intro, tier_index, heading, text)
    tier = _find_tier(tokens, intro, tier_index, start)
    if not tier:
        raise ReportTextError(
            _(
                "Could not find the tier in the text: it needs a line such as "
                '"SAINT LUCIA: Tier 2" or a sentence such as "remained on Tier 2".'
            )
        )
    header_end = text.find(tokens[intro if intro is not None else start].text[:20])
    detected = detect_year(text, header_end=header_end if header_end > 0 else None)
    if detected is not None and not is_report_year(detected):
        detected = None
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
    for position, item in enumerate(texts, start=1):
        decision = classify_area(item)
        parsed.append(ParsedRecommendation(position, item, decision.area, decision.reason))
    return ParsedChapter(
        country=country,
        year=year if year is not None else detected,
        tier=tier,
        summary=summary,
        recommendations=parsed,
        source_text=_source_text(tokens, intro, tier_index, end),
        pasted_text=pasted,
        warnings=warnings,
        detected_year=detected,
    )


def _recommendations_start(
    tokens: list[Token], intro: int | None, tier_index: int | None
) -> tuple[int | None, Token | None]:
    """Where the list begins: after a heading, else after the introduction, else after the
    tier line. Returns the index of its first sentence and the heading, if any."""
    for index, token in enumerate(tokens):
        if token.kind != "heading":
            continue
        first = index + 1
        # A short label between the heading and the list ("(in priority order)") is skipped.
        while (
            first < len(tokens)
            and tokens[first].kind == "sentence"
            and not looks_imperative(tokens[first].text)
            and not is_complete(tokens[first].text)
            and len(tokens[first].text.split()) < 8
        ):
            first += 1
        if first < len(tokens) and _starts_list(tokens[first]):
            return first, token
    begin = intro if intro is not None else (tier_index + 1 if tier_index is not None else 0)
    runs: list[int] = []
    index = begin
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "sentence":
            if token.kind in ("section", "tier") and index > begin:
                break
            index += 1
            continue
        if _starts_list(token):
            runs.append(index)
            index += 1
            while (
                index < len(tokens)
                and tokens[index].kind == "sentence"
                and looks_imperative(tokens[index].text)
            ):
                index += 1
            continue
        index += 1
    if not runs:
        return None, None
    # A run that opens a paragraph or a bullet, not one that begins inside a narrative paragraph.
    opening = [i for i in runs if tokens[i].opens]
    return (opening or runs)[0], None


def _starts_list(token: Token) -> bool:
    if token.kind != "sentence":
        return False
    if looks_imperative(token.text):
        return True
    return not is_complete(token.text) and opens_recommendation(token.text)


def _collect(
    tokens: list[Token], start: int, warnings: list[str], *, headed: bool = False
) -> tuple[list[str], int]:
    """The run of recommendations from ``start``; returns their texts and the index after it.

    Under a heading, with a section heading after the list, an item of the list (a bullet, line
    or paragraph of its own) that does not read as imperative is kept when the list goes on
    after it: the section heading, not the wording, ends such a list."""
    items: list[str] = []
    index = start
    sections_after = headed and any(t.kind == "section" for t in tokens[start:])
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "sentence":
            break
        # A copy cut short may end on a fragment too short to read as a sentence.
        cut_short = (
            not is_complete(token.text)
            and opens_recommendation(token.text)
            and not _substance_after(tokens, index + 1)
        )
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        inside_list = (
            sections_after
            and token.opens
            and following is not None
            and following.kind == "sentence"
            and following.opens
            and looks_imperative(following.text)
        )
        if not looks_imperative(token.text) and not cut_short and not inside_list:
            break
        items.append(token.text)
        index += 1
    if len(items) == 1 and ";" in items[0]:
        items = _split_clauses(items[0])
    if items and not is_complete(items[-1]) and not _substance_after(tokens, index):
        warnings.append(
            _('The text ends in the middle of a recommendation, which was left out: "%(tail)s"')
            % {"tail": items[-1] if len(items[-1]) <= 120 else items[-1][:119] + "..."}
        )
        items.pop()
    return items, index


def _substance_after(tokens: list[Token], index: int) -> bool:
    """Whether the chapter goes on after ``index`` (a heading or a real sentence), as opposed
    to ending there with page chrome at most."""
    for token in tokens[index:]:
        if token.kind in ("section", "heading"):
            return True
        if token.kind == "sentence" and is_complete(token.text) and len(token.text.split()) >= 6:
            return True
    return False


def _split_clauses(sentence: str) -> list[str]:
    """Before 2019 the recommendations were one sentence of clauses separated by semicolons:
    each clause that opens with a verb becomes one recommendation."""
    complete = is_complete(sentence)
    body = re.sub(r"[.!?]$", "", sentence) if complete else sentence
    clauses: list[str] = []
    raws = body.split(";")
    for number, raw in enumerate(raws, start=1):
        clause = raw.strip()
        if not clause:
            continue
        opened = re.sub(r"^(?:and|or)\b[\s,]*", "", clause)
        opened = opened[:1].upper() + opened[1:]
        # A clause cut short stays apart, to be reported rather than glued to the one before.
        cut_short = number == len(raws) and not complete
        if clauses and not looks_imperative(opened) and not cut_short:
            clauses[-1] = f"{clauses[-1]}; {clause}"
        else:
            clauses.append(opened)
    if len(clauses) < 2:
        return [sentence]
    result = [re.sub(r"[\s,]+$", "", c) + "." for c in clauses[:-1]]
    result.append(clauses[-1] + ("." if complete else ""))
    return result


def _find_country(
    tokens: list[Token],
    intro: int | None,
    tier_index: int | None,
    heading: Token | None,
    text: str,
) -> str:
    if tier_index is not None and tokens[tier_index].country:
        return tokens[tier_index].country
    if heading is not None and heading.country:
        return heading.country
    if intro is not None:
        country = country_of_government(tokens[intro].text)
        if country is not None:
            return country
    return country_of_report_title(text)


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
