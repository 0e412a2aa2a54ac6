"""The staff workspace's activity page: what changed, when and by whom, in words a focal point
understands, for the recommendations the reader may see, filtered by person, ministry,
recommendation and dates, a page at a time in a bounded number of queries."""

import datetime
import html
import re

import pytest
from auditlog.context import set_actor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Area, Status
from recommendations.selectors import activity as activity_selectors

from ..admin_forms import change_url, login
from ..factories import (
    CarryOverFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    StatusChangeFactory,
    UserFactory,
    evidence_note_published,
    status_proposed,
)

pytestmark = pytest.mark.django_db

ACTIVITY = reverse("admin:activity")


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def page(user, client=None, **params):
    response = login(client or Client(), user).get(ACTIVITY, params)
    assert response.status_code == 200
    return response


def events(response):
    """The events the page lists, as (who, words, recommendation pk)."""
    return [
        (event.who, " / ".join(event.words), event.recommendation.pk)
        for event in response.context["page"].object_list
    ]


def words(response):
    return [said for _who, said, _rec in events(response)]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def rec(ministry):
    return RecommendationFactory(
        report=ReportFactory(country=ministry.country, year=2021),
        lead_ministry=ministry,
        title="Train labour inspectors",
    )


def test_a_status_change_reads_marked_with_its_status_and_whether_it_has_a_note(secretariat, rec):
    person = UserFactory(first_name="Marie", last_name="Joseph")
    StatusChangeFactory(
        recommendation=rec, changed_by=person, changed_at=at(datetime.date(2026, 1, 5))
    )
    StatusChangeFactory(
        recommendation=rec,
        old_status=Status.IN_PROGRESS,
        new_status=Status.STALLED,
        changed_by=None,
        note="Waiting for the Cabinet",
        changed_at=at(datetime.date(2026, 1, 6)),
    )
    response = page(secretariat)
    assert events(response) == [
        ("the system", "Marked Stalled, with a note", rec.pk),
        ("Marie Joseph", "Marked In progress", rec.pk),
    ]
    content = text_of(response)
    assert "Waiting for the Cabinet" not in content
    assert "in_progress" not in content and "stalled" not in content
    assert "6 January 2026, 12:00" in content
    assert f'href="{change_url(rec)}"' in content
    assert str(rec) in content and str(rec.lead_ministry) in content


def test_evidence_notes_read_added_and_published_never_their_text(secretariat, rec):
    author = UserFactory(username="focal")
    EvidenceNoteFactory(recommendation=rec, author=author, text="Survivor in the shelter")
    evidence_note_published(
        author=secretariat,
        recommendation=rec,
        happened_on=datetime.date(2026, 1, 2),
        text="SOPs approved by Cabinet",
    )
    response = page(secretariat)
    assert sorted(events(response)) == sorted(
        [
            (secretariat.username, "Published an evidence note", rec.pk),
            (secretariat.username, "Added an evidence note", rec.pk),
            ("focal", "Added an evidence note", rec.pk),
        ]
    )
    content = text_of(response)
    assert "Survivor in the shelter" not in content
    assert "SOPs approved by Cabinet" not in content


def test_a_carry_over_reads_carried_over_from_its_years_report(secretariat, rec):
    CarryOverFactory(recommendation=rec, from_year=2020)
    importer = UserFactory(username="coordinator")
    other = RecommendationFactory(report=rec.report, lead_ministry=rec.lead_ministry)
    CarryOverFactory(recommendation=other, from_year=2019, carried_by=importer)
    assert sorted(events(page(secretariat))) == sorted(
        [
            ("an import", "Carried over from the 2020 report", rec.pk),
            ("coordinator", "Carried over from the 2019 report", other.pk),
        ]
    )


def edit(rec, by, **fields):
    with set_actor(by):
        for name, value in fields.items():
            setattr(rec, name, value)
        rec.save()


