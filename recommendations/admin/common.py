"""What the areas of the staff workspace share: the 404 (or, for an editor and another
ministry's recommendation, the 403 page saying whose it is) for an object out of the user's scope,
the records nobody changes by hand, and the options of link and date fields."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from .. import roles
from ..models import Recommendation
from .dates import DATE_FIELD_OPTIONS

# The formfield_overrides of every form staff type into: links typed without a scheme are taken
# as https, dates are read day first or ISO (admin/dates.py).
FIELD_OPTIONS = {models.URLField: {"assume_scheme": "https"}, **DATE_FIELD_OPTIONS}


class ScopedObjectMixin:
    """An object outside the user's scope answers 404 on every object page, as if it did not
    exist (the admin would otherwise redirect with a message naming it); except that an editor
    who opens a recommendation of another ministry, or one of its notes, is told on a 403 page
    whose it is and whom to ask, and nothing else about it.

    First in a ModelAdmin's bases, so that its pages refuse before any other mixin reads the
    object. The ModelAdmin says which recommendation an object id is of
    (``recommendation_of``)."""

    elsewhere_template = "admin/recommendations/elsewhere.html"

    def recommendation_of(self, object_id):
        """The recommendation the object ``object_id`` is or belongs to, if it exists."""
        raise NotImplementedError

    def _get_in_scope(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such object."))
        return obj

    def _refuse_out_of_scope(self, request, object_id):
        """None when the user may open the object; else the page saying whose it is (for an
        editor and another ministry's recommendation), or 404."""
        object_id = unquote(object_id)
        if self.get_object(request, object_id) is not None:
            return None
        rec = self._recommendation_elsewhere(request, object_id)
        if rec is None:
            raise Http404(gettext("No such object."))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Another ministry's recommendation"),
            "opts": self.opts,
            "lead_ministry": rec.lead_ministry,
            "is_note": self.model is not Recommendation,
        }
        return TemplateResponse(request, self.elsewhere_template, context, status=403)

    def _recommendation_elsewhere(self, request, object_id):
        """The existing recommendation ``object_id`` is of, when it lies outside an editor's
        scope (None for anyone else, and for an object that does not exist)."""
        if not roles.is_editor(request.user):
            return None
        try:
            self.opts.pk.to_python(object_id)
        except ValidationError:
            return None
        rec = self.recommendation_of(object_id)
        if (
            rec is None
            or Recommendation.objects.visible_to(request.user).filter(pk=rec.pk).exists()
        ):
            return None
        return rec

    def change_view(self, request, object_id, form_url="", extra_context=None):
        refusal = self._refuse_out_of_scope(request, object_id)
        return refusal or super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        refusal = self._refuse_out_of_scope(request, object_id)
        return refusal or super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        refusal = self._refuse_out_of_scope(request, object_id)
        return refusal or super().history_view(request, object_id, extra_context)


class ReadOnlyMixin:
    """A record nobody adds, changes or deletes by hand (for a ModelAdmin or an inline)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
