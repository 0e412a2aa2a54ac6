"""Which of the 3Ps (plus partnership) a recommendation serves, decided from its wording.

The rule is meant to be read and explained to staff: each area has a list of cue words; every
cue found in the text counts one point, a cue in the opening verb phrase (the first five words)
counts two more, and the area with the most points wins. On a tie the area whose first cue comes
earliest wins; a text with no cue at all is prevention, the broadest of the four. Staff can
always correct the result in the admin, and a correction survives a re-import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        "fine in lieu",
        "fines in lieu",
        "imprisonment",
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
        "child sex tourism",
        "research",
        "study",
        "birth registration",
    ),
    "partnership": (
        "task force",
        "coordinat",
        "civil society",
        "data sharing",
        "share data",
        "information sharing",
        "partnership",
        "partner",
        "international cooperation",
        "bilateral",
        "memorandum",
        "mou",
        "regional",
    ),
}


@dataclass(frozen=True)
class AreaDecision:
    area: str
    reason: str


def _cue_positions(text: str, cue: str) -> list[int]:
    pattern = r"\b" + re.escape(cue) + (r"\b" if " " in cue or len(cue) <= 4 else r"")
    return [m.start() for m in re.finditer(pattern, text)]


def classify_area(text: str) -> AreaDecision:
    lowered = text.lower()
    opening_end = sum(len(w) + 1 for w in lowered.split()[:5])
    scores: dict[str, int] = {}
    first_hit: dict[str, int] = {}
    cues_found: dict[str, list[str]] = {}
    for area, cues in AREA_CUES.items():
        for cue in cues:
            positions = _cue_positions(lowered, cue)
            if not positions:
                continue
            scores[area] = scores.get(area, 0) + len(positions)
            if positions[0] < opening_end:
                scores[area] += 2
            first_hit[area] = min(first_hit.get(area, len(lowered)), positions[0])
            cues_found.setdefault(area, []).append(cue)
    if not scores:
        return AreaDecision("prevention", "no cue word found; prevention is the default")
    area = max(scores, key=lambda a: (scores[a], -first_hit[a]))
    return AreaDecision(area, f"cue words: {', '.join(cues_found[area])}")
