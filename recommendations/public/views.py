"""The public pages: the dashboard, the filtered list, one recommendation's story, the CSV export.

Thin views: what a page shows is read by the QuerySet methods of models.py and by selectors/
(the tallies, the public updates), each in a fixed number of queries. Each cached view says
which query keys its page and whose page versions (``cache_query``, ``cache_scope``); cache.py
does the caching.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from ..calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR
from ..exports import DATE_COLUMNS, csv_response, status_report_rows
from ..models import Country, Recommendation, Report, report_texts
from ..models.evidence import UPDATE_ORDER_NOTE
from ..selectors.statistics import latest_totals
from ..selectors.tallies import overdue_count, status_tallies_by_area, status_tallies_by_ministry
from ..selectors.updates import latest_public_updates, recommendation_timeline
from ..spreadsheets import xlsx_response
from ..translation import values_in_page_language
from . import progress
from .cache import Scope, asked_country, known_query, shown_country, shown_country_slug
from .filters import (
    ALL_YEARS,
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
    FastSelect,
    RecommendationFilter,
    ReportFilter,
)

DASHBOARD_UPDATES = 6
PAGE_SIZE = 20
EXPORT_BASENAME = "tipt-status-report"
# The years a report can have, written as the dashboard's ``year`` parameter.
PLAUSIBLE_YEARS = frozenset(str(year) for year in range(FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR + 1))
# A page of the list as its links write it: no sign, no leading zero, no "last".
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
# The list's default scope, as its template names it (the filter's ALL_YEARS is the other).
LATEST_REPORTS = "latest"


class DashboardView(TemplateView):
    """The latest report of the default country at a glance (or the country and year asked)."""

    template_name = "recommendations/dashboard.html"

    @staticmethod
    def cache_query(data):
        """The country and year asked, as they key the cached page (see cache.py). Any other
        year shows the latest report, which must not be kept once for every number."""
        query = known_query(data, ReportFilter.base_filters)
        if "year" in query and query["year"] not in PLAUSIBLE_YEARS:
            return None
        return query

    # The country shown: the one asked, or the default (see cache.Scope).
    cache_scope = staticmethod(shown_country)

    def get_context_data(self, **kwargs):
        report, reports = self.get_reports()
        context = super().get_context_data(report=report, today=timezone.localdate(), **kwargs)
        if report is not None:
            # Read once for the list, the tallies and the latest updates.
            recommendations = list(
                report.recommendations.select_related("lead_ministry")
                .with_overdue()
                .order_by("position")
            )
            context.update(self.get_progress_context(report, recommendations))
            context.update(self.get_ministries_context(recommendations))
            context.update(self.get_report_context(report, reports, recommendations))
            context.update(self.get_updates_context(recommendations))
            context["numbers"] = latest_totals(report.country)
            context.update(self.get_progress_report_context(report))
        return context

    def get_reports(self):
        """The report shown and every report of its country by year (for the tier timeline and
        the menu of years), in one query: the country and year asked, else the default
        country's latest report, else the latest report imported; (None, []) when there is none.
        """
        data = self.request.GET
        asked = bool(data.get("country"))
        reports = Report.objects.select_related("country").defer(*report_texts()).order_by("year")
        slug = shown_country_slug(data)
        of_country = list(reports.filter(country__slug=slug))
        report = self.chosen_report(of_country, data.get("year"))
        if report is None and asked:
            raise Http404("No report for that country and year.")
        if report is None:
            # The default country has no report here: show the latest report imported.
            report = reports.order_by("-year", "country__name_en").first()
            of_country = list(reports.filter(country=report.country_id)) if report else []
        return report, of_country

    @staticmethod
    def chosen_report(reports, year):
        """The report of ``reports`` (a country's, by year) that ReportFilter chooses for
        ``year``: that year's, the latest without one, None for a year that is no number."""
        try:
            year = ReportFilter.base_filters["year"].field.clean(year)
        except ValidationError:
            return None
        if year is None:
            return reports[-1] if reports else None
        return next((report for report in reports if report.year == year), None)

    def get_progress_report_context(self, report):
        """The country's latest approved progress report, to link (one query)."""
        pack = progress.latest_approved(report.country, summary=True)
        if pack is None:
            return {}
        url = progress.progress_url(report.country.slug, pack.period)
        return {"progress_report": pack, "progress_report_url": url}

    def get_country_switch(self, report):
        """The menu of countries with a report (an office tracking every country has about
        190), or nothing when there is only the one."""
        choices = list(values_in_page_language(Country.objects.with_reports(), "slug"))
        if len(choices) < 2:
            return ""
        menu = FastSelect(attrs={"id": "country-switch"}, choices=choices)
        return menu.render("country", report.country.slug)

    def get_progress_context(self, report, recommendations):
        place = {"country": report.country.slug, "year": report.year}
        overall, areas = status_tallies_by_area(recommendations, place=place)
        return {
            "overall": overall,
            "areas": areas,
            "overdue": overdue_count(recommendations),
            "overdue_query": urlencode({**place, "overdue": "yes"}),
            "place_query": urlencode(place),
        }

    def get_ministries_context(self, recommendations):
        return {"ministries": status_tallies_by_ministry(recommendations)}

    def get_year_switch(self, report, reports):
        """The menu of the country's report years, latest first, or nothing when it has only
        the one (``reports``: the country's reports, read once for the tier timeline)."""
        if len(reports) < 2:
            return ""
        choices = [(past.year, str(past.year)) for past in reversed(reports)]
        return FastSelect(attrs={"id": "year-switch"}, choices=choices).render("year", report.year)

    def get_report_context(self, report, reports, recommendations):
        """The report's recommendations, its country's tier across the years (``reports``, by
        year), and the menus of countries and of the country's years."""
        return {
            "recommendations": recommendations,
            "timeline": reports,
            "country_switch": self.get_country_switch(report),
            "year_switch": self.get_year_switch(report, reports),
        }

    def get_updates_context(self, recommendations):
        return {
            "updates": latest_public_updates(
                recommendations=recommendations, limit=DASHBOARD_UPDATES
            ),
            "update_order_note": UPDATE_ORDER_NOTE,
        }


def list_queryset():
    """What the list, the export and the API start from, before the filters: a fresh copy of
    the one built for today (building its four annotations anew is a tenth of a list page's
    time; a copy shares their resolved expressions, as every chained QuerySet does)."""
    return _list_queryset(timezone.localdate()).all()


@functools.lru_cache(maxsize=2)
def _list_queryset(today):
    # Never evaluated itself (only its copies are), so it holds no rows.
    return (
        Recommendation.objects.with_report("report__country", "lead_ministry")
        .with_last_update()
        .with_overdue(today)
        .with_next_report()
        .with_successors()
    )


class RecommendationListView(FilterView):
    filterset_class = RecommendationFilter
    template_name = "recommendations/list.html"
    context_object_name = "recommendations"
    paginate_by = PAGE_SIZE

    @classmethod
    def cache_query(cls, data):
        """The filters, one ordering and the page number, as they key the cached page (see
        cache.py; the filter form then refuses the values no choice has). A search is free
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

    # One country's pages when the list is of one country, else every country's.
    cache_scope = staticmethod(asked_country)

    def get_queryset(self):
        return list_queryset()

    def get_context_data(self, **kwargs):
        # On a page that may be cached, request.GET is the canonical query, so the links built
        # from it are the same for every request served this page.
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_query=query.urlencode(),
            search_note=self.get_search_note(),
            year_scope=self.get_year_scope(),
            latest_reports=LATEST_REPORTS,
            all_years=ALL_YEARS,
            **kwargs,
        )

    def get_year_scope(self) -> str:
        """Which reports the list holds: LATEST_REPORTS (each country's latest, the default),
        ALL_YEARS, the year chosen, or "" when the filters were refused."""
        if not self.filterset.is_valid():
            return ""
        return self.filterset.form.cleaned_data["year"] or LATEST_REPORTS

    def get_search_note(self) -> str:
        if not self.filterset.search_was_cut:
            return ""
        return _(
            "Only the first %(words)d words and %(characters)d characters of your search "
            "were used; the rest was ignored."
        ) % {"words": SEARCH_MAX_WORDS, "characters": SEARCH_MAX_LENGTH}


def _export_rows(request):
    """The status report's rows with the list's filters and order (the page's query string)."""
    base = Recommendation.objects.all()
    if "last_update" in request.GET.get("o", ""):
        # The list's "last update" is no column of the report: named only when the rows are
        # sorted by it.
        base = base.with_last_update()
    filterset = RecommendationFilter(request.GET, queryset=base, request=request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return status_report_rows(queryset, absolute_url=request.build_absolute_uri)


def export_csv(request):
    """The status report as CSV, with the list's filters and order."""
    return csv_response(_export_rows(request), basename=EXPORT_BASENAME)


def export_xlsx(request):
    """The same rows as the CSV, as a spreadsheet."""
    return xlsx_response(_export_rows(request), basename=EXPORT_BASENAME, date_columns=DATE_COLUMNS)


class RecommendationDetailView(DetailView):
    template_name = "recommendations/detail.html"
    context_object_name = "recommendation"

    @staticmethod
    def cache_scope(request, pk, **kwargs):
        return Scope(recommendation=pk)

    def get_queryset(self):
        return (
            Recommendation.objects.with_report("report__country", "lead_ministry", "carry_over")
            .prefetch_related("supporting_ministries")
            .with_overdue()
            .with_next_report()
        )

    def get_context_data(self, **kwargs):
        rec = self.object
        versions = list(Recommendation.objects.with_report("carry_over").thread_of(rec))
        return super().get_context_data(
            versions=self.get_versions(versions),
            timeline=self.get_timeline(rec, versions),
            update_order_note=UPDATE_ORDER_NOTE,
            is_overdue=rec.is_overdue,
            **self.get_thread_context(rec, versions),
            **kwargs,
        )

    def get_timeline(self, rec, versions):
        """The thread's public updates; each version they point at says, once, which wording
        its updates were recorded under, and where its page is (a thread of many years has
        hundreds of updates, and their versions a dozen addresses)."""
        for version in [rec, *versions]:
            if version.pk == rec.pk:
                label = _("Recorded under the %(year)s wording (this page)")
            else:
                label = _("Recorded under the %(year)s wording (recommendation %(position)s)")
            version.recorded_under = label % {
                "year": version.report.year,
                "position": version.position,
            }
            version.page_url = version.get_absolute_url()
        return recommendation_timeline(rec, versions)

    def get_versions(self, versions):
        """Each version of the thread with the one it follows, for the wording diff."""
        by_pk = {version.pk: version for version in versions}
        return [(version, by_pk.get(version.previous_id)) for version in versions]

    def get_thread_context(self, rec, versions):
        """Where this version stands in its thread: carried over from the report before,
        carried into later ones (two or more for a split), or dropped from the next."""
        successors = [version for version in versions if version.previous_id == rec.pk]
        return {
            "carry_over": carry_over_of(rec),
            "successors": successors,
            "dropped_from": rec.next_report_year if not successors else None,
        }


def carry_over_of(rec):
    """The record of ``rec``'s carrying over (read with it), or None."""
    try:
        return rec.carry_over
    except ObjectDoesNotExist:
        return None
