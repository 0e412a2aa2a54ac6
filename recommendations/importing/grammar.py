"""Grammar: whether a sentence reads as a recommendation, an imperative sentence.

The verbs the report opens its recommendations with, the verbs that are also nouns opening a
narrative sentence ("Support for victims was limited"), and the rules that tell the two apart.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


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


def opens_recommendation(text: str) -> bool:
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
