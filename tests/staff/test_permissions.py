"""Who may open which page of the staff workspace, and who may do which action there.

Ministry A leads recommendation "rec_a" and its editor wrote an internal note on it; ministry
B has nothing to do with it. The editor of B used to work for A: they wrote an internal note on
rec_a then, and have since moved to B. Who reads a note is decided by its recommendation, never
by where its author works today. An editor refused a recommendation of another ministry, or a
note of it, gets a 403 page saying whose it is (tests/staff/test_admin_elsewhere.py); an id
that does not exist is a 404 for everyone. Each case returns what happened, compared with what
each role should get: anonymous, editor of A, editor of B, secretariat, superuser.

Editor A's note carries a document; a published note of rec_a carries one the secretariat made
public and one it kept internal. A document is downloaded in the staff workspace by whoever
reads its note (another ministry's, asked for by its address, is as if it did not exist), and
at its public address by anyone only while it is public with its note: refused at once after
unpublishing, even with the recommendation's page cached.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.models import (
    EvidenceDocument,
    EvidenceNote,
    NoteReview,
    Recommendation,
    Review,
    Status,
    StatusProposal,
    Visibility,
)

from ..admin_forms import (
    CHANGELIST,
    NOTES,
    action_data,
    changeform_data,
    confirmed,
    login,
    note_url,
)
from ..documents import upload
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    SecretariatFactory,
    UserFactory,
    documents_published,
    status_proposed,
)

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:review")

ROLES = ["anonymous", "editor_a", "editor_b", "secretariat", "superuser"]


@dataclass
class World:
    rec_a: Recommendation
    note_a: EvidenceNote
    secretariat_note: EvidenceNote
    moved_note: EvidenceNote
    proposal: StatusProposal
    users: dict
    document_a: EvidenceDocument
    published_document: EvidenceDocument
    kept_document: EvidenceDocument


@pytest.fixture
def world():
    ministry_a, ministry_b = MinistryFactory(), MinistryFactory()
    users = {
        "anonymous": None,
        "editor_a": EditorFactory(ministries=[ministry_a]),
        "editor_b": EditorFactory(ministries=[ministry_a]),
        "secretariat": SecretariatFactory(),
        "superuser": UserFactory(is_superuser=True),
    }
    rec_a = RecommendationFactory(lead_ministry=ministry_a, title="Recommendation of A")
    moved_note = services.evidence_note_add(
        recommendation=rec_a,
        user=users["editor_b"],
        happened_on="2020-03-01",
        text="Written for A by the editor who moved to B",
    )
    services.staff_user_set_role(user=users["editor_b"], role="editor", ministries=[ministry_b])
    note_a = EvidenceNoteFactory(recommendation=rec_a, author=users["editor_a"])
    # Waiting for the secretariat: editor A's note submitted, and a status they proposed.
    note_a = services.evidence_note_submit(note=note_a, user=users["editor_a"])
    proposal = status_proposed(rec_a, user=users["editor_a"], status=Status.IN_PROGRESS)
    rec_a.refresh_from_db()
    document_a = services.evidence_document_add(
        note=note_a, user=users["editor_a"], upload=upload("Training list.pdf")
    )
    secretariat = users["secretariat"]
    published = EvidenceNoteFactory(recommendation=rec_a, author=secretariat)
    published_document, kept_document = documents_published(
        published,
        user=secretariat,
        public_name="Cabinet decision.pdf",
        internal_name="Kept internal.pdf",
    )
    note_a.refresh_from_db()
    return World(
        rec_a=rec_a,
        note_a=note_a,
        moved_note=moved_note,
        secretariat_note=EvidenceNoteFactory(recommendation=rec_a, author=users["secretariat"]),
        proposal=proposal,
        users=users,
        document_a=document_a,
        published_document=published_document,
        kept_document=kept_document,
    )


def _url(name, *args):
    return reverse(f"admin:recommendations_recommendation_{name}", args=args)


def _content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def _page(client, url):
    response = client.get(url)
    return response.status_code, _content(response)


def changelist(client, w):
    status, content = _page(client, CHANGELIST)
    return status, w.rec_a.title in content


def change_get(client, w):
    return client.get(_url("change", w.rec_a.pk)).status_code


def missing_change_get(client, w):
    return client.get(_url("change", w.rec_a.pk + 1000)).status_code


def change_post(client, w):
    data = changeform_data(login(Client(), w.users["superuser"]).get(_url("change", w.rec_a.pk)))
    data["title_en"] = "Changed by someone"
    response = client.post(_url("change", w.rec_a.pk), data)
    w.rec_a.refresh_from_db()
    return response.status_code, w.rec_a.title == "Changed by someone"


def add(client, w):
    return client.get(_url("add")).status_code


def delete(client, w):
    response = client.post(_url("delete", w.rec_a.pk), {"post": "yes"})
    return response.status_code, Recommendation.objects.filter(pk=w.rec_a.pk).exists()


def history(client, w):
    return client.get(_url("history", w.rec_a.pk)).status_code


def publish_action(client, w):
    # The action first shows the notes as they are, then publishes the versions it showed.
    chosen = action_data("publish", [w.note_a])
    client.post(NOTES, chosen)
    response = client.post(
        NOTES, {**chosen, "apply": "1", f"version-{w.note_a.pk}": w.note_a.version}
    )
    w.note_a.refresh_from_db()
    return response.status_code, w.note_a.visibility == Visibility.PUBLIC


def bulk_status_action(client, w):
    """The status changes at once for the secretariat; an editor's change is a proposal."""
    response = client.post(CHANGELIST, action_data("mark_completed", [w.rec_a], apply=True))
    w.rec_a.refresh_from_db()
    proposed = StatusProposal.objects.pending().filter(
        recommendation=w.rec_a, status=Status.COMPLETED
    )
    return response.status_code, w.rec_a.status == Status.COMPLETED, proposed.exists()


