"""Public pages: the dashboard, the filtered list, one recommendation's story, the CSV export.

Each page reads a fixed number of queries whatever the amount of data, and shows only what the
public may see (see feeds.py for the updates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from .caching import known_query
from .calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from .exports import csv_response, status_report_rows
from .feeds import latest_public_updates, recommendation_timeline
from .filters import (
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
    FastSelect,
    RecommendationFilter,
    ReportFilter,
)
from .models import Area, Country, Recommendation, Report, Status

DASHBOARD_UPDATES = 6
PAGE_SIZE = 20
EXPORT_BASENAME = "tipt-status-report"
# The years a report can have, written as the dashboard's ``year`` parameter.
PLAUSIBLE_YEARS = frozenset(str(year) for year in range(FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR + 1))
# A page of the list as its links write it: no sign, no leading zero, no "last".
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


@dataclass
class Tally:
    """How many recommendations of one group stand at each status."""

    label: str
    counts: dict[str, int] = field(default_factory=dict)
    list_query: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        return self.counts.get(Status.COMPLETED, 0)

    @property
    def completed_percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0

    def by_status(self):
        """(status value, label, count) in the order of the work: not started to completed."""
        return [(status, status.label, self.counts.get(status, 0)) for status in Status]


def _status_counts(row: dict, prefix: str = "") -> dict[str, int]:
    return {status: row[f"{prefix}{status}"] for status in Status.values}


def _count_by_status(prefix: str = "", **condition):
    return {
        f"{prefix}{status}": Count("pk", filter=Q(status=status, **condition))
        for status in Status.values
    }


class DashboardView(TemplateView):
    """The latest report of the default country at a glance (or the country and year asked)."""

    template_name = "recommendations/dashboard.html"

    @staticmethod
    def cache_query(data):
        """The country and year asked, as they key the cached page (see caching.py). Any other
        year shows the latest report, which must not be kept once for every number."""
        query = known_query(data, ReportFilter.base_filters)
        if "year" in query and query["year"] not in PLAUSIBLE_YEARS:
            return None
        return query

    def get_context_data(self, **kwargs):
        report = self.get_report()
        context = super().get_context_data(report=report, today=timezone.localdate(), **kwargs)
        if report is not None:
            context.update(self.get_progress_context(report))
            context.update(self.get_ministries_context(report))
            context["recommendations"] = report.recommendations.order_by("position")
            context["timeline"] = list(
                report.country.reports.only("pk", "country", "year", "tier").order_by("year")
            )
            context["country_switch"] = self.get_country_switch(report)
            context["updates"] = latest_public_updates(
                recommendations=report.recommendations.all(), limit=DASHBOARD_UPDATES
            )
        return context

    def get_report(self):
        data = self.request.GET.copy()
        asked = bool(data.get("country"))
        if not asked:
            data["country"] = settings.TIPT_DEFAULT_COUNTRY
        # The report's source text and pasted chapter are long and never shown here.
        reports = (
            Report.objects.select_related("country")
            .defer("source_text", "pasted_text")
            .order_by("-year")
        )
        report_filter = ReportFilter(data, queryset=reports)
        report = report_filter.qs.first() if report_filter.is_valid() else None
        if report is None and asked:
            raise Http404("No report for that country and year.")
        if report is None:
            # The default country has no report here: show the latest report imported.
            report = reports.order_by("-year", "country__name").first()
        return report

    def get_country_switch(self, report):
        """The menu of countries with a report (an office tracking every country has about
        190), or nothing when there is only the one."""
        choices = list(Country.objects.with_reports().values_list("slug", "name"))
        if len(choices) < 2:
            return ""
        menu = FastSelect(attrs={"id": "country-switch"}, choices=choices)
        return menu.render("country", report.country.slug)

    def get_progress_context(self, report):
        recommendations = report.recommendations.all()
        row = recommendations.aggregate(
            **_count_by_status(),
            **{
                key: value
                for area in Area.values
                for key, value in _count_by_status(f"{area}-", area=area).items()
            },
        )
        place = {"country": report.country.slug, "year": report.year}
        overall = Tally(_("All recommendations"), _status_counts(row), urlencode(place))
        areas = [
            Tally(area.label, _status_counts(row, f"{area}-"), urlencode({**place, "area": area}))
            for area in Area
        ]
        return {
            "overall": overall,
            "areas": [tally for tally in areas if tally.total],
            "overdue": recommendations.overdue().count(),
            "overdue_query": urlencode({**place, "overdue": "yes"}),
            "place_query": urlencode(place),
        }

    def get_ministries_context(self, report):
        rows = (
            report.recommendations.values("lead_ministry__name")
            .annotate(**_count_by_status())
            # Ministries by name, then the recommendations nobody leads yet.
            .order_by(F("lead_ministry__name").asc(nulls_last=True))
        )
        return {
            "ministries": [
                Tally(row["lead_ministry__name"] or _("No lead ministry yet"), _status_counts(row))
                for row in rows
            ]
        }


def list_queryset():
    """What the list and the export start from, before the filters."""
    return Recommendation.objects.select_related(
        "report__country", "lead_ministry"
    ).with_last_update()


class RecommendationListView(FilterView):
    filterset_class = RecommendationFilter
    template_name = "recommendations/list.html"
    context_object_name = "recommendations"
    paginate_by = PAGE_SIZE

    @classmethod
    def cache_query(cls, data):
        """The filters, one ordering and the page number, as they key the cached page (see
        caching.py; the filter form then refuses the values no choice has). A search is free
        text, so a page with one is rendered but not stored; so is one with several orderings
        or an odd page number."""
        query = known_query(data, [*RecommendationFilter.base_filters, cls.page_kwarg])
        if query.get("q", "").strip() or "," in query.get("o", ""):
            return None
        query.pop("q", None)  # only blanks: no search
        page = query.pop(cls.page_kwarg, ["1"])[-1]
        if not PAGE_NUMBER.fullmatch(page):
            return None
        if page != "1":
            query[cls.page_kwarg] = page
        return query

    def get_queryset(self):
        return list_queryset()

    def get_context_data(self, **kwargs):
        # On a page that may be cached, request.GET is the canonical query, so the links built
        # from it are the same for every request served this page.
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_query=query.urlencode(), search_note=self.get_search_note(), **kwargs
        )

    def get_search_note(self) -> str:
        if not self.filterset.search_was_cut:
            return ""
        return _(
            "Only the first %(words)d words and %(characters)d characters of your search "
            "were used; the rest was ignored."
        ) % {"words": SEARCH_MAX_WORDS, "characters": SEARCH_MAX_LENGTH}


def export_csv(request):
    """The status report as CSV, with the list's filters and order (the page's query string)."""
    base = Recommendation.objects.all()
    if "last_update" in request.GET.get("o", ""):
        # The list's "last update" is no column of the report; it is worked out per row only
        # when the rows are sorted by it.
        base = base.with_last_update()
    filterset = RecommendationFilter(request.GET, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    rows = status_report_rows(queryset, absolute_url=request.build_absolute_uri)
    return csv_response(rows, basename=EXPORT_BASENAME)


class RecommendationDetailView(DetailView):
    template_name = "recommendations/detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return Recommendation.objects.select_related(
            "report__country", "lead_ministry"
        ).prefetch_related("supporting_ministries")

    def get_context_data(self, **kwargs):
        rec = self.object
        return super().get_context_data(
            versions=self.get_versions(rec),
            timeline=recommendation_timeline(rec),
            is_overdue=rec.is_overdue(),
            **kwargs,
        )

    def get_versions(self, rec):
        """Each version across the years with the one before it, for the wording diff."""
        versions = list(Recommendation.objects.select_related("report").lineage_of(rec))
        return [
            (version, versions[index - 1] if index else None)
            for index, version in enumerate(versions)
        ]
