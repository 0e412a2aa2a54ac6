"""Sentences: running text cut into sentences, and whether a sentence ends as one does.

A period after an abbreviation ("U.S.", "e.g.", "No.") ends a sentence only when a new
recommendation follows; a period that runs into the next capital ("status.Accede") does.
"""

from __future__ import annotations

import re

from .grammar import opens_recommendation

# Words that end with a period without ending the sentence (besides dotted ones such as "U.S."
# and single initials).
_ABBREVIATIONS = frozenset(
    str.split(
        """
    e.g i.e etc no nos art arts sec secs para paras mr mrs ms dr st ste jr sr vs inc ltd co
    corp govt dept approx fig cf al ch chap vol op pp jan feb mar apr jun jul aug sep sept
    oct nov dec gen col lt sgt hon rev est
    """
    )
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
                    or opens_recommendation(following)
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
