"""A recommendation in the staff workspace: its change form (what an editor and the
secretariat may change), no lost update, bulk status actions, and its evidence notes."""

import datetime

import pytest

from recommendations import services
from recommendations.models import (
    Area,
    EvidenceNote,
    Recommendation,
    Status,
    StatusChange,
    StatusProposal,
    Visibility,
)

from ..admin_forms import (
    CHANGELIST,
    NOTES,
    action_data,
    add_inline_form,
    change_url,
    changeform_data,
    login,
)
from ..factories import EditorFactory, EvidenceNoteFactory, MinistryFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


# --- the change form ------------------------------------------------------------------------


def test_editor_proposes_a_status_with_a_note_through_the_form(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    data.update(status=Status.IN_PROGRESS, status_note="Bill tabled in Parliament")
    response = client.post(change_url(rec), data, follow=True)
    assert "waits for the secretariat" in response.content.decode()
    # A proposal, with its note; the approved status stays until the secretariat decides.
    proposal = StatusProposal.objects.get(recommendation=rec)
    assert (proposal.from_status, proposal.status) == (Status.NOT_STARTED, Status.IN_PROGRESS)
    assert proposal.proposed_by == editor and proposal.note == "Bill tabled in Parliament"
    assert not StatusChange.objects.exists()
    rec.refresh_from_db()
    assert rec.status == Status.NOT_STARTED
    page = client.get(change_url(rec)).content.decode()
    assert "Waiting for review" in page and "Bill tabled in Parliament" in page


def test_editor_form_edits_only_title_status_and_target_date(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    response = login(client, editor).get(change_url(rec))
    form = response.context["adminform"].form
    # The title in English and in French; the text in neither.
    assert set(form.fields) == {
        *("title_en", "title_fr", "status", "target_date"),
        *("seen_version", "status_note"),
    }
    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.model is EvidenceNote
    assert "visibility" not in inline.formset.form.base_fields


def test_editor_posting_ownership_fields_changes_none_of_them(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry, area=Area.PROSECUTION)
    elsewhere = MinistryFactory()
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    data.update(
        title_en="Clearer title",
        lead_ministry=str(elsewhere.pk),
        supporting_ministries=[str(elsewhere.pk)],
        area=Area.PREVENTION,
        position="9",
        text_en="Rewritten",
    )
    assert client.post(change_url(rec), data).status_code == 302
    rec.refresh_from_db()
    assert rec.title == "Clearer title"
    assert (rec.lead_ministry, rec.area, rec.position) == (ministry, Area.PROSECUTION, rec.position)
    assert rec.text != "Rewritten"
    assert not rec.supporting_ministries.exists()


def test_editor_of_a_supporting_ministry_may_edit(client, editor, ministry):
    rec = RecommendationFactory()
    rec.supporting_ministries.add(ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    data["target_date"] = "2022-03-31"
    assert client.post(change_url(rec), data).status_code == 302
    rec.refresh_from_db()
    assert rec.target_date == datetime.date(2022, 3, 31)


def test_secretariat_reassigns_ownership_and_the_audit_shows_it(client, secretariat):
    rec = RecommendationFactory(area=Area.PROSECUTION)
    new_lead = MinistryFactory(
        name="Royal Police Force", short_name="Police", country=rec.report.country
    )
    login(client, secretariat)
    data = changeform_data(client.get(change_url(rec)))
    data.update(lead_ministry=str(new_lead.pk), area=Area.PROTECTION)
    assert client.post(change_url(rec), data).status_code == 302
    rec.refresh_from_db()
    assert rec.lead_ministry == new_lead and rec.area_set_by_staff
    page = client.get(change_url(rec))
    entries = page.context["audit_entries"]
    changes = [change for entry in entries for change in entry["changes"]]
    assert ("area", "Prosecution → Protection") in changes
    assert any(field == "lead ministry" and text.endswith("→ Police") for field, text in changes)
    assert not any(field in {"status_changes", "evidence_notes"} for field, _text in changes)
    assert "Field-level audit" in page.content.decode()


def test_status_history_is_shown_read_only(client, editor, ministry, secretariat):
    rec = RecommendationFactory(lead_ministry=ministry)
    services.recommendation_bulk_set_status(
        recommendations=[rec], status=Status.STALLED, user=secretariat, note="Waiting for Cabinet"
    )
    response = login(client, editor).get(change_url(rec))
    history = response.context["inline_admin_formsets"][1]
    assert history.formset.model is StatusChange
    assert not history.has_add_permission and not history.has_change_permission
    assert "Waiting for Cabinet" in response.content.decode()


# --- no lost update -------------------------------------------------------------------------


def test_the_second_of_two_saves_is_refused_and_shows_what_changed(
    client, editor, ministry, secretariat
):
    rec = RecommendationFactory(lead_ministry=ministry, title="Original title")
    from django.test import Client

    first, second = Client(), login(client, editor)
    login(first, secretariat)
    first_data = changeform_data(first.get(change_url(rec)))
    second_data = changeform_data(second.get(change_url(rec)))

    first_data.update(title_en="Title from the secretariat", status=Status.IN_PROGRESS)
    assert first.post(change_url(rec), first_data).status_code == 302

    second_data.update(title_en="Title from the ministry", target_date="2023-01-31")
    response = second.post(change_url(rec), second_data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this recommendation" in content
    assert "yours “Title from the ministry”, saved “Title from the secretariat”" in content
    assert "saved “In progress”" in content
    rec.refresh_from_db()
    assert rec.title == "Title from the secretariat"
    assert rec.status == Status.IN_PROGRESS
    assert rec.target_date is None
    assert StatusChange.objects.filter(recommendation=rec).count() == 1


def test_a_bulk_status_change_makes_an_open_form_stale(client, editor, ministry, secretariat):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    services.recommendation_bulk_set_status(
        recommendations=[rec], status=Status.COMPLETED, user=secretariat
    )
    data["title_en"] = "Edited meanwhile"
    response = client.post(change_url(rec), data)
    assert response.status_code == 200
    rec.refresh_from_db()
    assert rec.status == Status.COMPLETED and rec.title != "Edited meanwhile"


def test_the_service_refuses_an_edit_from_an_old_version(secretariat):
    rec = RecommendationFactory(title="Kept")
    services.recommendation_update(
        recommendation=rec, version=rec.version, user=secretariat, changes={"title": "First"}
    )
    with pytest.raises(services.RecommendationConflict):
        services.recommendation_update(
            recommendation=rec, version=1, user=secretariat, changes={"title": "Second"}
        )
    rec.refresh_from_db()
    assert (rec.title, rec.version) == ("First", 2)


# --- bulk status actions --------------------------------------------------------------------


def test_bulk_status_asks_for_confirmation_then_records_each_change(client, editor, ministry):
    recs = [RecommendationFactory(lead_ministry=ministry) for _ in range(3)]
    login(client, editor)
    selection = action_data("mark_stalled", recs)
    page = client.post(CHANGELIST, selection)
    assert page.status_code == 200
    assert "will be marked as “Stalled”" in page.content.decode()
    assert not StatusChange.objects.exists()

    response = client.post(CHANGELIST, {**selection, "apply": "1", "note": "Budget frozen"})
    assert response.status_code == 302
    # An editor's marks are proposals, one each, waiting for the secretariat.
    proposals = StatusProposal.objects.pending().filter(status=Status.STALLED)
    assert sorted(p.recommendation_id for p in proposals) == sorted(rec.pk for rec in recs)
    assert {(p.proposed_by, p.note) for p in proposals} == {(editor, "Budget frozen")}
    assert set(Recommendation.objects.values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert not StatusChange.objects.exists()


def test_bulk_action_with_another_ministrys_recommendation_changes_nothing(
    client, editor, ministry
):
    mine = RecommendationFactory(lead_ministry=ministry)
    theirs = RecommendationFactory()
    login(client, editor)
    both = action_data("mark_completed", [mine, theirs], apply=True, note="")
    response = client.post(CHANGELIST, both, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert not StatusChange.objects.exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == {Status.NOT_STARTED}


def test_bulk_status_service_refuses_all_when_one_is_out_of_scope(editor, ministry):
    mine = RecommendationFactory(lead_ministry=ministry)
    theirs = RecommendationFactory()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.recommendation_bulk_set_status(
            recommendations=[mine, theirs], status=Status.COMPLETED, user=editor
        )
    assert not StatusChange.objects.exists()


# --- evidence notes -------------------------------------------------------------------------


def test_editor_adds_a_note_inline_and_it_stays_internal(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    add_inline_form(
        data,
        "evidence_notes",
        happened_on="2021-02-01",
        text="Inspectors trained",
        link="https://example.org/t",
        visibility=Visibility.PUBLIC,
    )
    assert client.post(change_url(rec), data).status_code == 302
    note = EvidenceNote.objects.get()
    assert (note.visibility, note.author, note.published_at) == (Visibility.INTERNAL, editor, None)
    assert note.link == "https://example.org/t"


def test_editor_cannot_change_or_delete_existing_notes(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    note = EvidenceNoteFactory(recommendation=rec, author=editor, text="First wording")
    login(client, editor)
    data = changeform_data(client.get(change_url(rec)))
    data["evidence_notes-0-text"] = "Second wording"
    data["evidence_notes-0-DELETE"] = "on"
    client.post(change_url(rec), data)
    note.refresh_from_db()
    assert note.text == "First wording"


def test_secretariat_publishes_a_note_from_the_form_and_it_is_recorded(client, secretariat):
    rec = RecommendationFactory()
    note = EvidenceNoteFactory(recommendation=rec)
    login(client, secretariat)
    data = changeform_data(client.get(change_url(rec)))
    data["evidence_notes-0-visibility"] = Visibility.PUBLIC
    assert client.post(change_url(rec), data).status_code == 302
    note.refresh_from_db()
    assert note.visibility == Visibility.PUBLIC
    assert note.published_by == secretariat and note.published_at is not None


def test_secretariat_publishes_notes_in_bulk(client, secretariat):
    notes = [EvidenceNoteFactory() for _ in range(3)]
    login(client, secretariat)
    chosen = action_data("publish", notes[:2])
    confirmation = client.post(NOTES, chosen)
    # Nothing is published before the secretariat has read the notes as they are now.
    assert not EvidenceNote.objects.filter(visibility=Visibility.PUBLIC).exists()
    assert all(n.text in confirmation.content.decode() for n in notes[:2])
    response = client.post(
        NOTES, {**chosen, "apply": "1", **{f"version-{n.pk}": n.version for n in notes[:2]}}
    )
    assert response.status_code == 302
    published = EvidenceNote.objects.filter(visibility=Visibility.PUBLIC)
    assert set(published) == set(notes[:2])
    assert {n.published_by for n in published} == {secretariat}


def test_editor_cannot_publish_even_through_the_service(editor, ministry):
    note = EvidenceNoteFactory(recommendation=RecommendationFactory(lead_ministry=ministry))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.evidence_notes_publish(notes=[note], user=editor)
    note.refresh_from_db()
    assert note.visibility == Visibility.INTERNAL


def test_form_reminds_staff_never_to_identify_a_victim(client, editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    content = login(client, editor).get(change_url(rec)).content.decode()
    assert "never record names or other details that could identify a victim" in content


def test_editor_reads_every_note_of_their_ministrys_recommendations_only(
    client, editor, ministry, secretariat
):
    rec = RecommendationFactory(lead_ministry=ministry)
    colleague = EditorFactory(ministries=[ministry])
    stranger = EditorFactory()
    EvidenceNoteFactory(recommendation=rec, author=editor, text="Mine internal")
    EvidenceNoteFactory(recommendation=rec, author=colleague, text="Colleague internal")
    EvidenceNoteFactory(recommendation=rec, author=stranger, text="Stranger internal")
    EvidenceNoteFactory(recommendation=rec, author=secretariat, text="Secretariat internal")
    EvidenceNoteFactory(recommendation=rec, author=None, text="Nobody internal")
    EvidenceNoteFactory(
        recommendation=rec, author=stranger, text="Stranger public", visibility=Visibility.PUBLIC
    )
    elsewhere = EvidenceNoteFactory(author=editor, text="Mine on another ministry's")
    content = login(client, editor).get(change_url(rec)).content.decode()
    for note in rec.evidence_notes.all():
        assert note.text in content
    listed = client.get(NOTES)
    assert set(listed.context["cl"].result_list) == set(rec.evidence_notes.all())
    assert elsewhere not in listed.context["cl"].result_list


def test_audit_hides_the_history_of_notes_the_editor_may_not_read(
    client, editor, ministry, secretariat
):
    rec = RecommendationFactory(lead_ministry=ministry)
    deleted = EvidenceNoteFactory(recommendation=rec, author=secretariat)
    deleted.link = "https://example.org/deleted-case-file"
    deleted.save()
    deleted_label = f">{deleted}<"
    services.evidence_note_delete(note=deleted, user=secretariat)
    theirs = EvidenceNoteFactory(recommendation=rec, author=secretariat)
    theirs.link = "https://example.org/secretariat-training"
    theirs.save()
    content = login(client, editor).get(change_url(rec)).content.decode()
    assert "secretariat-training" in content
    assert "deleted-case-file" not in content and deleted_label not in content
    secretariat_page = login(client, secretariat).get(change_url(rec))
    assert deleted_label in secretariat_page.content.decode()
