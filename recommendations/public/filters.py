"""Every FilterSet of the public site.

The list page and its CSV export share ``RecommendationFilter``, so a download holds exactly
the rows of the page it came from, in the same order: by default each country's latest
report, ``year=all`` every year, ``year=2020`` one year.
"""

import functools
import operator
from html import escape

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import REPORT_ORDER, Area, Country, Ministry, Recommendation, Report, Status
from ..models.places import is_country_slug
from ..translation import in_page_language, search_columns, values_in_page_language

# A search counts its first SEARCH_MAX_WORDS distinct words within its first SEARCH_MAX_LENGTH
# characters; the rest is ignored (and the list says so). Each word that counts is looked for
# in the title and in the text: one query of at most twice SEARCH_MAX_WORDS conditions, however
# long the search typed.
SEARCH_MAX_WORDS = 12
SEARCH_MAX_LENGTH = 200


def search_words(text: str) -> tuple[list[str], bool]:
    """The words of a search that count, and whether any of what was typed was left out."""
    words = list(dict.fromkeys(text[:SEARCH_MAX_LENGTH].split()))
    cut = len(words) > SEARCH_MAX_WORDS or bool(text[SEARCH_MAX_LENGTH:].strip())
    return words[:SEARCH_MAX_WORDS], cut


# The list's ``year`` parameter: absent, each country's latest report (the open work, see
# RecommendationQuerySet.current); ALL_YEARS, every report of every year; a year, that year's.
ALL_YEARS = "all"


def report_years():
    """The year menu's choices after its default (each country's latest report): every year,
    then each year with a report, latest first."""
    years = Report.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(ALL_YEARS, _("All years")), *((year, str(year)) for year in years)]


class ReportScopeFilter(django_filters.ChoiceFilter):
    """Which reports the list holds: each country's latest when no year is chosen, every
    report for ALL_YEARS, else the reports of the year chosen (one of the choices: the form
    refuses any other value before this runs)."""

    def filter(self, qs, value):
        if not value:
            return qs.current()
        if value == ALL_YEARS:
            return qs
        return qs.filter(report__year=value)


