"""What each person may read of a recommendation's history: the admin's change history and the
field-level audit log of the recommendation and its evidence notes.

The recommendation's change form logs what its evidence-note inline did ("Added evidence note
“Evidence note 7 (Internal)”"): who did it and when. An editor must learn nothing there about a
note they may not read (one deleted since, or not of this recommendation), so each such line
records the note's id when it is written (admin/history.py), and the history is read through
``readable_entries``. Lines written before the id was recorded name the note only in its label,
where the id is found; a note line without an id is never shown to an editor.
"""

from __future__ import annotations

import json
import re

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import translation

from .. import roles
from ..models import EvidenceNote, Recommendation

# The key added to a note's line of a change message (Django ignores keys it does not know).
NOTE_ID = "note_id"
# The id in a note's label, "Evidence note 7 (Internal)"; a deleted note's label has none.
_ID_IN_LABEL = re.compile(r"\b(\d+)\b")
_ACTIONS = ("added", "changed", "deleted")


def readable_note_ids(user, recommendation) -> set[int] | None:
    """The ids of the notes of ``recommendation`` that ``user`` may read, or None for the
    secretariat, who reads the whole record (deleted notes' included)."""
    if roles.is_secretariat(user):
        return None
    notes = EvidenceNote.objects.filter(recommendation=recommendation).visible_to(user)
    return set(notes.values_list("pk", flat=True))


def audit_entries(user, recommendation):
    """The audit log's entries (django-auditlog LogEntry rows) about ``recommendation`` and
    the notes of it that ``user`` may read, newest first."""
    note_entries = Q(
        content_type=ContentType.objects.get_for_model(EvidenceNote),
        additional_data__recommendation_id=recommendation.pk,
    )
    readable = readable_note_ids(user, recommendation)
    if readable is not None:
        note_entries &= Q(object_pk__in=[str(pk) for pk in readable])
    return (
        LogEntry.objects.filter(
            Q(_of_recommendations(), object_pk=recommendation.pk) | note_entries
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def _of_recommendations() -> Q:
    return Q(content_type=ContentType.objects.get_for_model(Recommendation))


def recommendation_entries():
    """The audit log's entries about recommendations (not their notes), of every one."""
    return LogEntry.objects.filter(_of_recommendations())


def readable_entries(entries, readable: set[int] | None) -> list:
    """``entries`` (django.contrib.admin LogEntry rows) without their lines about notes whose
    id is not in ``readable``; an entry left with nothing to say is left out, so neither its
    author, its time nor the page's count tells of the note. ``readable`` None keeps all."""
    if readable is None:
        return list(entries)
    with translation.override(None):
        note_name = str(EvidenceNote._meta.verbose_name)
    kept = []
    for entry in entries:
        lines = _lines(entry.change_message)
        if lines is None:
            kept.append(entry)
            continue
        shown = [line for line in lines if not _about_unreadable_note(line, note_name, readable)]
        if lines and not shown:
            continue
        if len(shown) != len(lines):
            # Only this object, for this page; the stored row keeps the whole record.
            entry.change_message = json.dumps(shown)
        kept.append(entry)
    return kept


def _lines(change_message: str) -> list | None:
    """The lines of a JSON change message, as LogEntry.get_change_message reads them."""
    if not change_message or not change_message.startswith("["):
        return None
    try:
        lines = json.loads(change_message)
    except json.JSONDecodeError:
        return None
    return lines if isinstance(lines, list) else None


def _about_unreadable_note(line, note_name: str, readable: set[int]) -> bool:
    if not isinstance(line, dict):
        return False
    for action in _ACTIONS:
        details = line.get(action)
        if isinstance(details, dict) and details.get("name") == note_name:
            return _note_id(details) not in readable
    return False


def _note_id(details: dict) -> int | None:
    if NOTE_ID in details:
        return details[NOTE_ID]
    found = _ID_IN_LABEL.search(str(details.get("object", "")))
    return int(found.group(1)) if found else None
