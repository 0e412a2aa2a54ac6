"""Turn a TIP Report country chapter, as pasted from the web, into plain data.

Pure functions and dataclasses only: no database, no models. The import command and the admin's
import page both call :func:`parse_chapter` and hand the result to ``services.report_import_plan``.

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

import ftfy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .areas import classify_area

MAX_BYTES = 2 * 1024 * 1024
FIRST_REPORT_YEAR = 2001
LAST_PLAUSIBLE_YEAR = 2100

TIERS = ("Tier 2 Watch List", "Tier 1", "Tier 2", "Tier 3", "Special Case")
_TIER = r"(?:Tier\s+2\s+Watch\s*-?\s*List|Tier\s+[123](?!\d)|Special\s+Case)"


class ReportTextError(ValueError):
    """The text cannot be turned into a report; the message says why, in one line."""


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
    source_text: str
    warnings: list[str] = field(default_factory=list)
    # The year the text itself names ("2021 Trafficking in Persons Report"), if it names one.
    detected_year: int | None = None


# --- decoding and normalising ---------------------------------------------------------------

# (signature, what it is) for files people pick by mistake instead of a .txt.
_BINARY_SIGNATURES = (
    (b"%PDF-", gettext_noop("a PDF file")),
    (b"PK\x03\x04", gettext_noop("a Word or zip file")),
    (b"\xd0\xcf\x11\xe0", gettext_noop("an old Word file")),
    (b"\x89PNG", gettext_noop("an image")),
    (b"\xff\xd8\xff", gettext_noop("an image")),
    (b"GIF8", gettext_noop("an image")),
)


def _size_error() -> ReportTextError:
    return ReportTextError(_("The text is over 2 MB; a country chapter is far smaller."))


def decode(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252,
    else Latin-1. Refuses empty, binary and oversized input with a one-line reason."""
    if len(data) > MAX_BYTES:
        raise _size_error()
    if not data.strip():
        raise ReportTextError(_("The text is empty."))
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReportTextError(
                _("The file is %(kind)s, not text: copy the chapter's text into a .txt file.")
                % {"kind": _(kind)}
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportTextError(_("The file is not readable text.")) from None
    if b"\x00" in data:
        raise ReportTextError(_("The file is not text (it contains binary data)."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    if controls > max(8, len(text) // 200):
        raise ReportTextError(_("The file is not text (it contains binary data)."))
    return text


_FTFY = ftfy.TextFixerConfig(unescape_html=False, explain=False, normalization="NFC")

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2000": " ",
        "\u2001": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\t": " ",
        "\v": "\n",
        "\f": "\n",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u25cf": "\u2022",
        "\u25aa": "\u2022",
        "\u25e6": "\u2022",
        "\u2023": "\u2022",
        "\u2043": "\u2022",
        "\u2219": "\u2022",
        "\uf0b7": "\u2022",
    }
)
# An em or horizontal dash joins two words with spaces, so that no two words run into one.
_EM_DASH_RE = re.compile(r"\s*[\u2014\u2015]\s*")


def normalise(text: str) -> str:
    """Unify line endings, spaces, quotes and dashes; keep every word as it is."""
    text = ftfy.fix_text(text, _FTFY)
    text = text.translate(_TRANSLATE)
    text = _EM_DASH_RE.sub(" - ", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# --- web-page chrome ------------------------------------------------------------------------

_CHROME_PHRASES = [
    r"an official website of the united states government",
    r"here'?s how you know",
    r"official websites use \.gov",
    r"a \.gov website belongs to an official government organization in the united states\.?",
    r"secure \.gov websites use https",
    r"a lock \(\s*\)\s*or https:// means you'?ve safely connected to the \.gov website\.?",
    r"share sensitive information only on official,? secure websites\.?",
    r"(?:u\.s\.|united states) department of state",
    r"skip to (?:the )?(?:main )?content",
    r"office to monitor and combat trafficking in persons",
    r"(?:\d{4} )?trafficking in persons report(?:\s*[-:,]?\s*(?:june|july)?\s*\d{4})?",
    r"\d{4} trafficking in persons report\s*:\s*[^.]{2,60}",
    r"[^.\s][^.]{1,59} - united states department of state",
    r"home\s*[>/|].*",
    r"reports?\s*[>/|].*",
    r"(?:main )?menu|search|close|share|print|email|e-mail|facebook|twitter|x|linkedin",
    r"home|reports?|back to top|on this page|expand all|collapse all|tags?|related articles?",
    r"subscribe to updates|sign up for (?:email )?updates|subscribe",
    r"contact us|privacy policy|accessibility statement|copyright information|foia",
    r"no fear act|office of the inspector general|usa\.gov|white house|archives?",
    r"external link policy|disclaimer|careers|translations?|site map|faqs?",
    r"bureaus? (?:and|&) offices|countries (?:and|&) areas|news (?:and|&) events",
    r"policy issues|about (?:the )?(?:u\.s\. )?department of state|travel\.state\.gov",
    r"page \d{1,4}(?: of \d{1,4})?|\d{1,4}",
]
_CHROME_PHRASE_RES = [re.compile(f"(?:{p})(?!\\w)", re.IGNORECASE) for p in _CHROME_PHRASES]
_CHROME_SEPARATORS = " .|:>/\u2022*-"


def _is_chrome(line: str) -> bool:
    """Whether a line is only page chrome: banners, navigation, footers, page numbers.

    Reads the line phrase by phrase, taking the longest phrase at each point (no backtracking,
    so a long line costs little)."""
    if len(line) >= 300:
        return False
    position = len(line) - len(line.lstrip(_CHROME_SEPARATORS))
    if position == len(line):
        return False
    while position < len(line):
        longest = max(
            (m.end() for r in _CHROME_PHRASE_RES if (m := r.match(line, position))), default=None
        )
        if longest is None or longest == position:
            return False
        rest = line[longest:]
        position = longest + len(rest) - len(rest.lstrip(_CHROME_SEPARATORS))
    return True


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- sentences ------------------------------------------------------------------------------

# Words that end with a period without ending the sentence (besides dotted ones such as "U.S."
# and single initials).
_ABBREVIATIONS = _words(
    """
    e.g i.e etc no nos art arts sec secs para paras mr mrs ms dr st ste jr sr vs inc ltd co
    corp govt dept approx fig cf al ch chap vol op pp jan feb mar apr jun jul aug sep sept
    oct nov dec gen col lt sgt hon rev est
    """
)
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9]|[\"'(\[]?[A-Z][a-z]|\s*$)")
_WORD_BEFORE_RE = re.compile(r"(?:^|[\s(\"'/-])((?:[A-Za-z]\.)+[A-Za-z]?|[A-Za-z]+)$")


def _abbreviation_before(chunk: str) -> str | None:
    match = _WORD_BEFORE_RE.search(chunk)
    if not match:
        return None
    word = match.group(1)
    lowered = word.lower()
    if lowered in _ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper()):
        return lowered
    return None


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences, also where a period runs into the next capital.

    After an abbreviation ("U.S.", "e.g.", "No.") a sentence ends only if what follows opens a
    new recommendation (an imperative verb), or, after "etc.", any capitalised word.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if match.group(0).startswith("."):
            abbreviation = _abbreviation_before(text[start : match.start()])
            if abbreviation:
                following = text[match.end() :].lstrip()
                if following and not (
                    (abbreviation == "etc" and following[:1].isupper())
                    or _opens_recommendation(following)
                ):
                    continue
        chunk = text[start : match.end()].strip()
        if chunk:
            sentences.append(chunk)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def is_complete(sentence: str) -> bool:
    """Whether a sentence ends as a sentence does (and not with an ellipsis)."""
    return bool(re.search(r"(?<!\.\.)[.!?][\"')\]]*$", sentence))


# --- imperative sentences -------------------------------------------------------------------

# Verbs the report opens its recommendations with.
IMPERATIVE_VERBS = _words(
    """
    abolish accede accelerate accept address adjust adopt afford align allocate allow amend
    apply appoint apprehend approve arrest assess assign assist audit authorize ban bolster
    bring budget build cease charge clarify classify codify collaborate collect combat
    commit compile complete conclude conduct confirm consider consult continue convene
    convict cooperate coordinate counter create criminalize decriminalize dedicate define
    deliver deploy designate detect deter develop devote disburse discontinue dismantle
    disrupt disseminate document draft educate eliminate empower enable enact encourage end
    enforce engage enhance enroll ensure equip eradicate establish evaluate examine exempt
    expand expedite explore extend facilitate finalize finance finish focus formalize
    formulate foster fund grant guarantee guide halt harmonize help hire hold identify
    implement improve include incorporate increase inform initiate inspect institute
    institutionalize integrate intensify introduce investigate involve issue keep launch
    legislate leverage license lift limit maintain make mandate mobilize modify monitor
    negotiate notify obtain offer operationalize oversee partner pass penalize permit pilot
    prevent prioritize proceed prohibit promote prosecute protect provide publish punish
    pursue raise ratify recognize recruit reduce refer refrain reform register regulate
    reinstate reintegrate reject remove repeal replace report require resource respect
    respond restore resume review revise revoke scale screen secure seek sensitize sentence
    set share sign simplify stop standardize streamline strengthen study submit support
    sustain systematize take target teach track train transfer undertake update upgrade use
    utilize verify waive widen work invest uphold reinforce resolve revamp disaggregate digitize
    withdraw host adhere comply regularize allot reopen restrict vet accord form direct instruct
    begin start commence expel deny
    """
)
# Verbs that are also nouns opening a narrative sentence ("Support for victims was limited").
_AMBIGUOUS_VERBS = _words(
    """
    support use report work fund issue record target review sentence study charge document
    end help address set share partner focus finance license resource budget draft permit
    register guide limit lift ban pilot
    """
)
_ADVERBS = _words(
    """
    also further again jointly
    """
)
_FINITE_WORDS = _words(
    """
    is was were are has have had did does do can could will would should may might must
    remained remains continued continues reported reports increased decreased maintained
    made provided received began been being
    """
)
_LEADING_PHRASE_RE = re.compile(
    r"^(?:In|With|Through|While|Within|Under|As|Together|Alongside|Where|Given|Building|"
    r"Following|Using|Consistent|Per|Before|After|Upon|To|For|Among|At)\b[^.;]{0,160}?,\s+"
    r"(?:and\s+)?(?P<rest>[a-z][^.;]*)"
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (len(word) > 4 and word.endswith("ly"))


def _verb_at(words: list[str]) -> bool:
    """Whether the words open with a verb, after any adverbs ("Proactively and fully identify")."""
    index = 0
    while index < len(words) - 1 and (_is_adverb(words[index]) or words[index] == "and"):
        index += 1
    if index >= len(words):
        return False
    word = words[index]
    if index > 0 and word.endswith(("ize", "ise", "ify")):
        return True
    return word in IMPERATIVE_VERBS


def _opens_recommendation(text: str) -> bool:
    words = [w.lower() for w in _WORD_RE.findall(text[:80])]
    return bool(words) and text.lstrip("\"'([")[:1].isupper() and _verb_at(words)


def looks_imperative(sentence: str) -> bool:
    """Whether a sentence reads as a recommendation: it opens with a verb in the imperative."""
    stripped = sentence.lstrip("\"'([ ")
    if not stripped[:1].isupper():
        return False
    words = [w.lower() for w in _WORD_RE.findall(stripped)]
    if len(words) < 2:
        return False
    first = words[0]
    if first == "do" and words[1] == "not":
        return _verb_at(words[2:])
    if first == "never":
        return _verb_at(words[1:])
    if first in IMPERATIVE_VERBS:
        # "Support was limited", "Support for victims remained weak": a noun, not a verb.
        return words[1] not in _FINITE_WORDS and not (
            first in _AMBIGUOUS_VERBS and any(w in _FINITE_WORDS for w in words[1:7])
        )
    if len(first) >= 6 and first.endswith(("ize", "ify")) and words[1] not in _FINITE_WORDS:
        return True
    if _is_adverb(first):
        return _verb_at(words)
    leading = _LEADING_PHRASE_RE.match(stripped)
    if leading:
        return _verb_at([w.lower() for w in _WORD_RE.findall(leading.group("rest"))])
    return False


# --- tokens ---------------------------------------------------------------------------------

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
_SECTION_LINE_RE = re.compile(r"^[#*\s]*(?:" + _SECTIONS + r")\s*:?[*\s]*$", re.IGNORECASE)
_SECTION_INLINE_RE = re.compile(
    r"(?:^|(?<=[.!?\"')]\s)|(?<=[.!?\"')]))\s*(?:PROSECUTION|PROTECTION|PREVENTION|"
    r"TRAFFICKING PROFILE|(?:Prosecution|Protection|Prevention|Trafficking Profile):)"
    r"\s*:?\s+(?=[\"'(\[]?[A-Z])"
)
_TIER_LINE_RE = re.compile(
    r"^[\W_]*(?P<country>[^\W\d_][\w .,'&-]{0,60}?)\s*(?P<sep>:|\||\(|\[|-|\s)\s*[(\[]?\s*"
    r"(?P<tier>" + _TIER + r")\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIER_ONLY_RE = re.compile(r"^[\W_]*(?P<tier>" + _TIER + r")[\W_]*$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?:\u2022\s*|\*+\s*(?=\S)|[\u00b7-]\s+|\(?\d{1,2}[.)]\s+)")
_INLINE_BULLET_RE = re.compile(r"\s*\u2022\s*|\s+\u00b7\s+")


@dataclass
class _Token:
    kind: str  # "sentence", "heading" (of the recommendations), "section", "tier"
    text: str
    para: int
    piece: int
    # The first sentence of a paragraph, a line bullet or an inline bullet.
    opens: bool = False
    country: str = ""
    tier: str = ""


def _tier_line(line: str, previous_lines: list[str]) -> tuple[str, str] | None:
    """(country, tier) when the line states the country's tier, else None."""
    if len(line) > 200:
        return None
    only = _TIER_ONLY_RE.match(line)
    if only:
        for earlier in reversed(previous_lines):
            if _is_chrome(earlier) or re.search(r"\d", earlier):
                continue
            if len(earlier) <= 60 and not is_complete(earlier):
                return _tidy_country(earlier), _canonical_tier(only.group("tier"))
            break
        return "", _canonical_tier(only.group("tier"))
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
    country = _tidy_country(match.group("country"))
    if not country or len(country.split()) > 7:
        return None
    return country, _canonical_tier(match.group("tier"))


def _split_inline(text: str, regex: re.Pattern, kind: str) -> list[tuple[str, str, str]]:
    """Cut text at inline headings: a list of (kind, text, country) with kind "text" or kind."""
    parts: list[tuple[str, str, str]] = []
    start = 0
    for match in regex.finditer(text):
        groups = match.groupdict()
        # Only a heading in capitals may follow words mid-sentence; others follow a sentence.
        preceding = text[: match.start()].rstrip()
        if not groups.get("caps") and preceding and preceding[-1] not in ".!?:\"')":
            continue
        before = text[start : match.start()].strip()
        if before:
            parts.append(("text", before, ""))
        country = groups.get("c1") or groups.get("c2") or ""
        parts.append((kind, match.group(0).strip(), country))
        start = match.end()
    rest = text[start:].strip()
    if rest:
        parts.append(("text", rest, ""))
    return parts


@dataclass
class _Reading:
    """What reading the lines so far has found that later lines depend on."""

    chrome: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # A PDF copy repeats the country's name in capitals at the top of each page.
    running_header: str = ""


def _paragraph_pieces(paragraph: str, reading: _Reading) -> list:
    """A paragraph's pieces: joined runs of text (str), or (kind, line, country[, tier])."""
    pieces: list = []
    current: list[str] = []
    for line in paragraph.split("\n"):
        line = line.strip()
        if not line:
            continue
        if _is_chrome(line) or line == reading.running_header:
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
            special = ("heading", line, _tidy_country(heading.group("country") or ""))
        elif _SECTION_LINE_RE.match(line):
            special = ("section", line, "")
        bullet = None if special else _BULLET_RE.match(line)
        if (special or bullet) and current:
            pieces.append(_join_lines(current))
            current = []
        if special:
            pieces.append(special)
            continue
        if bullet:
            line = line[bullet.end() :].strip()
            if not line:
                continue
        current.append(line)
    if current:
        pieces.append(_join_lines(current))
    return pieces


def _tokens(text: str) -> tuple[list[_Token], list[str]]:
    """The chapter as tokens, and the chrome lines that were left out."""
    tokens: list[_Token] = []
    reading = _Reading()
    piece_id = 0
    for para_id, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        for piece in _paragraph_pieces(paragraph, reading):
            piece_id += 1
            if isinstance(piece, tuple):
                kind, line, country, *tier = piece
                tokens.append(
                    _Token(kind, line, para_id, piece_id, True, country, tier[0] if tier else "")
                )
                continue
            for kind, part, country in _piece_parts(piece):
                if kind != "text":
                    tokens.append(
                        _Token(kind, part, para_id, piece_id, True, _tidy_country(country))
                    )
                    continue
                for segment in _INLINE_BULLET_RE.split(part):
                    opens = True
                    for sentence in split_sentences(segment.strip()):
                        tokens.append(_Token("sentence", sentence, para_id, piece_id, opens))
                        opens = False
    return tokens, reading.chrome


# Cheap tests that spare most paragraphs the slower inline-heading patterns.
_MAY_HOLD_HEADING_RE = re.compile(r"recommendations", re.IGNORECASE)
_MAY_HOLD_SECTION_RE = re.compile(
    r"PROSECUTION|PROTECTION|PREVENTION|TRAFFICKING PROFILE|"
    r"(?:Prosecution|Protection|Prevention|Profile):"
)


def _piece_parts(piece: str) -> list[tuple[str, str, str]]:
    """A piece cut at inline headings: (kind, text, country) with kind "text", "heading" (of
    the recommendations, with the country it names) or "section"."""
    if _MAY_HOLD_HEADING_RE.search(piece):
        split = _split_inline(piece, _RECS_HEADING_INLINE_RE, "heading")
    else:
        split = [("text", piece, "")]
    parts: list[tuple[str, str, str]] = []
    for kind, text, country in split:
        if kind == "text" and _MAY_HOLD_SECTION_RE.search(text):
            parts.extend(_split_inline(text, _SECTION_INLINE_RE, "section"))
        else:
            parts.append((kind, text, country))
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


# --- country, tier and year -----------------------------------------------------------------

_SMALL_WORDS = {"and", "of", "the", "da", "de", "du", "del", "la", "le", "des", "y", "e"}


def _tidy_country(raw: str) -> str:
    raw = re.sub(r"\s*\([^)]*\)?\s*$", "", raw)
    raw = re.sub(r"\s+", " ", raw).strip(" .,:;-'\"*#|[]")
    if raw.isupper():
        words = []
        for index, word in enumerate(raw.lower().split(" ")):
            if index and word in _SMALL_WORDS:
                words.append(word)
            elif re.match(r"^[a-z]'[a-z]", word):
                words.append(word[:2] + word[2:].capitalize())
            else:
                words.append("-".join(part.capitalize() for part in word.split("-")))
        raw = " ".join(words)
    return raw


def _canonical_tier(raw: str) -> str:
    raw = re.sub(r"[\s-]+", " ", raw).strip().lower()
    for tier in TIERS:
        if raw.replace(" ", "") == tier.lower().replace(" ", ""):
            return tier
    raise ReportTextError(_("Unknown tier %(tier)r.") % {"tier": raw})


_INTRO_RE = re.compile(
    r"\b(?:does\s+not\s+(?:fully\s+)?(?:meet|comply\s+with)|fully\s+(?:meets|complies\s+with))"
    r"\s+the\s+minimum\s+standards",
    re.IGNORECASE,
)
_TIER_STATEMENT_RE = re.compile(
    r"\b(?:remain(?:s|ed)?|(?:up|down)graded|placed|moved|ranked|kept|returned)"
    r"(?:\s+[\w,]+){0,5}?\s+(?:on|to|at|as|a)\s+(?:the\s+)?(?P<tier>" + _TIER + r")",
    re.IGNORECASE,
)
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:would|could|otherwise|if|unless|not)\b[^.;]{0,80}$|\bwaiver\s+from\b", re.IGNORECASE
)
_GOVERNMENT_OF_RE = re.compile(
    r"\bGovernment\s+of\s+(?:the\s+)?(?P<country>[^\W\d_][\w'.,&\s-]{1,60}?)\s*(?:\([^)]*\)\s*)?"
    r"(?:does|did|fully|is|has|was|continues|continued|demonstrated|made)\b"
)
_YEAR_PATTERNS = [
    re.compile(r"\b(20\d\d)\s+(?:Trafficking\s+in\s+Persons|TIP)\s+Report\b", re.IGNORECASE),
    re.compile(
        r"\bTrafficking\s+in\s+Persons\s+Report\s*[,:-]?\s*(?:June\s+|July\s+)?(20\d\d)\b",
        re.IGNORECASE,
    ),
    re.compile(r"/reports/(20\d\d)-trafficking-in-persons-report", re.IGNORECASE),
]


