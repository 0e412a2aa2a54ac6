"""The words of a figure: a clause's numbers, and the metric each counts by the words around it.

figures.py cuts the narrative into clauses and turns what this module reads into figures. A
clause becomes tokens, its amounts of money and period phrases (quantities.py) each one token,
and is cut into the part before a comparison and the part after it (:func:`parts_of`). Each
number of a part (:func:`numbers_of`) has the noun it counts, the verb or noun before it, the
participle after its noun and the period phrase after it; :func:`count_metric` and
:func:`money_metric` tell from these which metric it counts, or why that is unclear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .metrics import COUNT, METRIC_BY_CODE, MONEY
from .quantities import (
    MONEY_RE,
    NO_FUNDS_RE,
    NUMBER_WORDS,
    Money,
    PeriodPhrase,
    money_of,
    number_value,
    period_phrases,
)

METRIC = "metric"  # the reason a number's metric is unclear (figures.py words its warning)

_TOKEN_RE = re.compile(
    r"(?:money|period)_\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z][a-z'-]*|[,:.]"
)
_COMPARISONS = (
    ("compared", "with"),
    ("compared", "to"),
    ("in", "comparison", "with"),
    ("in", "comparison", "to"),
    ("increase", "from"),
    ("decrease", "from"),
    ("up", "from"),
    ("down", "from"),
    ("versus",),
)

# What a number counts, by its noun: the metric itself, or a family of nouns whose metric the
# verb or participle around the number tells.
_DIRECT = {
    "investigation": "investigations",
    "prosecution": "prosecutions",
    "conviction": "convictions",
}
_CASES = frozenset(str.split("case suspect trafficker defendant perpetrator offender"))
_VICTIMS = frozenset(
    str.split("victim survivor child children minor woman women man men girl boy adult person")
    + ["people", "individual"]
)
_OFFICIALS = frozenset(
    str.split(
        "official officer police personnel staff judge prosecutor magistrate inspector agent "
        "guard employee member"
    )
)
_INSPECTIONS = frozenset({"inspection"})
_HOTLINE = frozenset(str.split("call report tip complaint"))
_NOUNS = frozenset(_DIRECT) | _CASES | _VICTIMS | _OFFICIALS | _INSPECTIONS | _HOTLINE
# Words between a number and its noun ("one minor trafficking victim", "16 police officers").
_MODIFIERS = frozenset(
    str.split(
        """new minor child adult potential suspected alleged possible presumed additional other
    sex labor labour forced trafficking human domestic foreign female male government law
    enforcement immigration customs border front-line frontline local national criminal
    confirmed formal official total separate individual active ongoing open pending
    trafficking-related"""
    )
)
# A number followed by one of these (or by no word at all) names no noun of its own.
_NO_NOUN = frozenset(str.split("in during and or to for from the last this with while which"))
# Verbs (and nouns) before a number, and participles after its noun, by the metric they tell.
_CUES = (
    ("investigat", "investigations"),
    ("prosecut", "prosecutions"),
    ("convict", "convictions"),
    ("identif", "victims_identified"),
    ("refer", "victims_referred"),
    ("train", "officials_trained"),
)
_FAMILIES = {
    "investigations": _CASES | {"investigation"},
    "prosecutions": _CASES | {"prosecution"},
    "convictions": _CASES | {"conviction"},
    "complicity_investigations": _CASES | _OFFICIALS | {"investigation"},
    "victims_identified": _VICTIMS,
    "victims_referred": _VICTIMS,
    "officials_trained": _OFFICIALS,
    "labour_inspections": _INSPECTIONS,
    "hotline_reports": _HOTLINE,
}
_VAGUE = frozenset(str.split("several some few multiple numerous many various dozens hundreds"))
_INEXACT_BEFORE = frozenset(str.split("over approximately about around nearly almost roughly"))
_INEXACT_PAIRS = frozenset({("more", "than"), ("fewer", "than"), ("less", "than"), ("at", "least")})
# Zero as a word: "none" stands alone ("none in 2017"), "no" counts the noun after it, and so
# does "any" after a negation ("did not identify any victims"), unless nothing was reported.
_ZERO_WORDS = {"none": False, "no": True}
_ANY = "any"
_NOT_REPORTED = frozenset(str.split("report provide share disclose collect publish"))
_COMPLICITY_RE = re.compile(r"\bcomplicit|\bcomplicity")
_LABOUR_RE = re.compile(r"\blabou?r\b")
# Money: what the funds were for (the first of these after the amount, else in the clause).
_FUNDING_RE = re.compile(
    r"\b(?:fund|budget|allocat|disburs|grant|spen[dt]|provid|financ|contribut|earmark)"
)
_NOT_FUNDING_RE = re.compile(r"\b(?:fines?|penalt|restitution|compensation|bail|damages)\b")
_PURPOSES = (
    (
        "budget_victim_protection",
        re.compile(r"\bvictims?\b|\bshelters?\b|\bprotection\b|\bsurvivors?\b"),
    ),
    (
        "budget_anti_trafficking",
        re.compile(
            r"\banti-trafficking\b|\bcounter-trafficking\b|\btask force\b|\baction plan\b|"
            r"\bcombat(?:ing)? trafficking\b"
        ),
    ),
)


@dataclass
class Part:
    """The tokens of one part of a clause: before the comparison, or after it."""

    tokens: list[str]
    money: dict[str, Money]
    periods: dict[str, PeriodPhrase]
    clause: str  # the whole clause, marked and in lower case
    # Before the comparison: the periods a phrase names before its first number ("In 2019,"),
    # the reporting period when none does; empty when the phrase cannot be placed.
    opening_periods: tuple[int, ...] = ()


@dataclass
class Number:
    index: int
    value: int | None
    unit: str = COUNT
    currency: str | None = None
    usd: int | None = None
    sentence_currency: str | None = None
    vague: bool = False
    inexact: bool = False
    needs_noun: bool = False
    noun: str | None = None  # singular; None when no word follows, "" for another word
    noun_end: int = 0
    cue: str | None = None  # the metric the verb before the number tells
    participle: str | None = None  # the metric the participle after its noun tells
    local: str = ""  # the words around the number, from the verb before to the next number
    periods: tuple[int, ...] = ()
    unclear_period: bool = False
    metric: str | None = None
    reason: str | None = None
    word_before: str = ""


def parts_of(clause: str, year: int) -> tuple[Part, Part | None]:
    """The clause cut where it compares: the part before, and the part after (or None)."""
    money: dict[str, Money] = {}
    periods: dict[str, PeriodPhrase] = {}

    def mark_money(value: Money) -> str:
        key = f"money_{len(money)}"
        money[key] = value
        return f" {key} "

    # "did not allocate any funds" becomes an amount of nothing, still followed by "funds".
    text = NO_FUNDS_RE.sub(lambda m: mark_money(Money(0, None, None)) + "funds ", clause)
    text = MONEY_RE.sub(lambda m: mark_money(money_of(m)), text)
    text = re.sub(r"\([^()]*\)", " ", text).lower()
    marked, position = [], 0
    for phrase in period_phrases(text, year):
        key = f"period_{len(periods)}"
        periods[key] = phrase
        marked.append(f"{text[position : phrase.start]} {key} ")
        position = phrase.end
    marked.append(text[position:])
    text = "".join(marked)
    tokens = _TOKEN_RE.findall(text)
    cut = _comparison_at(tokens)
    primary = Part(tokens[: cut[0]] if cut else tokens, money, periods, text)
    opening = next((t for t in primary.tokens if t in periods or _is_number(t)), None)
    primary.opening_periods = periods[opening].periods if opening in periods else (year,)
    compared = Part(tokens[cut[1] :], money, periods, text) if cut else None
    return primary, compared


def _comparison_at(tokens: list[str]) -> tuple[int, int] | None:
    for index in range(len(tokens)):
        for words in _COMPARISONS:
            if tuple(tokens[index : index + len(words)]) == words:
                return index, index + len(words)
    return None


def _is_number(token: str) -> bool:
    return token[0].isdigit() or token in NUMBER_WORDS or token.startswith("money_")


def numbers_of(part: Part) -> list[Number]:
    """The numbers of a part, each with its noun, the words around it and its period."""
    tokens = part.tokens
    numbers = [n for i in range(len(tokens)) if (n := _number_at(part, i)) is not None]
    currencies = {m.currency for m in part.money.values() if m.currency}
    sentence_currency = next(iter(currencies)) if len(currencies) == 1 else None
    start = 0
    for position, number in enumerate(numbers):
        following = numbers[position + 1].index if position + 1 < len(numbers) else len(tokens)
        window = tokens[max(start, number.index - 4) : number.index]
        number.cue = next((m for w in reversed(window) if (m := _cue(w))), None)
        _read_noun(number, tokens[number.index + 1 : following])
        tail = tokens[number.noun_end : following]
        phrase = next((part.periods[t] for t in tail if t in part.periods), None)
        if phrase is not None:
            number.periods, number.unclear_period = phrase.periods, not phrase.periods
        number.local = " ".join(window + tokens[number.index : following])
        number.sentence_currency = sentence_currency
        number.word_before = window[-1] if window else ""
        start = number.noun_end
    return numbers


def _number_at(part: Part, index: int) -> Number | None:
    token = part.tokens[index]
    before = part.tokens[max(0, index - 3) : index]
    number = Number(index=index, value=None)
    if token in part.money:
        money = part.money[token]
        number.value, number.unit = money.value, MONEY
        number.currency, number.usd = money.currency, money.usd
    elif token[0].isdigit():
        if re.fullmatch(r"(?:19|20)\d{2}", token):
            return None  # a year ("the 2010 Counter-Trafficking Act")
        number.value = number_value(token)
    elif token in NUMBER_WORDS or re.fullmatch(r"[a-z]+ty-[a-z]+", token):
        number.value = number_value(token) if "-" not in token or _word_number(token) else None
    elif token in _ZERO_WORDS:
        number.value, number.needs_noun = 0, _ZERO_WORDS[token]
    elif token == _ANY and {"not", "never"} & set(before) and not _NOT_REPORTED & set(before):
        number.value, number.needs_noun = 0, True
    elif token in _VAGUE:
        number.vague = number.needs_noun = True
    else:
        return None
    if number.value is None and not number.vague:
        return None
    number.inexact = bool(before) and (
        before[-1] in _INEXACT_BEFORE or tuple(before[-2:]) in _INEXACT_PAIRS
    )
    return number


def _word_number(token: str) -> bool:
    tens, _sep, unit = token.partition("-")
    return tens in NUMBER_WORDS and unit in NUMBER_WORDS and NUMBER_WORDS[unit] < 10


def _singular(word: str) -> str:
    if word in _NOUNS or word in ("children", "women", "men", "people", "police", "staff"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and word[:-1] in _NOUNS else word


def _read_noun(number: Number, after: list[str]) -> None:
    """The noun the number counts: the last noun of the run of modifiers and nouns after it."""
    number.noun_end = number.index + 1
    if number.unit == MONEY:
        return
    if not after or not after[0][0].isalpha() or after[0].startswith(("money_", "period_")):
        number.noun = None
        return
    run_end, noun = 0, ""
    for offset, word in enumerate(after[:5]):
        singular = _singular(word)
        if singular in _NOUNS:
            noun, run_end = singular, offset + 1
        elif word not in _MODIFIERS:
            break
    if not noun:
        number.noun = None if after[0] in _NO_NOUN else ""
        return
    number.noun, number.noun_end = noun, number.index + 1 + run_end
    rest = [w for w in after[run_end : run_end + 3] if w not in ("were", "was", "been", "had")]
    number.participle = _cue(rest[0]) if rest else None


def _cue(word: str) -> str | None:
    return next((metric for stem, metric in _CUES if word.startswith(stem)), None)


def count_metric(
    number: Number, part: Part, *, inherited: str | None, previous: str | None, compared: bool
) -> tuple[str | None, str | None]:
    """(metric, None) for a number whose words tell what it counts; (None, reason) when they
    point at a metric but not clearly; (None, None) for a number that counts something else."""
    noun = number.noun
    if noun is None:
        if number.needs_noun:
            return None, None
        if number.cue and not compared:
            return _with_complicity(number.cue, number)
        if compared and inherited is not None:
            return (_with_complicity(inherited, number)) if inherited else (None, METRIC)
        return None, None
    metric = _DIRECT.get(noun) or number.participle or number.cue
    if noun in _INSPECTIONS:
        metric = "labour_inspections" if _LABOUR_RE.search(part.clause) else None
    elif noun in _HOTLINE:
        metric = "hotline_reports" if "hotline" in part.clause else None
        if metric is None:
            return None, None
    # An official investigated is a case of complicity (see _with_complicity).
    official_investigated = noun in _OFFICIALS and metric == "investigations"
    # A known noun that the verb's metric does not count ("prosecuted two officials": no metric
    # counts the prosecutions of complicit officials) is unclear.
    misfit = bool(metric) and noun not in _FAMILIES.get(metric, ()) and not official_investigated
    if misfit:
        metric = None
    if metric is None and compared and inherited and noun in _FAMILIES.get(inherited, ()):
        metric = inherited
    if metric is None and noun in _CASES and previous and number.word_before in ("and", ","):
        metric = previous
    if metric is None:
        unclear = (
            (misfit and noun in _NOUNS)
            or noun in _CASES
            or noun in ("victim", "survivor")
            or noun in _INSPECTIONS
        )
        return None, METRIC if unclear else None
    return _with_complicity(metric, number)


def _with_complicity(metric: str, number: Number) -> tuple[str | None, str | None]:
    """Investigations of complicit officials are their own metric; their prosecutions and
    convictions have none."""
    if metric not in METRIC_BY_CODE:
        return None, METRIC
    complicit = _COMPLICITY_RE.search(number.local) or (
        metric == "investigations" and number.noun in _OFFICIALS
    )
    if not complicit:
        return metric, None
    if metric in ("investigations", "complicity_investigations"):
        return "complicity_investigations", None
    return None, METRIC


def money_metric(
    number: Number, part: Part, *, inherited: str | None
) -> tuple[str | None, str | None]:
    """The budget an amount of money is: the purpose named after it, else the one before the
    comparison, else the first the clause names; amounts that are no funding (fines,
    restitution) are none."""
    if _NOT_FUNDING_RE.search(part.clause) or not _FUNDING_RE.search(part.clause):
        return None, None
    for text in (number.local, None, part.clause):
        if text is None:
            if inherited and METRIC_BY_CODE[inherited].unit == MONEY:
                return inherited, None
            continue
        found = [(m.start(), code) for code, r in _PURPOSES if (m := r.search(text))]
        if found:
            return min(found)[1], None
    return None, METRIC
