"""Data for the public-site tests: two years of one country, every recommendation with a
predecessor, status changes made by a named staff member, public evidence, and internal
evidence carrying sentinel text that must never reach a public page, export or feed; reports
of several countries titled for their order; and the public site's addresses."""

import datetime
from typing import NamedTuple

from django.urls import reverse

from recommendations.models import (
    Area,
    Country,
    EvidenceNote,
    Ministry,
    Recommendation,
    Status,
    Tier,
)
from recommendations.services.evidence import _evidence_note_create
from recommendations.services.status import _recommendation_set_status

from .factories import (
    CountryFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    evidence_note_published,
)

INTERNAL_NOTE = "SENTINEL internal evidence: the victim's name is Jane Roe"
STAFF_NOTE = "SENTINEL staff note on a status change"
STAFF_USERNAME = "sentinel-staffer"
STAFF_FIRST_NAME = "Sentinelfirst"
STAFF_LAST_NAME = "Sentinellast"
STAFF_EMAIL = "sentinel.staffer@example.org"

# Nothing in this list may appear in any public response.
NEVER_PUBLIC = [
    INTERNAL_NOTE,
    "Jane Roe",
    STAFF_NOTE,
    STAFF_USERNAME,
    STAFF_FIRST_NAME,
    STAFF_LAST_NAME,
    STAFF_EMAIL,
    "@example.org",
    "sentinel-internal",
]

LIST = reverse("recommendations:list")
EXPORT = reverse("recommendations:export")
HOME = reverse("recommendations:home")

STATUS_CYCLE = [Status.IN_PROGRESS, Status.COMPLETED, Status.STALLED, Status.NOT_STARTED]


def staff_member():
    return UserFactory(
        username=STAFF_USERNAME,
        first_name=STAFF_FIRST_NAME,
        last_name=STAFF_LAST_NAME,
        email=STAFF_EMAIL,
    )


TITLE_FR = "Enquêter sur les cas de traite et poursuivre leurs auteurs"
TEXT_FR = "Enquêter avec vigueur sur les cas de traite et poursuivre leurs auteurs."


def build_french_site():
    """A recommendation staff translated into French (TITLE_FR, TEXT_FR), led by a ministry
    with a French name in a country with one, and one of the same report left in English, led
    by another ministry: (translated, untranslated)."""
    home = MinistryFactory(name="Ministry of Home Affairs", name_fr="Ministère de l'Intérieur")
    home.country.name_fr = "Sainte-Lucie"
    home.country.save()
    labour = MinistryFactory(country=home.country, name="Department of Labour")
    translated = RecommendationFactory(
        lead_ministry=home,
        title="Investigate and prosecute trafficking",
        title_fr=TITLE_FR,
        text="Vigorously investigate and prosecute trafficking cases.",
        text_fr=TEXT_FR,
    )
    untranslated = RecommendationFactory(
        report=translated.report,
        lead_ministry=labour,
        title="Train labour inspectors",
        text="Train labour inspectors to identify victims.",
    )
    return translated, untranslated


def build_site(size: int, *, country_name="Saint Lucia", slug="saint-lucia"):
    """``size`` recommendations in 2020, each following one of 2019; returns the 2020 report.

    Recommendation i: area cycles through the four areas, status through STATUS_CYCLE
    (not started ones have no status change), lead ministry cycles through three ministries
    and the next one supports it; even ones have a target date in 2020 (so the unfinished
    ones are overdue), and each has one public and one internal evidence note.
    """
    staff = staff_member()
    country = CountryFactory(name=country_name, slug=slug)
    earlier = ReportFactory(country=country, year=2019, tier=Tier.TIER_2_WATCH_LIST)
    report = ReportFactory(country=country, year=2020, tier=Tier.TIER_2)
    ministries = [
        MinistryFactory(name=f"{country_name} Ministry {n}", country=country) for n in range(3)
    ]
    for i in range(size):
        previous = RecommendationFactory(
            report=earlier,
            position=i + 1,
            text=f"Draft a national action plan, number {i}, to fight trafficking.",
            title=f"Draft a national action plan, number {i}",
            lead_ministry=ministries[i % 3],
        )
        rec = RecommendationFactory(
            report=report,
            position=i + 1,
            text=f"Adopt and fund the national action plan, number {i}, to fight trafficking.",
            title=f"Adopt and fund the national action plan, number {i}",
            area=Area.values[i % 4],
            lead_ministry=ministries[i % 3],
            target_date=datetime.date(2020, 12, 31) if i % 2 == 0 else None,
            previous=previous,
        )
        rec.supporting_ministries.add(ministries[(i + 1) % 3])
        _recommendation_set_status(
            recommendation=rec,
            status=STATUS_CYCLE[i % 4],
            user=staff,
            note=STAFF_NOTE,
            changed_at=datetime.datetime(2021, 1, 1 + i % 28, 12, tzinfo=datetime.UTC),
        )
        evidence_note_published(
            recommendation=rec,
            author=staff,
            happened_on=datetime.date(2020, 11, 1 + i % 28),
            text=f"Public evidence {i}: the plan was tabled in Parliament.",
            link="https://example.gov/plan.pdf",
        )
        _evidence_note_create(
            recommendation=rec,
            author=staff,
            happened_on=datetime.date(2021, 2, 1),
            text=INTERNAL_NOTE,
            link="https://intranet.example.gov/sentinel-internal.pdf",
        )
    return report


