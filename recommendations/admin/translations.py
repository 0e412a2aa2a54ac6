"""What still lacks a French version, in the staff workspace: the "French version" filter of
the change lists of recommendations, countries, ministries, metrics and evidence notes (their
rows link to the pages where staff enter it). For evidence notes, "missing" lists the published
ones only: an internal note is never shown in either language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import EvidenceNote, Visibility
from ..translation import lacks_french

MISSING, ENTERED = "missing", "entered"


class FrenchVersionFilter(admin.SimpleListFilter):
    title = _("French version")
    parameter_name = "french"

    def lookups(self, request, model_admin):
        return [(MISSING, _("Missing")), (ENTERED, _("Entered"))]

    def queryset(self, request, queryset):
        missing = lacks_french(queryset.model)
        if self.value() == MISSING:
            if queryset.model is EvidenceNote:
                queryset = queryset.filter(visibility=Visibility.PUBLIC)
            return queryset.filter(missing)
        if self.value() == ENTERED:
            return queryset.exclude(missing)
        return queryset
