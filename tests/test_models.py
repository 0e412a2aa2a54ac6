import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from recommendations.models import Recommendation, Status

from .factories import (
    EvidenceNoteFactory,
    RecommendationFactory,
    ReportFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def test_position_is_unique_within_a_report():
    rec = RecommendationFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(report=rec.report, position=1)
    # The same position in another report is fine.
    assert RecommendationFactory(position=1).position == 1


def test_report_is_unique_per_country_and_year():
    report = ReportFactory(year=2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(country=report.country, year=2020)


@pytest.mark.parametrize(
    "factory, field, value",
    [
        (RecommendationFactory, "status", "done"),
        (RecommendationFactory, "area", "policing"),
        (RecommendationFactory, "position", 0),
        (ReportFactory, "tier", "Tier 4"),
        (EvidenceNoteFactory, "visibility", "secret"),
    ],
)
def test_invalid_choices_are_refused_by_the_database(factory, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**{field: value})


def test_status_change_must_change_something():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChangeFactory(old_status=Status.STALLED, new_status=Status.STALLED)


def test_a_recommendation_cannot_follow_itself():
    rec = RecommendationFactory()
    rec.previous_id = rec.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        rec.save()


def test_an_earlier_recommendation_may_have_two_successors_a_split():
    old = RecommendationFactory()
    later = ReportFactory(country=old.report.country, year=old.report.year + 1)
    first = RecommendationFactory(report=later, previous=old)
    second = RecommendationFactory(report=later, previous=old)
    assert set(old.successors.all()) == {first, second}


@pytest.mark.parametrize("where", ["same year", "later year", "other country"])
def test_a_predecessor_must_be_of_an_earlier_report_of_the_same_country(where):
    rec = RecommendationFactory(report__year=2021)
    country = rec.report.country
    previous = {
        "same year": lambda: RecommendationFactory(report=rec.report),
        "later year": lambda: RecommendationFactory(report__country=country, report__year=2022),
        "other country": lambda: RecommendationFactory(report__year=2020),
    }[where]()
    rec.previous = previous
    with pytest.raises(ValidationError, match="cannot be the predecessor"):
        rec.full_clean()


def test_overdue_means_past_target_and_not_completed():
    today = datetime.date(2021, 6, 1)
    late = RecommendationFactory(target_date=datetime.date(2021, 5, 31))
    done = RecommendationFactory(target_date=datetime.date(2021, 5, 31), status=Status.COMPLETED)
    due_today = RecommendationFactory(target_date=today)
    undated = RecommendationFactory(target_date=None)
    flags = dict(Recommendation.objects.with_overdue(today).values_list("pk", "is_overdue"))
    assert flags == {late.pk: True, done.pk: False, due_today.pk: False, undated.pk: False}
    assert list(Recommendation.objects.overdue(today)) == [late]


def test_involving_covers_lead_and_supporting_once():
    led = RecommendationFactory()
    ministry = led.lead_ministry
    supported = RecommendationFactory()
    supported.supporting_ministries.add(ministry)
    both = RecommendationFactory(lead_ministry=ministry)
    both.supporting_ministries.add(ministry)
    RecommendationFactory()
    assert sorted(Recommendation.objects.involving(ministry).values_list("pk", flat=True)) == [
        led.pk,
        supported.pk,
        both.pk,
    ]


def test_evidence_note_string_never_contains_its_text():
    note = EvidenceNoteFactory(text="Victim Jane Doe gave a statement")
    assert "Jane" not in str(note)
