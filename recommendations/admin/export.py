"""The staff export of recommendations, as CSV or a spreadsheet: of a selection (an action of
the change list), or of the change list as filtered and searched (its export button). What the
reader may see decides the columns and rows (exports.status_report_rows)."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..exports import DATE_COLUMNS, csv_response, status_report_rows
from ..spreadsheets import xlsx_response
from .bulk_actions import whole_selection_in_scope

STAFF_BASENAME = "tipt-staff-status-report"


class RecommendationExportMixin:
    """For RecommendationAdmin: the export action and the export button's two addresses."""

    @admin.action(description=_("Export the selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        if not whole_selection_in_scope(self, request, queryset):
            return None
        return self._csv(request, queryset)

    def _csv(self, request, queryset, *, spreadsheet=False):
        rows = status_report_rows(
            queryset,
            absolute_url=request.build_absolute_uri,
            include_internal=roles.is_secretariat(request.user),
            reader=request.user,
        )
        if spreadsheet:
            return xlsx_response(rows, basename=STAFF_BASENAME, date_columns=DATE_COLUMNS)
        return csv_response(rows, basename=STAFF_BASENAME)

    # -- the export button: the change list as filtered and searched, as CSV

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="recommendations_recommendation_export",
        )
        spreadsheet = path(
            "export.xlsx/",
            self.admin_site.admin_view(lambda request: self.export_view(request, spreadsheet=True)),
            name="recommendations_recommendation_export_xlsx",
        )
        return [export, spreadsheet, *super().get_urls()]

    def export_view(self, request, spreadsheet=False):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            url = reverse("admin:recommendations_recommendation_changelist")
            return HttpResponseRedirect(f"{url}?e=1")
        return self._csv(request, changelist.get_queryset(request), spreadsheet=spreadsheet)
