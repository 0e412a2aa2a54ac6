"""History in the staff workspace: a recommendation's history page, and the audit trail and the
thread across the years (selectors/threads.py) on its change page, each without what the reader
may not read of the notes (the reads are in
selectors/history.py); the change messages that make that possible; and django-auditlog's own
pages, kept to the secretariat."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.translation import gettext

from .. import roles
from ..models import EvidenceNote
from ..models.evidence import UPDATE_ORDER_NOTE
from ..selectors import history
from ..selectors.review import proposals_of
from ..selectors.threads import staff_thread

# What Django's history page shows per page.
HISTORY_PER_PAGE = 100


class RecommendationHistoryMixin:
    """For RecommendationAdmin, after ScopedObjectMixin in its bases (which refuses an object
    out of scope first; ``_get_in_scope`` is that mixin's): the history page filtered for its
    reader, and on the change page the audit trail, the thread, and what the page says of the
    order of its notes and status history (the models' order, see models/evidence.py)."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        return with_note_ids(message, formsets)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if context is None:
            return response
        readable = history.readable_note_ids(request.user, context["object"])
        if readable is None:
            return response
        # The page and its count, again, without what the user may not read of the notes.
        entries = history.readable_entries(context["action_list"].paginator.object_list, readable)
        paginator = self.get_paginator(request, entries, HISTORY_PER_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        context.update(
            action_list=page,
            page_range=paginator.get_elided_page_range(page.number),
            pagination_required=paginator.count > HISTORY_PER_PAGE,
        )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rec = self._get_in_scope(request, object_id)
        versions, entries = staff_thread(request.user, rec)
        extra_context = {
            **(extra_context or {}),
            "audit_entries": self._audit(request, rec),
            "update_order_note": UPDATE_ORDER_NOTE,
            "thread_versions": versions,
            "thread_entries": entries,
            "proposals": proposals_of(rec, request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _audit(self, request, rec):
        """The field-level audit of the recommendation and of the notes the user may read."""
        return [
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor,
                "action": entry.get_action_display(),
                "record": entry.object_repr,
                "changes": _changes(entry),
            }
            for entry in history.audit_entries(request.user, rec)
        ]


def with_note_ids(message: list, formsets) -> list:
    """``message`` as Django's construct_change_message built it, with the id of each note it
    names. Django writes one line per object of each formset, in this order, after the line
    about the form itself."""
    objects = [
        obj
        for formset in formsets
        for obj in (
            *formset.new_objects,
            *(changed for changed, _fields in formset.changed_objects),
            *formset.deleted_objects,
        )
    ]
    lines = message[len(message) - len(objects) :] if objects else []
    for line, obj in zip(lines, objects, strict=True):
        if isinstance(obj, EvidenceNote):
            (details,) = line.values()
            # None once deleted: such a line is the secretariat's alone.
            details[history.NOTE_ID] = obj.pk
    return message


def _reverse_relations(model) -> set[str]:
    """Names of the relations pointing at ``model``, which the audit lists on creation."""
    return {f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete}


def _changes(entry) -> list[tuple[str, str]]:
    """(field, what changed) of an audit entry, a many-to-many change in words ("added: Police",
    which auditlog's display would spell as the keys of the change it recorded)."""
    model = entry.content_type.model_class()
    m2m = {f.name: str(f.verbose_name) for f in model._meta.many_to_many}
    in_words = {
        m2m[name]: _m2m_text(change)
        for name, change in entry.changes_dict.items()
        if name in m2m and isinstance(change, dict) and change.get("type") == "m2m"
    }
    return [
        (field, in_words.get(str(field)) or _change_text(change))
        for field, change in entry.changes_display_dict.items()
        if field not in _reverse_relations(model)
    ]


def _m2m_text(change: dict) -> str:
    objects = ", ".join(map(str, change.get("objects") or ()))
    if change.get("operation") == "add":
        return gettext("added: %(objects)s") % {"objects": objects}
    return gettext("removed: %(objects)s") % {"objects": objects}


def _change_text(change) -> str:
    if isinstance(change, list | tuple) and len(change) == 2:
        return f"{change[0]} → {change[1]}"
    return str(change)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(LogEntryAdmin):
    """django-auditlog's pages list the history of every note of every recommendation: they
    are the secretariat's, whatever permission someone else was given."""

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user) and super().has_view_permission(request, obj)
