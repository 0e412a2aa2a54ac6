"""The recommendations' change list in the staff workspace: the latest report first, status
badges and the overdue flag, the last update, filters and search, queries that do not grow with
the data, and Django's own selection checkbox."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import Area, Recommendation, Status

from ..admin_forms import CHANGELIST, login
from ..factories import EvidenceNoteFactory, MinistryFactory, RecommendationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [rec.title for rec in response.context["cl"].result_list]


def test_change_list_puts_the_latest_report_first_then_positions(client, secretariat):
    old = ReportFactory(year=2020)
    new = ReportFactory(year=2021, country=old.country)
    RecommendationFactory(report=old, position=1, title="Old first")
    RecommendationFactory(report=new, position=2, title="New second")
    RecommendationFactory(report=new, position=1, title="New first")
    response = login(client, secretariat).get(CHANGELIST)
    assert titles(response) == ["New first", "New second", "Old first"]


def test_change_list_shows_status_as_a_labelled_badge_and_the_overdue_flag(client, secretariat):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    rec = RecommendationFactory(status=Status.STALLED, target_date=yesterday, title="Late one")
    RecommendationFactory(status=Status.COMPLETED, target_date=yesterday, title="Done one")
    content = login(client, secretariat).get(CHANGELIST).content.decode()
    assert '<span class="tipt-status tipt-status-stalled">Stalled</span>' in content
    assert '<span class="tipt-status tipt-status-completed">Completed</span>' in content
    assert content.count('class="tipt-overdue"') == 1
    (row,) = [row for row in content.split("<tr") if ">Late one</a>" in row]
    assert '<span class="tipt-overdue">Overdue</span>' in row
    assert f'<td class="field-report_year">{rec.report.year}</td>' in row


def test_last_update_counts_new_evidence(client, secretariat):
    rec = RecommendationFactory()
    Recommendation.objects.filter(pk=rec.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=200)
    )
    note = EvidenceNoteFactory(recommendation=rec)
    response = login(client, secretariat).get(CHANGELIST)
    (row,) = response.context["cl"].result_list
    assert row.last_update == note.created_at


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status__exact": Status.IN_PROGRESS}, ["Led and moving"]),
        ({"area__exact": Area.PREVENTION}, ["Supported prevention"]),
        ({"overdue": "yes"}, ["Led and moving"]),
        ({"overdue": "no"}, ["Other ministry", "Supported prevention"]),
        ({"report__year": "2019"}, ["Other ministry"]),
        ({"q": "shelter"}, ["Supported prevention"]),
        ({"q": "Moving"}, ["Led and moving"]),
    ],
)
def test_change_list_filters_and_search(client, secretariat, query, expected):
    old = ReportFactory(year=2019)
    new = ReportFactory(year=2020, country=old.country)
    lead, other = MinistryFactory(), MinistryFactory()
    late = timezone.localdate() - datetime.timedelta(days=3)
    RecommendationFactory(
        report=new,
        lead_ministry=lead,
        status=Status.IN_PROGRESS,
        target_date=late,
        title="Led and moving",
    )
    supported = RecommendationFactory(
        report=new,
        lead_ministry=other,
        area=Area.PREVENTION,
        title="Supported prevention",
        text="Fund a shelter for adult victims.",
    )
    supported.supporting_ministries.add(lead)
    RecommendationFactory(report=old, lead_ministry=other, title="Other ministry")
    response = login(client, secretariat).get(CHANGELIST, query)
    assert sorted(titles(response)) == sorted(expected)


def test_ministry_filter_covers_lead_and_supporting(client, secretariat):
    lead = MinistryFactory()
    RecommendationFactory(lead_ministry=lead, title="Led")
    RecommendationFactory(title="Supported").supporting_ministries.add(lead)
    RecommendationFactory(title="Neither")
    response = login(client, secretariat).get(CHANGELIST, {"ministry": lead.pk})
    assert sorted(titles(response)) == ["Led", "Supported"]


def _bulk_recommendations(count, ministry):
    report = ReportFactory()
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            report=report,
            position=n + 1,
            text=f"Recommendation {n}.",
            title=f"Recommendation {n}",
            area=Area.PROTECTION,
            lead_ministry=ministry if n % 2 else None,
            target_date=datetime.date(2020, 1, 1),
        )
        for n in range(count)
    )
    through = Recommendation.supporting_ministries.through
    through.objects.bulk_create(
        through(recommendation=rec, ministry=ministry) for rec in recs if not rec.lead_ministry
    )
    for rec in recs[:3]:
        EvidenceNoteFactory(recommendation=rec)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["secretariat", "editor"])
def test_change_list_queries_do_not_grow_with_the_data(client, request, ministry, role):
    login(client, request.getfixturevalue(role))
    _bulk_recommendations(10, ministry)
    few = _queries(client, CHANGELIST)
    _bulk_recommendations(490, ministry)
    response = client.get(CHANGELIST)
    assert response.context["cl"].result_count == 500
    assert _queries(client, CHANGELIST) == few


def test_the_change_lists_selection_checkbox_is_djangos_own(db):
    """The change list writes Django's selection checkbox itself (for speed); the markup the
    admin's scripts and screen readers rely on must stay Django's, escaping included."""
    from django.contrib import admin

    rec = RecommendationFactory(title='Train <b>"police"</b> & prosecutors')
    model_admin = admin.site._registry[Recommendation]
    assert model_admin.action_checkbox(rec) == admin.ModelAdmin.action_checkbox(model_admin, rec)
    assert "<b>" not in model_admin.action_checkbox(rec)
