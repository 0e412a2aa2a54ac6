import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from recommendations import services
from recommendations.models import Recommendation, ReminderDigest, Status
from recommendations.selectors.reminders import reminder_content

from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def today():
    """Today as each test starts, not as the module was collected: a run that crosses midnight
    in the site's time zone must not see yesterday's date."""
    global TODAY
    TODAY = timezone.localdate()
    return TODAY


DAY = datetime.timedelta(days=1)


def send_reminders(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def age(rec, days):
    Recommendation.objects.filter(pk=rec.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def editor(labour):
    return EditorFactory(username="focal", email="focal@example.org", ministries=[labour])


@pytest.fixture
def workload(labour):
    # One report of labour's country: each recommendation is of its latest report, open work.
    report = ReportFactory(country=labour.country)
    recs = {
        "overdue": RecommendationFactory(
            report=report, lead_ministry=labour, target_date=TODAY - DAY
        ),
        "due soon": RecommendationFactory(
            report=report, lead_ministry=labour, target_date=TODAY + 30 * DAY
        ),
        "later": RecommendationFactory(
            report=report, lead_ministry=labour, target_date=TODAY + 31 * DAY
        ),
        "stale": RecommendationFactory(report=report, lead_ministry=labour),
        "recent": RecommendationFactory(report=report, lead_ministry=labour),
        "done": RecommendationFactory(
            report=report, lead_ministry=labour, target_date=TODAY - DAY, status=Status.COMPLETED
        ),
        "elsewhere": RecommendationFactory(target_date=TODAY - DAY),
    }
    recs["supported"] = RecommendationFactory(target_date=TODAY - 5 * DAY)
    recs["supported"].supporting_ministries.add(labour)
    age(recs["stale"], 91)
    age(recs["recent"], 89)
    age(recs["done"], 200)
    # New evidence counts as an update.
    age(recs["later"], 120)
    EvidenceNoteFactory(recommendation=recs["later"])
    return recs


def test_one_digest_lists_overdue_due_soon_and_not_updated(mailoutbox, editor, workload):
    send_reminders()
    (mail,) = mailoutbox
    assert mail.to == ["focal@example.org"]
    body = mail.body
    overdue, rest = body.split("Overdue (target date passed, not completed):")[1].split(
        "Due within 30 days:"
    )
    due_soon, not_updated = rest.split("Not updated for 90 days:")
    assert workload["overdue"].title in overdue and workload["supported"].title in overdue
    assert workload["due soon"].title in due_soon
    assert workload["stale"].title in not_updated
    for name in ["later", "recent", "done", "elsewhere"]:
        assert workload[name].title not in body
    assert f"/admin/recommendations/recommendation/{workload['overdue'].pk}/change/" in body
    assert "4 need your attention" in mail.subject


def test_running_twice_sends_one_digest(mailoutbox, editor, workload):
    send_reminders()
    out = send_reminders()
    assert len(mailoutbox) == 1
    assert "already had today's digest" in out
    digest = ReminderDigest.objects.get()
    assert (digest.user, digest.sent_on, digest.recommendation_count) == (editor, TODAY, 4)


def test_the_next_day_brings_a_new_digest(mailoutbox, editor, workload):
    send_reminders(f"--date={TODAY.isoformat()}")
    send_reminders(f"--date={(TODAY + DAY).isoformat()}")
    assert len(mailoutbox) == 2


def test_people_with_nothing_to_report_or_no_email_get_nothing(
    mailoutbox, labour, secretariat, workload
):
    EditorFactory(username="quiet", email="quiet@example.org", ministries=[MinistryFactory()])
    EditorFactory(username="mute", email="", ministries=[labour])
    assert secretariat.email  # an address, but no ministry's work to be reminded of
    out = send_reminders()
    assert mailoutbox == []
    assert "quiet: nothing to report." in out and "mute: no email address" in out
    assert not ReminderDigest.objects.exists()


def test_dry_run_sends_and_records_nothing(mailoutbox, editor, workload):
    out = send_reminders("--dry-run")
    assert "focal: would send (2 overdue, 1 due soon, 1 not updated, 0 statistics to enter)" in out
    assert mailoutbox == [] and not ReminderDigest.objects.exists()


def test_a_failed_mail_is_not_counted_as_sent(mailoutbox, monkeypatch, editor, workload):
    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("recommendations.services.reminders.send_mail", refuse)
    with pytest.raises(CommandError, match="1 digest"):
        send_reminders()
    assert not ReminderDigest.objects.exists()
    monkeypatch.undo()
    send_reminders()
    assert len(mailoutbox) == 1


def test_a_reminder_never_lists_the_recommendations_of_a_ministry_its_reader_left(mailoutbox):
    police, labour = MinistryFactory(), MinistryFactory()
    RecommendationFactory(lead_ministry=police, title="Police work", target_date=TODAY)
    RecommendationFactory(lead_ministry=labour, title="Labour work", target_date=TODAY)
    mover = EditorFactory(ministries=[police], email="mover@example.org")
    services.staff_user_set_role(user=mover, role="editor", ministries=[labour])
    content = reminder_content(user=mover, today=TODAY)
    assert services.reminder_digest_send(user=mover, today=TODAY, content=content)
    (mail,) = mailoutbox
    assert "Labour work" in mail.body and "Police work" not in mail.body