def test_changes_of_a_recommendations_fields_read_in_words_never_field_names(
    secretariat, rec, ministry
):
    police = MinistryFactory(country=ministry.country, name="Royal Police Force", short_name="")
    equity = MinistryFactory(country=ministry.country, name="Equity", short_name="")
    labour = MinistryFactory(country=ministry.country, name="Labour", short_name="")
    earlier = RecommendationFactory(
        report=ReportFactory(country=ministry.country, year=2020),
        lead_ministry=ministry,
        position=4,
        title="Hire inspectors",
    )
    edit(rec, secretariat, target_date=datetime.date(2027, 3, 31))
    edit(rec, secretariat, lead_ministry=police)
    with set_actor(secretariat):
        rec.supporting_ministries.add(equity, labour)
        rec.supporting_ministries.remove(labour)
    edit(rec, secretariat, title="Train and hire labour inspectors", area=Area.PREVENTION)
    edit(rec, secretariat, previous=earlier)
    edit(rec, secretariat, closing_note="Inspectors hired in 2026.", target_date=None)

    response = page(secretariat, recommendation=rec.pk)
    assert words(response) == [
        "Removed the target date (31 March 2027) / Wrote a closing note",
        "Linked to the previous year's recommendation 2020 #4: Hire inspectors",
        "Changed the title from “Train labour inspectors” to “Train and hire labour inspectors” "
        "/ Changed the area from Prosecution to Prevention",
        "Removed supporting ministry: Labour",
        "Added supporting ministries: Equity, Labour",
        f"Changed the lead ministry from {ministry} to Royal Police Force",
        "Set the target date to 31 March 2027",
    ]
    content = text_of(response)
    for raw in ["supporting_ministries", "target_date", "'type'", "operation", "2027-03-31"]:
        assert raw not in content
    assert "Inspectors hired in 2026." not in content


def test_a_status_saved_on_the_recommendation_is_told_once_by_its_status_change(secretariat, rec):
    edit(rec, secretariat, status=Status.IN_PROGRESS)
    StatusChangeFactory(recommendation=rec, changed_by=secretariat)
    assert words(page(secretariat)) == ["Marked In progress"]


def led_supported_and_other(ministry):
    """Three recommendations: one ``ministry`` leads, one it supports, one of another ministry."""
    led = RecommendationFactory(lead_ministry=ministry)
    supported = RecommendationFactory(lead_ministry=MinistryFactory(country=ministry.country))
    supported.supporting_ministries.add(ministry)
    other = RecommendationFactory(lead_ministry=MinistryFactory(country=ministry.country))
    return led, supported, other


def test_an_editor_sees_only_the_events_of_recommendations_of_their_ministries(
    editor, ministry, secretariat
):
    mine, supported, theirs = led_supported_and_other(ministry)
    for rec in (mine, supported, theirs):
        StatusChangeFactory(recommendation=rec)
        EvidenceNoteFactory(recommendation=rec, text=f"Note of {rec.pk}")
        edit(rec, secretariat, target_date=datetime.date(2027, 3, 31))
        CarryOverFactory(recommendation=rec)

    response = page(editor)
    seen = {rec_pk for _who, _words, rec_pk in events(response)}
    assert seen == {mine.pk, supported.pk}
    # Four events each, and the supporting ministry added to the one they support.
    assert len(events(response)) == 9
    assert len(events(page(secretariat))) == 13
    assert str(theirs) not in text_of(response)


def test_note_events_reach_only_those_who_may_read_the_note(editor, ministry, monkeypatch):
    mine = RecommendationFactory(lead_ministry=ministry)
    EvidenceNoteFactory(recommendation=mine)
    StatusChangeFactory(recommendation=mine)
    assert sorted(words(page(editor))) == ["Added an evidence note", "Marked In progress"]

    # Whoever may see a recommendation, its notes' events follow the notes' own rule.
    from recommendations.models import EvidenceNoteQuerySet

    monkeypatch.setattr(EvidenceNoteQuerySet, "visible_to", lambda self, user: self.none())
    assert words(page(editor)) == ["Marked In progress"]


def test_staff_without_a_role_are_refused_and_strangers_sent_to_sign_in(rec):
    StatusChangeFactory(recommendation=rec)
    response = login(Client(), UserFactory()).get(ACTIVITY)
    assert response.status_code == 403
    response = Client().get(ACTIVITY)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_filter_by_person(secretariat, rec):
    marie = UserFactory(username="marie")
    StatusChangeFactory(recommendation=rec, changed_by=marie)
    EvidenceNoteFactory(recommendation=rec, author=UserFactory())
    EvidenceNoteFactory(recommendation=rec, author=marie)
    edit(rec, marie, target_date=datetime.date(2027, 3, 31))
    edit(rec, secretariat, title="Another title")
    assert sorted(words(page(secretariat, person=marie.pk))) == [
        "Added an evidence note",
        "Marked In progress",
        "Set the target date to 31 March 2027",
    ]


