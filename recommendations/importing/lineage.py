"""Match each recommendation of one year to its predecessor in an earlier year.

Pure functions: texts in, pairs and scores out. The report rewords recurring recommendations:
it introduces or expands abbreviations ("SOPs", "NAP"), moves years ("for 2020 and onwards" ->
"for 2023 and onwards"), adds a qualifying clause, prefixes "Continue to", reorders the list, and
restates an aim in new words once part of it is done ("remove sentencing provisions that allow
fines in lieu of imprisonment" -> "enforce penalties that exclude the option of a fine").

So a text is compared as a set of *concepts*: abbreviations expanded, years and filler words
dropped, words cut to a crude stem, and near-synonyms of the domain folded into one concept
("fine", "sentencing", "imprisonment", "penalties" are all *penalty*). Concepts are weighted by
how rare they are among the two years' recommendations, so that a shared "victim" counts less
than a shared "backlog". The score of a pair is the mean of the weighted Dice overlap and the
weighted containment of the smaller set (an added clause should not sink a clear match).

Pairs are then chosen by an optimal assignment (the Hungarian method) that maximises the total
score of the pairs above the threshold: each earlier recommendation is matched at most once, and
a clear pair is never taken by a weaker one that happened to be looked at first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

MATCH_THRESHOLD = 0.4
# Between two equally good pairings, prefer the one that keeps the list's order.
_ORDER_TIEBREAK = 1e-4

_PHRASES = [
    (r"\bsops?\b", "standard operating procedures"),
    (r"\bnaps?\b", "national action plan"),
    (r"\bngos?\b", "nongovernmental organizations"),
    (r"\bnon-governmental\b", "nongovernmental"),
    (r"\bnrm\b", "national referral mechanism"),
    (r"\bmous?\b", "memorandum of understanding"),
    (r"\btip\b", "trafficking in persons"),
    (r"\bctip\b", "counter trafficking in persons"),
    # Kept apart from "law" (legislation): police work is another concept.
    (r"\blaw enforcement\b", "lawenforcement"),
    (r"\bin lieu of\b", " penalty "),
    (r"\b(?:19|20)\d\d\b", " "),
]

# Words of the report that say the same thing in this domain: each group folds into one concept.
# Entries are stems (see _stem) or word beginnings of five letters or more.
_SYNONYMS: list[tuple[frozenset[str], str]] = [
    (
        frozenset(
            {"fine", "penalti", "penalty", "sentenc", "imprison", "punish", "prison", "commensur"}
        ),
        "penalty",
    ),
    (
        frozenset(
            {"approv", "enact", "adopt", "pass", "amend", "legisl", "law", "act", "bill", "enforc"}
        ),
        "law",
    ),
    (frozenset({"procedur", "protocol", "guidelin", "guid"}), "procedure"),
    (frozenset({"plan", "strategi", "strategy"}), "plan"),
    (frozenset({"train", "sensitiz", "capacit"}), "train"),
    (frozenset({"inspector", "inspect"}), "inspect"),
    (frozenset({"shelter", "servic", "care", "assist", "support"}), "service"),
    (frozenset({"identifi", "identif", "screen", "detect"}), "identify"),
    (frozenset({"investig", "prosecut", "convict"}), "prosecute"),
    (frozenset({"court", "judici", "judg", "backlog", "trial", "pretrial"}), "court"),
    (frozenset({"residenc", "resid", "immigr", "visa", "permit"}), "residency"),
    (frozenset({"recruit", "recruitment"}), "recruit"),
    (frozenset({"fund", "budget", "resourc", "financ"}), "fund"),
]

_STOPWORDS = frozenset(
    str.split(
        """
    a an the and or of to for in on at by with as that which its their into from such including
    all more continue increase efforts effort ensure implement develop provide formally fully
    proactively vigorously adequately effectively significantly trafficking traffickers
    trafficker human government governments anti onwards other them appropriate be is are they
    those these among allow allows remove option exclude excluding offenses offense crimes crime
    persons new additional further relevant especially particularly also so this be it
    """
    )
)

_SUFFIXES = (
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
)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _fold(word: str, stem: str) -> str:
    for group, concept in _SYNONYMS:
        if stem in group or word in group or any(stem.startswith(g) for g in group if len(g) > 4):
            return concept
    return stem


def concepts(text: str) -> frozenset[str]:
    """The set of concepts a recommendation's text speaks of."""
    text = text.lower()
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text)
    result = set()
    for word in re.findall(r"[a-z]+", text):
        if word in _STOPWORDS or len(word) < 3:
            continue
        result.add(_fold(word, _stem(word)))
    return frozenset(result)