def bulk_assign_action(client, w):
    """Owners and a target date given to a selection after its confirmation page: the
    secretariat sets both; an editor's target date is set, the ministry they may not set."""
    other = MinistryFactory(country=w.rec_a.report.country)
    chosen = {"supporting_ministries": [other.pk], "target_date": "31/03/2027"}
    response = confirmed(client, {**action_data("assign", [w.rec_a]), **chosen})
    w.rec_a.refresh_from_db()
    supported = w.rec_a.supporting_ministries.filter(pk=other.pk).exists()
    dated = w.rec_a.target_date is not None
    return response.status_code, supported, dated


def status_in_form(client, w):
    data = changeform_data(login(Client(), w.users["superuser"]).get(_url("change", w.rec_a.pk)))
    data.update(status=Status.COMPLETED, status_note="Done")
    response = client.post(_url("change", w.rec_a.pk), data)
    w.rec_a.refresh_from_db()
    proposed = StatusProposal.objects.pending().filter(
        recommendation=w.rec_a, status=Status.COMPLETED
    )
    return response.status_code, w.rec_a.status == Status.COMPLETED, proposed.exists()


def review_queue_page(client, w):
    return client.get(REVIEW).status_code


def _decide(client, w, decision, **chosen):
    data = {"decision": decision, "comment": "Add the Cabinet decision", "confirm": "1"}
    return client.post(REVIEW, {**data, **chosen}).status_code


def approve_proposal(client, w):
    status = _decide(client, w, "approve", proposal=w.proposal.pk)
    w.rec_a.refresh_from_db()
    return status, w.rec_a.status == Status.IN_PROGRESS


def return_proposal(client, w):
    status = _decide(client, w, "return", proposal=w.proposal.pk)
    w.proposal.refresh_from_db()
    return status, w.proposal.state == Review.RETURNED


def publish_submitted_note(client, w):
    versions = {f"version-{w.note_a.pk}": w.note_a.version}
    status = _decide(client, w, "approve", note=w.note_a.pk, **versions)
    w.note_a.refresh_from_db()
    return status, w.note_a.visibility == Visibility.PUBLIC


def return_submitted_note(client, w):
    versions = {f"version-{w.note_a.pk}": w.note_a.version}
    status = _decide(client, w, "return", note=w.note_a.pk, **versions)
    w.note_a.refresh_from_db()
    return status, w.note_a.review == NoteReview.RETURNED


def _note_post(client, w, note, **changes):
    page = login(Client(), w.users["superuser"]).get(note_url(note))
    data = {**changeform_data(page), **changes}
    response = client.post(note_url(note), data)
    note.refresh_from_db()
    return response.status_code, note


def correct_own_note(client, w):
    status, note = _note_post(client, w, w.note_a, text="Corrected by someone")
    return status, note.text == "Corrected by someone"


