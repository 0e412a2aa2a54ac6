"""The list: where a chapter's recommendations begin and end among its tokens.

:func:`list_start` finds the list's first sentence (after its heading, else after the
introduction or the tier line); :func:`list_collect` takes the run of recommendations from
there, leaves out a last item that a copy cut short, and cuts the older list of one sentence of
semicolon clauses into its recommendations, but only in the layout that wrote its list so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .countries import country_key
from .grammar import looks_imperative, opens_recommendation
from .sentences import is_complete
from .tokens import Token

# The first report that set each recommendation apart (a bullet, a line or a sentence of its
# own); the reports before it wrote the list as one sentence of clauses between semicolons.
FIRST_YEAR_OF_SEPARATE_RECOMMENDATIONS = 2019
_PRIORITIZED_RE = re.compile(r"prioriti[sz]ed", re.IGNORECASE)
_OLDER_HEADING_RE = re.compile(r"recommendations\s+for\b", re.IGNORECASE)


@dataclass
class RecommendationList:
    texts: list[str]
    # The index of the first token after the list.
    end: int
    # A last item that the copy cut short, left out of ``texts`` ("" if none).
    fragment: str = ""


def list_start(
    tokens: list[Token], intro: int | None, tier_index: int | None
) -> tuple[int | None, Token | None]:
    """Where the list begins: after a heading, else after the introduction, else after the
    tier line. Returns the index of its first sentence and the heading, if any. A heading
    that no recommendation follows (a page's table of contents) is passed over; without a
    heading, the search ends at a section heading or another chapter's tier line."""
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
            ends = token.kind == "section" or (
                token.kind == "tier" and not _repeats(token, tokens, tier_index)
            )
            if ends and index > begin:
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


def _repeats(token: Token, tokens: list[Token], tier_index: int | None) -> bool:
    """Whether a tier line repeats the chapter's first one (a reprint repeats its title and
    tier line), rather than opening another country's chapter."""
    if tier_index is None:
        return False
    first = tokens[tier_index]
    return token.tier == first.tier and (
        not token.country
        or not first.country
        or country_key(token.country) == country_key(first.country)
    )


def _starts_list(token: Token) -> bool:
    if token.kind != "sentence":
        return False
    if looks_imperative(token.text):
        return True
    return not is_complete(token.text) and opens_recommendation(token.text)


def list_collect(
    tokens: list[Token], start: int, *, heading: Token | None = None, year: int | None = None
) -> RecommendationList:
    """The run of recommendations from ``start``, for a report of ``year`` (None: unknown).

    Under a heading, with a section heading after the list, an item of the list (a bullet, line
    or paragraph of its own) that does not read as imperative is kept when the list goes on
    after it: the section heading, not the wording, ends such a list. A last item that does not
    end as a sentence, where the text ends, or where the list's other items all end with a
    period and no heading follows, is a fragment of a copy cut short."""
    items: list[str] = []
    index = start
    sections_after = heading is not None and any(t.kind == "section" for t in tokens[start:])
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "sentence":
            break
        # A copy cut short may end on a fragment too short to read as a sentence.
        cut_short = opens_recommendation(token.text) and _cut_short(
            [*items, token.text], tokens, index + 1
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
    if (
        len(items) == 1
        and ";" in items[0]
        and _clauses_are_recommendations(tokens[start], heading, year)
    ):
        items = _split_clauses(items[0])
    fragment = ""
    if items and _cut_short(items, tokens, index):
        fragment = items.pop()
    return RecommendationList(items, index, fragment)


def _clauses_are_recommendations(token: Token, heading: Token | None, year: int | None) -> bool:
    """Whether the semicolons of a list of one sentence separate recommendations, as in the
    reports before 2019. A bullet says the list is of the later layout, a year before 2019 the
    older one; else the heading's wording says which ("Recommendations for <Country>" is the
    older, "Prioritized Recommendations" the later); else the year, and with none, the older."""
    if token.bullet:
        return False
    if year is not None and year < FIRST_YEAR_OF_SEPARATE_RECOMMENDATIONS:
        return True
    wording = heading.text if heading is not None else ""
    if _PRIORITIZED_RE.search(wording):
        return False
    return year is None or bool(_OLDER_HEADING_RE.search(wording))


def _cut_short(items: list[str], tokens: list[Token], end: int) -> bool:
    """Whether the list's last item is the fragment of a copy cut short."""
    if is_complete(items[-1]):
        return False
    if not _substance_after(tokens, end):
        return True
    # Page text after the list (a reprint's byline), but no heading: the list stopped early.
    return (
        len(items) > 1
        and all(is_complete(item) for item in items[:-1])
        and not any(t.kind in ("section", "heading", "tier") for t in tokens[end:])
    )


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
