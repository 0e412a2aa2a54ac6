"""The next year's report through the staff workspace, in a real browser: Saint Lucia 2020 is
tracked with published evidence; the secretariat imports the 2021 chapter (recommendations
reworded, one dropped, one new), corrects one proposed predecessor and confirms; the 2020
evidence is then on the 2021 version's public page, and the dropped one says so."""

import datetime

import pytest
from django.test import Client

from recommendations.importing import parse_chapter, report_import, report_import_plan
from recommendations.models import Recommendation, StatusChange

from ..admin_forms import login
from ..conftest import CHAPTERS, SEED
from ..factories import UserFactory, evidence_note_published

pytestmark = pytest.mark.django_db(transaction=True)

Y2021 = CHAPTERS / "saint-lucia-2021-web-bullets.txt"
IMPORT = "/admin/recommendations/report/import/"


def signed_in(page, live_server, user):
    """``page``'s browser carries ``user``'s staff session."""
    client = login(Client(), user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return page


def test_importing_2021_carries_the_2020_evidence_onto_the_2021_page(page, live_server):
    chapter = parse_chapter(SEED.read_bytes(), year=2020)
    report_import(plan=report_import_plan(chapter=chapter))
    plan_2020 = Recommendation.objects.get(report__year=2020, position=5)
    # The staff groups come from a migration, which transactional tests flush: a superuser.
    coordinator = UserFactory(username="coordinator", is_superuser=True)
    evidence_note_published(
        recommendation=plan_2020,
        author=coordinator,
        happened_on=datetime.date(2020, 9, 1),
        text="Cabinet approved the 2020 national action plan.",
    )

    signed_in(page, live_server, coordinator).goto(live_server.url + IMPORT)
    page.fill("#id_text", Y2021.read_text(encoding="utf-8"))
    page.fill("#id_year", "2021")
    with page.expect_navigation():
        page.click("input[name=preview]")
    assert "Saint Lucia 2021" in page.content()
    # The 2021 #1 is taken for a new recommendation, not the 2020 one proposed.
    page.select_option("select[name=previous_1]", value="")
    with page.expect_navigation():
        page.click("input[name=confirm]")

    assert not StatusChange.objects.exists()
    first = Recommendation.objects.get(report__year=2021, position=1)
    assert first.previous is None
    plan_2021 = Recommendation.objects.get(report__year=2021, position=6)
    assert plan_2021.previous == plan_2020
    page.goto(live_server.url + plan_2021.get_absolute_url())
    timeline = page.locator("ol.timeline").inner_text()
    assert "Cabinet approved the 2020 national action plan." in timeline
    assert "Recorded under the 2020 wording (recommendation 5)" in timeline
    dropped = Recommendation.objects.get(report__year=2020, position=1)
    page.goto(live_server.url + dropped.get_absolute_url())
    assert "Dropped from the 2021 report" in page.locator(".facts").inner_text()
