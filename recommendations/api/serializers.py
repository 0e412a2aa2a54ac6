"""The fields of each API endpoint: what the public pages show, and nothing else.

A recommendation's status is the one the public pages show (an editor's proposal is a row of
its own until the secretariat approves it); evidence is published notes only, named by their
public id (never the primary key, which would count the internal notes between two public
ones), with the link only when it is an http(s) address; no author, reviewer, staff note or
internal note ever reaches a serializer here. Statistics are the public figures, small counts
masked (selectors/statistics.py).

Both languages, as the public CSV carries them: each content field with a French version
(translation.py TRANSLATED_FIELDS) is the English under its own name (``title``), whatever the
language, and the French beside it (``title_fr``), null where staff have entered none. Both are
read from the row itself (``title_en``, ``title_fr``): no query more.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Area, Country, EvidenceNote, Recommendation, Report, Status, Tier, Unit
from ..public.views import carry_over_of
from ..selectors.updates import safe_link
from ..translation import english, french


def thread_id(recommendation) -> int:
    """The stable id of ``recommendation``'s thread: the pk of its first version (models/thread.py),
    the same for every version across the years."""
    return recommendation.thread_root or recommendation.pk


class LocalDateField(serializers.DateField):
    """A date, or a moment written as its date in the site's time zone (as the pages show it)."""

    def to_representation(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localdate(value)
        return super().to_representation(value)


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):
    """A count or an amount as a JSON number: 12, or 1250.5."""

    def to_representation(self, value: Decimal):
        return int(value) if value == value.to_integral_value() else float(value)


class _Translated(serializers.Field):
    """The content field ``name`` of the object at ``source`` (the row itself by default), in
    one language (``read``: translation.py's ``english`` or ``french``)."""

    read = staticmethod(english)

    def __init__(self, name: str, **kwargs):
        self.translated = name
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.read(value, self.translated)


@extend_schema_field(OpenApiTypes.STR)
class EnglishField(_Translated):
    """The English of a content field, whatever the active language."""


@extend_schema_field(OpenApiTypes.STR)
class FrenchField(_Translated):
    """The French version of a content field, or null where staff have entered none."""

    read = staticmethod(french)

    def __init__(self, name: str, **kwargs):
        kwargs.setdefault("help_text", "The French version, or null where none was entered.")
        super().__init__(name, allow_null=True, **kwargs)


class CountryRefSerializer(serializers.ModelSerializer):
    name = EnglishField("name")
    name_fr = FrenchField("name")

    class Meta:
        model = Country
        fields = ["slug", "name", "name_fr"]


class MinistrySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = EnglishField("name")
    name_fr = FrenchField("name")
    short_name = serializers.CharField()


class ReportRefSerializer(serializers.ModelSerializer):
    tier = serializers.ChoiceField(choices=Tier.choices)

    class Meta:
        model = Report
        fields = ["year", "tier"]


class CountrySerializer(CountryRefSerializer):
    reports = ReportRefSerializer(many=True, read_only=True)

    class Meta(CountryRefSerializer.Meta):
        fields = [*CountryRefSerializer.Meta.fields, "reports"]


class ReportSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer(read_only=True)
    tier = serializers.ChoiceField(choices=Tier.choices)
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Report
        fields = ["country", "year", "tier", "recommendation_count"]


class VersionSerializer(serializers.ModelSerializer):
    """Another version of a thread: which report, which position."""

    report_year = serializers.IntegerField(source="report.year")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["id", "report_year", "position", "url"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:recommendation-detail", args=[obj.pk])
        )


class ThreadVersionSerializer(VersionSerializer):
    status = serializers.ChoiceField(choices=Status.choices)
    predecessor = serializers.IntegerField(source="previous_id", allow_null=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "status", "predecessor"]


class CarryOverSerializer(serializers.Serializer):
    """That an import carried the recommendation over: from where, with which status and
    owners (their names then), on which day."""

    from_year = serializers.IntegerField()
    from_position = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices)
    lead_ministry = serializers.CharField()
    supporting_ministries = serializers.CharField()
    carried_on = LocalDateField(source="carried_at")


