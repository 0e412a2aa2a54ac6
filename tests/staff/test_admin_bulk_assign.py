"""Giving a selection of recommendations its lead ministry, supporting ministries and target
date at once, as the secretariat does after an import: the action's two pages, its service, who
may and what is refused, the lost-update check, the history row of each."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from recommendations import services
from recommendations.models import PageVersion, Recommendation, Status
from recommendations.selectors.assignment import Assignment

from ..admin_forms import CHANGELIST, action_data, change_url, confirmed, login, posted_back
from ..conftest import NOTIFY_QUERIES
from ..factories import (
    EditorFactory,
    MinistryFactory,
    PageVersionFactory,
    RecommendationFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 3, 31)


@pytest.fixture
def report(labour):
    """A report of the Labour ministry's country."""
    return ReportFactory(country=labour.country)


@pytest.fixture
def police(labour):
    return MinistryFactory(short_name="Police", country=labour.country)


@pytest.fixture
def equity(labour):
    return MinistryFactory(short_name="Equity", country=labour.country)


def new_recommendations(report, count):
    return [RecommendationFactory(report=report, lead_ministry=None) for _ in range(count)]


def supporting(rec):
    return set(Recommendation.objects.get(pk=rec.pk).supporting_ministries.all())


def assign(recs, user, **asked):
    return services.recommendation_bulk_assign(
        recommendations=recs, user=user, assignment=Assignment(**asked)
    )


def test_the_secretariat_gives_the_selection_a_lead_ministry_and_a_date(
    client, secretariat, report, labour
):
    recs = new_recommendations(report, 3)
    MinistryFactory(short_name="Elsewhere")  # another country's
    login(client, secretariat)
    selection = action_data("assign", recs[:2])
    page = client.post(CHANGELIST, selection).content.decode()
    assert "Choose what these 2 recommendations get" in page
    assert '<label for="id_lead_ministry">Lead ministry:</label>' in page
    assert (
        'name="target_date" class="vDateField"' in page
        and f'<option value="{labour.pk}">Labour</option>' in page
        and f'name="supporting_ministries" value="{labour.pk}"' in page
    )
    assert "Elsewhere" not in page
    assert 'name="review"' in page and 'name="apply"' not in page

    response = confirmed(client, {**selection, "lead_ministry": labour.pk, "target_date": DAY})
    assert "2 recommendations given their lead ministry, supporting ministries or target date." in (
        response.content.decode()
    )
    saved = {r.pk: r for r in Recommendation.objects.all()}
    assert [(saved[r.pk].lead_ministry, saved[r.pk].target_date) for r in recs] == [
        (labour, DAY),
        (labour, DAY),
        (None, None),
    ]
    assert saved[recs[0].pk].version == recs[0].version + 1


def test_the_action_asks_for_something_to_set(client, secretariat, report):
    recs = new_recommendations(report, 1)
    login(client, secretariat)
    data = action_data("assign", recs, review="1")
    page = client.post(CHANGELIST, data).content.decode()
    assert "Choose at least one thing to set." in page
    forged = {**data, "lead_ministry": MinistryFactory().pk}
    page = client.post(CHANGELIST, forged).content.decode()
    assert "Select a valid choice" in page
    assert Recommendation.objects.get().lead_ministry is None


def test_supporting_ministries_are_added_to_those_each_has_and_never_to_its_lead(
    secretariat, report, labour, police, equity
):
    supported = RecommendationFactory(report=report, lead_ministry=labour)
    supported.supporting_ministries.add(police)
    led_by_equity = RecommendationFactory(report=report, lead_ministry=equity)
    changed = assign(
        [supported, led_by_equity], secretariat, supporting_ministries=(police, equity)
    )
    assert supporting(supported) == {police, equity}
    assert supporting(led_by_equity) == {police}
    assert [rec.pk for rec in changed] == [supported.pk, led_by_equity.pk]
    # Asked again, nothing is missing any more: nothing is written.
    assert assign([supported, led_by_equity], secretariat, supporting_ministries=(police,)) == []


def test_a_new_lead_ministry_is_not_added_as_its_supporting_ministry_and_none_is_removed(
    secretariat, report, labour, police
):
    rec = RecommendationFactory(report=report, lead_ministry=police)
    rec.supporting_ministries.add(labour)
    other = RecommendationFactory(report=report, lead_ministry=None)
    assign([rec, other], secretariat, lead_ministry=labour, supporting_ministries=(labour, police))
    rec.refresh_from_db()
    assert rec.lead_ministry == labour
    # The former lead becomes a supporting one; Labour, supporting before, is kept.
    assert supporting(rec) == {labour, police}
    assert supporting(other) == {police}


