"""A recommendation's audit-log entries (django-auditlog LogEntry rows) in words a focal point
understands: "Set the target date to 31 March 2027", "Changed the lead ministry from Police to
Labour", "Added supporting ministries: Equity, Labour", never a field's name or a raw value.

auditlog keeps each changed field as [old, new] strings ("None" for nothing; a foreign key's
pk), and a change of supporting ministries as {"type": "m2m", "operation": "add" or "delete",
"objects": [their names]}. The status is left out: its StatusChange rows say who set it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Area, Ministry, Recommendation

# What auditlog writes for a field that held nothing.
_NOTHING = {"", "None"}

M2M = "m2m"
SUPPORTING = "supporting_ministries"
LEAD = "lead_ministry"
PREVIOUS = "previous"


@dataclass
class Names:
    """The names of the ministries and recommendations that entries name by their pk."""

    ministries: dict[str, str] = field(default_factory=dict)
    recommendations: dict[str, str] = field(default_factory=dict)


def _date(value: str, names: Names) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def _area(value: str, names: Names) -> str:
    return str(Area(value).label) if value in Area.values else value


def _ministry(value: str, names: Names) -> str:
    return names.ministries.get(value) or gettext("a ministry deleted since")


def _recommendation(value: str, names: Names) -> str:
    return names.recommendations.get(value) or gettext("a recommendation deleted since")


def _as_is(value: str, names: Names) -> str:
    return value


# For each field told in words: how its value reads, and what was done when it was set (from
# nothing), changed, or removed. Each message may use %(old)s and %(new)s.
_FIELDS = {
    LEAD: (
        _ministry,
        _("Set the lead ministry to %(new)s"),
        _("Changed the lead ministry from %(old)s to %(new)s"),
        _("Removed the lead ministry (%(old)s)"),
    ),
    "target_date": (
        _date,
        _("Set the target date to %(new)s"),
        _("Changed the target date from %(old)s to %(new)s"),
        _("Removed the target date (%(old)s)"),
    ),
    "title": (
        _as_is,
        _("Set the title to “%(new)s”"),
        _("Changed the title from “%(old)s” to “%(new)s”"),
        _("Removed the title"),
    ),
    "area": (
        _area,
        _("Set the area to %(new)s"),
        _("Changed the area from %(old)s to %(new)s"),
        _("Removed the area (%(old)s)"),
    ),
    PREVIOUS: (
        _recommendation,
        _("Linked to the previous year's recommendation %(new)s"),
        _("Changed the previous year's recommendation from %(old)s to %(new)s"),
        _("Unlinked from the previous year's recommendation %(old)s"),
    ),
    # Never the note's words: a sentence about it, the note is on the recommendation's page.
    "closing_note": (
        _as_is,
        _("Wrote a closing note"),
        _("Changed the closing note"),
        _("Removed the closing note"),
    ),
}

# The fields an entry is told in words for; an entry that changed none of them says nothing here.
WORDED_FIELDS = (*_FIELDS, SUPPORTING)


def names_for(entries) -> Names:
    """The names ``entries`` need, in at most two queries (ministries, then recommendations)."""
    wanted = {LEAD: set(), PREVIOUS: set()}
    for entry in entries:
        for name, pks in wanted.items():
            values = (entry.changes or {}).get(name)
            if isinstance(values, list | tuple):
                pks.update(str(value) for value in values if str(value) not in _NOTHING)
    names = Names()
    if ministry_pks := _ints(wanted[LEAD]):
        names.ministries = {
            str(ministry.pk): str(ministry)
            for ministry in Ministry.objects.filter(pk__in=ministry_pks).only(
                "pk", "name", "short_name"
            )
        }
    if recommendation_pks := _ints(wanted[PREVIOUS]):
        names.recommendations = {
            str(rec.pk): str(rec)
            for rec in Recommendation.objects.filter(pk__in=recommendation_pks)
            .select_related("report")
            .only("pk", "position", "title", "report__year")
        }
    return names


def _ints(values) -> list[int]:
    return [int(value) for value in values if value.isascii() and value.isdigit()]


def sentences(changes: dict | None, names: Names) -> list[str]:
    """What an entry's ``changes`` did, one sentence per field told in words, in the order of
    WORDED_FIELDS."""
    changes = changes or {}
    said = []
    for name in WORDED_FIELDS:
        change = changes.get(name)
        if name == SUPPORTING:
            if sentence := m2m_sentence(change):
                said.append(sentence)
        elif isinstance(change, list | tuple) and len(change) == 2:
            said.append(_field_sentence(name, *(str(value) for value in change), names=names))
    return said


def _field_sentence(name: str, old: str, new: str, *, names: Names) -> str:
    shown, set_to, changed, removed = _FIELDS[name]
    values = {
        "old": shown(old, names) if old not in _NOTHING else "",
        "new": shown(new, names) if new not in _NOTHING else "",
    }
    if old in _NOTHING:
        return set_to % values
    if new in _NOTHING:
        return removed % values
    return changed % values


# What a change of supporting ministries did, by auditlog's name of the operation.
_M2M_WORDS = {
    "add": ngettext_lazy(
        "Added supporting ministry: %(names)s", "Added supporting ministries: %(names)s", "count"
    ),
    "delete": ngettext_lazy(
        "Removed supporting ministry: %(names)s",
        "Removed supporting ministries: %(names)s",
        "count",
    ),
}


def m2m_sentence(change) -> str:
    """A change of supporting ministries as auditlog records it, in words ("" for anything
    else)."""
    if not isinstance(change, dict) or change.get("type") != M2M:
        return ""
    message = _M2M_WORDS.get(change.get("operation"))
    if message is None:
        return ""
    objects = [str(name) for name in change.get("objects") or []]
    return message % {"names": ", ".join(objects), "count": len(objects)}
