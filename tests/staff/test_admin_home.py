"""The staff workspace's home page is the signed-in person's work: an editor's overdue and
due-soon recommendations and what they did lately, the secretariat's overdue work by ministry
and the latest import's next steps; the site's plumbing in a System section of its own."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import NoteReview, Recommendation, Review, Status, StatusProposal
from tipt.admin_site import SYSTEM_MODELS, changelist_url

from ..admin_forms import change_url, login
from ..factories import (
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def home(user):
    response = login(Client(), user).get(HOME)
    assert response.status_code == 200
    return response


def test_editor_sees_their_overdue_and_due_soon_work_never_another_ministrys(ministry, editor):
    other = MinistryFactory(country=ministry.country)
    report = ReportFactory(country=ministry.country)
    late = RecommendationFactory(report=report, lead_ministry=ministry, target_date=days(-3))
    supported = RecommendationFactory(report=report, lead_ministry=other, target_date=days(-1))
    supported.supporting_ministries.add(ministry)
    soon = RecommendationFactory(report=report, lead_ministry=ministry, target_date=days(20))
    later = RecommendationFactory(report=report, lead_ministry=ministry, target_date=days(45))
    done = RecommendationFactory(
        report=report, lead_ministry=ministry, target_date=days(-3), status=Status.COMPLETED
    )
    theirs_late = RecommendationFactory(report=report, lead_ministry=other, target_date=days(-3))
    theirs_soon = RecommendationFactory(report=report, lead_ministry=other, target_date=days(5))

    response = home(editor)
    work = response.context["editor_work"]
    assert work.overdue == list(Recommendation.objects.visible_to(editor).overdue())
    assert {rec.pk for rec in work.overdue} == {late.pk, supported.pk}
    assert [rec.pk for rec in work.due_soon] == [soon.pk]
    html = response.content.decode()
    for rec in (late, supported, soon):
        assert change_url(rec) in html
    for rec in (later, done, theirs_late, theirs_soon):
        assert change_url(rec) not in html
    assert changelist_url(overdue="yes") in html
    assert "secretariat_work" not in response.context


def test_editor_reads_what_they_did_recently_in_words_dated(ministry, editor):
    rec = RecommendationFactory(lead_ministry=ministry)
    StatusChangeFactory(
        recommendation=rec, changed_by=editor, new_status=Status.IN_PROGRESS, note=""
    )
    EvidenceNoteFactory(recommendation=rec, author=editor)
    # Someone else's change, and the editor's own on a recommendation no longer theirs.
    StatusChangeFactory(recommendation=rec, new_status=Status.STALLED)
    elsewhere = RecommendationFactory()
    StatusChangeFactory(recommendation=elsewhere, changed_by=editor, new_status=Status.COMPLETED)

    response = home(editor)
    words = [item.words for item in response.context["editor_work"].recent]
    assert sorted(words) == ["Added an evidence note", "Marked In progress"]
    html = response.content.decode()
    assert "Marked In progress" in html
    assert "Marked Stalled" not in html
    assert "Marked Completed" not in html
    assert change_url(elsewhere) not in html
    assert timezone.localdate().isoformat() in html


def test_secretariat_counts_overdue_work_by_ministry_as_the_overdue_rule_does(secretariat):
    police, labour, idle = MinistryFactory.create_batch(3)
    # A year with one before it (the factory's sequence may give the first report year).
    report = ReportFactory(country=police.country, year=2020)
    RecommendationFactory.create_batch(2, report=report, lead_ministry=police, target_date=days(-2))
    shared = RecommendationFactory(report=report, lead_ministry=labour, target_date=days(-2))
    shared.supporting_ministries.add(police, labour)
    RecommendationFactory(
        report=report, lead_ministry=idle, target_date=days(-2), status=Status.COMPLETED
    )
    RecommendationFactory(report=report, lead_ministry=idle, target_date=days(3))
    # A later report makes the earlier one's recommendations no longer open work.
    old = ReportFactory(country=police.country, year=report.year - 1)
    RecommendationFactory(report=old, lead_ministry=idle, target_date=days(-400))

    response = home(secretariat)
    work = response.context["secretariat_work"]
    counts = {ministry.pk: ministry.overdue for ministry in work.overdue_by_ministry}
    assert counts == {
        m.pk: Recommendation.objects.overdue().involving(m).count()
        for m in (police, labour, idle)
        if Recommendation.objects.overdue().involving(m).exists()
    }
    assert counts == {police.pk: 3, labour.pk: 1}
    assert work.overdue_total == Recommendation.objects.overdue().count() == 3
    html = response.content.decode()
    assert "3 overdue recommendations in all" in html
    assert f"{police.name}: 3 overdue" in html
    assert "editor_work" not in response.context


def test_each_ministry_link_lists_the_count_it_shows(secretariat):
    police = MinistryFactory()
    report = ReportFactory(country=police.country)
    RecommendationFactory.create_batch(2, report=report, lead_ministry=police, target_date=days(-2))
    RecommendationFactory(report=report, lead_ministry=police, target_date=days(2))
    client = login(Client(), secretariat)
    url = changelist_url(ministry=police.pk, overdue="yes")
    assert url.replace("&", "&amp;") in client.get(HOME).content.decode()
    listed = client.get(url)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 2


def test_secretariat_sees_the_latest_import_and_its_next_steps(secretariat):
    police = MinistryFactory()
    earlier = ReportFactory(country=police.country, year=2020)
    RecommendationFactory(report=earlier, lead_ministry=None)
    latest = ReportFactory(country=police.country, year=2021)
    RecommendationFactory.create_batch(2, report=latest, lead_ministry=None, target_date=None)
    RecommendationFactory(report=latest, lead_ministry=police, target_date=None)
    RecommendationFactory(report=latest, lead_ministry=police, target_date=days(90))

    client = login(Client(), secretariat)
    html = client.get(HOME).content.decode()
    assert f"{police.country.name} 2021" in html
    assert "Give a lead ministry to 2 recommendations" in html
    assert "Set a target date for 3 recommendations" in html
    for missing, count in (("lead_ministry", 2), ("target_date", 3)):
        url = changelist_url(report=latest.pk, missing=missing)
        assert url.replace("&", "&amp;") in html
        listed = client.get(url)
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == count


def test_secretariat_with_nothing_yet_reads_so(secretariat):
    html = home(secretariat).content.decode()
    assert "Nothing is overdue." in html
    assert "No report imported yet." in html


@pytest.mark.parametrize("role", ["secretariat", "editor"])
def test_plumbing_is_in_the_system_section_apart_from_the_work(role, secretariat, editor):
    user = {"secretariat": secretariat, "editor": editor}[role]
    response = home(user)
    work = {
        (app["app_label"], model["object_name"])
        for app in response.context["work_apps"]
        for model in app["models"]
    }
    system = {
        (app["app_label"], model["object_name"])
        for app in response.context["system_apps"]
        for model in app["models"]
    }
    assert not work & SYSTEM_MODELS
    assert system <= SYSTEM_MODELS
    if role == "secretariat":
        assert ("recommendations", "Recommendation") in work
        assert {("axes", "AccessAttempt"), ("auditlog", "LogEntry"), ("auth", "Group")} <= system
        assert ("auth", "User") in work
        html = response.content.decode()
        assert html.index('id="tipt-records"') < html.index('id="tipt-system"')


@pytest.mark.parametrize("size", [1, 8])
def test_editor_home_page_queries_stay_flat(size, ministry, editor, django_assert_max_num_queries):
    report = ReportFactory(country=ministry.country)
    for n in range(size):
        for target in (days(-n - 1), days(n + 1)):
            rec = RecommendationFactory(report=report, lead_ministry=ministry, target_date=target)
            StatusChangeFactory(recommendation=rec, changed_by=editor)
            EvidenceNoteFactory(recommendation=rec, author=editor, review=NoteReview.RETURNED)
            StatusProposal.objects.create(
                recommendation=rec,
                from_status=rec.status,
                status=Status.COMPLETED,
                proposed_by=editor,
                state=Review.RETURNED,
                comment="Add the evidence",
            )
    client = login(Client(), editor)
    # The work as before (13), what was returned: proposals, notes (2), and the submission's
    # calendar: countries, deadlines, tiers (3).
    with django_assert_max_num_queries(18):
        response = client.get(HOME)
    assert len(response.context["submission_calendar"]) == 1
    assert len(response.context["editor_work"].overdue) == size
    returned = response.context["returned"]
    assert (len(returned.proposals), len(returned.notes)) == (2 * size, 2 * size)


@pytest.mark.parametrize("size", [1, 8])
def test_secretariat_home_page_queries_stay_flat(size, secretariat, django_assert_max_num_queries):
    for _ in range(size):
        ministry = MinistryFactory()
        report = ReportFactory(country=ministry.country)
        for rec in RecommendationFactory.create_batch(
            2, report=report, lead_ministry=ministry, target_date=days(-1)
        ):
            EvidenceNoteFactory(recommendation=rec, review=NoteReview.SUBMITTED)
    client = login(Client(), secretariat)
    # The work as before (13), what waits for review: proposals, notes, statistics (3), and the
    # submission's calendar: countries, deadlines, tiers (3).
    with django_assert_max_num_queries(19):
        response = client.get(HOME)
    # None of these countries is the default one or has a deadline recorded.
    assert response.context["submission_calendar"] == []
    assert response.context["review_waiting"] == 2 * size
    assert len(response.context["secretariat_work"].overdue_by_ministry) == size