def test_filter_by_ministry_counts_the_recommendations_it_leads_or_supports(secretariat, labour):
    led, supported, other = led_supported_and_other(labour)
    for rec in (led, supported, other):
        StatusChangeFactory(recommendation=rec)
    response = page(secretariat, ministry=labour.pk)
    assert {rec_pk for _who, _words, rec_pk in events(response)} == {led.pk, supported.pk}


def test_filter_by_recommendation_from_the_link_on_its_page(secretariat, rec):
    other = RecommendationFactory(report=rec.report, lead_ministry=rec.lead_ministry)
    StatusChangeFactory(recommendation=rec)
    StatusChangeFactory(recommendation=other)
    change_page = text_of(login(Client(), secretariat).get(change_url(rec)))
    link = f"{ACTIVITY}?recommendation={rec.pk}"
    assert f'href="{link}"' in change_page and "See its activity" in change_page

    response = login(Client(), secretariat).get(link)
    assert [rec_pk for _who, _words, rec_pk in events(response)] == [rec.pk]
    assert response.context["recommendation"] == rec
    assert re.search(rf"The activity of <a [^>]*>{re.escape(str(rec))}</a>", text_of(response))


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [("02/01/2026", "03/01/2026"), ("2026-01-02", "2026-01-03")],
)
def test_filter_by_dates_day_first_or_iso_both_days_included(secretariat, rec, date_from, date_to):
    for day, hour in [(1, 23), (2, 0), (3, 23), (4, 0)]:
        StatusChangeFactory(
            recommendation=rec,
            changed_by=UserFactory(username=f"on-{day}-{hour}"),
            changed_at=at(datetime.date(2026, 1, day), hour),
        )
    response = page(secretariat, date_from=date_from, date_to=date_to)
    assert [who for who, _words, _rec in events(response)] == ["on-3-23", "on-2-0"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "31/02/2026"}, "date_from", "Enter a date that exists"),
        ({"date_to": "yesterday"}, "date_to", "Enter a date that exists"),
        ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to", "end date comes before"),
        ({"recommendation": "abc"}, "recommendation", "No recommendation you may see"),
        ({"recommendation": "9" * 30}, "recommendation", "No recommendation you may see"),
        ({"person": "x"}, "person", "Select a valid choice"),
        ({"ministry": "-1"}, "ministry", "Select a valid choice"),
    ],
)
def test_bad_filters_are_told_on_the_form(secretariat, rec, params, field, message):
    StatusChangeFactory(recommendation=rec)
    response = page(secretariat, **params)
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert response.context["page"] is None
    assert "Please correct the filters above." in text_of(response)


def test_an_editor_may_not_filter_on_another_ministrys_recommendation(editor, ministry):
    theirs = RecommendationFactory(lead_ministry=MinistryFactory(country=ministry.country))
    StatusChangeFactory(recommendation=theirs)
    response = page(editor, recommendation=theirs.pk)
    assert "No recommendation you may see" in " ".join(
        response.context["form"].errors["recommendation"]
    )
    assert str(theirs) not in text_of(response)


def test_events_are_newest_first_across_kinds_fifty_a_page(secretariat, rec):
    start = at(datetime.date(2026, 1, 1))
    for n in range(30):
        StatusChangeFactory(
            recommendation=rec,
            old_status=Status.NOT_STARTED if n % 2 else Status.IN_PROGRESS,
            new_status=Status.IN_PROGRESS if n % 2 else Status.NOT_STARTED,
            changed_at=start + datetime.timedelta(hours=2 * n),
        )
        CarryOverFactory(
            recommendation=RecommendationFactory(
                report=rec.report, lead_ministry=rec.lead_ministry
            ),
            carried_at=start + datetime.timedelta(hours=2 * n + 1),
        )
    first = page(secretariat)
    assert first.context["page"].paginator.count == 60
    times = [event.at for event in first.context["page"].object_list]
    assert len(times) == activity_selectors.PER_PAGE == 50
    assert times == sorted(times, reverse=True)
    assert times[0] == start + datetime.timedelta(hours=59)
    second = page(secretariat, page=2)
    rest = [event.at for event in second.context["page"].object_list]
    assert rest == [start + datetime.timedelta(hours=h) for h in range(9, -1, -1)]
    assert '?page=2"' in text_of(first)


