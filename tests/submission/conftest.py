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
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
    UserFactory,
    evidence_note_published,
    police_force,
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
    police = police_force("investigations", "prosecutions", country=country)
    earlier = ReportFactory(country=country, year=2019, tier=Tier.TIER_2_WATCH_LIST)
    report = ReportFactory(country=country, year=2020, tier=Tier.TIER_2_WATCH_LIST)
    old = RecommendationFactory(
        report=earlier, position=1, text="Prosecute traffickers (2019).", lead_ministry=police
    )
    recs = {
        area.value: RecommendationFactory(
            report=report,
            position=position,
            text=text,
            area=area,
            lead_ministry=police,
            **extra,
        )
        for position, (area, text, extra) in enumerate(
            [
                (
                    Area.PROSECUTION,
                    "Vigorously prosecute traffickers.",
                    {"previous": old, "target_date": datetime.date(2099, 6, 30)},
                ),
                (Area.PROTECTION, "Open a shelter.", {}),
                (Area.PREVENTION, "Adopt a national action plan.", {}),
                (Area.PARTNERSHIP, "Sign agreements with neighbours.", {}),
            ],
            start=1,
        )
    }
    author = UserFactory()
    prosecution, protection = recs["prosecution"], recs["protection"]
    for recommendation, happened_on, text in [
        (old, datetime.date(2020, 6, 1), "Predecessor work in the period"),
        (prosecution, datetime.date(2021, 3, 31), "Published note on the last day"),
        (prosecution, datetime.date(2021, 4, 1), "Published note after the period"),
        (prosecution, datetime.date(2020, 3, 31), "Published note before the period"),
    ]:
        evidence_note_published(
            author=author, recommendation=recommendation, happened_on=happened_on, text=text
        )
    for happened_on, text, for_submission in [
        (datetime.date(2020, 9, 1), "Internal note not chosen", False),
        (datetime.date(2020, 10, 1), "Internal note marked for the submission", True),
    ]:
        EvidenceNoteFactory(
            recommendation=protection,
            happened_on=happened_on,
            text=text,
            visibility=Visibility.INTERNAL,
            for_submission=for_submission,
        )
    secretariat = SecretariatFactory()
    investigations = Metric.objects.get(code="investigations")
    prosecutions = Metric.objects.get(code="prosecutions")
    for user, metric, period, value in [
        (secretariat, investigations, 2021, "12"),
        (secretariat, investigations, 2019, "7"),
        (secretariat, investigations, 2022, "555"),
        # An editor's figure waits for review: in no pack, on no page.
        (EditorFactory(ministries=[police]), prosecutions, 2021, "77"),
    ]:
        services.statistics_enter(
            user=user,
            ministry=police,
            period=period,
            entries=[services.Entry(metric=metric, cell="", value=Decimal(value))],
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
