"""Each rule of the domain has one home; these tests ask every place that uses a rule and expect
the same answer from all of them: "overdue", "leads or supports", the reports' order and the
fields an editor may change."""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation, Status

from .admin_forms import CHANGELIST, STAFF_EXPORT, change_url, login
from .factories import EditorFactory, MinistryFactory, RecommendationFactory, ReportFactory
from .public_data import EXPORT, LIST, build_titled_reports

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def public_titles(client, query):
    response = client.get(f"{LIST}?{query}")
    return {rec.title for rec in response.context["recommendations"]}


def export_titles(client, query):
    return {row["title"] for row in csv_rows(client.get(f"{EXPORT}?{query}"))}


def staff_titles(client, query):
    response = client.get(f"{CHANGELIST}?{query}")
    return {rec.title for rec in response.context["cl"].result_list}


def staff_export_titles(client, query):
    return {row["title"] for row in csv_rows(client.get(f"{STAFF_EXPORT}?{query}"))}


@pytest.fixture
def dated(labour):
    """Past its date and open; past its date but completed; due later; no date at all."""
    today = timezone.localdate()
    report = ReportFactory(country=labour.country, year=2020)
    made = {}
    for title, target, status in [
        ("Late and open", today - datetime.timedelta(days=1), Status.IN_PROGRESS),
        ("Late but done", today - datetime.timedelta(days=40), Status.COMPLETED),
        ("Due today", today, Status.NOT_STARTED),
        ("No date", None, Status.STALLED),
    ]:
        made[title] = RecommendationFactory(
            report=report, title=title, target_date=target, status=status, lead_ministry=labour
        )
    return made


def test_overdue_is_one_answer_on_every_page_export_filter_and_mail(
    client, dated, labour, mailoutbox, secretariat
):
    overdue, not_overdue = {"Late and open"}, {"Late but done", "Due today", "No date"}
    country = labour.country.slug
    # The public list, its CSV (filtered and its "overdue" column) and the dashboard's count.
    assert public_titles(client, "overdue=yes") == overdue
    assert public_titles(client, "overdue=no") == not_overdue
    assert export_titles(client, "overdue=yes") == overdue
    assert export_titles(client, "overdue=no") == not_overdue
    flagged = {row["title"] for row in csv_rows(client.get(EXPORT)) if row["overdue"] == "yes"}
    assert flagged == overdue
    dashboard = client.get(reverse("recommendations:home") + f"?country={country}")
    assert dashboard.context["overdue"] == len(overdue)
    # Each recommendation's page says it too.
    for title, rec in dated.items():
        detail = client.get(rec.get_absolute_url())
        assert detail.context["is_overdue"] == (title in overdue), title
    # The staff workspace: its filter, its column and its export.
    login(client, secretariat)
    assert staff_titles(client, "overdue=yes") == overdue
    assert staff_titles(client, "overdue=no") == not_overdue
    column = client.get(CHANGELIST).context["cl"]
    admin = column.model_admin
    assert {rec.title for rec in column.result_list if admin.overdue_flag(rec)} == overdue
    assert staff_export_titles(client, "overdue=yes") == overdue
    # The editors' reminder lists as overdue what every page calls overdue.
    EditorFactory(username="focal", email="focal@gov.example", ministries=[labour])
    call_command("send_reminders", stdout=StringIO())
    (digest,) = mail.outbox
    overdue_part = digest.body.split("Due within")[0]
    assert "Late and open" in overdue_part
    assert "Late but done" not in digest.body


@pytest.fixture
def owned(labour):
    police = MinistryFactory(
        name="Police", short_name="Police", slug="police", country=labour.country
    )
    report = ReportFactory(country=labour.country, year=2021)
    led = RecommendationFactory(report=report, title="Led by Labour", lead_ministry=labour)
    supported = RecommendationFactory(
        report=report, title="Supported by Labour", lead_ministry=police
    )
    supported.supporting_ministries.add(labour)
    RecommendationFactory(report=report, title="Police only", lead_ministry=police)
    return led, supported


def test_leads_or_supports_is_one_answer_for_filters_exports_and_scope(
    client, labour, owned, secretariat
):
    mine = {"Led by Labour", "Supported by Labour"}
    assert public_titles(client, "ministry=labour") == mine
    assert export_titles(client, "ministry=labour") == mine
    # An editor of Labour sees and may open exactly those in the staff workspace.
    editor = EditorFactory(ministries=[labour])
    login(client, editor)
    assert staff_titles(client, "") == mine
    for rec in Recommendation.objects.all():
        assert (client.get(change_url(rec)).status_code == 200) == (rec.title in mine), rec.title
    login(client, secretariat)
    assert staff_titles(client, f"ministry={labour.pk}") == mine


def test_the_reports_order_is_one_order_for_the_list_and_both_exports(client, secretariat):
    build_titled_reports({"Barbados": (2020, 2021), "Antigua": (2020, 2021)}, positions=(2, 1))
    expected = [
        f"{name} {year} #{position}"
        for name in ("Antigua", "Barbados")
        for year in (2021, 2020)
        for position in (1, 2)
    ]
    listed = [rec.title for rec in Recommendation.objects.all()]
    assert listed == expected
    assert [row["title"] for row in csv_rows(client.get(f"{EXPORT}?year=all"))] == expected
    first_page = client.get(f"{LIST}?year=all").context["recommendations"]
    assert [rec.title for rec in first_page] == expected
    login(client, secretariat)
    assert [row["title"] for row in csv_rows(client.get(STAFF_EXPORT))] == sorted(
        expected, key=lambda title: (-int(title.split()[1]), title.split()[0], title[-1])
    )


def test_an_editor_changes_only_the_editor_fields_everywhere(client, labour):
    rec = RecommendationFactory(lead_ministry=labour)
    login(client, EditorFactory(ministries=[labour]))
    form = client.get(change_url(rec)).context["adminform"].form
    editable = set(form.fields) - {"seen_version", "status_note"}
    # The title in English and in French (an editor translates what they may change).
    assert editable == {"title_en", "title_fr", "status", "target_date"}
