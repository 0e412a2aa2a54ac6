"""The one order of updates, wherever the public sees them: by the date something happened,
newest first, then by when it was recorded, newest first; and each page says so."""

import re

import pytest
from django.urls import reverse

from recommendations.models import EvidenceNote, Visibility
from recommendations.selectors.updates import latest_public_updates, recommendation_timeline

from ..update_order_data import build_updates

pytestmark = pytest.mark.django_db

NOTE = (
    "Dates are when each update happened, newest first; updates of the same date are in the "
    "order they were recorded, latest first."
)
FRENCH_NOTE = "Les dates sont celles où chaque mise à jour a eu lieu"


@pytest.fixture
def updates(db):
    return build_updates()


def anchors(updates_shown) -> list[str]:
    return [update.anchor for update in updates_shown]


def test_latest_updates_follow_the_rule(updates):
    assert anchors(latest_public_updates(limit=10)) == updates.anchors


def test_latest_updates_cut_after_the_rule_orders_both_kinds(updates):
    # The first two by the rule, though the note of last month was published last.
    assert anchors(latest_public_updates(limit=2)) == updates.anchors[:2]
    assert anchors(latest_public_updates(limit=4)) == updates.anchors[:4]


def test_a_recommendations_timeline_follows_the_rule(updates):
    assert anchors(recommendation_timeline(updates.recommendation)) == updates.anchors


def test_an_internal_note_takes_no_place_in_the_order(updates):
    internal = EvidenceNote.objects.filter(visibility=Visibility.PUBLIC).first()
    EvidenceNote.objects.filter(pk=internal.pk).update(visibility=Visibility.INTERNAL)
    expected = [name for name in updates.anchors if name != f"evidence-{internal.public_id}"]
    assert anchors(latest_public_updates(limit=10)) == expected


def test_the_dashboard_lists_its_latest_updates_by_the_rule_and_says_so(client, updates):
    response = client.get(reverse("recommendations:home"))
    assert anchors(response.context["updates"]) == updates.anchors
    content = response.content.decode()
    shown = re.findall(r'href="[^"]*#((?:status|evidence)-[^"]+)"', content)
    assert shown == updates.anchors
    assert NOTE in content


def test_the_feed_lists_its_entries_by_the_rule_and_says_so(client, updates):
    content = client.get(reverse("recommendations:feed")).content.decode()
    entries = re.findall(r"<id>[^<]*#((?:status|evidence)-[^<]+)</id>", content)
    assert entries == updates.anchors
    assert NOTE in content


def test_the_detail_timeline_follows_the_rule_and_says_so(client, updates):
    content = client.get(updates.recommendation.get_absolute_url()).content.decode()
    shown = re.findall(r'<li id="((?:status|evidence)-[^"]+)"', content)
    assert shown == updates.anchors
    assert NOTE in content


@pytest.mark.parametrize(
    "url",
    [
        lambda rec: reverse("recommendations:home"),
        lambda rec: rec.get_absolute_url(),
    ],
    ids=["dashboard", "detail"],
)
def test_the_pages_say_the_order_in_french(client, updates, url):
    content = client.get(f"/fr{url(updates.recommendation)}").content.decode()
    assert FRENCH_NOTE in content
