"""What the audit log keeps of an evidence note after it is deleted: that it was deleted, by
whom and when, and nothing of what it said or linked to.

django-auditlog records every version of a note's fields (its text never, see apps.py), and
its delete entry repeats them. A note may be deleted because it identified a victim, so
deleting one removes the entries of its earlier versions and empties its delete entry. This
runs on the delete signal, right after auditlog writes that entry, so that every path that
deletes a note is covered: the note's page, the recommendation's page, and the deletion of a
recommendation or a report that takes its notes with it.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete


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