def _score(a: frozenset[str], b: frozenset[str], weight) -> float:
    if not a or not b:
        return 0.0
    shared = sum(weight(c) for c in a & b)
    if not shared:
        return 0.0
    wa = sum(weight(c) for c in a)
    wb = sum(weight(c) for c in b)
    dice = 2 * shared / (wa + wb)
    containment = shared / min(wa, wb)
    return round(0.5 * dice + 0.5 * containment, 3)


def similarity(a: str, b: str) -> float:
    """How alike two recommendations are, from 0 (nothing shared) to 1 (the same concepts),
    with every concept weighing the same."""
    return _score(concepts(a), concepts(b), lambda _concept: 1.0)


def score_matrix(new_texts: list[str], old_texts: list[str]) -> list[list[float]]:
    """Scores of every (new, old) pair, with concepts weighted by their rarity in both lists."""
    new_sets = [concepts(t) for t in new_texts]
    old_sets = [concepts(t) for t in old_texts]
    documents = len(new_sets) + len(old_sets)
    frequency = Counter(c for s in new_sets + old_sets for c in s)

    def weight(concept: str) -> float:
        return math.log(1 + documents / frequency[concept])

    return [[_score(n, o, weight) for o in old_sets] for n in new_sets]


@dataclass(frozen=True)
class Match:
    new_index: int
    old_index: int
    score: float


def match_recommendations(
    new_texts: list[str], old_texts: list[str], threshold: float = MATCH_THRESHOLD
) -> list[Match]:
    """Pair new recommendations with old ones; each side is used at most once.

    Returns the pairs scoring at least ``threshold``, in the order of the new list.
    """
    if not new_texts or not old_texts:
        return []
    scores = score_matrix(new_texts, old_texts)
    size = max(len(new_texts), len(old_texts))
    weights = [
        [
            score - _ORDER_TIEBREAK * abs(i - j) / size if score >= threshold else 0.0
            for j, score in enumerate(row)
        ]
        for i, row in enumerate(scores)
    ]
    pairs = _assign(weights)
    return sorted(
        (Match(i, j, scores[i][j]) for i, j in pairs if scores[i][j] >= threshold),
        key=lambda m: m.new_index,
    )


def _assign(weights: list[list[float]]) -> list[tuple[int, int]]:
    """The (row, column) pairs of a maximum-weight assignment (Hungarian method, O(n²m))."""
    transposed = len(weights) > len(weights[0])
    if transposed:
        weights = [list(column) for column in zip(*weights, strict=True)]
    rows, columns = len(weights), len(weights[0])
    infinity = float("inf")
    u = [0.0] * (rows + 1)
    v = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)  # owner[j]: the row assigned to column j (1-based; 0 = none)
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        least = [infinity] * (columns + 1)
        used = [False] * (columns + 1)
        while True:
            used[column] = True
            current_row = owner[column]
            delta = infinity
            next_column = 0
            for j in range(1, columns + 1):
                if used[j]:
                    continue
                reduced = -weights[current_row - 1][j - 1] - u[current_row] - v[j]
                if reduced < least[j]:
                    least[j] = reduced
                    way[j] = column
                if least[j] < delta:
                    delta = least[j]
                    next_column = j
            for j in range(columns + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = next_column
            if owner[column] == 0:
                break
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    pairs = [(owner[j] - 1, j - 1) for j in range(1, columns + 1) if owner[j]]
    return [(j, i) for i, j in pairs] if transposed else pairs
