"""The API's FilterSets. The recommendations endpoint runs the public list's own FilterSet
(public/filters.py), so the same query string gives the same rows in the same order as the
list page and its CSV; it adds only ``thread``, the stable id that follows a recommendation
across the years."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from ..models import EvidenceNote
from ..public.filters import RecommendationFilter, country_choices
from ..public.page_versions import BIGGEST_ID


def in_thread(queryset, prefix: str, thread: int):
    """Rows of ``thread`` (its root's pk, see models/thread.py): recommendations, or with
    ``prefix`` "recommendation__" their notes. A recommendation whose path was never computed
    is a thread of its own."""
    if not 0 < thread < BIGGEST_ID:
        return queryset.none()
    return queryset.filter(
        Q(**{f"{prefix}thread_root": thread})
        | Q(**{f"{prefix}thread_root__isnull": True, f"{prefix}pk": thread})
    )


class ApiRecommendationFilter(RecommendationFilter):
    thread = django_filters.NumberFilter(
        label="Thread", method="filter_thread", help_text="A thread's id (add year=all)."
    )

    class Meta(RecommendationFilter.Meta):
        fields = [*RecommendationFilter.Meta.fields, "thread"]

    def filter_thread(self, queryset, name, value):
        return in_thread(queryset, "", int(value))


class EvidenceFilter(django_filters.FilterSet):
    """Published notes by country, recommendation or thread (the notes of every version)."""

    country = django_filters.ChoiceFilter(
        field_name="recommendation__report__country__slug", choices=country_choices
    )
    recommendation = django_filters.NumberFilter(method="filter_recommendation")
    thread = django_filters.NumberFilter(method="filter_thread")

    class Meta:
        model = EvidenceNote
        fields = ["country", "recommendation", "thread"]

    def filter_recommendation(self, queryset, name, value):
        pk = int(value)
        return queryset.filter(recommendation_id=pk) if 0 < pk < BIGGEST_ID else queryset.none()

    def filter_thread(self, queryset, name, value):
        return in_thread(queryset, "recommendation__", int(value))
