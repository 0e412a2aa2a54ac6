"""An editor who opens a recommendation none of their ministries leads or supports, or one of its
evidence notes, on any of its pages: a 403 page in the workspace's look saying whose it is and
to ask the task force secretariat, in English and French, and nothing else about it. An id that
does not exist stays a 404; the secretariat sees the pages as before."""

import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import Status

from ..admin_forms import CHANGELIST, login
from ..factories import EditorFactory, EvidenceNoteFactory, MinistryFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

RECOMMENDATION_PAGES = ["change", "history", "delete"]
NOTE_PAGES = ["change", "history", "delete"]


@pytest.fixture
def police():
    return MinistryFactory(name="Royal Saint Lucia Police Force", short_name="Police")


@pytest.fixture
def elsewhere(police):
    """The Police's recommendation, with a closing note and an internal evidence note."""
    rec = RecommendationFactory(
        lead_ministry=police,
        position=7,
        title="Screen vulnerable migrants for indicators",
        text="Proactively screen vulnerable migrants for indicators of trafficking.",
        status=Status.IN_PROGRESS,
        closing_note="Work paused pending the new unit",
    )
    note = EvidenceNoteFactory(recommendation=rec, text="Police trained 40 officers in Castries")
    return rec, note


@pytest.fixture
def labour_editor():
    return EditorFactory(ministries=[MinistryFactory(short_name="Labour")])


def page_url(kind, name, obj):
    return reverse(f"admin:recommendations_{kind}_{name}", args=[obj.pk])


def all_pages(rec, note):
    return [page_url("recommendation", name, rec) for name in RECOMMENDATION_PAGES] + [
        page_url("evidencenote", name, note) for name in NOTE_PAGES
    ]


def assert_reveals_nothing_else(page, rec, note):
    for secret in (
        rec.title,
        rec.text,
        rec.closing_note,
        note.text,
        "In progress",
        f"#{rec.position}",
        str(rec.report.year),
    ):
        assert secret not in page


@pytest.mark.parametrize("kind", ["recommendation", "evidencenote"])
@pytest.mark.parametrize("name", RECOMMENDATION_PAGES)
def test_another_ministrys_page_says_whose_it_is_and_whom_to_ask(
    client, labour_editor, elsewhere, kind, name
):
    rec, note = elsewhere
    obj = rec if kind == "recommendation" else note
    response = login(client, labour_editor).get(page_url(kind, name, obj))
    assert response.status_code == 403
    assert response.templates[0].name == "admin/recommendations/elsewhere.html"
    page = response.content.decode()
    assert "<title>Another ministry&#x27;s recommendation | TIPT staff workspace</title>" in page
    assert '<div id="site-name"><a href="/admin/">TIPT staff workspace</a></div>' in page
    if kind == "recommendation":
        assert "This recommendation belongs to Police." in page
    else:
        assert "This evidence note is on a recommendation that belongs to Police." in page
    assert "ask the task force secretariat to add it" in page
    assert f'<a href="{CHANGELIST}">Back to your recommendations</a>' in page
    assert_reveals_nothing_else(page, rec, note)


def test_a_recommendation_without_a_lead_ministry_says_so(client, labour_editor):
    rec = RecommendationFactory(lead_ministry=None, title="Nobody's yet")
    note = EvidenceNoteFactory(recommendation=rec)
    login(client, labour_editor)
    page = client.get(page_url("recommendation", "change", rec)).content.decode()
    assert "This recommendation has no lead ministry yet." in page and "Nobody" not in page
    page = client.get(page_url("evidencenote", "change", note)).content.decode()
    assert "This evidence note is on a recommendation that no ministry leads yet." in page


def test_the_page_is_in_french_for_french_editors(labour_editor, elsewhere):
    rec, note = elsewhere
    client = login(Client(headers={"accept-language": "fr"}), labour_editor)
    for url in all_pages(rec, note):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 403
        assert "La recommandation d&#x27;un autre ministère" in page
        assert "relève de Police." in page
        assert "demandez au secrétariat du groupe de travail" in page
        assert "Retour à vos recommandations" in page
        assert "belongs to" not in page
        assert_reveals_nothing_else(page, rec, note)


def test_the_bare_object_address_leads_to_the_same_page(client, labour_editor, elsewhere):
    rec, _note = elsewhere
    url = reverse("admin:recommendations_recommendation_changelist") + f"{rec.pk}/"
    response = login(client, labour_editor).get(url, follow=True)
    assert response.status_code == 403
    assert "This recommendation belongs to Police." in response.content.decode()


def test_a_refused_post_changes_nothing(client, labour_editor, elsewhere):
    rec, note = elsewhere
    login(client, labour_editor)
    response = client.post(page_url("recommendation", "change", rec), {"title_en": "Taken over"})
    assert response.status_code == 403
    assert (
        client.post(page_url("recommendation", "delete", rec), {"post": "yes"}).status_code == 403
    )
    assert client.post(page_url("evidencenote", "delete", note), {"post": "yes"}).status_code == 403
    rec.refresh_from_db()
    note.refresh_from_db()
    assert rec.title == "Screen vulnerable migrants for indicators"


@pytest.mark.parametrize("kind", ["recommendation", "evidencenote"])
@pytest.mark.parametrize("name", RECOMMENDATION_PAGES)
@pytest.mark.parametrize("missing", ["999999", "not-a-number"])
def test_an_id_that_does_not_exist_is_still_a_404(
    client, labour_editor, elsewhere, kind, name, missing
):
    url = reverse(f"admin:recommendations_{kind}_{name}", args=[missing])
    response = login(client, labour_editor).get(url)
    assert response.status_code == 404
    assert "belongs to" not in response.content.decode()


def test_a_staff_member_without_a_role_still_gets_a_404(client, elsewhere):
    rec, _note = elsewhere
    nobody = EditorFactory(ministries=[])
    nobody.groups.clear()
    assert login(client, nobody).get(page_url("recommendation", "change", rec)).status_code == 404


def test_the_secretariat_sees_the_pages_as_before(client, secretariat, elsewhere):
    rec, note = elsewhere
    login(client, secretariat)
    for url in all_pages(rec, note):
        response = client.get(url)
        assert response.status_code == 200
        assert "belongs to" not in response.content.decode()
    assert rec.title in client.get(page_url("recommendation", "change", rec)).content.decode()


def test_the_leading_ministrys_editor_sees_the_pages_as_before(client, police, elsewhere):
    rec, note = elsewhere
    login(client, EditorFactory(ministries=[police]))
    response = client.get(page_url("recommendation", "change", rec))
    assert response.status_code == 200 and rec.title in response.content.decode()
    assert client.get(page_url("recommendation", "history", rec)).status_code == 200
    assert client.get(page_url("evidencenote", "change", note)).status_code == 200
