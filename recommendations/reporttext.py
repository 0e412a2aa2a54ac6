"""Turn a TIP Report country chapter, as pasted from the web, into plain data.

Pure functions and dataclasses only: no database, no Django models. The importer command and the
admin's import page both call :func:`parse_chapter` and then hand the result to
``services.report_import``.

The chapter's shape varies from year to year and from one copy to the next (see the tests'
fixtures): a tier line or only a sentence in the introduction, a "Prioritized Recommendations"
heading or none, recommendations as bullets, lines, paragraphs, hard-wrapped text, or run
together with no space after the period, and web-page chrome before and after.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .areas import classify_area

MAX_BYTES = 2 * 1024 * 1024

TIERS = ("Tier 2 Watch List", "Tier 1", "Tier 2", "Tier 3", "Special Case")

_TIER_RE = r"(Tier\s+2\s+Watch\s+List|Tier\s+[123](?!\d)|Special\s+Case)"


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


# --- decoding and normalising ---------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2022": "\u2022",
        "\t": " ",
    }
)


def decode(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if not data or not data.strip():
        raise ReportTextError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise ReportTextError(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; a chapter is at most 2 MB."
        )
    if b"\x00" in data:
        raise ReportTextError("The file is not text (it contains binary data).")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(8, len(text) // 100):
        raise ReportTextError("The file is not text (it contains binary data).")
    return text


def normalise(text: str) -> str:
    """Unify line endings, spaces, quotes and dashes; keep every word as it is."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_TRANSLATE)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# --- sentences ------------------------------------------------------------------------------

# Words that end with a period without ending the sentence.
_ABBREVIATIONS = {
    "u.s",
    "u.n",
    "u.k",
    "e.g",
    "i.e",
    "etc",
    "no",
    "nos",
    "art",
    "arts",
    "sec",
    "para",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "vs",
    "inc",
    "ltd",
    "co",
    "govt",
    "dept",
    "approx",
    "fig",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "cf",
    "al",
    "ch",
    "chap",
    "vol",
    "op",
    "p",
    "pp",
}
_BULLET_RE = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043*\-]|\d{1,2}[.)])\s+")
_INLINE_BULLET_RE = re.compile(r"\s+[\u2022\u25cf\u25aa]\s+|\s*[\u2022\u25cf\u25aa]\s*")