def correct_secretariat_note(client, w):
    status, note = _note_post(client, w, w.secretariat_note, text="Corrected by someone")
    return status, note.text == "Corrected by someone"


def submit_own_note(client, w):
    EvidenceNote.objects.filter(pk=w.note_a.pk).update(review=NoteReview.DRAFT)
    status, note = _note_post(client, w, w.note_a, submit="on")
    return status, note.review == NoteReview.SUBMITTED


def withdraw_own_note(client, w):
    url = reverse("admin:recommendations_evidencenote_delete", args=[w.note_a.pk])
    response = client.post(url, {"post": "yes", "seen_version": w.note_a.version})
    return response.status_code, EvidenceNote.objects.filter(pk=w.note_a.pk).exists()


def csv_export_button(client, w):
    status, content = _page(client, _url("export"))
    return status, w.rec_a.title in content


def csv_export_notes_column(client, w):
    status, content = _page(client, _url("export"))
    return status, '"evidence_notes"' in content


def csv_export_action(client, w):
    response = client.post(CHANGELIST, action_data("export_csv", [w.rec_a]))
    return response.status_code, w.rec_a.title in _content(response)


def own_note_page(client, w):
    return client.get(note_url(w.note_a)).status_code


def missing_note_page(client, w):
    return client.get(reverse("admin:recommendations_evidencenote_change", args=[999])).status_code


def secretariat_note_page(client, w):
    return client.get(note_url(w.secretariat_note)).status_code


def moved_editors_note_page(client, w):
    return client.get(note_url(w.moved_note)).status_code


def moved_note_on_change(client, w):
    status, content = _page(client, _url("change", w.rec_a.pk))
    return status, w.moved_note.text in content


def secretariat_note_on_change(client, w):
    status, content = _page(client, _url("change", w.rec_a.pk))
    return status, w.secretariat_note.text in content


def notes_list(client, w):
    response = client.get(NOTES)
    if response.status_code != 200:
        return response.status_code, None
    shown = set(response.context["cl"].result_list)
    return 200, tuple(note in shown for note in (w.note_a, w.secretariat_note, w.moved_note))


def _staff_download(client, document_pk):
    url = reverse("admin:recommendations_evidencedocument_download", args=[document_pk])
    return client.get(url).status_code


def staff_download_own_ministry(client, w):
    return _staff_download(client, w.document_a.pk)


def staff_download_published_note(client, w):
    return _staff_download(client, w.kept_document.pk)


def staff_download_missing(client, w):
    return _staff_download(client, w.kept_document.pk + 1000)


def public_download_unpublished_note(client, w):
    return client.get(w.document_a.get_absolute_url()).status_code


def public_download_kept_internal(client, w):
    return client.get(w.kept_document.get_absolute_url()).status_code


def public_download_published(client, w):
    return client.get(w.published_document.get_absolute_url()).status_code


def public_download_after_unpublishing(client, w):
    """The recommendation's page cached and the document downloaded; then the secretariat
    takes the note back to internal: the download is refused at once, the page lists it no
    more."""
    page = w.rec_a.get_absolute_url()
    listed_before = "Cabinet decision.pdf" in client.get(page).content.decode()
    client.get(page)
    before = client.get(w.published_document.get_absolute_url()).status_code
    note = w.published_document.note
    note.refresh_from_db()
    services.evidence_note_update(
        note=note,
        user=w.users["secretariat"],
        version=note.version,
        happened_on=note.happened_on,
        text=note.text,
        link=note.link,
        visibility=Visibility.INTERNAL,
    )
    after = client.get(w.published_document.get_absolute_url()).status_code
    listed_after = "Cabinet decision.pdf" in client.get(page).content.decode()
    return listed_before, before, after, listed_after


def upload_document(client, w):
    page = login(Client(), w.users["superuser"]).get(note_url(w.note_a))
    data = changeform_data(page)
    new_row = data["documents-INITIAL_FORMS"]
    data[f"documents-{new_row}-upload"] = upload("Second list.pdf")
    response = client.post(note_url(w.note_a), data)
    added = EvidenceDocument.objects.filter(note=w.note_a, original_name="Second list.pdf")
    return response.status_code, added.exists()


def make_document_public(client, w):
    page = login(Client(), w.users["superuser"]).get(note_url(w.note_a))
    data = {**changeform_data(page), "documents-0-public": "on"}
    response = client.post(note_url(w.note_a), data)
    w.document_a.refresh_from_db()
    return response.status_code, w.document_a.public


