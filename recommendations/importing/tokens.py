"""Tokens: the chapter as a stream of sentences, headings, section headings and tier lines.

Reads the normalised text paragraph by paragraph and line by line: it drops page chrome (and
a PDF's running header), finds the tier line ("SAINT LUCIA: Tier 2"), the heading of the
recommendations, the section headings (Prosecution, Protection, Prevention, Trafficking
Profile) and tier labels, each on a line of its own or inline in a paragraph (a page stored as
one line carries them all, and its table of contents, inline), joins hard-wrapped lines, cuts at
bullets (on their own lines, inline " • ", or an asterisk between spaces " * ") and splits the
rest into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleaning import is_chrome
from .countries import TIER_PATTERN, canonical_tier, tidy_country
from .sentences import is_complete, split_sentences

_RECS_HEADING = (
    r"(?:prioriti[sz]ed\s+)?recommendations(?:\s+for\s+(?P<country>[^\W\d_][^:\n]{1,60}?))?"
)
_RECS_HEADING_LINE_RE = re.compile(r"^[#*\s]*" + _RECS_HEADING + r"\s*:?[*\s]*$", re.IGNORECASE)
# Inline: at the start of a piece or after a sentence, and either in capitals, title case, or
# followed by a colon, so that the word "recommendations" in a narrative sentence is no heading.
_RECS_HEADING_INLINE_RE = re.compile(
    r"(?:^|(?<=\s)|(?<=[.!?\"')]))\s*(?:"
    r"(?P<caps>PRIORITI[SZ]ED RECOMMENDATIONS|RECOMMENDATIONS FOR (?P<c1>[A-Z][A-Z .,'&-]{1,60}?))"
    r"\s*:?|(?P<title>Prioriti[sz]ed Recommendations)\s*:?"
    r"|(?P<colon>(?i:prioriti[sz]ed\s+recommendations|recommendations\s+for\s+(?P<c2>[^:\n]{2,60}?)))"
    r"\s*:)\s*(?=[\"'(\[]?[A-Z])"
)
_SECTIONS = r"prosecution|protection|prevention|trafficking\s+profile"
_SECTION_NAME_RE = re.compile(_SECTIONS, re.IGNORECASE)
_SECTION_LINE_RE = re.compile(r"^[#*\s]*(?:" + _SECTIONS + r")\s*:?[*\s]*$", re.IGNORECASE)
_SECTION_CAPS = r"(?:PROSECUTION|PROTECTION|PREVENTION|TRAFFICKING PROFILE)"
# A section heading inline; a run of them is a page's table of contents, one token.
_SECTION_INLINE_RE = re.compile(
    r"(?:^|(?<=[.!?\"')]\s)|(?<=[.!?\"')]))\s*(?:"
    + _SECTION_CAPS
    + r"(?:\s+"
    + _SECTION_CAPS
    + r")*|(?:Prosecution|Protection|Prevention|Trafficking Profile):)"
    r"\s*:?\s+(?=[\"'(\[]?[A-Z])"
)
# A tier label inside running text (a page stored as one line), its country in capitals:
# "DOMINICA: TIER 2 The Government of Dominica ...".
_TIER_INLINE_RE = re.compile(
    r"(?:^|(?<=\s))(?P<caps>(?P<c1>[A-Z][A-Z'.&-]+(?:\s+[A-Z][A-Z'.&-]*){0,6})\s*[:(\[]\s*"
    r"(?P<tier>(?i:" + TIER_PATTERN + r"))[)\]]?)(?=\s+[\"'(\[]?[A-Z]|\s*$)"
)
_TIER_LINE_RE = re.compile(
    r"^[\W_]*(?P<country>[^\W\d_][\w .,'&-]{0,60}?)\s*(?P<sep>:|\||\(|\[|-|\s)\s*[(\[]?\s*"
    r"(?P<tier>" + TIER_PATTERN + r")\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIER_ONLY_RE = re.compile(r"^[\W_]*(?P<tier>" + TIER_PATTERN + r")[\W_]*$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?:\u2022\s*|\*+\s*(?=\S)|[\u00b7-]\s+|(?P<number>\(?\d{1,2}[.)]\s+))")
# A line ending with a word that takes a number: a number opening the next line is its own
# ("remained on Tier\n2."), not a numbered item.
_NUMBER_TAKER_RE = re.compile(
    r"\b(?:tier|no|nos|article|section|chapter|cap|act|part|paragraph|para|law|decree)\.?$",
    re.IGNORECASE,
)
# Inline: a bullet, a middle dot or an asterisk between spaces before a capital (" * Screen").
_INLINE_BULLET_RE = re.compile(r"\s*\u2022\s*|\s+\u00b7\s+|\s+\*\s+(?=[\"'(\[]?[A-Z])")


@dataclass
class Token:
    """One token: a sentence or a heading, the paragraph and piece (a line or a run of joined
    lines) it comes from, and for a tier line or a heading, the country and tier it names."""

    # "sentence", "heading" (of the recommendations), "section", "tier", or "contents" (a
    # page's table of contents: a run of section names, which opens no section).
    kind: str
    text: str
    para: int
    piece: int
    # The first sentence of a paragraph, a line bullet or an inline bullet.
    opens: bool = False
    country: str = ""
    tier: str = ""
    # The first sentence after a bullet (on its line or inline).
    bullet: bool = False


@dataclass
class _Run:
    """Lines joined into one piece of text, and whether a bullet opened it."""

    text: str
    bullet: bool = False


def _tier_line(line: str, previous_lines: list[str]) -> tuple[str, str] | None:
    """(country, tier) when the line states the country's tier, else None."""
    if len(line) > 200:
        return None
    only = _TIER_ONLY_RE.match(line)
    if only:
        for earlier in reversed(previous_lines):
            if is_chrome(earlier) or re.search(r"\d", earlier):
                continue
            if len(earlier) <= 60 and not is_complete(earlier):
                return tidy_country(earlier), canonical_tier(only.group("tier"))
            break
        return "", canonical_tier(only.group("tier"))
    match = _TIER_LINE_RE.match(line)
    if not match:
        return None
    rest = match.group("rest").strip()
    bracketed = match.group("sep") in "([" or line[: match.start("tier")].rstrip().endswith(
        ("(", "[")
    )
    if match.group("sep") == " " and not bracketed:
        return None
    # "BARBADOS (Tier 2) - Extracted from ..." may trail text; "X: Tier 2" may trail only marks.
    if rest and re.search(r"\w", rest) and not (bracketed and re.match(r"[)\]]", rest)):
        return None
    country = tidy_country(match.group("country"))
    if not country or len(country.split()) > 7:
        return None
    return country, canonical_tier(match.group("tier"))


