"""Figures: the numbers the report itself states, read from the chapter's narrative.

:func:`extract_figures` reads the Prosecution, Protection and Prevention sections (not the
trafficking profile) sentence by sentence and gives each figure it can place with confidence:
its metric (one of the codes of metrics.py), its period (calendar.py's rule), its value, unit
and, for money, the currency and the amount in US dollars when the report gives it, with the
sentence it came from. Plain Python, no database.

How a sentence is read, clause by clause (a semicolon ends a clause):

* The clause is cut where it compares ("compared with", "an increase from"): the figures
  before the cut are the period's own, those after it the earlier periods'.
* Each number names its metric by the words around it: its noun ("three investigations"), the
  verb before it ("investigated three cases", "identified one minor trafficking victim",
  "trained 12 officers"), the participle after its noun ("no victims identified"); money by
  the purpose of the funds ("to the anti-trafficking task force", "for victim protection").
  A number after the cut with no words of its own ("compared with two in 2018") counts what
  the clause's one figure before the cut counts.
* Each number's period is the first period phrase after it ("two in 2018", "between 2016 and
  2018", "last year"). Before the cut, a number with none takes the clause's opening phrase
  ("In 2019, ...") or else the reporting period; after it, a number with none is not placed.
* Zero over several periods ("no victims identified between 2016 and 2018") gives a zero for
  each; any other number over several periods is a total that cannot be split.

A figure that cannot be placed with confidence (a vague or inexact number, an unclear metric
or period, a total over several periods, two values for one metric and period) is left out,
and a warning names the sentence. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..calendar import is_report_year
from .figure_words import METRIC, Number, Part, count_metric, money_metric, numbers_of, parts_of
from .metrics import COUNT, MONEY, unit_of
from .sentences import split_sentences


@dataclass(frozen=True)
class Figure:
    metric: str
    period: int
    value: int
    unit: str
    text: str
    currency: str | None = None
    usd: int | None = None

    def as_json(self) -> dict:
        data = {
            "metric": self.metric,
            "period": self.period,
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
        }
        if self.unit == MONEY:
            data.update(currency=self.currency, usd=self.usd)
        return data


@dataclass
class FigureExtraction:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Why a figure was left out: each reason a warning naming the sentence.
VAGUE = "vague"
PERIOD = "period"
TOTAL = "total"


def _warning(reason: str, sentence: str) -> str:
    shown = sentence if len(sentence) <= 200 else sentence[:199] + "..."
    messages = {
        VAGUE: _('A figure of the report was left out, its number is not exact: "%(sentence)s"'),
        METRIC: _('A figure of the report was left out, what it counts is unclear: "%(sentence)s"'),
        PERIOD: _(
            'A figure of the report was left out, its reporting period is unclear: "%(sentence)s"'
        ),
        TOTAL: _(
            "A figure of the report was left out, it is a total over several reporting "
            'periods: "%(sentence)s"'
        ),
    }
    return messages[reason] % {"sentence": shown}


# The sections the figures are read from, and the opening of a trafficking profile without a
# heading (older chapters open with it, newer ones end with it).
_SECTION_RE = re.compile(
    r"^(?P<name>prosecution|protection|prevention|trafficking\s+profile)\s*:?$", re.IGNORECASE
)
_PROFILE_RE = re.compile(
    r"^(?:as\s+reported\s+over\s+the\s+past|[\w .'-]{2,60}\s+is\s+(?:a|primarily\s+a)\s+"
    r"(?:source|transit|destination))",
    re.IGNORECASE,
)


def narrative_sentences(narrative: str) -> list[str]:
    """The sentences of the Prosecution, Protection and Prevention sections of a narrative
    (ParsedChapter.source_text), without the trafficking profile."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", narrative) if p.strip()]
    headed = any(_SECTION_RE.match(p) for p in paragraphs)
    section = None
    sentences: list[str] = []
    for paragraph in paragraphs:
        heading = _SECTION_RE.match(paragraph)
        if heading:
            section = heading.group("name").lower()
            continue
        if headed and section in (None, "trafficking profile"):
            continue
        if not headed and _PROFILE_RE.match(paragraph):
            continue
        sentences.extend(split_sentences(re.sub(r"\s*\n\s*", " ", paragraph)))
    return sentences