def _tier_from_statement(text: str) -> str | None:
    """The tier a sentence of the introduction places the country on ("remained on Tier 2")."""
    for match in _TIER_STATEMENT_RE.finditer(text):
        clause_start = max(text.rfind(";", 0, match.start()), text.rfind(".", 0, match.start()))
        before = text[clause_start + 1 : match.start("tier")]
        if _HYPOTHETICAL_RE.search(before):
            continue
        return _canonical_tier(match.group("tier"))
    return None


def _tier_from_standards(text: str) -> str | None:
    """Tier 1 and Tier 3 follow from the standards sentence alone; Tier 2 and the Watch List
    do not, so those need the sentence that names the tier."""
    if re.search(r"\bfully\s+(?:meets|complies\s+with)\s+the\s+minimum\s+standards", text, re.I):
        return "Tier 1"
    if re.search(r"\bis\s+not\s+making\s+significant\s+efforts", text, re.I):
        return "Tier 3"
    return None


def detect_year(text: str, *, header_end: int | None = None) -> int | None:
    """The report's year when the text names it with confidence, else None.

    A year counts when it is stated as the report's ("2021 Trafficking in Persons Report",
    "TRAFFICKING IN PERSONS REPORT JUNE 2021", a state.gov address). The page's header wins over
    links further down; if the mentions disagree, no year is detected.
    """
    found: list[tuple[int, int]] = []
    for pattern in _YEAR_PATTERNS:
        found.extend((m.start(), int(m.group(1))) for m in pattern.finditer(text))
    if header_end is not None:
        header = {year for position, year in found if position < header_end}
        if len(header) == 1:
            return header.pop()
    years = {year for _position, year in found}
    return years.pop() if len(years) == 1 else None