def _split_inline(text: str, regex: re.Pattern, kind: str) -> list[tuple[str, str, str, str]]:
    """Cut text at the inline headings or tier labels ``regex`` finds: a list of (kind, text,
    country, tier) with kind "text" or ``kind``."""
    parts: list[tuple[str, str, str, str]] = []
    start = 0
    for match in regex.finditer(text):
        groups = match.groupdict()
        # Only a heading in capitals may follow words mid-sentence; others follow a sentence.
        preceding = text[: match.start()].rstrip()
        if not groups.get("caps") and preceding and preceding[-1] not in ".!?:\"')":
            continue
        before = text[start : match.start()].strip()
        if before:
            parts.append(("text", before, "", ""))
        country = groups.get("c1") or groups.get("c2") or ""
        tier = canonical_tier(groups["tier"]) if groups.get("tier") else ""
        parts.append((kind, match.group(0).strip(), country, tier))
        start = match.end()
    rest = text[start:].strip()
    if rest:
        parts.append(("text", rest, "", ""))
    return parts


@dataclass
class _Reading:
    """What reading the lines so far has found that later lines depend on."""

    chrome: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # A PDF copy repeats the country's name in capitals at the top of each page.
    running_header: str = ""


def _paragraph_pieces(paragraph: str, reading: _Reading) -> list:
    """A paragraph's pieces: joined runs of text (_Run), or (kind, line, country[, tier])."""
    pieces: list = []
    current: list[str] = []
    bulleted = False
    for line in paragraph.split("\n"):
        line = line.strip()
        if not line:
            continue
        if is_chrome(line) or line == reading.running_header:
            reading.chrome.append(line)
            continue
        tier = _tier_line(line, reading.lines)
        reading.lines.append(line)
        if tier and tier[0] and not reading.running_header:
            reading.running_header = tier[0].upper()
        special = None
        if tier:
            special = ("tier", line, *tier)
        elif heading := _RECS_HEADING_LINE_RE.match(line):
            special = ("heading", line, tidy_country(heading.group("country") or ""))
        elif _SECTION_LINE_RE.match(line):
            special = ("section", line, "")
        bullet = None if special else _BULLET_RE.match(line)
        if bullet and bullet.group("number") and current and _NUMBER_TAKER_RE.search(current[-1]):
            bullet = None
        if (special or bullet) and current:
            pieces.append(_Run(_join_lines(current), bulleted))
            current = []
        if special:
            pieces.append(special)
            continue
        if bullet:
            line = line[bullet.end() :].strip()
            bulleted = True
            if not line:
                continue
        elif not current:
            bulleted = False
        current.append(line)
    if current:
        pieces.append(_Run(_join_lines(current), bulleted))
    return pieces


