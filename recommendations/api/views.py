"""The API's endpoints, thin: each reads through the public site's own querysets and selectors
(public/views.py ``list_queryset``, public/filters.py, models' ``public()`` and ``thread_of``,
selectors/statistics.py), so it shows what the pages show, and keys its cached answers by the
same page versions (caching.py)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ..models import Country, EvidenceNote, Ministry, Recommendation, Report, report_texts
from ..models.evidence import NOTE_ORDER
from ..public.cache import asked_country, shown_country
from ..public.filters import ReportFilter
from ..public.page_versions import BIGGEST_ID, EVERY_COUNTRY, Scope
from ..public.statistics import _country, _latest_period
from ..public.views import DashboardView, RecommendationListView, list_queryset
from ..selectors.statistics import public_statistics
from . import serializers
from .caching import CachedResponses, canonical_ids
from .filters import ApiRecommendationFilter, EvidenceFilter


class CountryViewSet(CachedResponses, viewsets.ReadOnlyModelViewSet):
    """Every country, with its reports' years and tiers."""

    serializer_class = serializers.CountrySerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,100}"
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        reports = Report.objects.only("pk", "country", "year", "tier").order_by("year")
        return Country.objects.order_by("name").prefetch_related(Prefetch("reports", reports))

    def cache_scope(self, request, **kwargs):
        return Scope(slug=kwargs["slug"]) if "slug" in kwargs else EVERY_COUNTRY


class ReportViewSet(CachedResponses, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every report: its country, year and tier (the dashboard's tier across the years), with
    the public dashboard's filters: ``country`` and ``year``."""

    serializer_class = serializers.ReportSerializer
    filterset_class = ReportFilter
    cache_scope = staticmethod(asked_country)

    def cache_query(self, data):
        """The dashboard's rule for the country and year (a year no report can have is
        answered, not stored), and the page."""
        query = DashboardView.cache_query(data)
        if query is not None and (page := data.get("page", "")):
            query["page"] = page
        return canonical_ids(query, ["page"])

    def get_queryset(self):
        return (
            Report.objects.select_related("country")
            .defer(*report_texts())
            .annotate(recommendation_count=Count("recommendations"))
            .order_by("country__name", "-year")
        )


def _recommendations():
    """The public list's rows (list_queryset), with the owners and carry-over the API adds."""
    supporting = Ministry.objects.only("pk", "slug", "name", "short_name").order_by("name")
    return (
        list_queryset()
        .select_related("carry_over")
        .prefetch_related(Prefetch("supporting_ministries", supporting))
    )


@extend_schema_view(
    list=extend_schema(
        description=(
            "Recommendations with the public list's filters and order: by default each "
            "country's latest report (the open work); `year=all` every year, `year=2020` one "
            "year's reports; `thread` every version of one thread (with `year=all`). The same "
            "query string gives the same rows, in the same order, as the public list "
            "(/recommendations/) and its CSV."
        ),
        parameters=[
            OpenApiParameter("country", str, description="A country's slug."),
            OpenApiParameter(
                "year",
                str,
                description="A report year, or `all`; without it, each country's latest report.",
            ),
            OpenApiParameter(
                "ministry",
                str,
                description="A ministry's slug: the recommendations it leads or supports.",
            ),
            OpenApiParameter(
                "q",
                str,
                description="Words, each looked for in the title or the text (the first 12 "
                "words of the first 200 characters).",
            ),
            OpenApiParameter(
                "thread", int, description="A thread's id: every version of one recommendation."
            ),
        ],
    )
)
class RecommendationViewSet(CachedResponses, viewsets.ReadOnlyModelViewSet):
    """The recommendations, as the public list and pages show them."""

    filterset_class = ApiRecommendationFilter
    lookup_value_regex = r"[0-9]{1,19}"

    def get_queryset(self):
        return _recommendations()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.RecommendationDetailSerializer
        return serializers.RecommendationSerializer

    def cache_query(self, data):
        if self.action == "retrieve":
            return super().cache_query(data)
        # The list page's own rule (searches answered but not stored), with the thread.
        query = RecommendationListView.cache_query(data)
        if query is not None and (thread := data.get("thread", "")):
            query["thread"] = thread
        return canonical_ids(query, ["thread"])

    def cache_scope(self, request, **kwargs):
        if "pk" in kwargs:
            return Scope(recommendation=int(kwargs["pk"]))
        return RecommendationListView.cache_scope(request)

    def get_object(self):
        """Any year's recommendation (the list's filters, whose default is the latest reports,
        choose rows of the list, not the one asked by its id)."""
        pk = int(self.kwargs["pk"])
        if not 0 < pk < BIGGEST_ID:
            raise Http404
        return get_object_or_404(self.get_queryset(), pk=pk)

    def retrieve(self, request, *args, **kwargs):
        """The recommendation and its thread's versions, as its public page reads them."""
        recommendation = self.get_object()
        versions = Recommendation.objects.with_report().thread_of(recommendation)
        context = {**self.get_serializer_context(), "versions": list(versions)}
        return Response(self.get_serializer(recommendation, context=context).data)


class EvidenceViewSet(CachedResponses, viewsets.ReadOnlyModelViewSet):
    """Published evidence notes (internal ones never), in the one order of updates: by the date
    each happened, newest first."""

    serializer_class = serializers.EvidenceSerializer
    filterset_class = EvidenceFilter
    lookup_field = "public_id"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,32}"
    cache_parameters = ("country", "recommendation", "thread", "page")
    cache_ids = ("recommendation", "thread", "page")
    cache_scope = staticmethod(asked_country)

    def get_queryset(self):
        return (
            EvidenceNote.objects.public()
            .select_related("recommendation__report__country")
            .only(
                "public_id",
                "happened_on",
                "text",
                "link",
                "published_at",
                "recommendation__thread_root",
                "recommendation__report__country__slug",
            )
            .order_by(*NOTE_ORDER)
        )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "country", str, description="A country's slug (default: the site's own country)."
        )
    ],
    responses=serializers.StatisticsSerializer,
)
class StatisticsView(CachedResponses, GenericAPIView):
    """A country's approved TIP statistics for the last six reporting periods, as the public
    statistics page shows them: small counts masked, a breakdown that would let one be worked
    out withheld, the report's own figure beside each."""

    serializer_class = serializers.StatisticsSerializer
    filter_backends = []
    pagination_class = None
    cache_parameters = ("country",)

    cache_scope = staticmethod(shown_country)

    def get(self, request, *args, **kwargs):
        # The statistics page's own reading of ``?country=`` and of the periods it ends with.
        country = _country(request)
        figures = {
            "country": country,
            "small_count_threshold": settings.TIPT_SMALL_COUNT_THRESHOLD,
            "metrics": public_statistics(country, latest_period=_latest_period()),
        }
        return Response(self.get_serializer(figures).data)