class FastSelect(forms.Select):
    """A select whose options are written in Python, not rendered one template each: the
    country filter of an office tracking every country has some 190 options, and the list's
    seven menus hold some 250 together (see RecommendationFilter.__init__)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        # Every value and label is escaped here, so the joined markup is safe to mark so.
        options = "".join(
            f'<option value="{escape(str(option))}"{" selected" if str(option) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for option, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe(options),  # noqa: S308
        )


def country_choices():
    """(slug, name) of every country, read as values, like the ministries below."""
    return list(values_in_page_language(Country.objects.all(), "slug"))


def ministry_choices(country: str = "", chosen: str = ""):
    """(slug, label) of the ministries of the country chosen (by slug), read as values: no model
    instance per option. With no country chosen, those of the site's own government
    (TIPT_DEFAULT_COUNTRY, the dashboard's) and the one asked for, labelled with their country:
    a ministry belongs to one government, and another government's ministries are offered once
    its country is chosen, not every country's at once."""
    if country:
        rows = Ministry.objects.filter(country__slug=country)
        values = values_in_page_language(rows, "slug", "short_name")
        return [(slug, short_name or name) for slug, short_name, name in values]
    rows = Ministry.objects.filter(Q(country__slug=settings.TIPT_DEFAULT_COUNTRY) | Q(slug=chosen))
    rows = rows.annotate(where=in_page_language("country__name"))
    values = values_in_page_language(rows, "slug", "short_name", "where")
    return [(slug, f"{short_name or name} ({where})") for slug, short_name, where, name in values]


def both_ways(sort: str, ascending, descending, *, newest_first: bool = False):
    """The sort menu's two entries for ``sort``: ascending, then descending (``-sort``), or
    the other way round for a sort whose newest comes first (``newest_first``)."""
    entries = [(sort, ascending), (f"-{sort}", descending)]
    return entries[::-1] if newest_first else entries


# The sorts by a field with a French version: by what the page shows.
TRANSLATED_SORTS = ("title", "lead_ministry__name")


class ListOrdering(django_filters.OrderingFilter):
    """The whitelisted orderings, each followed by the reports' own order so that pages are
    stable; empty values (no target date, no ministry) go last in either direction."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = self.param_map[param.lstrip("-")]
        if field == "status":
            expression = Case(
                *(When(status=value, then=Value(rank)) for rank, value in enumerate(Status.values))
            )
        elif field in TRANSLATED_SORTS:
            expression = in_page_language(field)
        else:
            expression = F(field)
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    def filter(self, qs, value):
        chosen = [self.get_ordering_value(param) for param in value or [] if param]
        return qs.order_by(*chosen, *REPORT_ORDER)


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="report__country__slug",
        choices=country_choices,
        empty_label=_("All countries"),
    )
    year = ReportScopeFilter(
        label=_("Report year"),
        field_name="report__year",
        choices=report_years,
        empty_label=_("Latest report of each country"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("Any area")
    )
    ministry = django_filters.ChoiceFilter(
        label=_("Ministry (lead or supporting)"),
        choices=ministry_choices,
        method="filter_ministry",
        empty_label=_("Any ministry"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Target date"),
        choices=[("yes", _("Overdue")), ("no", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("Any target date"),
    )
    o = ListOrdering(
        label=_("Sort by"),
        empty_label=_("Latest report first"),
        fields=[
            ("report__year", "year"),
            ("title", "title"),
            ("status", "status"),
            ("lead_ministry__name", "ministry"),
            ("target_date", "target_date"),
            ("last_update", "last_update"),
        ],
        choices=[
            *both_ways(
                "year",
                _("Report year, oldest first"),
                _("Report year, latest first"),
                newest_first=True,
            ),
            *both_ways("title", _("Title, A to Z"), _("Title, Z to A")),
            *both_ways("status", _("Status, not started first"), _("Status, completed first")),
            *both_ways("ministry", _("Lead ministry, A to Z"), _("Lead ministry, Z to A")),
            *both_ways(
                "target_date", _("Target date, soonest first"), _("Target date, latest first")
            ),
            *both_ways(
                "last_update",
                _("Last update, oldest first"),
                _("Last update, newest first"),
                newest_first=True,
            ),
        ],
    )

    class Meta:
        model = Recommendation
        fields = ["q", "country", "year", "status", "area", "ministry", "overdue"]

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, even to no parameter: the default scope (each country's latest report)
        # is a filter too, so the list without a query and its export hold the same rows.
        super().__init__(QueryDict() if data is None else data, *args, **kwargs)
        for menu in self.filters.values():
            if isinstance(menu, django_filters.ChoiceFilter):
                menu.extra["widget"] = FastSelect
        # The form both validates and renders the year choices: read them once, when needed.
        self.filters["year"].extra["choices"] = functools.cache(report_years)
        self.filters["country"].extra["choices"] = functools.cache(country_choices)
        # Only the ministries of the country shown (see ministry_choices).
        country = self.data.get("country", "")
        self.filters["ministry"].extra["choices"] = functools.cache(
            functools.partial(
                ministry_choices,
                country if is_country_slug(country) else "",
                # A ministry's slug has a country's form; anything else names no ministry.
                ministry if is_country_slug(ministry := self.data.get("ministry", "")) else "",
            )
        )

    @property
    def search_was_cut(self) -> bool:
        """Whether part of the search typed was ignored (see ``search_words``)."""
        return self.is_bound and self.is_valid() and search_words(self.form.cleaned_data["q"])[1]

    def filter_text(self, queryset, name, value):
        words, _cut = search_words(value)
        columns = search_columns("title") + search_columns("text")
        matches = (
            functools.reduce(operator.or_, (Q(**{f"{c}__icontains": word}) for c in columns))
            for word in words
        )
        return queryset.filter(functools.reduce(operator.and_, matches, Q()))

    def filter_ministry(self, queryset, name, value: str):
        ministry = Ministry.objects.filter(slug=value).first()
        return queryset.involving(ministry) if ministry else queryset.none()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "yes" else queryset.not_overdue()


class ReportFilter(django_filters.FilterSet):
    """Chooses the report the dashboard shows: a country, and a year (its latest by default)."""

    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.with_reports(),
        to_field_name="slug",
        empty_label=None,
    )
    year = django_filters.NumberFilter(label=_("Report year"))

    class Meta:
        model = Report
        fields = ["country", "year"]