class FrenchVersions(NamedTuple):
    country: str
    title: str
    text: str
    ministry: str
    note: str


# What build_french_versions enters in French on build_site's data.
SITE_FR = FrenchVersions(
    country="Sainte-Lucie",
    title="Adopter et financer le plan d'action national",
    text="Adopter et financer le plan d'action national contre la traite.",
    ministry="Ministère de l'Intérieur",
    note="Le plan a été déposé au Parlement.",
)


def build_french_versions(rec):
    """French versions (SITE_FR) of some of the content of build_site's ``rec``, not of all:
    its country's name, its title and text, its lead ministry's name and its public evidence;
    the rest stays without one."""
    Country.objects.filter(pk=rec.report.country_id).update(name_fr=SITE_FR.country)
    Recommendation.objects.filter(pk=rec.pk).update(title_fr=SITE_FR.title, text_fr=SITE_FR.text)
    Ministry.objects.filter(pk=rec.lead_ministry_id).update(name_fr=SITE_FR.ministry)
    EvidenceNote.objects.public().filter(recommendation=rec).update(text_fr=SITE_FR.note)


def build_next_year_version(rec, *, text: str, **fields):
    """A recommendation of ``rec``'s country's 2021 report, first there, that follows ``rec``
    (of ``fields`` besides)."""
    return RecommendationFactory(
        report=ReportFactory(country=rec.report.country, year=2021),
        position=1,
        text=text,
        previous=rec,
        **fields,
    )


def build_titled_reports(years: dict[str, tuple[int, ...]], positions=(1, 2)):
    """For each country named in ``years``, a report of each of its years with a recommendation
    at each of ``positions``, titled "<country> <year> #<position>" and made in the order given,
    which need not be the order the pages show."""
    for name, country_years in years.items():
        country = CountryFactory(name=name, slug=name.lower())
        for year in country_years:
            report = ReportFactory(country=country, year=year)
            for position in positions:
                RecommendationFactory(
                    report=report, position=position, title=f"{name} {year} #{position}"
                )


def build_statistics(country_slug="saint-lucia"):
    """Approved statistics for two periods of the country, with a victims breakdown holding a
    small cell (masked on the public pages)."""
    import importlib
    from decimal import Decimal

    from django.apps import apps

    from recommendations import services
    from recommendations.models import Country, Metric

    # The catalogue as its migration seeds it (a transactional test flushes it).
    importlib.import_module(
        "recommendations.migrations.0006_notes_years_pages_ministries_squashed_0015_french_content"
    ).seed(apps, None)
    country = Country.objects.get(slug=country_slug)
    police = MinistryFactory(country=country, name="Royal Police Force", short_name="Police")
    metrics = {metric.code: metric for metric in Metric.objects.all()}
    values = {
        2024: {
            "investigations": 2,
            "victims_identified": 6,
            "victims_identified|sex:female": 2,
            "victims_identified|sex:male": 4,
            "budget_anti_trafficking": 80000,
        },
        2025: {"investigations": 3, "victims_identified": 1, "budget_anti_trafficking": 81000},
    }
    # A superuser is of the secretariat without its group (which a transactional test flushes).
    secretariat = UserFactory(is_superuser=True, is_staff=True)
    for period, cells in values.items():
        entries = []
        for name, value in cells.items():
            code, _sep, cell = name.partition("|")
            money = code.startswith("budget")
            entries.append(
                services.Entry(
                    metric=metrics[code],
                    cell=cell,
                    value=Decimal(value),
                    currency="XCD" if money else "",
                    usd=Decimal(30000) if money else None,
                )
            )
        services.statistics_enter(user=secretariat, ministry=police, period=period, entries=entries)
    return police
