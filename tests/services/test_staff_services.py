"""The services refuse what a role may not do, whatever page or command calls them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from recommendations import roles, services
from recommendations.models import (
    EvidenceNote,
    Recommendation,
    Status,
    StatusChange,
    Visibility,
)

from ..admin_forms import login
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
    UserFactory,
    evidence_note_resaved,
    status_proposed,
)

pytestmark = pytest.mark.django_db


def test_groups_carry_the_roles_permissions():
    secretariat = set(
        Group.objects.get(name=roles.SECRETARIAT).permissions.values_list("codename", flat=True)
    )
    editor = set(
        Group.objects.get(name=roles.EDITOR).permissions.values_list("codename", flat=True)
    )
    assert {"publish_evidencenote", "delete_recommendation", "change_user"} <= secretariat
    assert editor == {
        "view_recommendation",
        "change_recommendation",
        "view_evidencenote",
        "add_evidencenote",
        "view_statuschange",
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"lead_ministry": None},
        {"report_id": None},
        {"position": 7},
        {"previous": None},
        {"text": "Reworded"},
        {"area": "prevention"},
    ],
)
def test_editor_cannot_change_ownership_through_the_service(editor, ministry, changes):
    rec = RecommendationFactory(lead_ministry=ministry)
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=rec, version=rec.version, user=editor, changes=changes
        )
    assert Recommendation.objects.get(pk=rec.pk).version == rec.version


def test_editor_cannot_change_supporting_ministries_through_the_service(editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=rec,
            version=rec.version,
            user=editor,
            changes={},
            supporting_ministries=[MinistryFactory()],
        )
    assert not rec.supporting_ministries.exists()


def test_editor_cannot_touch_another_ministrys_recommendation(editor):
    rec = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        services.recommendation_update(
            recommendation=rec, version=rec.version, user=editor, changes={"title": "Mine now"}
        )
    with pytest.raises(PermissionDenied):
        services.evidence_note_add(
            recommendation=rec, user=editor, happened_on=datetime.date(2021, 1, 1), text="x"
        )
    assert Recommendation.objects.get(pk=rec.pk).title != "Mine now"
    assert not EvidenceNote.objects.exists()


def test_editor_updates_title_and_target_date_and_proposes_a_status(editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    saved = services.recommendation_update(
        recommendation=rec,
        version=rec.version,
        user=editor,
        changes={"title": "Shorter", "target_date": datetime.date(2022, 3, 31)},
        status=Status.IN_PROGRESS,
        status_note="Drafting started",
    )
    rec.refresh_from_db()
    # The status waits for the secretariat's approval; the rest is saved.
    assert (rec.title, rec.target_date, rec.status) == (
        "Shorter",
        datetime.date(2022, 3, 31),
        Status.NOT_STARTED,
    )
    assert not StatusChange.objects.exists()
    proposal = saved.proposal
    assert (proposal.status, proposal.proposed_by, proposal.note) == (
        Status.IN_PROGRESS,
        editor,
        "Drafting started",
    )


def test_editor_changes_a_status_at_once_when_no_review_is_asked(editor, ministry, settings):
    settings.TIPT_STATUS_REVIEW = "none"
    rec = RecommendationFactory(lead_ministry=ministry)
    proposal = status_proposed(rec, user=editor, status=Status.IN_PROGRESS, note="Drafting started")
    assert proposal is None
    rec.refresh_from_db()
    assert rec.status == Status.IN_PROGRESS
    change = StatusChange.objects.get()
    assert (change.changed_by, change.note) == (editor, "Drafting started")


def test_editor_notes_are_internal_and_never_published_by_them(editor, ministry):
    rec = RecommendationFactory(lead_ministry=ministry)
    with pytest.raises(PermissionDenied):
        services.evidence_note_add(
            recommendation=rec,
            user=editor,
            happened_on=datetime.date(2021, 1, 1),
            text="x",
            visibility=Visibility.PUBLIC,
        )
    note = services.evidence_note_add(
        recommendation=rec, user=editor, happened_on=datetime.date(2021, 1, 1), text="x"
    )
    assert note.visibility == Visibility.INTERNAL and note.author == editor
    with pytest.raises(PermissionDenied):
        evidence_note_resaved(note, user=editor, text="y", link="", visibility=Visibility.PUBLIC)
    assert EvidenceNote.objects.get().visibility == Visibility.INTERNAL


def test_editor_corrects_and_withdraws_only_their_own_unpublished_note(editor, ministry, colleague):
    rec = RecommendationFactory(lead_ministry=ministry)
    mine = services.evidence_note_add(
        recommendation=rec, user=editor, happened_on=datetime.date(2021, 1, 1), text="x"
    )
    mine = evidence_note_resaved(mine, user=editor, text="y", link="", visibility="internal")
    assert EvidenceNote.objects.get(pk=mine.pk).text == "y"
    theirs = EvidenceNoteFactory(recommendation=rec, author=colleague, text="theirs")
    published = EvidenceNoteFactory(recommendation=rec, author=editor, text="out")
    services.evidence_notes_publish(notes=[published], user=SecretariatFactory())
    published.refresh_from_db()
    for note in (theirs, published):
        for call in (
            lambda note=note: evidence_note_resaved(
                note, user=editor, text="z", link="", visibility=Visibility.INTERNAL
            ),
            lambda note=note: services.evidence_note_delete(note=note, user=editor),
        ):
            with pytest.raises(PermissionDenied):
                call()
    assert set(EvidenceNote.objects.values_list("text", flat=True)) == {"y", "theirs", "out"}
    services.evidence_note_delete(note=mine, user=editor)
    assert not EvidenceNote.objects.filter(pk=mine.pk).exists()


def test_secretariat_takes_a_published_note_back_to_internal():
    secretariat = SecretariatFactory()
    note = EvidenceNoteFactory()
    services.evidence_notes_publish(notes=[note], user=secretariat)
    note.refresh_from_db()
    note = evidence_note_resaved(note, user=secretariat, link="", visibility=Visibility.INTERNAL)
    assert (note.visibility, note.published_at, note.published_by) == (
        Visibility.INTERNAL,
        None,
        None,
    )


def test_notes_an_editor_may_read_are_every_note_of_their_ministries_recommendations(
    editor, ministry
):
    rec = RecommendationFactory(lead_ministry=ministry)
    supported = RecommendationFactory()
    supported.supporting_ministries.add(ministry)
    colleague = EditorFactory(ministries=[ministry, MinistryFactory()])
    outsider = EditorFactory()
    readable = {
        EvidenceNoteFactory(recommendation=rec, author=editor),
        EvidenceNoteFactory(recommendation=rec, author=colleague),
        EvidenceNoteFactory(recommendation=rec, author=outsider, visibility=Visibility.PUBLIC),
        EvidenceNoteFactory(recommendation=rec, author=outsider),
        EvidenceNoteFactory(recommendation=rec, author=SecretariatFactory()),
        EvidenceNoteFactory(recommendation=rec, author=None),
        EvidenceNoteFactory(recommendation=supported, author=outsider),
    }
    # Public, or their own, but on a recommendation the editor does not work on.
    EvidenceNoteFactory(visibility=Visibility.PUBLIC)
    EvidenceNoteFactory(author=editor)
    assert set(EvidenceNote.objects.visible_to(editor)) == readable
    assert EvidenceNote.objects.visible_to(SecretariatFactory()).count() == 9
    assert not EvidenceNote.objects.visible_to(UserFactory()).exists()


def test_only_the_secretariat_manages_staff_and_only_a_superuser_a_superuser(editor):
    target = UserFactory()
    with pytest.raises(PermissionDenied):
        services.staff_user_set_role(user=target, role="secretariat", ministries=[], by=editor)
    with pytest.raises(PermissionDenied):
        services.staff_user_set_role(
            user=UserFactory(is_superuser=True),
            role="editor",
            ministries=[MinistryFactory()],
            by=SecretariatFactory(),
        )
    assert not roles.is_secretariat(target)


def test_secretariat_adds_a_recommendation_and_its_first_status_is_recorded(client):
    secretariat = SecretariatFactory()
    report = ReportFactory()
    login(client, secretariat)
    response = client.post(
        reverse("admin:recommendations_recommendation_add"),
        {
            "report": report.pk,
            "position": 1,
            "title_en": "Added by hand",
            "text_en": "Added by hand.",
            "area": "prevention",
            "status": Status.IN_PROGRESS,
            "status_note": "Started at once",
            "evidence_notes-TOTAL_FORMS": "0",
            "evidence_notes-INITIAL_FORMS": "0",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.status == Status.IN_PROGRESS
    change = StatusChange.objects.get()
    assert (change.old_status, change.changed_by, change.note) == (
        Status.NOT_STARTED,
        secretariat,
        "Started at once",
    )