def test_the_confirmation_page_shows_what_changes_for_each_and_writes_nothing(
    client, secretariat, report, labour, police, equity
):
    led = RecommendationFactory(report=report, lead_ministry=equity, target_date=DAY, position=4)
    led.supporting_ministries.add(police)
    bare = RecommendationFactory(report=report, lead_ministry=None, position=5)
    login(client, secretariat)
    data = action_data(
        "assign",
        [led, bare],
        review="1",
        lead_ministry=labour.pk,
        supporting_ministries=[police.pk, equity.pk],
        target_date="31/03/2022",
    )
    page = client.post(CHANGELIST, data).content.decode()
    assert "This is what changes for each of these 2 recommendations:" in page
    rows = page.split("<tbody>")[1].split("</tr>")
    assert f"{report.year} #4" in rows[0]
    assert "Equity → Labour" in rows[0] and "no change" in rows[0]  # the date is that already
    assert "<td>Equity</td>" in rows[0]  # Police supports it already
    assert f"{report.year} #5" in rows[1]
    assert "— → Labour" in rows[1] and "— → 2022-03-31" in rows[1]
    assert "<td>Police, Equity</td>" in rows[1]
    assert f'name="version-{led.pk}" value="{led.version}"' in page
    assert 'name="apply" value="Yes, change them"' in page
    posted = posted_back(page, "apply")
    assert posted["supporting_ministries"] == [str(police.pk), str(equity.pk)]
    assert posted["lead_ministry"] == [str(labour.pk)]
    assert Recommendation.objects.filter(lead_ministry=labour).count() == 0
    assert supporting(bare) == set()


