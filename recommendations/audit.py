"""What the audit log (django-auditlog) keeps: of an evidence note after it is deleted, that it
was deleted, by whom and when, and nothing of what it said or linked to; of rows saved by one
UPDATE of many, the entries a save of each would have written, many-to-many additions
included (``updates_log``).

django-auditlog records every version of a note's fields (its text never, see apps.py), and
its delete entry repeats them. A note may be deleted because it identified a victim, so
deleting one removes the entries of its earlier versions and empties its delete entry. This
runs on the delete signal, right after auditlog writes that entry, so that every path that
deletes a note is covered: the note's page, the recommendation's page, and the deletion of a
recommendation or a report that takes its notes with it.
"""

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, pre_save
from django.utils.encoding import smart_str


def forget_deleted_note(sender, instance, **kwargs) -> None:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_pk=str(instance.pk)
    )
    deletion = entries.filter(action=LogEntry.Action.DELETE).order_by("-pk").first()
    if deletion is None:
        entries.delete()
        return
    entries.exclude(pk=deletion.pk).delete()
    LogEntry.objects.filter(pk=deletion.pk).update(
        changes=None, changes_text="", serialized_data=None
    )


def connect(note_model) -> None:
    """Connected after auditlog's own receivers (apps.py), so it runs after them."""
    post_delete.connect(forget_deleted_note, sender=note_model, dispatch_uid="forget-deleted-note")


def updates_log(changed, *, fields, m2m_added=None) -> None:
    """Log ``changed``, pairs of (row as read, row as written) saved by one UPDATE of many, which
    sends no signal and so logs nothing. One INSERT writes the entries auditlog's own receiver
    would write for a save of each with ``update_fields=fields``: the same diff (of the fields
    auditlog audits), and the actor and address of the request, which auditlog sets in its
    pre_save receiver (sent here for each entry: bulk_create sends none). TIPT registers no
    serialized data for the models written this way.

    ``m2m_added`` maps a row's pk to {many-to-many field: objects added to it in the same write
    (by a bulk INSERT, which sends no signal either)}: they join that row's one entry, in the
    words auditlog's m2m receiver writes ({"type": "m2m", "operation": "add", "objects": [...]}),
    rather than an entry of their own."""
    if auditlog_disabled.get():
        return
    m2m_added = m2m_added or {}
    entries = []
    for old, new in changed:
        changes = (
            model_instance_diff(
                old,
                new,
                fields_to_check=fields,
                use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
            )
            or {}
        )
        for name, objects in m2m_added.get(new.pk, {}).items():
            if objects:
                changes[name] = {
                    "type": "m2m",
                    "operation": "add",
                    "objects": [smart_str(obj) for obj in objects],
                }
        if not changes:
            continue
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(new),
            object_pk=str(new.pk),
            object_id=new.pk,
            object_repr=smart_str(new),
            action=LogEntry.Action.UPDATE,
            changes=changes,
            cid=get_cid(),
        )
        additional_data = getattr(new, "get_additional_data", None)
        if callable(additional_data):
            entry.additional_data = additional_data()
        using = LogEntry.objects.db
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=using, update_fields=None)
        entries.append(entry)
    LogEntry.objects.bulk_create(entries)