class RecommendationSerializer(serializers.ModelSerializer):
    thread = serializers.SerializerMethodField(
        help_text="The thread's id: the same for every version of this recommendation across "
        "the years (the id of its first version)."
    )
    url = serializers.SerializerMethodField(help_text="This recommendation in the API.")
    page = serializers.SerializerMethodField(help_text="Its public page.")
    country = CountryRefSerializer(source="report.country")
    report_year = serializers.IntegerField(source="report.year")
    title = EnglishField("title", help_text="A short title.")
    title_fr = FrenchField("title")
    text = EnglishField("text", help_text="The recommendation's wording, as the report gives it.")
    text_fr = FrenchField("text")
    area = serializers.ChoiceField(choices=Area.choices, help_text="Its 3P area.")
    status = serializers.ChoiceField(
        choices=Status.choices, help_text="Its status, as approved by the task force secretariat."
    )
    lead_ministry = MinistrySerializer(allow_null=True)
    supporting_ministries = MinistrySerializer(many=True)
    overdue = serializers.BooleanField(
        source="is_overdue",
        help_text="Past its target date, not completed, and of its country's latest report.",
    )
    last_update = LocalDateField(
        allow_null=True,
        help_text="The latest status change or published evidence anywhere in its thread.",
    )
    last_status_change = LocalDateField(
        source="thread_last_change_at",
        allow_null=True,
        help_text="The latest status change anywhere in its thread.",
    )
    predecessor = serializers.IntegerField(
        source="previous_id",
        allow_null=True,
        help_text="The id of the recommendation of an earlier report that this one carries on.",
    )
    successors = VersionSerializer(
        many=True, help_text="The recommendations of later reports that carry this one on."
    )
    dropped_from = serializers.SerializerMethodField(
        help_text="The year of the next report, when that report no longer asks it."
    )
    carried_over = serializers.SerializerMethodField(
        help_text="How an import carried it over from the report before."
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "thread",
            "url",
            "page",
            "country",
            "report_year",
            "position",
            "title",
            "title_fr",
            "text",
            "text_fr",
            *Recommendation.TRACKED,
            "overdue",
            "last_update",
            "last_status_change",
            "predecessor",
            "successors",
            "dropped_from",
            "closing_note",
            "carried_over",
        ]

    def get_thread(self, obj) -> int:
        return thread_id(obj)

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:recommendation-detail", args=[obj.pk])
        )

    def get_page(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_dropped_from(self, obj) -> int | None:
        """The next report's year when it carried this one into none of its recommendations."""
        successors = obj.successors.all()
        return obj.next_report_year if obj.next_report_year and not successors else None

    @extend_schema_field(CarryOverSerializer(allow_null=True))
    def get_carried_over(self, obj):
        record = carry_over_of(obj)
        return CarryOverSerializer(record).data if record is not None else None


class RecommendationDetailSerializer(RecommendationSerializer):
    """One recommendation with every version of its thread (predecessors, itself, successors)."""

    versions = serializers.SerializerMethodField(
        help_text="Every version of its thread, oldest report first: its predecessors, itself "
        "and its successors."
    )

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "versions"]

    @extend_schema_field(ThreadVersionSerializer(many=True))
    def get_versions(self, obj):
        versions = self.context["versions"]
        return ThreadVersionSerializer(versions, many=True, context=self.context).data


class EvidenceSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id", help_text="The note's public id.")
    recommendation = serializers.IntegerField(source="recommendation_id")
    thread = serializers.SerializerMethodField(help_text="The thread of its recommendation.")
    country = serializers.SlugField(source="recommendation.report.country.slug")
    text = EnglishField("text", help_text="What was done.")
    text_fr = FrenchField("text")
    link = serializers.SerializerMethodField(help_text="A document, when there is one.")
    published_on = LocalDateField(source="published_at", allow_null=True)

    class Meta:
        model = EvidenceNote
        fields = [
            "id",
            "recommendation",
            "thread",
            "country",
            "happened_on",
            "text",
            "text_fr",
            "link",
            "published_on",
        ]

    def get_thread(self, obj) -> int:
        return thread_id(obj.recommendation)

    def get_link(self, obj) -> str:
        return safe_link(obj.link)


# --- statistics: the public figures (selectors/statistics.py), not model rows ----------------


class CellSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    state = serializers.ChoiceField(
        choices=["shown", "small", "withheld"],
        help_text="shown: the value; small: from 1 to the threshold; withheld: hidden so that a "
        "small cell cannot be worked out.",
    )
    value = FigureField(allow_null=True)


class DimensionSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    cells = CellSerializer(many=True)


class TotalSerializer(serializers.Serializer):
    value = FigureField()
    currency = serializers.CharField()
    usd = FigureField(allow_null=True)
    source = EnglishField("name", source="ministry", help_text="The ministry that holds it.")
    source_fr = FrenchField("name", source="ministry")


class ReportFigureSerializer(serializers.Serializer):
    value = FigureField()
    currency = serializers.CharField()
    usd = FigureField(allow_null=True)
    report_year = serializers.IntegerField(source="report.year")
    text = serializers.CharField(help_text="The report's sentence it was read from.")


class PeriodSerializer(serializers.Serializer):
    period = serializers.IntegerField(
        help_text="Named by the report it feeds: 1 April of the year before to 31 March."
    )
    total = TotalSerializer(allow_null=True)
    breakdowns = serializers.SerializerMethodField()
    report_figure = ReportFigureSerializer(allow_null=True)

    @extend_schema_field(DimensionSerializer(many=True))
    def get_breakdowns(self, figures):
        return [
            {"dimension": str(label), "cells": CellSerializer(cells, many=True).data}
            for label, cells in figures.dimensions
        ]


class MetricSeriesSerializer(serializers.Serializer):
    code = serializers.SlugField(source="metric.code")
    name = EnglishField("name", source="metric")
    name_fr = FrenchField("name", source="metric")
    unit = serializers.ChoiceField(source="metric.unit", choices=Unit.choices)
    area = serializers.ChoiceField(source="metric.area", choices=Area.choices)
    definition = serializers.CharField(source="metric.definition")
    last_approved = LocalDateField(allow_null=True)
    periods = PeriodSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    country = CountryRefSerializer()
    small_count_threshold = serializers.IntegerField()
    metrics = MetricSeriesSerializer(many=True)