def _ends_with_abbreviation(chunk: str) -> bool:
    match = re.search(r"(?:^|[\s(\"'])((?:[A-Za-z]\.)*[A-Za-z]+)$", chunk)
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, also where a period runs into the next capital."""
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9]|[A-Z][a-z]|\s*$)", paragraph):
        end = match.end()
        chunk = paragraph[start:end].strip()
        if not chunk:
            continue
        before = paragraph[start : match.start()]
        if match.group(0).startswith(".") and _ends_with_abbreviation(before):
            following = paragraph[end:].lstrip()
            # "U.S." ends a sentence only when what follows cannot continue it.
            if not following or not _starts_sentence_after_abbreviation(before, following):
                continue
        sentences.append(chunk)
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _starts_sentence_after_abbreviation(before: str, following: str) -> bool:
    word = re.search(r"([A-Za-z.]+)$", before).group(1).lower()
    if word in {"etc"}:
        return following[:1].isupper()
    return False


# --- imperative sentences -------------------------------------------------------------------

_NOT_IMPERATIVE_STARTS = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "it",
    "their",
    "there",
    "they",
    "he",
    "she",
    "we",
    "our",
    "his",
    "her",
    "in",
    "on",
    "at",
    "during",
    "since",
    "after",
    "before",
    "as",
    "although",
    "though",
    "while",
    "however",
    "moreover",
    "furthermore",
    "government",
    "governments",
    "authorities",
    "officials",
    "observers",
    "ngos",
    "according",
    "both",
    "all",
    "some",
    "many",
    "most",
    "no",
    "none",
    "one",
    "two",
    "three",
    "several",
    "each",
    "every",
    "local",
    "foreign",
    "civil",
    "if",
    "when",
    "because",
    "despite",
    "unlike",
    "for",
    "from",
    "with",
    "without",
    "by",
    "of",
    "to",
    "over",
    "under",
    "between",
    "among",
    "trafficking",
    "traffickers",
    "victims",
    "children",
    "women",
    "men",
    "here's",
    "here",
    "official",
    "secure",
    "share",
    "skip",
    "home",
    "menu",
    "search",
    "print",
}
_FINITE_SECOND_WORDS = {
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "did",
    "does",
    "do",
    "can",
    "could",
    "will",
    "would",
    "should",
    "may",
    "might",
    "must",
    "reported",
    "remained",
    "continued",
    "increased",
    "decreased",
    "maintained",
    "made",
    "demonstrated",
    "identified",
    "provided",
}
# Verbs the report opens its recommendations with; a sentence opening with another word that
# looks like a base-form verb is also accepted (see _looks_imperative).
_IMPERATIVE_VERBS = {
    "adopt",
    "allocate",
    "amend",
    "apply",
    "approve",
    "assess",
    "assign",
    "build",
    "collect",
    "complete",
    "conduct",
    "consider",
    "continue",
    "coordinate",
    "create",
    "criminalize",
    "dedicate",
    "designate",
    "develop",
    "educate",
    "eliminate",
    "enact",
    "encourage",
    "enforce",
    "engage",
    "enhance",
    "ensure",
    "establish",
    "expand",
    "finalize",
    "fund",
    "hire",
    "hold",
    "identify",
    "implement",
    "improve",
    "increase",
    "institute",
    "institutionalize",
    "investigate",
    "issue",
    "launch",
    "maintain",
    "monitor",
    "offer",
    "pass",
    "prevent",
    "prioritize",
    "proactively",
    "promote",
    "prosecute",
    "protect",
    "provide",
    "raise",
    "reduce",
    "refer",
    "regulate",
    "reform",
    "remove",
    "require",
    "revise",
    "screen",
    "seek",
    "sensitize",
    "share",
    "standardize",
    "strengthen",
    "support",
    "take",
    "train",
    "update",
    "use",
    "vigorously",
    "work",
    "formally",
    "fully",
    "systematically",
    "consistently",
    "effectively",
    "adequately",
    "significantly",
    "routinely",
    "promptly",
    "respect",
    "convict",
    "punish",
    "exempt",
    "extend",
    "partner",
    "publish",
    "record",
    "report",
    "track",
    "empower",
    "grant",
    "harmonize",
    "incorporate",
    "inform",
    "integrate",
    "make",
    "mandate",
    "negotiate",
    "operationalize",
    "oversee",
    "ratify",
    "reinstate",
    "resume",
    "review",
    "set",
    "sign",
    "submit",
    "target",
    "undertake",
    "give",
    "address",
    "allow",
    "authorize",
    "clarify",
    "codify",
    "conclude",
    "define",
    "disburse",
    "draft",
    "enable",
    "equip",
    "facilitate",
    "formalize",
    "budget",
    "bolster",
}
_ADVERB_RE = re.compile(r"^[A-Za-z]+ly$")


def _looks_imperative(sentence: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", sentence)
    if len(words) < 3 or not sentence[:1].isalpha() or not sentence[:1].isupper():
        return False
    first = words[0].lower()
    second = words[1].lower()
    if first in _IMPERATIVE_VERBS:
        return second not in _FINITE_SECOND_WORDS
    if first in _NOT_IMPERATIVE_STARTS or second in _FINITE_SECOND_WORDS:
        return False
    if _ADVERB_RE.match(first):
        return second in _IMPERATIVE_VERBS or not second.endswith(("ed", "s"))
    if first.endswith("ed") or (first.endswith("s") and not first.endswith("ss")):
        return False
    return words[0][1:].islower() and second.islower()


# --- the chapter ----------------------------------------------------------------------------

_CHROME_PATTERNS = [
    r"an official website of the united states government",
    r"here's how you know",
    r"official websites use \.gov",
    r"a \.gov website belongs to",
    r"secure \.gov websites use https",
    r"a lock \( ?\) or https://",
    r"share sensitive information only",
    r"^u\.s\. department of state$",
    r"^skip to (main )?content",
]
_CHROME_RE = re.compile("|".join(_CHROME_PATTERNS), re.IGNORECASE)
_INTRO_RE = re.compile(
    r"(does not fully meet|fully meets?|does not meet|minimum standards for the elimination)",
    re.IGNORECASE,
)
_HEADING_RE = re.compile(r"prioriti[sz]ed\s+recommendations\s*:?", re.IGNORECASE)
_SECTION_RE = re.compile(
    r"^(prosecution|protection|prevention|trafficking profile|partnership)\s*:?\s*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"\b(20\d\d)\s+Trafficking in Persons Report\b", re.IGNORECASE)


def parse_chapter(raw: str | bytes, *, year: int | None = None) -> ParsedChapter:
    """Parse one country chapter. Raises ReportTextError with a one-line reason."""
    text = decode(raw) if isinstance(raw, bytes) else raw
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ReportTextError("The text is over 2 MB; a chapter is at most 2 MB.")
    text = normalise(text)
    if not text:
        raise ReportTextError("The file is empty.")
    paragraphs = _paragraphs(text)
    country, tier, tier_index = _find_country_and_tier(paragraphs)
    intro_index = _intro_index(paragraphs, tier_index)
    recommendations, warnings, last_index = _find_recommendations(paragraphs, intro_index)
    if not recommendations:
        raise ReportTextError("No prioritized recommendations were found in the text.")
    if year is None:
        year = _detect_year(text)
    summary = paragraphs[intro_index] if intro_index is not None else ""
    body = [p for p in paragraphs[last_index + 1 :] if not _CHROME_RE.search(p)]
    parsed = [
        ParsedRecommendation(position=i, text=t, area=a.area, area_reason=a.reason)
        for i, t in enumerate(recommendations, start=1)
        for a in [classify_area(t)]
    ]
    return ParsedChapter(
        country=country,
        year=year,
        tier=tier,
        summary=summary,
        recommendations=parsed,
        source_text="\n\n".join(body),
        warnings=warnings,
    )


def _paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines; each keeps its line breaks."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _canonical_tier(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw).strip()
    for tier in TIERS:
        if raw.lower() == tier.lower():
            return tier
    raise ReportTextError(f"Unknown tier {raw!r}.")


_TIER_LINE_RE = re.compile(
    r"^[\s\"'*#]*(?P<country>[A-Za-z][A-Za-z .,'&()-]*?)\s*[:(\[-]+\s*"
    + _TIER_RE
    + r"\s*[)\]]*\W*$",
    re.IGNORECASE,
)
_TIER_SENTENCE_RE = re.compile(
    r"(?:remain(?:s|ed)?|(?:was|is|were|been)\s+(?:placed|ranked|moved|kept)|"
    r"(?:down|up)grad(?:ed|e)|placed|moved|ranked|is|was)\s+(?:on|to|at|as)\s+(?:the\s+)?"
    + _TIER_RE,
    re.IGNORECASE,
)
_COUNTRY_IN_INTRO_RE = re.compile(
    r"\bThe\s+Governments?\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w'.-]*(?:\s+(?:and\s+|of\s+|the\s+)?"
    r"[A-Z][\w'.-]*)*)"
)


def _find_country_and_tier(paragraphs: list[str]) -> tuple[str, str, int | None]:
    for index, paragraph in enumerate(paragraphs):
        for line in paragraph.split("\n"):
            match = _TIER_LINE_RE.match(line)
            if match and len(line) < 120:
                country = _tidy_country(match.group("country"))
                if country:
                    return country, _canonical_tier(match.group(2)), index
    for paragraph in paragraphs:
        if not _INTRO_RE.search(paragraph):
            continue
        match = _TIER_SENTENCE_RE.search(paragraph)
        country_match = _COUNTRY_IN_INTRO_RE.search(paragraph)
        if match and country_match:
            return (
                _tidy_country(country_match.group("country")),
                _canonical_tier(match.group(1)),
                None,
            )
        if country_match and not match:
            raise ReportTextError(
                f"Could not find the tier for {_tidy_country(country_match.group('country'))}."
            )
    raise ReportTextError("Could not find the country and its tier in the text.")


def _tidy_country(raw: str) -> str:
    raw = re.sub(r"\s+", " ", raw).strip(" .,:;-()'\"")
    raw = re.sub(r"\s+(?:does|did|is|has|was)$", "", raw)
    if raw.isupper():
        raw = " ".join(
            w.lower() if w.lower() in {"and", "of", "the"} else w.capitalize() for w in raw.split()
        )
    return raw


def _intro_index(paragraphs: list[str], tier_index: int | None) -> int | None:
    start = tier_index + 1 if tier_index is not None else 0
    for index in range(start, len(paragraphs)):
        if _INTRO_RE.search(paragraphs[index]):
            return index
    return tier_index


def _find_recommendations(
    paragraphs: list[str], intro_index: int | None
) -> tuple[list[str], list[str], int]:
    """The recommendations, any warnings, and the index of the last paragraph they use."""
    start = intro_index + 1 if intro_index is not None else 0
    # A heading moves the start to just after it, even inside a paragraph.
    for index in range(start if intro_index is not None else 0, len(paragraphs)):
        match = _HEADING_RE.search(paragraphs[index])
        if match:
            rest = paragraphs[index][match.end() :].strip()
            remaining = ([rest] if rest else []) + paragraphs[index + 1 :]
            found, warnings, used = _collect(remaining)
            return found, warnings, index + max(used - (1 if rest else 0), 0)
    found, warnings, used = _collect(paragraphs[start:])
    return found, warnings, start + used - 1


def _collect(paragraphs: list[str]) -> tuple[list[str], list[str], int]:
    """Take imperative sentences from the top until the first paragraph that is not one."""
    found: list[str] = []
    warnings: list[str] = []
    used = 0
    for paragraph in paragraphs:
        if _SECTION_RE.match(paragraph.split("\n")[0]) and found:
            break
        if _CHROME_RE.search(paragraph) and not found:
            used += 1
            continue
        sentences = _paragraph_items(paragraph)
        items = [s for s in sentences if _looks_imperative(s)]
        if not items:
            if found:
                break
            used += 1
            continue
        if len(items) < len(sentences):
            # Recommendations end where the narrative starts, even inside a paragraph.
            first_other = next(i for i, s in enumerate(sentences) if not _looks_imperative(s))
            if found or first_other > 0:
                found.extend(sentences[:first_other])
                used += 1
                break
            used += 1
            continue
        found.extend(items)
        used += 1
    found = _split_semicolon_lists(found)
    if found and not re.search(r"[.!?][\"')]*$", found[-1]):
        warnings.append(
            f"The text ends in the middle of a recommendation, which was left out: "
            f"{found[-1][:120]!r}"
        )
        found.pop()
    return found, warnings, max(used, 1)


def _paragraph_items(paragraph: str) -> list[str]:
    """Sentences of a paragraph, whether bulleted, one per line, wrapped or run together."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    pieces: list[str] = []
    current = ""
    for line in lines:
        bulleted = bool(_BULLET_RE.match(line))
        line = _BULLET_RE.sub("", line).strip()
        if not line:
            continue
        if bulleted or not current or re.search(r"[.!?:][\"')]*$", current):
            if current:
                pieces.append(current)
            current = line
        else:
            current = f"{current} {line}"
    if current:
        pieces.append(current)
    sentences: list[str] = []
    for piece in pieces:
        for part in _INLINE_BULLET_RE.split(piece):
            part = part.strip()
            if part:
                sentences.extend(split_sentences(part))
    return sentences


def _split_semicolon_lists(found: list[str]) -> list[str]:
    """Before 2019 the recommendations were one sentence of clauses separated by semicolons."""
    if len(found) != 1 or found[0].count(";") < 2:
        return found
    clauses = [c.strip() for c in found[0].rstrip(".").split(";")]
    clauses = [re.sub(r"^and\s+", "", c) for c in clauses if c]
    if not all(_looks_imperative(c[:1].upper() + c[1:] + ".") for c in clauses):
        return found
    return [c[:1].upper() + c[1:] + "." for c in clauses]


def _detect_year(text: str) -> int | None:
    years = {int(y) for y in _YEAR_RE.findall(text)}
    return years.pop() if len(years) == 1 else None


def derive_title(text: str, limit: int = 80) -> str:
    """A short label: the recommendation's first clause, cut at a word boundary."""
    text = text.strip().rstrip(".")
    clause = re.split(r"[;:]|,\s+(?:and\s+)?(?:including|such as|in order to)\b", text)[0]
    if len(clause) <= limit:
        return clause
    cut = clause[: limit - 1].rsplit(" ", 1)[0].rstrip(",;: ")
    return f"{cut}…"
