"""The submission's calendar: the watch list's consecutive years across a tier history and the
law's two-year rule, the staff home page's deadline, days left, period end and interim
assessment, and the editors' digest 30, 14 and 3 days before the deadline."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from recommendations import services
from recommendations.calendar import REMINDER_DAYS, consecutive_years, interim_assessment
from recommendations.models import SubmissionDeadline, Tier
from recommendations.selectors.reminders import reminder_content
from recommendations.selectors.submission_calendar import staff_countries, submission_calendar

from ..admin_forms import login
from ..factories import CountryFactory, EditorFactory, MinistryFactory, ReportFactory

pytestmark = pytest.mark.django_db

WL, T2, T3 = Tier.TIER_2_WATCH_LIST, Tier.TIER_2, Tier.TIER_3


@pytest.mark.parametrize(
    ("tiers", "years"),
    [
        ({}, 0),
        ({2019: T2, 2020: WL}, 1),
        ({2018: WL, 2019: WL, 2020: WL}, 3),
        ({2017: WL, 2018: T2, 2019: WL, 2020: WL}, 2),
        # A year with no report ends the run.
        ({2017: WL, 2018: WL, 2020: WL}, 1),
        ({2019: WL, 2020: T3}, 0),
    ],
)
def test_consecutive_years_on_the_watch_list_across_a_tier_history(tiers, years):
    assert consecutive_years(tiers, WL) == years


def test_the_interim_assessment_is_1_february_after_the_report():
    assert interim_assessment(2020) == datetime.date(2021, 2, 1)


# In period 2021 (1 April 2020 to 31 March 2021).
TODAY = datetime.date(2021, 1, 2)


def _deadline(world, day):
    return services.submission_deadline_record(
        user=world.secretariat, country=world.country, period=2021, deadline=day
    )


def test_the_calendar_counts_days_left_and_the_watch_list_years(world):
    _deadline(world, datetime.date(2021, 2, 1))
    (row,) = submission_calendar([world.country], TODAY)
    assert (row.period, row.period_end) == (2021, datetime.date(2021, 3, 31))
    assert (row.deadline, row.days_left) == (datetime.date(2021, 2, 1), 30)
    # The 2019 and 2020 reports both put it on the watch list: the law's limit is reached.
    assert row.watch_list_years == 2 and row.downgrade_due
    assert row.interim_assessment == datetime.date(2021, 2, 1)


def test_the_staff_home_page_shows_the_calendar(world, client, settings, monkeypatch):
    _deadline(world, datetime.date(2021, 2, 1))
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    login(client, world.secretariat)
    content = client.get(reverse("admin:index")).content.decode()
    assert "Submission deadline: 1 February 2021, 30 days left." in content
    assert "The period ends on 31 March 2021." in content
    assert "interim assessment is due on 1 February 2021" in content
    assert "2 consecutive years on the Tier 2 Watch List." in content
    assert "the law moves a country to Tier 3 in the next report unless" in content
    editor = EditorFactory(ministries=[world.recommendations["prevention"].lead_ministry])
    login(client, editor)
    content = client.get(reverse("admin:index")).content.decode()
    assert "30 days left" in content


def test_the_secretariat_sees_the_default_country_and_those_with_a_deadline(world):
    other = CountryFactory(name="Barbados", slug="barbados")
    ReportFactory(country=other, year=2020)
    quiet = CountryFactory(name="Grenada", slug="grenada")
    ReportFactory(country=quiet, year=2020)
    services.submission_deadline_record(
        user=world.secretariat, country=other, period=2021, deadline=TODAY
    )
    services.submission_deadline_record(
        user=world.secretariat, country=quiet, period=2020, deadline=TODAY
    )
    seen = staff_countries(world.secretariat, TODAY)
    assert [country.slug for country in seen] == ["barbados", "saint-lucia"]
    editor = EditorFactory(ministries=[MinistryFactory(country=quiet)])
    assert [country.slug for country in staff_countries(editor, TODAY)] == ["grenada"]


def test_one_year_on_the_watch_list_says_nothing_of_tier_3(world):
    ReportFactory(country=world.country, year=2018, tier=T2)
    world.report.tier = T2
    world.report.save()
    ReportFactory(country=world.country, year=2021, tier=WL)
    (row,) = submission_calendar([world.country], datetime.date(2021, 6, 1))
    assert row.watch_list_years == 1 and not row.downgrade_due
    assert row.interim_assessment == datetime.date(2022, 2, 1)
    assert row.deadline is None and row.days_left is None


def test_only_the_secretariat_records_a_deadline(world):
    editor = EditorFactory(ministries=[world.recommendations["prevention"].lead_ministry])
    with pytest.raises(PermissionDenied):
        services.submission_deadline_record(
            user=editor, country=world.country, period=2021, deadline=TODAY
        )
    _deadline(world, TODAY)
    _deadline(world, datetime.date(2021, 2, 3))
    assert SubmissionDeadline.objects.get().deadline == datetime.date(2021, 2, 3)


@pytest.mark.parametrize("days", [31, *REMINDER_DAYS, 13, 2])
def test_the_digest_lists_recommendations_without_evidence_on_reminder_days(world, days):
    _deadline(world, TODAY + datetime.timedelta(days=days))
    editor = EditorFactory(ministries=[world.recommendations["prevention"].lead_ministry])
    due = reminder_content(user=editor, today=TODAY).submission_due
    if days not in REMINDER_DAYS:
        assert due == []
        return
    (entry,) = due
    assert entry.days_left == days
    recs = world.recommendations
    # The prosecution recommendation's evidence is on its predecessor and itself; the
    # protection one has internal notes: evidence all the same for the staff.
    assert [rec.pk for rec in entry.without_evidence] == [
        recs["prevention"].pk,
        recs["partnership"].pk,
    ]


def test_the_digest_mail_says_so(world):
    _deadline(world, TODAY + datetime.timedelta(days=14))
    EditorFactory(
        ministries=[world.recommendations["prevention"].lead_ministry], email="ed@example.org"
    )
    out = StringIO()
    call_command("send_reminders", f"--date={TODAY.isoformat()}", stdout=out)
    (message,) = [m for m in mail.outbox if m.to == ["ed@example.org"]]
    assert "submission for the 2021 reporting period is due in 14 days (2021-01-16)" in message.body
    assert world.recommendations["partnership"].title in message.body
    assert "2 without evidence before the submission deadline" in out.getvalue()