def tokenize(text: str) -> tuple[list[Token], list[str]]:
    """The chapter as tokens, and the chrome lines that were left out."""
    tokens: list[Token] = []
    reading = _Reading()
    piece_id = 0
    for para_id, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        for piece in _paragraph_pieces(paragraph, reading):
            piece_id += 1
            if isinstance(piece, tuple):
                kind, line, country, *tier = piece
                tokens.append(
                    Token(kind, line, para_id, piece_id, True, country, tier[0] if tier else "")
                )
                continue
            bullet = piece.bullet
            for kind, part, country, tier in _piece_parts(piece.text):
                if kind == "section" and len(_SECTION_NAME_RE.findall(part)) > 1:
                    kind = "contents"
                if kind != "text":
                    tokens.append(
                        Token(kind, part, para_id, piece_id, True, tidy_country(country), tier)
                    )
                    continue
                for number, segment in enumerate(_INLINE_BULLET_RE.split(part)):
                    opens = True
                    bullet = bullet or number > 0
                    for sentence in split_sentences(segment.strip()):
                        tokens.append(
                            Token("sentence", sentence, para_id, piece_id, opens, bullet=bullet)
                        )
                        opens = bullet = False
    return tokens, reading.chrome


# Cheap tests that spare most paragraphs the slower inline-heading patterns.
_MAY_HOLD_HEADING_RE = re.compile(r"recommendations", re.IGNORECASE)
_MAY_HOLD_SECTION_RE = re.compile(
    r"PROSECUTION|PROTECTION|PREVENTION|TRAFFICKING PROFILE|"
    r"(?:Prosecution|Protection|Prevention|Profile):"
)
_MAY_HOLD_TIER_RE = re.compile(r"[A-Z]\s*[:(\[]\s*(?:tier|special)", re.IGNORECASE)
# Each inline pattern, the kind of token it cuts out and the cheap test before it, in order.
_INLINE = (
    (_RECS_HEADING_INLINE_RE, "heading", _MAY_HOLD_HEADING_RE),
    (_SECTION_INLINE_RE, "section", _MAY_HOLD_SECTION_RE),
    (_TIER_INLINE_RE, "tier", _MAY_HOLD_TIER_RE),
)


def _piece_parts(piece: str) -> list[tuple[str, str, str, str]]:
    """A piece cut at inline headings: (kind, text, country, tier) with kind "text",
    "heading" (of the recommendations, with the country it names), "section" or "tier" (a
    tier label, with its country and tier)."""
    parts = [("text", piece, "", "")]
    for regex, kind, may_hold in _INLINE:
        cut: list[tuple[str, str, str, str]] = []
        for part in parts:
            if part[0] == "text" and may_hold.search(part[1]):
                cut.extend(_split_inline(part[1], regex, kind))
            else:
                cut.append(part)
        parts = cut
    return parts


def _join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines; a word hyphenated at the end of a line keeps its hyphen."""
    parts = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if len(previous) > 1 and previous[-1] == "-" and previous[-2].isalpha():
            parts.append(line)
        else:
            parts.append(" " + line)
    return "".join(parts)
