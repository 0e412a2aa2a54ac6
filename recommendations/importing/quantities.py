"""Quantities: the numbers, amounts of money and periods a sentence of the narrative names.

The report writes its numbers as digits or words ("10", "three", "none", "no victims", "one
million EC dollars ($370,370)") and its periods as phrases ("during the reporting period", "in
2018", "between 2016 and 2018", "last year", "in November 2019"). This module reads each of
them; which metric a number counts is figures.py's business. The periods follow the calendar's
rule (recommendations/calendar.py): a phrase gives the periods it names in a report of a year,
or none at all when it cannot be placed ("since 2015", "in fiscal year 2019").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..calendar import period_named, period_of, period_of_report

_UNITS = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = str.split("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
NUMBER_WORDS.update({word: 20 + 10 * index for index, word in enumerate(_TENS)})
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_WORD_NUMBER = (
    r"(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(_UNITS[1:10]) + r"))?|"
    r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A number as the narrative writes it: "81,000", "1.5 million", "three", "twenty-one".
NUMBER_RE = re.compile(
    rf"\b(?P<number>{_DIGITS}|{_WORD_NUMBER})(?:\s+(?P<scale>hundred thousand|hundred|thousand|"
    r"million|billion))?\b",
    re.IGNORECASE,
)


def number_value(number: str, scale: str | None = None) -> int | None:
    """The value of a number in digits or words with its scale ("1.5", "million"), or None
    when it is not a whole number."""
    word = number.lower()
    if word in NUMBER_WORDS:
        value: float = NUMBER_WORDS[word]
    elif "-" in word:
        tens, unit = word.split("-", 1)
        value = NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
    else:
        value = float(word.replace(",", ""))
    for part in (scale or "").lower().split():
        value *= _SCALES[part]
    return int(value) if value == int(value) else None


# --- money ------------------------------------------------------------------------------------

# The currencies the chapters name, by ISO 4217 code. "$" alone is the US dollar.
CURRENCIES: dict[str, str] = {
    "XCD": r"(?:eastern\s+caribbean|ec)(?:\s*\(ec\))?\s+dollars?",
    "BBD": r"(?:barbados|barbadian|bds)\s+dollars?",
    "BSD": r"bahamian\s+dollars?",
    "BZD": r"belize(?:an)?\s+dollars?",
    "GYD": r"guyan(?:ese|a)\s+dollars?",
    "JMD": r"jamaican\s+dollars?",
    "TTD": r"(?:trinidad\s+and\s+tobago|tt)\s+dollars?",
    "EUR": r"euros?",
    "XOF": r"west\s+african\s+cfa\s+francs?(?:\s*\(fcfa\))?",
    "XAF": r"central\s+african\s+cfa\s+francs?(?:\s*\(fcfa\))?",
}
_CURRENCY_RES = {code: re.compile(pattern, re.IGNORECASE) for code, pattern in CURRENCIES.items()}
_AMOUNT = NUMBER_RE.pattern
MONEY_RE = re.compile(
    rf"(?P<amount>{_AMOUNT})\s+(?P<currency>{'|'.join(CURRENCIES.values())})"
    rf"(?:\s*\(\s*(?:US)?\$\s*(?P<usd>{_AMOUNT.replace('?P<', '?P<usd_')})\s*\))?"
    rf"|(?:US)?\$\s*(?P<dollars>{_AMOUNT.replace('?P<', '?P<dollars_')})",
    re.IGNORECASE,
)
# "did not allocate any funds": an amount of nothing, in whatever currency the sentence uses.
NO_FUNDS_RE = re.compile(
    r"\b(?:did|does|do)\s+not\s+(?:allocate|provide|dedicate|budget|spend|disburse|earmark)\s+"
    r"any\s+(?:funds|funding|money|resources|budget)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    value: int | None
    currency: str | None
    usd: int | None


def money_of(match: re.Match) -> Money:
    """The amount a MONEY_RE match names, its currency and its value in US dollars."""
    if match.group("dollars"):
        value = number_value(match.group("dollars_number"), match.group("dollars_scale"))
        return Money(value, "USD", value)
    currency_text = match.group("currency")
    currency = next(code for code, r in _CURRENCY_RES.items() if r.fullmatch(currency_text))
    usd = (
        number_value(match.group("usd_number"), match.group("usd_scale"))
        if match.group("usd")
        else None
    )
    return Money(number_value(match.group("number"), match.group("scale")), currency, usd)


# --- periods ----------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_MONTHS = str.split(
    "january february march april may june july august september october november december"
)
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_REPORTING = r"(?:reporting\s+)?(?:period|year)"
PERIOD_RE = re.compile(
    "|".join(
        [
            rf"(?P<range>\b(?:between|from)\s+(?P<first>{_YEAR})\s+(?:and|to|through)\s+"
            rf"(?P<last>{_YEAR}))\b",
            rf"(?P<unclear>\b(?:between|from|since)\s+(?:{_MONTH}\s+)?{_YEAR}"
            rf"(?:\s+(?:and|to|through)\s+(?:{_MONTH}\s+)?{_YEAR})?"
            rf"|\b(?:in|during|for)\s+(?:the\s+)?(?:fiscal\s+year|fy|calendar\s+year)\s*{_YEAR}"
            rf"(?:\s*[-/]\s*\d{{2,4}})?"
            rf"|\b(?:in|during|for)\s+{_YEAR}\s*[-/]\s*\d{{2,4}})\b",
            rf"(?P<month>\b(?:in|during)\s+(?P<month_name>{_MONTH})\s+(?P<month_year>{_YEAR}))\b",
            rf"(?P<years>\b(?:in|during|for)\s+{_YEAR}(?:\s*,\s*{_YEAR})*"
            rf"(?:\s*,?\s*(?:and|or)\s+{_YEAR})?)\b",
            r"(?P<before_last>\bthe\s+year\s+before\s+last|\btwo\s+years\s+(?:earlier|before|ago))\b",
            rf"(?P<previous>\b(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:previous|prior|"
            rf"preceding|last)\s+{_REPORTING}(?!\s+baseline)|\bthe\s+year\s+before)\b",
            r"(?P<current>\b(?:(?:in|during|for|over)\s+)?(?:the|this)\s+(?:current\s+)?"
            r"reporting\s+(?:period|year))\b",
        ]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PeriodPhrase:
    start: int
    end: int
    # The periods the phrase names, in the order it names them; empty when it cannot be placed.
    periods: tuple[int, ...]


def period_phrases(text: str, report_year: int) -> list[PeriodPhrase]:
    """The phrases of ``text`` that name periods, read as a report of ``report_year`` means
    them."""
    found = []
    for match in PERIOD_RE.finditer(text):
        kind = match.lastgroup if match.lastgroup in _KINDS else _kind(match)
        found.append(PeriodPhrase(match.start(), match.end(), _periods(kind, match, report_year)))
    return found


_KINDS = ("range", "unclear", "month", "years", "before_last", "previous", "current")


def _kind(match: re.Match) -> str:
    return next(kind for kind in _KINDS if match.group(kind))


def _periods(kind: str, match: re.Match, report_year: int) -> tuple[int, ...]:
    if kind == "range":
        first, last = int(match.group("first")), int(match.group("last"))
        if last < first:
            return ()
        return tuple(period_named(year) for year in range(first, last + 1))
    if kind == "month":
        month = _MONTHS.index(match.group("month_name").lower()) + 1
        return (period_of(datetime.date(int(match.group("month_year")), month, 1)),)
    if kind == "years":
        return tuple(period_named(int(year)) for year in re.findall(_YEAR, match.group(kind)))
    if kind == "before_last":
        return (period_of_report(report_year, earlier=2),)
    if kind == "previous":
        return (period_of_report(report_year, earlier=1),)
    if kind == "current":
        return (period_of_report(report_year),)
    return ()