def test_a_recommendation_saved_since_the_confirmation_page_stops_the_whole_write(
    client, secretariat, report, labour
):
    recs = [
        RecommendationFactory(report=report, lead_ministry=None, position=position)
        for position in (1, 2)
    ]
    login(client, secretariat)
    data = action_data("assign", recs, review="1", lead_ministry=labour.pk, target_date=DAY)
    page = client.post(CHANGELIST, data).content.decode()
    # Meanwhile someone else changes the second one.
    services.recommendation_bulk_set_status(
        recommendations=[recs[1]], status=Status.STALLED, user=secretariat
    )
    response = client.post(CHANGELIST, posted_back(page, "apply"), follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("Someone else changed these recommendations after the confirmation")
    assert f"nothing was changed: {report.year} #2. Select them again" in message
    assert not Recommendation.objects.filter(lead_ministry=labour).exists()
    assert not Recommendation.objects.filter(target_date=DAY).exists()


def test_the_service_refuses_a_selection_without_the_versions_shown(secretariat, report, labour):
    recs = new_recommendations(report, 2)
    with pytest.raises(services.SelectionConflict) as refused:
        services.recommendation_bulk_assign(
            recommendations=recs,
            user=secretariat,
            assignment=Assignment(lead_ministry=labour),
            versions={recs[0].pk: recs[0].version},
        )
    assert refused.value.changed == [Recommendation.objects.get(pk=recs[1].pk)]
    assert not Recommendation.objects.filter(lead_ministry=labour).exists()


def test_each_changed_recommendation_gets_one_history_entry_with_all_it_changed(
    client, secretariat, report, labour, police
):
    bare = RecommendationFactory(report=report, lead_ministry=None)
    owned = RecommendationFactory(report=report, lead_ministry=labour, target_date=DAY)
    login(client, secretariat)
    before = LogEntry.objects.count()
    selection = action_data("assign", [bare, owned])
    confirmed(
        client,
        {
            **selection,
            "lead_ministry": labour.pk,
            "target_date": DAY,
            "supporting_ministries": police.pk,
        },
    )
    assert LogEntry.objects.count() == before + 2
    bare_entry = LogEntry.objects.get_for_object(bare).get(action=LogEntry.Action.UPDATE)
    assert set(bare_entry.changes_dict) == {"lead_ministry", "target_date", "supporting_ministries"}
    assert bare_entry.actor == secretariat
    owned_entry = LogEntry.objects.get_for_object(owned).get(action=LogEntry.Action.UPDATE)
    assert owned_entry.changes_dict == {
        "supporting_ministries": {"type": "m2m", "operation": "add", "objects": ["Police"]}
    }
    # The change page's audit says it in words.
    entries = client.get(change_url(owned)).context["audit_entries"]
    assert ("supporting ministries", "added: Police") in entries[0]["changes"]


@pytest.mark.parametrize("size", [3, 60])
def test_the_service_s_queries_do_not_grow_with_the_selection(
    secretariat, report, labour, police, equity, size, django_assert_num_queries
):
    recs = new_recommendations(report, size)
    recs[0].supporting_ministries.add(police)
    asked = Assignment(
        lead_ministry=labour, target_date=DAY, supporting_ministries=(police, equity)
    )
    versions = {rec.pk: rec.version for rec in recs}
    # The user's role and permissions (3), the locked read, the supporting ministries read, the
    # UPDATE, the supporting ministries' INSERT, the audit entries' INSERT, the content type,
    # the pages forgotten (their country, their version, and the notification), the savepoints.
    with django_assert_num_queries(15 + NOTIFY_QUERIES):
        changed = services.recommendation_bulk_assign(
            recommendations=recs, user=secretariat, assignment=asked, versions=versions
        )
    assert len(changed) == size
    assert Recommendation.supporting_ministries.through.objects.count() == 2 * size


def test_the_public_pages_of_the_country_are_told(
    secretariat, report, labour, django_capture_on_commit_callbacks
):
    recs = new_recommendations(report, 2)
    counter = PageVersionFactory(country=report.country)
    before = PageVersion.objects.get(pk=counter.pk).number
    with django_capture_on_commit_callbacks(execute=True):
        assign(recs, secretariat, lead_ministry=labour)
    assert PageVersion.objects.get(pk=counter.pk).number == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        assign(recs, secretariat, lead_ministry=labour)  # nothing changes: nothing forgotten
    assert PageVersion.objects.get(pk=counter.pk).number == before + 1


def test_an_editor_sets_target_dates_of_their_own_only(client, report, labour, police):
    mine = RecommendationFactory(report=report, lead_ministry=labour)
    theirs = RecommendationFactory(report=report)
    editor = EditorFactory(ministries=[labour])
    login(client, editor)
    page = client.post(CHANGELIST, action_data("assign", [mine])).content.decode()
    assert 'name="lead_ministry"' not in page and 'name="supporting_ministries"' not in page
    forged = {"target_date": DAY, "lead_ministry": police.pk, "supporting_ministries": police.pk}
    confirmed(client, {**action_data("assign", [mine]), **forged})
    mine.refresh_from_db()
    assert (mine.target_date, mine.lead_ministry, supporting(mine)) == (DAY, labour, set())
    both = action_data("assign", [mine, theirs], review="1", target_date="2023-01-01")
    response = client.post(CHANGELIST, both, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert Recommendation.objects.get(pk=mine.pk).target_date == DAY


@pytest.mark.parametrize("asked", ["lead_ministry", "supporting_ministries"])
def test_the_service_refuses_an_editor_the_owner_fields(report, labour, asked):
    mine = RecommendationFactory(report=report, lead_ministry=labour)
    editor = EditorFactory(ministries=[labour])
    owners = {"lead_ministry": labour, "supporting_ministries": (labour,)}[asked]
    with pytest.raises(PermissionDenied, match=asked):
        assign([mine], editor, target_date=DAY, **{asked: owners})
    assert Recommendation.objects.get(pk=mine.pk).target_date is None


@pytest.mark.parametrize("asked", ["lead_ministry", "supporting_ministries"])
def test_the_service_refuses_another_country_s_ministry_for_all(secretariat, report, labour, asked):
    here = new_recommendations(report, 2)
    abroad = RecommendationFactory(lead_ministry=None)
    ministry = {"lead_ministry": labour, "supporting_ministries": (labour,)}[asked]
    with pytest.raises(ValidationError, match="not a ministry of"):
        assign([*here, abroad], secretariat, target_date=DAY, **{asked: ministry})
    assert not Recommendation.objects.filter(target_date=DAY).exists()
    assert not Recommendation.supporting_ministries.through.objects.exists()


def test_the_page_refuses_a_ministry_foreign_to_part_of_the_selection(
    client, secretariat, report, labour
):
    here = new_recommendations(report, 1)
    abroad = RecommendationFactory(lead_ministry=None)
    login(client, secretariat)
    data = action_data("assign", [*here, abroad], review="1", supporting_ministries=labour.pk)
    page = client.post(CHANGELIST, data).content.decode()
    assert "Labour: not a ministry of" in page
    assert 'name="review"' in page  # still the first page, to choose again
    assert not Recommendation.supporting_ministries.through.objects.exists()


def test_the_action_s_pages_are_in_french(secretariat, report, labour):
    recs = new_recommendations(report, 2)
    client = login(Client(headers={"accept-language": "fr"}), secretariat)
    page = client.post(CHANGELIST, action_data("assign", recs)).content.decode()
    assert "Choisissez ce que reçoivent ces 2 recommandations" in page
    assert "— laisser chacune telle quelle —" in page and "Ajouter des ministères d’appui" in page
    assert 'value="Suivant : vérifier les changements"' in page
    data = action_data("assign", recs, review="1", lead_ministry=labour.pk)
    page = client.post(CHANGELIST, data).content.decode()
    assert "Voici ce qui change pour chacune de ces 2 recommandations" in page
    assert 'value="Oui, les modifier"' in page and "sans changement" in page
    listing = client.get(CHANGELIST).content.decode()
    assert "Fixer le ministère chef de file, les ministères d’appui ou la date cible" in listing