def extract_figures(narrative: str, *, year: int) -> FigureExtraction:
    """The figures the narrative of the report of ``year`` states, and a warning for each
    sentence with a figure that could not be placed."""
    result = FigureExtraction()
    for sentence in narrative_sentences(narrative):
        figures, reasons = sentence_figures(sentence, year=year)
        result.figures.extend(figures)
        result.warnings.extend(_warning(reason, sentence) for reason in reasons)
    _drop_conflicts(result)
    return result


def sentence_figures(sentence: str, *, year: int) -> tuple[list[Figure], list[str]]:
    """The figures of one sentence of the report of ``year``, and the reasons (in order, each
    once) why others in it were left out."""
    figures: list[Figure] = []
    reasons: list[str] = []
    for clause in sentence.split(";"):
        primary, compared = parts_of(clause, year)
        own = _read_part(primary, year, inherited={})
        inherited = {unit: _one_metric(own, unit) for unit in (COUNT, MONEY)}
        for number in own + _read_part(compared, year, inherited=inherited, compared=True):
            if number.reason:
                reasons.append(number.reason)
            elif number.metric:
                figures.extend(_figures_of(number, sentence))
    return figures, list(dict.fromkeys(reasons))


def _one_metric(numbers: list[Number], unit: str) -> str | None:
    """The metric the numbers of ``unit`` before a comparison count: the one metric, "" when
    they count several, None when none."""
    metrics = {n.metric for n in numbers if n.metric and n.unit == unit}
    if len(metrics) > 1:
        return ""
    return metrics.pop() if metrics else None


def _read_part(
    part: Part | None, year: int, *, inherited: dict[str, str | None], compared: bool = False
) -> list[Number]:
    """The numbers of one part of a clause, each with its metric and periods or the reason it
    cannot be placed."""
    if part is None:
        return []
    numbers = numbers_of(part)
    previous_metric = None
    for number in numbers:
        before = inherited.get(number.unit)
        if number.unit == MONEY:
            number.metric, reason = money_metric(number, part, inherited=before)
        else:
            number.metric, reason = count_metric(
                number, part, inherited=before, previous=previous_metric, compared=compared
            )
        if number.metric and (number.vague or number.inexact):
            number.metric, reason = None, VAGUE
        if number.metric and not number.periods:
            number.periods = () if compared or number.unclear_period else part.opening_periods
            if not number.periods:
                reason = PERIOD
        if number.metric and not all(is_report_year(p) and p <= year for p in number.periods):
            reason = PERIOD
        if number.metric and len(number.periods) > 1 and number.value != 0:
            reason = TOTAL
        if reason:
            number.metric, number.reason = None, reason
        previous_metric = number.metric or previous_metric
    return numbers


def _figures_of(number: Number, sentence: str) -> list[Figure]:
    """One figure for each period the number is placed in (a zero over a range gives several)."""
    currency, usd = number.currency, number.usd
    if number.unit == MONEY and currency is None:
        currency = number.sentence_currency
    return [
        Figure(
            metric=number.metric,
            period=period,
            value=number.value,
            unit=unit_of(number.metric),
            text=sentence,
            currency=currency,
            usd=usd if len(number.periods) == 1 else None,
        )
        for period in number.periods
    ]


def _drop_conflicts(result: FigureExtraction) -> None:
    """One figure per metric and period: the same value stated twice is kept once; different
    values for one metric and period are all left out, with a warning."""
    by_key: dict[tuple[str, int], list[Figure]] = {}
    for figure in result.figures:
        by_key.setdefault((figure.metric, figure.period), []).append(figure)
    kept = []
    for (metric, period), figures in by_key.items():
        values = sorted({figure.value for figure in figures})
        if len(values) == 1:
            kept.append(figures[0])
            continue
        result.warnings.append(
            _(
                "Figures of the report were left out: it gives several values for %(metric)s "
                "in the %(period)s reporting period (%(values)s)."
            )
            % {"metric": metric, "period": period, "values": ", ".join(map(str, values))}
        )
    order = {id(figure): index for index, figure in enumerate(result.figures)}
    result.figures = sorted(kept, key=lambda figure: order[id(figure)])
