"""The rows of each file of the open data, for ``countries`` (a QuerySet of Country: one country,
or every country), a header first. Each reads in one query (the statistics in three), whatever
the number of countries, and yields its rows as the database streams them.

Each table reuses the read its public page makes: the status report's rows (exports.py), the
public status changes and published notes with their public fields only (selectors/updates.py),
the approved statistics masked as the statistics page masks them (selectors/statistics.py,
public/statistics.py).

Both languages, as the status report's CSV carries them: a name or text with a French version
is in English in its own column, whatever the language the archive is built in, and in French
in a ``_fr`` column after every other (empty where staff have entered none). Each is read by its
language's column (``name_en``, ``name_fr``): a bare ``name`` would follow the active language
(django-modeltranslation), and a French ZIP's English column would not be English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from ..exports import CHUNK_SIZE, status_report_rows
from ..models import Recommendation, Report, Status, Tier
from ..public.statistics import STATISTICS_COLUMNS, statistics_rows
from ..selectors.statistics import public_statistics_of_each
from ..selectors.updates import public_notes, public_status_changes, safe_link

REPORT_COLUMNS = ["country", "year", "tier", "recommendations", "url", "country_fr"]
STATUS_HISTORY_COLUMNS = [
    "recommendation_id",
    "country",
    "report_year",
    "position",
    "changed_on",
    "old_status",
    "new_status",
    "country_fr",
]
EVIDENCE_COLUMNS = [
    "id",
    "recommendation_id",
    "country",
    "report_year",
    "position",
    "happened_on",
    "text",
    "link",
    "published_on",
    "country_fr",
    "text_fr",
]
# What each row reads of a status change and of a note: of their public fields only
# (selectors/updates.py), then who it is about, by a join from its recommendation.
CHANGE_FIELDS = ("recommendation", "changed_at", "old_status", "new_status")
NOTE_FIELDS = (
    "public_id",
    "recommendation",
    "happened_on",
    "text_en",
    "link",
    "published_at",
    "text_fr",
)
_WHERE = (
    "recommendation__report__country__name_en",
    "recommendation__report__year",
    "recommendation__position",
)
_COUNTRY_FR = "recommendation__report__country__name_fr"


def report_rows(countries, *, absolute_url: Callable[[str], str]) -> Iterator[list]:
    """Each report: its country, year and tier, how many recommendations it makes, and the
    address of its dashboard."""
    yield REPORT_COLUMNS
    tiers = {value: str(label) for value, label in Tier.choices}
    home = absolute_url(reverse("recommendations:home"))
    rows = (
        Report.objects.filter(country__in=countries)
        .annotate(count=Count("recommendations"))
        .order_by("country__name_en", "year")
        .values_list(
            "country__name_en", "country__slug", "year", "tier", "count", "country__name_fr"
        )
    )
    for name, slug, year, tier, count, name_fr in rows.iterator(CHUNK_SIZE):
        query = urlencode({"country": slug, "year": year})
        yield [name, year, tiers.get(tier, tier), count, f"{home}?{query}", name_fr or ""]


def recommendation_rows(countries, *, absolute_url: Callable[[str], str]) -> Iterator[list]:
    """The status report's rows (exports.py) of every report of ``countries``, each with its id
    and the id of the recommendation it follows."""
    queryset = Recommendation.objects.filter(report__country__in=countries).order_by(
        "report__country__name_en", "report__year", "position"
    )
    return status_report_rows(queryset, absolute_url=absolute_url, with_ids=True)


def status_history_rows(countries) -> Iterator[list]:
    """Every status change of the recommendations of ``countries``, the day it was made (as
    the timeline dates it), from which status to which: approved changes only."""
    yield STATUS_HISTORY_COLUMNS
    statuses = {value: str(label) for value, label in Status.choices}
    changes = (
        public_status_changes()
        .filter(recommendation__report__country__in=countries)
        .order_by(*_WHERE, "changed_at", "pk")
        .values_list(*CHANGE_FIELDS, *_WHERE, _COUNTRY_FR)
    )
    for pk, changed_at, old, new, country, year, position, country_fr in changes.iterator(
        CHUNK_SIZE
    ):
        yield [
            pk,
            country,
            year,
            position,
            timezone.localdate(changed_at).isoformat(),
            statuses.get(old, old),
            statuses.get(new, new),
            country_fr or "",
        ]


def evidence_rows(countries) -> Iterator[list]:
    """Every published evidence note of the recommendations of ``countries``: its public id
    (never its row number, which would count the internal notes between two public ones), the
    recommendation, the day it happened, its text and link, the day it was published."""
    yield EVIDENCE_COLUMNS
    notes = (
        public_notes()
        .filter(recommendation__report__country__in=countries)
        .order_by(*_WHERE, "happened_on", "created_at", "pk")
        .values_list(*NOTE_FIELDS, *_WHERE, _COUNTRY_FR)
    )
    for values in notes.iterator(CHUNK_SIZE):
        public_id, pk, day, text, link, published_at, text_fr, *where, country_fr = values
        published = timezone.localdate(published_at).isoformat() if published_at else ""
        yield [
            public_id,
            pk,
            *where,
            day.isoformat(),
            text,
            safe_link(link),
            published,
            country_fr or "",
            text_fr or "",
        ]


def statistics_rows_of(countries) -> Iterator[list]:
    """The approved statistics of ``countries`` for every period with a figure, as the
    statistics page's CSV writes them (small counts masked the same way)."""
    yield STATISTICS_COLUMNS
    for country, series in public_statistics_of_each(countries):
        yield from statistics_rows(country, series)
