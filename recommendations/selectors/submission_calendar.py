"""The submission's calendar on the staff home page: for each country, the period being
gathered, its end (31 March), the deadline the secretariat recorded and the days left, and for
a country on the Tier 2 Watch List the interim assessment and how many consecutive years it
has been there (recommendations/calendar.py holds the dates and the two-year rule). Two
queries whatever the number of countries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from .. import calendar
from ..models import Country, Ministry, Report, SubmissionDeadline, Tier


@dataclass(frozen=True)
class CountryCalendar:
    country: Country
    period: int
    period_end: datetime.date
    deadline: datetime.date | None
    days_left: int | None
    tier: str
    watch_list_years: int
    interim_assessment: datetime.date | None

    @property
    def on_watch_list(self) -> bool:
        return self.watch_list_years > 0

    @property
    def downgrade_due(self) -> bool:
        """Has it been on the watch list as long as the law allows (the next report moves it
        to Tier 3 unless waived)?"""
        return self.watch_list_years >= calendar.WATCH_LIST_YEARS_ALLOWED


def submission_calendar(countries, today: datetime.date) -> list[CountryCalendar]:
    """The calendar of each of ``countries`` (those with a report), in their order."""
    countries = list(countries)
    period = calendar.current_period(today)
    deadlines = dict(
        SubmissionDeadline.objects.filter(country__in=countries, period=period).values_list(
            "country_id", "deadline"
        )
    )
    tiers: dict[int, dict[int, str]] = {}
    for country_id, year, tier in Report.objects.filter(country__in=countries).values_list(
        "country_id", "year", "tier"
    ):
        tiers.setdefault(country_id, {})[year] = tier
    rows = []
    for country in countries:
        history = tiers.get(country.pk)
        if not history:
            continue
        latest = max(history)
        years = calendar.consecutive_years(history, Tier.TIER_2_WATCH_LIST)
        deadline = deadlines.get(country.pk)
        rows.append(
            CountryCalendar(
                country=country,
                period=period,
                period_end=calendar.period_bounds(period)[1],
                deadline=deadline,
                days_left=calendar.days_until(deadline, today) if deadline else None,
                tier=history[latest],
                watch_list_years=years,
                interim_assessment=calendar.interim_assessment(latest) if years else None,
            )
        )
    return rows


def staff_countries(user, today: datetime.date):
    """The countries whose calendar ``user`` sees: for the secretariat, the default country and
    those with a deadline recorded for the period being gathered (an office following every
    country sees those it works on, not 190); for an editor, their ministries' countries."""
    from .. import roles

    countries = Country.objects.with_reports().order_by("name")
    if roles.is_secretariat(user):
        recorded = SubmissionDeadline.objects.filter(period=calendar.current_period(today))
        return countries.filter(
            Q(slug=settings.TIPT_DEFAULT_COUNTRY) | Q(pk__in=recorded.values("country"))
        )
    return countries.filter(
        pk__in=Ministry.objects.filter(pk__in=roles.ministry_ids(user)).values("country")
    )
