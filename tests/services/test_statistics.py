"""The TIP statistics a ministry enters for a period: its grid saved at once, an editor's
values waiting for the secretariat, the approved value public, the metrics assigned to the
ministry the only ones it enters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from recommendations import calendar, services
from recommendations.models import Metric, Review, StatisticValue

from ..factories import EditorFactory, MinistryFactory, SecretariatFactory, police_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return police_force("investigations", "victims_identified")


def _entry(code, value, cell="", **kwargs):
    return services.Entry(
        metric=Metric.objects.get(code=code),
        cell=cell,
        value=None if value is None else Decimal(value),
        **kwargs,
    )


def test_the_catalogue_is_seeded_with_its_codes():
    assert set(Metric.objects.values_list("code", flat=True)) >= {
        "investigations",
        "prosecutions",
        "convictions",
        "complicity_investigations",
        "victims_identified",
        "victims_referred",
        "officials_trained",
        "labour_inspections",
        "hotline_reports",
        "budget_anti_trafficking",
        "budget_victim_protection",
    }
    victims = Metric.objects.get(code="victims_identified")
    assert "sex:female" in victims.cells() and victims.cells()[0] == ""


def test_an_editors_values_wait_and_the_approved_one_is_public(police):
    editor = EditorFactory(ministries=[police])
    written = services.statistics_enter(
        user=editor,
        ministry=police,
        period=2021,
        entries=[
            _entry("investigations", "3", note="Police records"),
            _entry("victims_identified", "1"),
            _entry("victims_identified", "1", cell="age:child"),
            _entry("victims_identified", None, cell="sex:female"),
        ],
    )
    assert len(written) == 3 and {row.state for row in written} == {Review.PENDING}
    assert not StatisticValue.objects.approved().exists()
    secretariat = SecretariatFactory()
    assert services.statistic_values_approve(values=written, user=secretariat) == 3
    assert StatisticValue.objects.approved().count() == 3
    # A correction waits beside the approved value, which stays public until it is approved.
    (change,) = services.statistics_enter(
        user=editor, ministry=police, period=2021, entries=[_entry("investigations", "4")]
    )
    approved = StatisticValue.objects.approved().get(metric__code="investigations", cell="")
    assert (approved.value, change.state) == (Decimal(3), Review.PENDING)
    services.statistic_values_approve(values=[change], user=secretariat)
    approved = StatisticValue.objects.approved().get(metric__code="investigations", cell="")
    assert approved.value == Decimal(4)
    assert StatisticValue.objects.filter(state=Review.WITHDRAWN).get().value == Decimal(3)


def test_saving_the_same_grid_again_writes_nothing(police):
    editor = EditorFactory(ministries=[police])
    grid = [_entry("investigations", "3")]
    services.statistics_enter(user=editor, ministry=police, period=2021, entries=grid)
    assert services.statistics_enter(user=editor, ministry=police, period=2021, entries=grid) == []
    assert StatisticValue.objects.count() == 1


def test_the_secretariats_values_are_approved_as_entered(police):
    secretariat = SecretariatFactory()
    (row,) = services.statistics_enter(
        user=secretariat,
        ministry=police,
        period=2021,
        entries=[_entry("budget_anti_trafficking", "81000", currency="xcd", usd=Decimal(30000))],
    )
    assert (row.state, row.currency, row.usd) == (Review.APPROVED, "XCD", Decimal(30000))


def test_an_editor_enters_only_their_ministrys_assigned_metrics(police):
    editor = EditorFactory(ministries=[police])
    with pytest.raises(PermissionDenied):
        services.statistics_enter(
            user=editor, ministry=police, period=2021, entries=[_entry("convictions", "1")]
        )
    other = MinistryFactory(country=police.country)
    other.metrics.add(Metric.objects.get(code="convictions"))
    with pytest.raises(PermissionDenied):
        services.statistics_enter(
            user=editor, ministry=other, period=2021, entries=[_entry("convictions", "1")]
        )
    assert not StatisticValue.objects.exists()


def test_a_returned_value_needs_a_comment_and_stays_out_of_the_public(police):
    editor = EditorFactory(ministries=[police])
    written = services.statistics_enter(
        user=editor, ministry=police, period=2021, entries=[_entry("investigations", "30")]
    )
    assert (
        services.statistic_values_return(
            values=written, user=SecretariatFactory(), comment="Three, not thirty?"
        )
        == 1
    )
    row = StatisticValue.objects.get()
    assert (row.state, row.comment) == (Review.RETURNED, "Three, not thirty?")
    with pytest.raises(PermissionDenied):
        services.statistic_values_approve(values=written, user=editor)


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (datetime.date(2021, 3, 31), 2021),
        (datetime.date(2021, 4, 1), 2022),
        (datetime.date(2020, 4, 1), 2021),
        (datetime.date(2020, 12, 31), 2021),
    ],
)
def test_a_day_falls_into_the_period_that_ends_on_the_next_31_march(day, period):
    assert calendar.period_of(day) == period
    start, end = calendar.period_bounds(period)
    assert start <= day <= end