# --- the chapter ----------------------------------------------------------------------------


def parse_chapter(raw: str | bytes, *, year: int | None = None) -> ParsedChapter:
    """Parse one country chapter. Raises ReportTextError with a one-line reason."""
    if isinstance(raw, bytes):
        text = decode(raw)
    else:
        if len(raw) > MAX_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise _size_error()
        text = raw
    text = normalise(text)
    if not text:
        raise ReportTextError(_("The text is empty."))
    tokens, _chrome = _tokens(text)
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
    if detected is not None and not FIRST_REPORT_YEAR <= detected <= LAST_PLAUSIBLE_YEAR:
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
        warnings=warnings,
        detected_year=detected,
    )


def _recommendations_start(
    tokens: list[_Token], intro: int | None, tier_index: int | None
) -> tuple[int | None, _Token | None]:
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


def _starts_list(token: _Token) -> bool:
    if token.kind != "sentence":
        return False
    if looks_imperative(token.text):
        return True
    return not is_complete(token.text) and _opens_recommendation(token.text)


def _collect(
    tokens: list[_Token], start: int, warnings: list[str], *, headed: bool = False
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
            and _opens_recommendation(token.text)
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


def _substance_after(tokens: list[_Token], index: int) -> bool:
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
    tokens: list[_Token],
    intro: int | None,
    tier_index: int | None,
    heading: _Token | None,
    text: str,
) -> str:
    if tier_index is not None and tokens[tier_index].country:
        return tokens[tier_index].country
    if heading is not None and heading.country:
        return heading.country
    if intro is not None:
        match = _GOVERNMENT_OF_RE.search(tokens[intro].text)
        if match:
            return _tidy_country(match.group("country"))
    match = re.search(r"\b20\d\d Trafficking in Persons Report\s*:\s*([^\n.]{2,60})", text)
    return _tidy_country(match.group(1)) if match else ""


def _find_tier(
    tokens: list[_Token], intro: int | None, tier_index: int | None, start: int
) -> str | None:
    if tier_index is not None and tier_index < start:
        return tokens[tier_index].tier
    if intro is not None:
        paragraph = [t.text for t in tokens[intro:start] if t.para == tokens[intro].para]
        for sentence in paragraph:
            tier = _tier_from_statement(sentence)
            if tier:
                return tier
    before = [t.text for t in tokens[:start] if t.kind == "sentence"]
    for sentence in before:
        tier = _tier_from_statement(sentence)
        if tier:
            return tier
    if intro is not None:
        return _tier_from_standards(tokens[intro].text)
    return None


def _source_text(tokens: list[_Token], intro: int | None, tier_index: int | None, end: int) -> str:
    """The narrative kept with the report: the sections after the recommendations, and, in the
    older layouts that open with it, the trafficking profile before the introduction."""
    before: list[_Token] = []
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
