"""What the areas of the staff workspace share: the 404 for an object out of the user's scope,
the records nobody changes by hand, and the options of link fields."""

from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404
from django.utils.translation import gettext

# Links typed without a scheme are taken as https.
URL_FIELD_OPTIONS = {models.URLField: {"assume_scheme": "https"}}


class ScopedObjectMixin:
    """An object outside the user's scope answers 404 on every object page, as if it did not
    exist (the admin would otherwise redirect with a message naming it)."""

    def _get_in_scope(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such object."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._get_in_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._get_in_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._get_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)


class ReadOnlyMixin:
    """A record nobody adds, changes or deletes by hand (for a ModelAdmin or an inline)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