def test_page_links_keep_the_filters(secretariat, rec):
    for n in range(51):
        StatusChangeFactory(
            recommendation=rec,
            old_status=Status.NOT_STARTED if n % 2 else Status.IN_PROGRESS,
            new_status=Status.IN_PROGRESS if n % 2 else Status.NOT_STARTED,
        )
    content = text_of(page(secretariat, recommendation=rec.pk))
    assert f'href="?recommendation={rec.pk}&page=2"' in content


def test_another_kind_of_event_is_one_more_source(secretariat, rec):
    def greetings(filters):
        rows = rec.status_changes.all()
        return activity_selectors.Source(
            rows,
            lambda rows: [
                activity_selectors.Event(
                    row.changed_at, "test", ("Said hello",), rec, "hello", row.pk
                )
                for row in rows
            ],
        )

    StatusChangeFactory(recommendation=rec)
    filters = activity_selectors.ActivityFilters(user=secretariat)
    feed = activity_selectors.activity(filters, [*activity_selectors.SOURCES, greetings])
    assert sorted(" ".join(event.words) for event in feed[0:10]) == [
        "Marked In progress",
        "Said hello",
    ]


def make_events(ministry, secretariat, n):
    report = ReportFactory(country=ministry.country, year=2021)
    previous = RecommendationFactory(
        report=ReportFactory(country=ministry.country, year=2020), lead_ministry=ministry
    )
    for _ in range(n):
        rec = RecommendationFactory(report=report, lead_ministry=ministry)
        StatusChangeFactory(recommendation=rec, note="with a note")
        EvidenceNoteFactory(recommendation=rec)
        evidence_note_published(
            author=secretariat, recommendation=rec, happened_on=datetime.date(2026, 1, 2), text="x"
        )
        CarryOverFactory(recommendation=rec)
        edit(rec, secretariat, target_date=datetime.date(2027, 3, 31), previous=previous)
        edit(rec, secretariat, lead_ministry=MinistryFactory(country=ministry.country))
        with set_actor(secretariat):
            rec.supporting_ministries.add(ministry)


@pytest.mark.parametrize("n", [2, 12])
def test_the_page_reads_a_bounded_number_of_queries(
    django_assert_max_num_queries, secretariat, editor, ministry, n
):
    make_events(ministry, secretariat, n)
    for user in (secretariat, editor):
        client = login(Client(), user)
        # Two more for each of the review's sources (proposals, decisions): their count, rows.
        with django_assert_max_num_queries(29):
            response = client.get(ACTIVITY, {"ministry": ministry.pk})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(8 * n, 50)


def test_the_home_page_leads_both_roles_to_the_activity(secretariat, editor):
    for user in (secretariat, editor):
        content = text_of(login(Client(), user).get(reverse("admin:index")))
        assert f'href="{ACTIVITY}"' in content


def test_the_activity_speaks_french(secretariat, rec):
    edit(rec, secretariat, target_date=datetime.date(2027, 3, 31))
    StatusChangeFactory(recommendation=rec, changed_by=None, note="n")
    client = Client(headers={"accept-language": "fr-FR,fr;q=0.9"})
    content = " ".join(text_of(page(secretariat, client)).split())
    assert "A fixé la date cible au 31 mars 2027" in content
    assert "Passée à « En cours », avec une note" in content
    assert "le système" in content
    assert "Set the target date" not in content


def test_the_table_scrolls_inside_its_own_box_on_a_narrow_screen(secretariat, rec):
    StatusChangeFactory(recommendation=rec)
    content = text_of(page(secretariat))
    assert re.search(
        r'<div class="tipt-table-scroll"[^>]*>\s*<table class="tipt-activity-table"', content
    )


def test_the_review_is_told_in_words_without_its_comment(client, secretariat, editor, ministry):
    from recommendations import services

    rec = RecommendationFactory(lead_ministry=ministry)
    proposal = status_proposed(rec, user=editor, status=Status.COMPLETED, note="Done")
    services.proposals_return(proposals=[proposal], user=secretariat, comment="SENTINEL why")
    content = login(client, editor).get(ACTIVITY).content.decode()
    assert "Proposed Completed, with a note" in content
    assert "Returned the proposal to mark it Completed" in content
    assert "SENTINEL why" not in content


def test_a_date_past_the_calendar_is_a_form_error(client, secretariat):
    response = login(client, secretariat).get(ACTIVITY, {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert "Give a date before 2101." in response.content.decode()
