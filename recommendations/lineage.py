"""Match each recommendation of one year to its predecessor in an earlier year.

Pure functions: texts in, pairs and scores out. The report rewords recurring recommendations:
it introduces or expands abbreviations, moves years, adds a qualifying clause, prefixes
"Continue to", reorders the list, and restates an aim in new words once part of it is done. So
texts are compared as sets of *concepts*: words reduced to a crude stem, abbreviations expanded,
years and filler words dropped, and near-synonyms of the domain folded into one concept.
Each earlier recommendation is matched at most once, best pairs first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MATCH_THRESHOLD = 0.34

_ABBREVIATIONS = {
    r"\bsops?\b": "standard operating procedures",
    r"\bnaps?\b": "national action plan",
    r"\bngos?\b": "nongovernmental organizations",
    r"\bnon-governmental\b": "nongovernmental",
    r"\btip\b": "trafficking in persons",
    r"\bnrm\b": "national referral mechanism",
    r"\bctip\b": "counter trafficking in persons",
    r"\bmou\b": "memorandum of understanding",
    r"\bnats\b": "national anti-trafficking",
}

# Words of the report that say the same thing in this domain: each group folds into one concept.
_SYNONYMS = [
    (
        {"fine", "penalti", "penalty", "sentenc", "imprison", "punish", "punishment", "lieu"},
        "penalty",
    ),
    ({"approv", "enact", "adopt", "pass", "amend", "amendment", "legisl", "law", "act"}, "law"),
    ({"sop", "procedur", "protocol", "guidelin"}, "procedure"),
    ({"plan", "strategi", "strategy"}, "plan"),
    ({"train", "sensitiz", "capac"}, "train"),
    ({"inspector", "inspect", "inspection"}, "inspect"),
    ({"shelter", "servic", "care", "assist", "support"}, "service"),
    ({"identifi", "identif", "screen", "detect"}, "identify"),
    ({"investig", "prosecut", "convict"}, "prosecute"),
    ({"court", "judici", "judg", "backlog", "trial"}, "court"),
    ({"residenc", "resid", "immigr", "visa", "permit"}, "residency"),
]

_STOPWORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "for",
    "in",
    "on",
    "at",
    "by",
    "with",
    "as",
    "that",
    "which",
    "its",
    "their",
    "into",
    "from",
    "such",
    "including",
    "all",
    "more",
    "continue",
    "increase",
    "efforts",
    "effort",
    "ensure",
    "implement",
    "develop",
    "provide",
    "formally",
    "fully",
    "proactively",
    "vigorously",
    "adequately",
    "effectively",
    "trafficking",
    "traffickers",
    "trafficker",
    "human",
    "government",
    "anti",
    "onwards",
    "other",
    "them",
    "appropriate",
    "be",
    "is",
    "are",
    "they",
    "those",
    "these",
    "among",
    "allow",
    "allows",
    "remove",
    "option",
    "exclude",
    "excluding",
    "offenses",
    "offense",
    "crimes",
    "crime",
    "persons",
}


def _stem(word: str) -> str:
    for suffix in (
        "ations",
        "ation",
        "ments",
        "ment",
        "ings",
        "ing",
        "ies",
        "ied",
        "ers",
        "er",
        "es",
        "ed",
        "s",
        "y",
        "e",
    ):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def concepts(text: str) -> set[str]:
    """The set of concepts a recommendation's text speaks of."""
    text = text.lower()
    for pattern, expansion in _ABBREVIATIONS.items():
        text = re.sub(pattern, expansion, text)
    text = re.sub(r"\b(19|20)\d\d\b", " ", text)
    words = re.findall(r"[a-z]+", text)
    result: set[str] = set()
    for word in words:
        if word in _STOPWORDS or len(word) < 3:
            continue
        stem = _stem(word)
        for group, concept in _SYNONYMS:
            if (
                stem in group
                or word in group
                or any(stem.startswith(g) for g in group if len(g) > 4)
            ):
                stem = concept
                break
        result.add(stem)
    return result


def similarity(a: str, b: str) -> float:
    """How alike two recommendations are, from 0 (nothing shared) to 1 (the same concepts)."""
    ca, cb = concepts(a), concepts(b)
    if not ca or not cb:
        return 0.0
    shared = len(ca & cb)
    # Dice on the sets, but also the containment of the shorter one: an added clause or a
    # narrowed scope should not sink an otherwise clear match.
    dice = 2 * shared / (len(ca) + len(cb))
    containment = shared / min(len(ca), len(cb))
    return round(0.5 * dice + 0.5 * containment, 3)


@dataclass(frozen=True)
class Match:
    new_index: int
    old_index: int
    score: float


def match_recommendations(
    new_texts: list[str], old_texts: list[str], threshold: float = MATCH_THRESHOLD
) -> list[Match]:
    """Pair new recommendations with old ones; each side is used at most once."""
    candidates = [
        Match(i, j, similarity(new, old))
        for i, new in enumerate(new_texts)
        for j, old in enumerate(old_texts)
    ]
    candidates.sort(key=lambda m: (-m.score, abs(m.new_index - m.old_index), m.new_index))
    used_new: set[int] = set()
    used_old: set[int] = set()
    matches: list[Match] = []
    for match in candidates:
        if match.score < threshold:
            break
        if match.new_index in used_new or match.old_index in used_old:
            continue
        used_new.add(match.new_index)
        used_old.add(match.old_index)
        matches.append(match)
    return sorted(matches, key=lambda m: m.new_index)
