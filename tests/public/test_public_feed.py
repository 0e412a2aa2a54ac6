import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from recommendations.models import Visibility
from recommendations.public.feeds import FEED_LENGTH
from recommendations.services.evidence import _evidence_note_create, _evidence_note_publish

from ..factories import EvidenceNoteFactory, RecommendationFactory
from ..public_data import NEVER_PUBLIC, build_site, staff_member

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get(reverse("recommendations:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 -- our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_updates_by_the_date_they_happened_newest_first(client):
    build_site(2)
    _root, items = entries(client)
    titles = [item.findtext(f"{ATOM}title") for item in items]
    # Two status changes (positions 1 and 2; the third would be "not started", no change) on
    # 2 and 1 January 2021, and two published notes of things done on 2 and 1 November 2020:
    # the notes were recorded and published last, during the build, yet happened first.
    assert titles == [
        "Adopt and fund the national action plan, number 1: now Completed",
        "Adopt and fund the national action plan, number 0: now In progress",
        "Adopt and fund the national action plan, number 1: new evidence",
        "Adopt and fund the national action plan, number 0: new evidence",
    ]


def test_feed_entries_link_to_the_update_on_the_recommendation_page(client):
    report = build_site(1)
    rec = report.recommendations.get()
    change = rec.status_changes.get()
    note = rec.evidence_notes.public().get()
    _root, items = entries(client)
    links = {item.find(f"{ATOM}link").get("href") for item in items}
    ids = {item.findtext(f"{ATOM}id") for item in items}
    base = f"http://testserver{rec.get_absolute_url()}"
    assert links == ids == {f"{base}#status-{change.pk}", f"{base}#evidence-{note.public_id}"}


def test_feed_summary_escapes_evidence_text_and_keeps_only_http_links(client):
    rec = RecommendationFactory(title="Train judges")
    for text, link in [
        ("<script>alert(1)</script> training held", "https://example.gov/report.pdf"),
        ("Second note", "javascript:alert(1)"),
    ]:
        EvidenceNoteFactory(
            recommendation=rec,
            happened_on=datetime.date(2021, 3, 1),
            text=text,
            link=link,
            visibility=Visibility.PUBLIC,
        )
    _root, items = entries(client)
    summaries = "".join(item.findtext(f"{ATOM}summary") for item in items)
    # The summary is HTML for the reader: the note's markup arrives as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; training held" in summaries
    assert "<script>" not in summaries
    assert '<a href="https://example.gov/report.pdf">' in summaries
    assert "javascript:" not in summaries


def test_feed_never_carries_internal_notes_staff_names_or_emails(client):
    build_site(3)
    response = client.get(reverse("recommendations:feed"))
    content = response.content.decode()
    for secret in NEVER_PUBLIC:
        assert secret not in content, secret
    root, _items = entries(client)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "TIP recommendations tracker"
    assert root.find(f"{ATOM}author/{ATOM}email") is None


def test_an_unpublished_note_joins_the_feed_once_published(client):
    rec = RecommendationFactory()
    note = _evidence_note_create(
        recommendation=rec,
        author=staff_member(),
        happened_on=datetime.date(2021, 5, 1),
        text="Inspectors hired",
    )
    assert entries(client)[1] == []
    _evidence_note_publish(note=note, user=staff_member())
    (item,) = entries(client)[1]
    assert "Inspectors hired" in item.findtext(f"{ATOM}summary")


def test_feed_keeps_to_its_length(client):
    rec = RecommendationFactory()
    for day in range(FEED_LENGTH + 5):
        EvidenceNoteFactory(
            recommendation=rec,
            happened_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=day),
            text=f"Note {day}",
            visibility=Visibility.PUBLIC,
        )
    assert len(entries(client)[1]) == FEED_LENGTH