def user_admin(client, w):
    return client.get(reverse("admin:auth_user_changelist")).status_code


def superuser_password_page(client, w):
    url = reverse("admin:auth_user_password_change", args=[w.users["superuser"].pk])
    return client.get(url).status_code


def ministry_admin(client, w):
    return client.get(reverse("admin:recommendations_ministry_changelist")).status_code


def report_admin(client, w):
    return client.get(reverse("admin:recommendations_report_changelist")).status_code


#                 anonymous      editor_a        editor_b         secretariat     superuser
MATRIX = {
    changelist: [(302, False), (200, True), (200, False), (200, True), (200, True)],
    change_get: [302, 200, 403, 200, 200],
    missing_change_get: [302, 404, 404, 404, 404],
    change_post: [(302, False), (302, True), (403, False), (302, True), (302, True)],
    add: [302, 403, 403, 200, 200],
    delete: [(302, True), (403, True), (403, True), (302, False), (302, False)],
    history: [302, 200, 403, 200, 200],
    publish_action: [(302, False), (200, False), (200, False), (302, True), (302, True)],
    bulk_status_action: [
        (302, False, False),
        (302, False, True),
        (302, False, False),
        (302, True, False),
        (302, True, False),
    ],
    bulk_assign_action: [
        (200, False, False),
        (200, False, True),
        (200, False, False),
        (200, True, True),
        (200, True, True),
    ],
    status_in_form: [
        (302, False, False),
        (302, False, True),
        (403, False, False),
        (302, True, False),
        (302, True, False),
    ],
    review_queue_page: [302, 403, 403, 200, 200],
    approve_proposal: [(302, False), (403, False), (403, False), (302, True), (302, True)],
    return_proposal: [(302, False), (403, False), (403, False), (302, True), (302, True)],
    publish_submitted_note: [(302, False), (403, False), (403, False), (302, True), (302, True)],
    return_submitted_note: [(302, False), (403, False), (403, False), (302, True), (302, True)],
    correct_own_note: [(302, False), (302, True), (403, False), (302, True), (302, True)],
    correct_secretariat_note: [(302, False), (403, False), (403, False), (302, True), (302, True)],
    submit_own_note: [(302, False), (302, True), (403, False), (302, False), (302, False)],
    withdraw_own_note: [(302, True), (302, False), (403, True), (302, False), (302, False)],
    csv_export_button: [(302, False), (200, True), (200, False), (200, True), (200, True)],
    csv_export_notes_column: [(302, False), (200, False), (200, False), (200, True), (200, True)],
    csv_export_action: [(302, False), (200, True), (302, False), (200, True), (200, True)],
    own_note_page: [302, 200, 403, 200, 200],
    missing_note_page: [302, 404, 404, 404, 404],
    secretariat_note_page: [302, 200, 403, 200, 200],
    moved_editors_note_page: [302, 200, 403, 200, 200],
    moved_note_on_change: [(302, False), (200, True), (403, False), (200, True), (200, True)],
    secretariat_note_on_change: [(302, False), (200, True), (403, False), (200, True), (200, True)],
    notes_list: [
        (302, None),
        (200, (True, True, True)),
        (200, (False, False, False)),
        (200, (True, True, True)),
        (200, (True, True, True)),
    ],
    staff_download_own_ministry: [302, 200, 404, 200, 200],
    staff_download_published_note: [302, 200, 404, 200, 200],
    staff_download_missing: [302, 404, 404, 404, 404],
    public_download_unpublished_note: [404, 404, 404, 404, 404],
    public_download_kept_internal: [404, 404, 404, 404, 404],
    public_download_published: [200, 200, 200, 200, 200],
    public_download_after_unpublishing: [(True, 200, 404, False)] * 5,
    upload_document: [(302, False), (302, True), (403, False), (302, True), (302, True)],
    make_document_public: [(302, False), (302, False), (403, False), (302, True), (302, True)],
    user_admin: [302, 403, 403, 200, 200],
    superuser_password_page: [302, 403, 403, 403, 200],
    ministry_admin: [302, 403, 403, 200, 200],
    report_admin: [302, 403, 403, 200, 200],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(MATRIX), ids=lambda case: case.__name__)
def test_permission_matrix(client, world, case, role):
    user = world.users[role]
    if user is not None:
        login(client, user)
    assert case(client, world) == MATRIX[case][ROLES.index(role)]
