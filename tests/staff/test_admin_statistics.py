"""A ministry's statistics grid in the staff workspace: one form for every metric assigned to
it and every breakdown cell, the editor's values sent to the review queue, the secretariat's
approval making them the published figures."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import calendar, services
from recommendations.models import Metric, Review, StatisticValue

from ..admin_forms import login
from ..factories import EditorFactory, MinistryFactory, police_force

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:statistics")
REVIEW = reverse("admin:review")


@pytest.fixture
def police(db):
    return police_force("investigations", "victims_identified", "budget_anti_trafficking")


def grid(period, ministry):
    return reverse("admin:statistics_grid", args=[period, ministry.pk])


def _field(metric_code, cell="total", part="value"):
    return f"{part}-{Metric.objects.get(code=metric_code).pk}-{cell}"


def test_an_editor_fills_the_grid_and_the_secretariat_approves_it(client, police, secretariat):
    editor = EditorFactory(ministries=[police])
    login(client, editor)
    # The index leads to the period being gathered, and the three before it.
    current = calendar.period_of(timezone.localdate())
    index = client.get(INDEX).content.decode()
    assert grid(current, police) in index and grid(current - 3, police) in index
    page = client.get(grid(2021, police))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Victims identified" in content and "children" in content
    response = client.post(
        grid(2021, police),
        {
            _field("investigations"): "3",
            _field("investigations", part="note"): "Police records",
            _field("victims_identified"): "1",
            _field("victims_identified", "age:child"): "1",
        },
        follow=True,
    )
    assert "3 values wait for the secretariat" in response.content.decode()
    assert set(StatisticValue.objects.values_list("state", flat=True)) == {Review.PENDING}

    login(client, secretariat)
    queue = client.get(REVIEW)
    assert queue.context["queue"].values_waiting == 3
    chosen = {"decision": "approve", "value": [str(v.pk) for v in StatisticValue.objects.all()]}
    assert "Yes, approve and publish" in client.post(REVIEW, chosen).content.decode()
    done = client.post(REVIEW, {**chosen, "confirm": "1"}, follow=True).content.decode()
    assert "3 figures approved." in done
    assert StatisticValue.objects.approved().count() == 3


def test_money_needs_its_currency(client, police, secretariat):
    login(client, secretariat)
    response = client.post(grid(2021, police), {_field("budget_anti_trafficking"): "81000"})
    assert response.status_code == 200
    assert "Say which currency" in response.content.decode()
    assert not StatisticValue.objects.exists()
    client.post(
        grid(2021, police),
        {
            _field("budget_anti_trafficking"): "81000",
            _field("budget_anti_trafficking", part="currency"): "xcd",
            _field("budget_anti_trafficking", part="usd"): "30000",
        },
    )
    row = StatisticValue.objects.get()
    assert (row.value, row.currency, row.usd, row.state) == (
        Decimal(81000),
        "XCD",
        Decimal(30000),
        Review.APPROVED,
    )


def test_bad_input_is_refused_with_a_message(client, police):
    login(client, EditorFactory(ministries=[police]))
    response = client.post(grid(2021, police), {_field("investigations"): "-2"})
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert client.get(reverse("admin:statistics_grid", args=[1999, police.pk])).status_code == 404
    assert not StatisticValue.objects.exists()


def test_another_ministrys_grid_is_refused(client, police):
    other = MinistryFactory(country=police.country)
    login(client, EditorFactory(ministries=[other]))
    assert client.get(grid(2021, police)).status_code == 403
    assert client.post(grid(2021, police), {_field("investigations"): "3"}).status_code == 403
    assert not StatisticValue.objects.exists()


def test_the_gaps_of_the_period_being_gathered_are_shown_and_reminded(client, police, mailoutbox):
    from django.core.management import call_command

    editor = EditorFactory(ministries=[police], email="focal@gov.lc")
    current = calendar.period_of(timezone.localdate())
    login(client, editor)
    client.post(grid(current, police), {_field("investigations"): "3"})
    index = client.get(INDEX).content.decode()
    assert f"Still to enter for {current}:" in index
    assert "Victims identified" in index.split("Still to enter")[1][:300]
    assert "Investigations" not in index.split("Still to enter")[1][:200]
    call_command("send_reminders", stdout=io.StringIO())
    (mail,) = mailoutbox
    assert f"Statistics of the {current} reporting period still to enter:" in mail.body
    assert "Victims identified" in mail.body and grid(current, police) in mail.body


@pytest.mark.parametrize("cells", [1, 3])
def test_the_grid_reads_in_fixed_queries(
    client, police, secretariat, cells, django_assert_max_num_queries
):
    for period in range(2021, 2021 + cells):
        services.statistics_enter(
            user=secretariat,
            ministry=police,
            period=period,
            entries=[
                services.Entry(metric=Metric.objects.get(code="investigations"), cell="", value=3)
            ],
        )
    login(client, secretariat)
    # The session, the user and their role, the ministry, its metrics, the values and the
    # report's figures, the messages: the same number whatever the number of values.
    with django_assert_max_num_queries(13):
        assert client.get(grid(2021, police)).status_code == 200


def test_a_saved_grid_saves_again_as_shown_and_writes_only_what_changed(client, police):
    editor = EditorFactory(ministries=[police])
    login(client, editor)
    client.post(grid(2021, police), {_field("investigations"): "10"})
    page = client.get(grid(2021, police))
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((f.name, f) for f in page.context["form"])
    }
    assert data[_field("investigations")] in ("10", 10)
    data[_field("victims_identified")] = "2"
    response = client.post(grid(2021, police), data, follow=True)
    assert "1 value waits for the secretariat" in response.content.decode()
    assert StatisticValue.objects.filter(metric__code="investigations").count() == 1


def test_the_secretariat_saving_a_grid_approves_no_value_it_did_not_touch(
    client, police, secretariat
):
    editor = EditorFactory(ministries=[police])
    login(client, editor)
    client.post(grid(2021, police), {_field("investigations"): "10"})
    login(client, secretariat)
    page = client.get(grid(2021, police))
    data = {f.name: f.value() if f.value() is not None else "" for f in page.context["form"]}
    assert data[_field("investigations")] in ("", None)
    data[_field("victims_identified")] = "5"
    client.post(grid(2021, police), data)
    assert StatisticValue.objects.get(metric__code="investigations").state == Review.PENDING
    assert StatisticValue.objects.get(metric__code="victims_identified").state == Review.APPROVED


def test_a_count_too_large_for_the_column_is_refused(client, police):
    login(client, EditorFactory(ministries=[police]))
    response = client.post(grid(2021, police), {_field("investigations"): "9" * 16})
    assert response.status_code == 200 and not StatisticValue.objects.exists()
