"""A country with two reports, one recommendation of 2020 carrying on one of 2019, evidence in
and out of reporting period 2021 (1 April 2020 to 31 March 2021), published, internal and
marked for the submission, and statistics around the period."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from docx import Document

from recommendations import services
from recommendations.models import Area, Metric, ReportFigure, Tier, Visibility

from ..factories import (
    CountryFactory,
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
    UserFactory,
    evidence_note_published,
)


@dataclass
class World:
    country: object
    report: object
    secretariat: object
    recommendations: dict


@pytest.fixture
def world(db, settings):
    country = CountryFactory(name="Saint Lucia", slug="saint-lucia")
    settings.TIPT_DEFAULT_COUNTRY = country.slug
    police = MinistryFactory(country=country, name="Royal Police Force", short_name="Police")
    police.metrics.add(*Metric.objects.filter(code__in=["investigations", "prosecutions"]))
    earlier = ReportFactory(country=country, year=2019, tier=Tier.TIER_2_WATCH_LIST)
    report = ReportFactory(country=country, year=2020, tier=Tier.TIER_2_WATCH_LIST)
    old = RecommendationFactory(
        report=earlier, position=1, text="Prosecute traffickers (2019).", lead_ministry=police
    )
    recs = {
        "prosecution": RecommendationFactory(
            report=report,
            position=1,
            text="Vigorously prosecute traffickers.",
            area=Area.PROSECUTION,
            lead_ministry=police,
            previous=old,
            target_date=datetime.date(2099, 6, 30),
        ),
        "protection": RecommendationFactory(
            report=report,
            position=2,
            text="Open a shelter.",
            area=Area.PROTECTION,
            lead_ministry=police,
        ),
        "prevention": RecommendationFactory(
            report=report,
            position=3,
            text="Adopt a national action plan.",
            area=Area.PREVENTION,
            lead_ministry=police,
        ),
        "partnership": RecommendationFactory(
            report=report,
            position=4,
            text="Sign agreements with neighbours.",
            area=Area.PARTNERSHIP,
            lead_ministry=police,
        ),
    }
    author = UserFactory()
    prosecution, protection = recs["prosecution"], recs["protection"]
    evidence_note_published(
        author=author,
        recommendation=old,
        happened_on=datetime.date(2020, 6, 1),
        text="Predecessor work in the period",
    )
    evidence_note_published(
        author=author,
        recommendation=prosecution,
        happened_on=datetime.date(2021, 3, 31),
        text="Published note on the last day",
    )
    evidence_note_published(
        author=author,
        recommendation=prosecution,
        happened_on=datetime.date(2021, 4, 1),
        text="Published note after the period",
    )
    evidence_note_published(
        author=author,
        recommendation=prosecution,
        happened_on=datetime.date(2020, 3, 31),
        text="Published note before the period",
    )
    EvidenceNoteFactory(
        recommendation=protection,
        happened_on=datetime.date(2020, 9, 1),
        text="Internal note not chosen",
        visibility=Visibility.INTERNAL,
    )
    EvidenceNoteFactory(
        recommendation=protection,
        happened_on=datetime.date(2020, 10, 1),
        text="Internal note marked for the submission",
        visibility=Visibility.INTERNAL,
        for_submission=True,
    )
    secretariat = SecretariatFactory()
    investigations = Metric.objects.get(code="investigations")
    for period, value in [(2021, "12"), (2019, "7")]:
        services.statistics_enter(
            user=secretariat,
            ministry=police,
            period=period,
            entries=[services.Entry(metric=investigations, cell="", value=Decimal(value))],
        )
    services.statistics_enter(
        user=secretariat,
        ministry=police,
        period=2022,
        entries=[services.Entry(metric=investigations, cell="", value=Decimal("555"))],
    )
    # An editor's figure waits for review: in no pack, on no page.
    services.statistics_enter(
        user=EditorFactory(ministries=[police]),
        ministry=police,
        period=2021,
        entries=[
            services.Entry(
                metric=Metric.objects.get(code="prosecutions"), cell="", value=Decimal("77")
            )
        ],
    )
    ReportFigure.objects.create(
        report=report, metric=investigations, period=2020, value=9, text="nine investigations"
    )
    return World(country, report, secretariat, recs)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def headings(content: bytes, level: int) -> list[str]:
    document = Document(io.BytesIO(content))
    style = "Title" if level == 0 else f"Heading {level}"
    return [p.text for p in document.paragraphs if p.style.name == style]
