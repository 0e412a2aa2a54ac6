"""Countries, tiers and years: what a chapter says about whom it is, where it stands, and when.

The key country names are compared by (:func:`country_key`), a name tidied from the text (and
initials such as "the RMI" spelt out), the tier from a tier line or a sentence of the
introduction ("remained on Tier 2"), and the report's year when the text states it. Plain text
in, plain values out: no database.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from .decoding import ReportTextError

TIERS = ("Tier 2 Watch List", "Tier 1", "Tier 2", "Tier 3", "Special Case")
# A tier however the text writes it, for the patterns of tier lines and tier statements.
TIER_PATTERN = r"(?:Tier\s+2\s+Watch\s*-?\s*List|Tier\s+[123](?!\d)|Special\s+Case)"


def country_key(name: str) -> str:
    """A name reduced so that "St. Lucia", "SAINT LUCIA", "Saint-Lucia" and "Bahamas, The"
    compare equal to "Saint Lucia" and "The Bahamas"."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    name = name.replace("&", " and ")
    name = re.sub(r"\bst\b\.?", "saint", name)
    name = re.sub(r"\bste\b\.?", "sainte", name)
    name = re.sub(r"^\s*the\s+|,\s*the\s*$", "", name)
    return re.sub(r"[^a-z0-9]+", "", name)


_SMALL_WORDS = {"and", "of", "the", "da", "de", "du", "del", "la", "le", "des", "y", "e"}


def tidy_country(raw: str) -> str:
    """A country's name as the text gives it, without brackets, stray marks or capitals."""
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


def canonical_tier(raw: str) -> str:
    """One of TIERS, however the text spells it ("TIER 2 WATCH-LIST")."""
    raw = re.sub(r"[\s-]+", " ", raw).strip().lower()
    for tier in TIERS:
        if raw.replace(" ", "") == tier.lower().replace(" ", ""):
            return tier
    raise ReportTextError(_("Unknown tier %(tier)r.") % {"tier": raw})


_TIER_STATEMENT_RE = re.compile(
    r"\b(?:remain(?:s|ed)?|(?:up|down)graded|placed|moved|ranked|kept|returned)"
    r"(?:\s+[\w,]+){0,5}?\s+(?:on|to|at|as|a)\s+(?:the\s+)?(?P<tier>" + TIER_PATTERN + r")",
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


def country_of_government(sentence: str) -> str | None:
    """The country of "The Government of <country> does not fully meet ...", if it says so
    (initials as they are: "the Government of the RMI" gives "RMI")."""
    match = _GOVERNMENT_OF_RE.search(sentence)
    if not match:
        return None
    name = match.group("country").strip()
    return name if is_abbreviation(name) else tidy_country(name)


_ABBREVIATION_RE = re.compile(r"(?:the\s+)?[A-Z]{2,6}")
_NAME_WORDS = r"(?:[A-Z][\w'-]*|of|the|and)"


def is_abbreviation(name: str) -> bool:
    """Whether a country's name is written as its initials ("the RMI", "DRC")."""
    return bool(_ABBREVIATION_RE.fullmatch(name))


def country_of_abbreviation(abbreviation: str, text: str) -> str | None:
    """The name the initials stand for where the text spells it out ("the Republic of the
    Marshall Islands (RMI)"), if it does."""
    initials = re.sub(r"^the\s+", "", abbreviation)
    match = re.search(
        rf"\b({_NAME_WORDS}(?:\s+{_NAME_WORDS}){{0,8}}?)\s*\({re.escape(initials)}\)", text
    )
    if not match:
        return None
    return tidy_country(re.sub(r"^(?:the\s+)+", "", match.group(1), flags=re.IGNORECASE)) or None


def country_of_report_title(text: str) -> str:
    """The country of a "2021 Trafficking in Persons Report: <country>" title, else ""."""
    match = re.search(r"\b20\d\d Trafficking in Persons Report\s*:\s*([^\n.]{2,60})", text)
    return tidy_country(match.group(1)) if match else ""


def tier_from_statement(text: str) -> str | None:
    """The tier a sentence of the introduction places the country on ("remained on Tier 2")."""
    for match in _TIER_STATEMENT_RE.finditer(text):
        clause_start = max(text.rfind(";", 0, match.start()), text.rfind(".", 0, match.start()))
        before = text[clause_start + 1 : match.start("tier")]
        if _HYPOTHETICAL_RE.search(before):
            continue
        return canonical_tier(match.group("tier"))
    return None


def tier_from_standards(text: str) -> str | None:
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
