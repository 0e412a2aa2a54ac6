"""Dates in the staff workspace, the way the task force writes them: every date field reads
31/03/2027, 31/3/2027 and 2027-03-31, never reads a day-first date month first, refuses a date
that does not exist, and says beside itself which format it expects, in English and French; the
workspace shows its dates in the language's format."""

import datetime

import pytest
from django.test import Client

from recommendations.models import EvidenceNote, Recommendation

from ..admin_forms import (
    CHANGELIST,
    action_data,
    add_inline_form,
    change_url,
    changeform_data,
    confirmed,
    login,
    note_url,
)
from ..factories import EvidenceNoteFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

ACCEPTED = [
    ("31/03/2027", datetime.date(2027, 3, 31)),
    ("31/3/2027", datetime.date(2027, 3, 31)),
    ("2027-03-31", datetime.date(2027, 3, 31)),
    ("03/04/2027", datetime.date(2027, 4, 3)),  # 3 April, never 4 March
    ("1/2/2027", datetime.date(2027, 2, 1)),
]
# Impossible days, a month-first date, two-digit years and words.
REFUSED = ["31/02/2027", "29/02/2027", "03/31/2027", "2027-02-30", "31/03/27", "next week"]
ENGLISH_HELP = "DD/MM/YYYY, for example 31/03/2027"
FRENCH_HELP = "JJ/MM/AAAA, par exemple 31/03/2027"
ENGLISH_REFUSAL = "Enter a date that exists, as DD/MM/YYYY, for example 31/03/2027."
FRENCH_REFUSAL = "Saisissez une date qui existe, au format JJ/MM/AAAA, par exemple 31/03/2027."


def french(user):
    return login(Client(headers={"accept-language": "fr"}), user)


def post_target_date(client, rec, typed):
    data = changeform_data(client.get(change_url(rec)))
    data["target_date"] = typed
    return client.post(change_url(rec), data)


# --- a recommendation's target date -------------------------------------------------------


@pytest.mark.parametrize(("typed", "day"), ACCEPTED)
def test_an_editor_types_a_target_date_day_first_or_iso(client, editor, ministry, typed, day):
    rec = RecommendationFactory(lead_ministry=ministry, target_date=None)
    response = post_target_date(login(client, editor), rec, typed)
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.target_date == day


@pytest.mark.parametrize("typed", REFUSED)
def test_a_target_date_that_does_not_exist_is_refused_saying_how_to_write_it(
    client, editor, ministry, typed
):
    rec = RecommendationFactory(lead_ministry=ministry, target_date=None)
    response = post_target_date(login(client, editor), rec, typed)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["target_date"] == [ENGLISH_REFUSAL]
    assert ENGLISH_REFUSAL in response.content.decode()
    rec.refresh_from_db()
    assert rec.target_date is None


def test_the_refusal_is_in_french_for_french_staff(editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry, target_date=None)
    response = post_target_date(french(editor), rec, "31/02/2027")
    assert response.context["adminform"].form.errors["target_date"] == [FRENCH_REFUSAL]


def test_the_change_form_shows_the_date_day_first_with_its_format_beside_it(
    client, editor, ministry
):
    rec = RecommendationFactory(lead_ministry=ministry, target_date=datetime.date(2027, 3, 31))
    page = login(client, editor).get(change_url(rec)).content.decode()
    assert 'name="target_date" value="31/03/2027"' in page
    assert 'aria-describedby="id_target_date_helptext"' in page
    help_starts = page.index('<div class="help" id="id_target_date_helptext">')
    assert f"<div>{ENGLISH_HELP}</div>" in page[help_starts : help_starts + 200]
    french_page = french(editor).get(change_url(rec)).content.decode()
    assert 'name="target_date" value="31/03/2027"' in french_page
    assert FRENCH_HELP in french_page and ENGLISH_HELP not in french_page


def test_the_change_list_shows_dates_in_the_languages_format(client, editor, ministry):
    RecommendationFactory(lead_ministry=ministry, target_date=datetime.date(2027, 3, 31))
    page = login(client, editor).get(CHANGELIST).content.decode()
    assert '<td class="field-target_date nowrap">31 March 2027</td>' in page
    assert "Mar. 31, 2027" not in page
    french_page = french(editor).get(CHANGELIST).content.decode()
    assert '<td class="field-target_date nowrap">31 mars 2027</td>' in french_page


# --- an evidence note's date ----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "day"), ACCEPTED)
def test_an_editor_dates_a_new_note_day_first_or_iso(client, editor, ministry, typed, day):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    add_inline_form(data, "evidence_notes", happened_on=typed, text="Inspectors trained")
    assert client.post(change_url(rec), data).status_code == 302
    assert EvidenceNote.objects.get().happened_on == day


@pytest.mark.parametrize("typed", REFUSED)
def test_a_note_dated_on_a_day_that_does_not_exist_is_refused(client, editor, ministry, typed):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    add_inline_form(data, "evidence_notes", happened_on=typed, text="Inspectors trained")
    response = client.post(change_url(rec), data)
    assert response.status_code == 200
    assert ENGLISH_REFUSAL in response.content.decode()
    assert not EvidenceNote.objects.exists()


def test_a_notes_own_page_reads_and_shows_its_date_day_first(client, secretariat):
    note = EvidenceNoteFactory(happened_on=datetime.date(2021, 2, 1))
    login(client, secretariat)
    response = client.get(note_url(note))
    page = response.content.decode()
    assert 'name="happened_on" value="01/02/2021"' in page and ENGLISH_HELP in page
    assert FRENCH_HELP in french(secretariat).get(note_url(note)).content.decode()
    data = changeform_data(response)
    data["happened_on"] = "3/4/2021"
    assert client.post(note_url(note), data).status_code == 302
    note.refresh_from_db()
    assert note.happened_on == datetime.date(2021, 4, 3)
    data = changeform_data(client.get(note_url(note)))
    data["happened_on"] = "31/04/2021"
    assert ENGLISH_REFUSAL in client.post(note_url(note), data).content.decode()


# --- the bulk action's date -----------------------------------------------------------------


@pytest.mark.parametrize(("typed", "day"), ACCEPTED)
def test_the_bulk_target_date_is_typed_day_first_or_iso(client, secretariat, typed, day):
    recs = RecommendationFactory.create_batch(2, target_date=None)
    login(client, secretariat)
    response = confirmed(client, action_data("assign", recs, target_date=typed))
    assert response.redirect_chain == [(CHANGELIST, 302)]
    assert {rec.target_date for rec in Recommendation.objects.all()} == {day}


@pytest.mark.parametrize("typed", REFUSED)
def test_a_bulk_target_date_that_does_not_exist_is_refused(client, secretariat, typed):
    recs = RecommendationFactory.create_batch(2, target_date=None)
    login(client, secretariat)
    response = client.post(CHANGELIST, action_data("assign", recs, review="1", target_date=typed))
    assert response.status_code == 200
    assert ENGLISH_REFUSAL in response.content.decode()
    assert not Recommendation.objects.filter(target_date__isnull=False).exists()


def test_the_bulk_date_field_says_which_format_it_expects(client, secretariat):
    recs = RecommendationFactory.create_batch(2)
    page = login(client, secretariat).post(CHANGELIST, action_data("assign", recs))
    assert ENGLISH_HELP in page.content.decode()
    french_page = french(secretariat).post(CHANGELIST, action_data("assign", recs))
    assert FRENCH_HELP in french_page.content.decode()
