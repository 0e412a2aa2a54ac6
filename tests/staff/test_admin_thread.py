"""A recommendation's thread in the staff workspace: every version's notes and status changes on
its change page within the reader's rights, the predecessor the secretariat may set (a split
included), the closing note of a dropped one, and the reminders of open work only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recommendations import services
from recommendations.models import Recommendation
from recommendations.selectors.reminders import reminder_content

from ..admin_forms import change_posted, change_url, changeform_data, login
from ..factories import (
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    StatusChangeFactory,
)
from ..public_data import build_next_year_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(labour):
    """2020 #2 (led by the police), carried into 2021 #1 (led by labour), and 2020 #3, dropped
    from 2021."""
    police = MinistryFactory(name="Police", country=labour.country)
    old = RecommendationFactory(report__year=2020, position=2, lead_ministry=police)
    dropped = RecommendationFactory(report=old.report, position=3, lead_ministry=labour)
    new = build_next_year_version(old, text="Train the labour inspectors.", lead_ministry=labour)
    EvidenceNoteFactory(recommendation=old, text="Police trained in 2020.")
    StatusChangeFactory(recommendation=old, changed_at=timezone.now() - datetime.timedelta(400))
    return old, new, dropped


def test_the_change_page_shows_what_was_recorded_under_every_version(client, secretariat, thread):
    old, new, _dropped = thread
    content = login(client, secretariat).get(change_url(new)).content.decode()
    assert "Across the years" in content
    assert "Police trained in 2020." in content
    assert "2020 #2" in content and "Not started → In progress" in content


def test_an_editor_reads_no_note_of_a_version_their_ministries_have_no_part_in(
    client, labour_editor, thread
):
    old, new, _dropped = thread
    content = login(client, labour_editor).get(change_url(new)).content.decode()
    assert "Across the years" in content
    assert "Police trained in 2020." not in content


def test_the_secretariat_sets_a_split_on_the_recommendations_page(client, secretariat, thread):
    old, new, _dropped = thread
    second = RecommendationFactory(report=new.report, position=2)
    login(client, secretariat)
    response = change_posted(client, change_url(second), previous=str(old.pk))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.previous == old and second.thread_path == f"/{old.pk}/{second.pk}/"
    assert set(old.successors.all()) == {new, second}


def test_the_predecessor_offered_is_of_an_earlier_report_of_the_same_country(
    client, secretariat, thread
):
    old, new, dropped = thread
    elsewhere = RecommendationFactory(report__year=2020)
    response = login(client, secretariat).get(change_url(new))
    offered = set(response.context["adminform"].form.fields["previous"].queryset)
    assert offered == {old, dropped}
    data = changeform_data(response)
    data["previous"] = str(elsewhere.pk)
    response = client.post(change_url(new), data)
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.previous == old


def test_the_secretariat_records_a_closing_note_only_for_a_dropped_one(client, secretariat, thread):
    old, new, dropped = thread
    login(client, secretariat)
    closing_note = "Done by the 2020 law; no longer asked."
    assert change_posted(client, change_url(dropped), closing_note=closing_note).status_code == 302
    dropped.refresh_from_db()
    assert dropped.closing_note == closing_note
    form = client.get(change_url(new)).context["adminform"].form
    assert "closing_note" not in form.fields
    with pytest.raises(ValidationError, match="closing note"):
        services.recommendation_update(
            recommendation=new,
            version=new.version,
            user=secretariat,
            changes={"closing_note": "Not dropped."},
        )


def test_an_editor_may_not_record_a_closing_note(client, labour_editor, thread):
    _old, _new, dropped = thread
    form = login(client, labour_editor).get(change_url(dropped)).context["adminform"].form
    assert "closing_note" not in form.fields


def test_reminders_list_only_open_work_and_read_the_thread_for_updates(
    labour, labour_editor, thread
):
    old, new, dropped = thread
    past = datetime.date(2020, 1, 1)
    Recommendation.objects.filter(pk__in=[old.pk, new.pk, dropped.pk]).update(
        target_date=past, updated_at=timezone.now() - datetime.timedelta(days=200)
    )
    old.supporting_ministries.add(labour)
    content = reminder_content(user=labour_editor, today=timezone.localdate())
    assert content.overdue == [Recommendation.objects.get(pk=new.pk)]
    # The 2021 one's thread has a note of 2020 written today: it was updated.
    assert content.not_updated == []
