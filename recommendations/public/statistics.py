"""The public statistics: ``/statistics/`` (one small chart and table per metric across the
reporting periods, the definitions, the dates) and ``/statistics/export.csv``, for the default
country or the one asked (``?country=``). Only approved values, breakdowns masked
(selectors/statistics.py)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.generic import TemplateView

from .. import calendar
from ..exports import csv_response
from ..models import Country, Unit
from ..models.places import is_country_slug
from ..selectors.statistics import SHOWN, SMALL, cell_labels, public_statistics
from ..spreadsheets import xlsx_response
from ..translation import FRENCH, english, french
from .cache import known_query, shown_country, shown_country_slug

EXPORT_BASENAME = "tipt-statistics"


def _country(request) -> Country:
    slug = shown_country_slug(request.GET)
    country = Country.objects.filter(slug=slug).first() if is_country_slug(slug) else None
    if country is None:
        raise Http404(_("No such country."))
    return country


def _latest_period() -> int:
    """The period being gathered: the charts end with it."""
    return calendar.period_of(timezone.localdate())


class StatisticsView(TemplateView):
    template_name = "recommendations/statistics.html"

    @staticmethod
    def cache_query(data):
        return known_query(data, ["country"])

    cache_scope = staticmethod(shown_country)

    def get_context_data(self, **kwargs):
        country = _country(self.request)
        series = public_statistics(country, latest_period=_latest_period())
        threshold = settings.TIPT_SMALL_COUNT_THRESHOLD
        return super().get_context_data(
            country=country,
            series=series,
            with_values=[item for item in series if item.has_values],
            without_values=[item for item in series if not item.has_values],
            small_label=small_label(threshold),
            threshold=threshold,
            **kwargs,
        )


def small_label(threshold: int) -> str:
    return _("fewer than %(count)d") % {"count": threshold + 1}


# The French versions come after every earlier column, empty where none was entered.
STATISTICS_COLUMNS = [
    "country",
    "period",
    "metric",
    "source",
    "breakdown",
    "value",
    "unit",
    "country_fr",
    "metric_name_fr",
    "source_fr",
]


def export_statistics_csv(request):
    """The approved figures as CSV: one row per period, metric and cell, masked as the page."""
    return csv_response(_statistics_rows(request), basename=EXPORT_BASENAME)


def export_statistics_xlsx(request):
    """The same rows as the CSV, as a spreadsheet (a figure is a number there)."""
    return xlsx_response(
        _statistics_rows(request), basename=EXPORT_BASENAME, number_columns=["period", "value"]
    )


def _statistics_rows(request):
    # Read here, not in the generator: an unknown country is a 404, not a broken download.
    country = _country(request)
    series = public_statistics(country, latest_period=_latest_period())
    return itertools.chain([STATISTICS_COLUMNS], statistics_rows(country, series))


def statistics_rows(country: Country, series) -> Iterator[list]:
    """The rows (no header: STATISTICS_COLUMNS) of ``country``'s figures (``series``, as
    selectors/statistics.py reads them): for each period and metric the report's figure, the
    approved total, then each breakdown cell as the page publishes it."""
    small = small_label(settings.TIPT_SMALL_COUNT_THRESHOLD)
    country_en, country_fr = english(country, "name"), french(country, "name") or ""
    for item in series:
        metric, labels = item.metric, cell_labels(item.metric)
        metric_fr = french(metric, "name") or ""
        for figures in item.periods:
            said = figures.report_figure
            if said is not None:
                unit = said.currency if metric.unit == Unit.MONEY else "count"
                source = _("TIP Report %(year)s") % {"year": said.report.year}
                place = [country_en, figures.period, metric.code, source]
                with override(FRENCH):
                    source_fr = _("TIP Report %(year)s") % {"year": said.report.year}
                yield [*place, "", _number(said.value), unit, country_fr, metric_fr, source_fr]
            total = figures.total
            if total is None:
                continue
            unit = total.currency if metric.unit == Unit.MONEY else "count"
            ministry = total.ministry
            place = [country_en, figures.period, metric.code, english(ministry, "name")]
            french_columns = [country_fr, metric_fr, french(ministry, "name") or ""]
            yield [*place, "", _number(total.value), unit, *french_columns]
            for _label, cells in figures.dimensions:
                for cell in cells:
                    value = _published(cell, small)
                    yield [*place, labels[cell.key], value, unit, *french_columns]


def _published(cell, small: str) -> str:
    """A breakdown cell as the public reads it: its number, "fewer than N", or "withheld"."""
    if cell.state == SHOWN:
        return _number(cell.value)
    return small if cell.state == SMALL else _("withheld")


def _number(value) -> str:
    return f"{value.normalize():f}"
