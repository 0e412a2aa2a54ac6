"""Giving a selection of recommendations its lead ministry and target date at once, as the
secretariat does after an import: the action's page, its service, who may and what is refused."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from recommendations import services
from recommendations.models import Recommendation

from ..admin_forms import CHANGELIST, action_data, login
from ..conftest import NOTIFY_QUERIES
from ..factories import EditorFactory, MinistryFactory, RecommendationFactory, ReportFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 3, 31)


@pytest.fixture
def report(labour):
    """A report of the Labour ministry's country."""
    return ReportFactory(country=labour.country)


def new_recommendations(report, count):
    return [RecommendationFactory(report=report, lead_ministry=None) for _ in range(count)]


def test_the_secretariat_gives_the_selection_a_lead_ministry_and_a_date(
    client, secretariat, report, labour
):
    recs = new_recommendations(report, 3)
    MinistryFactory(short_name="Elsewhere")  # another country's
    login(client, secretariat)
    selection = action_data("assign", recs[:2])
    page = client.post(CHANGELIST, selection).content.decode()
    assert "These 2 recommendations get the lead ministry and target date" in page
    assert '<label for="id_lead_ministry">Lead ministry:</label>' in page
    assert 'type="date"' in page and f'<option value="{labour.pk}">Labour</option>' in page
    assert "Elsewhere" not in page
    assert not Recommendation.objects.filter(lead_ministry=labour).exists()

    data = {**selection, "apply": "1", "lead_ministry": labour.pk, "target_date": DAY.isoformat()}
    response = client.post(CHANGELIST, data, follow=True)
    assert "2 recommendations given their lead ministry or target date." in (
        response.content.decode()
    )
    saved = {r.pk: r for r in Recommendation.objects.all()}
    assert [(saved[r.pk].lead_ministry, saved[r.pk].target_date) for r in recs] == [
        (labour, DAY),
        (labour, DAY),
        (None, None),
    ]
    assert saved[recs[0].pk].version == recs[0].version + 1
    entry = LogEntry.objects.get_for_object(saved[recs[0].pk]).get(action=LogEntry.Action.UPDATE)
    assert set(entry.changes_dict) == {"lead_ministry", "target_date"}


def test_the_action_asks_for_something_to_set(client, secretariat, report):
    recs = new_recommendations(report, 1)
    login(client, secretariat)
    data = action_data("assign", recs, apply=True)
    page = client.post(CHANGELIST, data).content.decode()
    assert "Choose a lead ministry, a target date or both." in page
    forged = {**data, "lead_ministry": MinistryFactory().pk}
    page = client.post(CHANGELIST, forged).content.decode()
    assert "Select a valid choice" in page
    assert Recommendation.objects.get().lead_ministry is None


def test_an_editor_sets_target_dates_of_their_own_only(client, report, labour):
    mine = RecommendationFactory(report=report, lead_ministry=labour)
    theirs = RecommendationFactory(report=report)
    editor = EditorFactory(ministries=[labour])
    login(client, editor)
    page = client.post(CHANGELIST, action_data("assign", [mine]))
    assert 'name="lead_ministry"' not in page.content.decode()
    client.post(CHANGELIST, action_data("assign", [mine], apply=True, target_date=DAY))
    assert Recommendation.objects.get(pk=mine.pk).target_date == DAY
    both = action_data("assign", [mine, theirs], apply=True, target_date="2023-01-01")
    response = client.post(CHANGELIST, both, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert Recommendation.objects.get(pk=mine.pk).target_date == DAY
    with pytest.raises(PermissionDenied):
        services.recommendation_bulk_assign(
            recommendations=[mine], user=editor, lead_ministry=labour
        )


def test_the_service_refuses_another_country_s_ministry_for_all(secretariat, report, labour):
    here = new_recommendations(report, 2)
    abroad = RecommendationFactory(lead_ministry=None)
    with pytest.raises(ValidationError, match="not a ministry of"):
        services.recommendation_bulk_assign(
            recommendations=[*here, abroad], user=secretariat, lead_ministry=labour
        )
    assert not Recommendation.objects.filter(lead_ministry__isnull=False).exists()


@pytest.mark.parametrize("size", [3, 60])
def test_the_service_s_queries_do_not_grow_with_the_selection(
    secretariat, report, labour, size, django_assert_max_num_queries
):
    recs = new_recommendations(report, size)
    # The user's role and permissions, the locked read, the UPDATE, the audit entries, the
    # pages forgotten (their country, their version, and the notification), the savepoints.
    with django_assert_max_num_queries(13 + NOTIFY_QUERIES):
        changed = services.recommendation_bulk_assign(
            recommendations=recs, user=secretariat, lead_ministry=labour, target_date=DAY
        )
    assert len(changed) == size
    again = services.recommendation_bulk_assign(
        recommendations=recs, user=secretariat, target_date=DAY
    )
    assert again == []


def test_the_action_s_page_is_in_french(secretariat, report, labour):
    recs = new_recommendations(report, 2)
    client = login(Client(headers={"accept-language": "fr"}), secretariat)
    page = client.post(CHANGELIST, action_data("assign", recs)).content.decode()
    assert "Ces 2 recommandations reçoivent le ministère chef de file" in page
    assert "— laisser chacune telle quelle —" in page and 'value="Oui, les fixer"' in page
    listing = client.get(CHANGELIST).content.decode()
    assert "Fixer le ministère chef de file et la date cible" in listing
