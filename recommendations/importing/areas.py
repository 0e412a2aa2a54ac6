"""Which of the 3Ps (plus partnership) a recommendation serves, decided from its wording.

The rule is meant to be read and explained to staff: each area has a list of cue words (word
beginnings such as "prosecut", which also finds "prosecution"); every cue found in the text counts
one point, and a cue among the opening five words, where the report puts the verb that says what
to do, counts two more. The area with the most points wins; on a tie, the area whose first cue
comes earliest wins; a text with no cue at all is prevention, the broadest of the four. Staff can
always correct the result in the admin, and a correction survives a re-import and is carried over
to the next year's recommendation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

OPENING_WORDS = 5
OPENING_BONUS = 2
DEFAULT_AREA = "prevention"

AREA_CUES: dict[str, tuple[str, ...]] = {
    "prosecution": (
        "investigat",
        "prosecut",
        "convict",
        "punish",
        "penalt",
        "sentenc",
        "court",
        "judge",
        "judicia",
        "trial",
        "law enforcement",
        "criminal",
        "offense",
        "offence",
        "perpetrator",
        "complicit",
        "amend",
        "legislation",
        "in lieu",
        "imprisonment",
        "prison",
        "charge",
        "evidence",
    ),
    "protection": (
        "identif",
        "screen",
        "refer",
        "shelter",
        "services",
        "residency",
        "victim",
        "protect",
        "care",
        "assistance",
        "rehabilitat",
        "compensation",
        "restitution",
        "repatriat",
        "witness",
        "counsel",
        "reintegrat",
        "non-punishment",
        "penalized",
    ),
    "prevention": (
        "action plan",
        "nap",
        "awareness",
        "campaign",
        "labor recruitment",
        "recruitment",
        "recruiter",
        "inspector",
        "inspection",
        "demand",
        "prevent",
        "education",
        "hotline",
        "sex tourism",
        "research",
        "study",
        "birth registration",
    ),
    "partnership": (
        "task force",
        "coordinat",
        "civil society",
        "data sharing",
        "data-sharing",
        "share data",
        "information sharing",
        "partnership",
        "partner",
        "international cooperation",
        "cooperation",
        "bilateral",
        "memorandum",
        "mou",
        "regional",
    ),
}

_AREA_LABELS = {
    "prosecution": gettext_noop("Prosecution"),
    "protection": gettext_noop("Protection"),
    "prevention": gettext_noop("Prevention"),
    "partnership": gettext_noop("Partnership"),
}


@dataclass(frozen=True)
class AreaDecision:
    area: str
    reason: str
    scores: dict[str, int]


def _cue_pattern(cue: str) -> re.Pattern:
    # Short cues ("nap", "mou", "care") and phrases are whole words; longer ones are beginnings.
    whole = " " in cue or len(cue) <= 4
    return re.compile(r"\b" + re.escape(cue) + (r"\b" if whole else r"[\w-]*"))


_PATTERNS = {area: [(cue, _cue_pattern(cue)) for cue in cues] for area, cues in AREA_CUES.items()}


def classify_area(text: str) -> AreaDecision:
    """The area of a recommendation and, in words, why."""
    lowered = text.lower()
    opening_end = sum(len(word) + 1 for word in lowered.split()[:OPENING_WORDS])
    scores: dict[str, int] = {}
    first_hit: dict[str, int] = {}
    found: dict[str, list[str]] = {}
    for area, patterns in _PATTERNS.items():
        for _cue, pattern in patterns:
            matches = list(pattern.finditer(lowered))
            if not matches:
                continue
            points = len(matches) + (OPENING_BONUS if matches[0].start() < opening_end else 0)
            scores[area] = scores.get(area, 0) + points
            first_hit[area] = min(first_hit.get(area, len(lowered)), matches[0].start())
            found.setdefault(area, []).extend(m.group(0) for m in matches)
    if not scores:
        return AreaDecision(
            DEFAULT_AREA,
            _("No cue word found; prevention is the default."),
            {},
        )
    area = max(scores, key=lambda a: (scores[a], -first_hit[a]))
    words = ", ".join(dict.fromkeys(found[area]))
    others = "; ".join(
        f"{_(_AREA_LABELS[other])} {points}"
        for other, points in sorted(scores.items(), key=lambda item: -item[1])
        if other != area
    )
    reason = _("%(area)s %(points)d points from: %(words)s.") % {
        "area": _(_AREA_LABELS[area]),
        "points": scores[area],
        "words": words,
    }
    if others:
        reason += " " + _("Others: %(others)s.") % {"others": others}
    return AreaDecision(area, reason, scores)
