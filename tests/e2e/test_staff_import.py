"""The secretariat imports next year's chapter in a real browser, as they would: paste it,
read the preview, correct a predecessor and an area, update the preview, confirm, and land on
the new report's recommendations, and give the new ones their lead ministry and target date.
Without JavaScript, by keyboard where it counts."""

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Area, Recommendation, Report

from ..conftest import CHAPTERS
from ..factories import UserFactory
from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
CHAPTER = CHAPTERS / "saint-lucia-2021-reworded-dropped-new.txt"


@pytest.fixture
def demo(live_server):
    """The demo's Saint Lucia 2020, with its owners and evidence, and a secretariat member (a
    superuser: transactional tests flush the staff groups a migration creates)."""
    call_command("load_demo", "--no-admin", stdout=StringIO())
    UserFactory(username="coordinator", is_superuser=True)
    return live_server.url


def sign_in(page, site):
    page.goto(site + "/admin/login/?next=/admin/recommendations/report/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-form input[type=submit]")


def open_preview(page, site):
    sign_in(page, site)
    page.click("text=Import a chapter")
    page.fill("#id_text", CHAPTER.read_text(encoding="utf-8"))
    with page.expect_navigation():
        page.click("input[name=preview]")
    assert page.locator("#content-main h2").first.inner_text() == "Saint Lucia 2021: Tier 2"


def test_the_secretariat_imports_2021_corrects_the_preview_and_lands_on_the_new_report(
    demo, no_script_page
):
    page = no_script_page
    open_preview(page, demo)
    old = {rec.position: rec for rec in Recommendation.objects.filter(report__year=2020)}
    # Reworded: 2020 #3's whole wording beside 2021 #3's.
    third = page.locator("#import-row-3")
    assert "Enact and enforce penalties for trafficking" in third.inner_text()
    assert old[3].text in third.inner_text()
    # The matcher takes the new #10 for 2020 #9; nothing of 2020 is dropped yet.
    assert page.locator("#id_previous_10").input_value() == str(old[9].pk)
    assert "None: every recommendation of 2020 is followed." in page.inner_text("#content-main")

    page.select_option("#id_previous_10", label="— none (a new recommendation) —")
    page.select_option("#id_area_7", Area.PROSECUTION)
    with page.expect_navigation():
        page.click("input[name=refresh]")
    dropped = page.locator("#import-dropped tbody tr")
    assert dropped.count() == 1
    assert old[9].text in dropped.inner_text() and "Not started" in dropped.inner_text()
    assert page.locator("#id_previous_10").input_value() == ""
    assert page.locator("#id_area_7").input_value() == Area.PROSECUTION
    assert "No earlier recommendation: a new one." in page.locator("#import-row-10").inner_text()

    # Confirmed from the keyboard: Enter on the first button.
    page.focus("input[name=confirm]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    report = Report.objects.get(year=2021)
    assert page.url == f"{demo}/admin/recommendations/recommendation/?report={report.pk}"
    messages = page.locator(".messagelist").inner_text()
    assert "Imported Saint Lucia 2021 (Tier 2) with 10 recommendations" in messages
    assert "give the recommendations below their lead ministry and target date" in messages
    assert "1 recommendation of 2020 is not in the new report: #9" in messages
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 10
    new = {rec.position: rec for rec in report.recommendations.all()}
    assert new[10].previous_id is None and new[3].previous_id == old[3].pk
    assert (new[7].area, new[7].area_set_by_staff) == (Area.PROSECUTION, True)
    assert new[3].lead_ministry_id == old[3].lead_ministry_id is not None

    # The next step, on the same page: the two new ones get their lead ministry and date.
    for position in (9, 10):
        page.check(f"#result_list input[name=_selected_action][value='{new[position].pk}']")
    page.select_option("select[name=action]", "assign")
    with page.expect_navigation():
        page.click("button[name=index]")
    page.select_option("#id_lead_ministry", label="Labour")
    page.fill("#id_target_date", "2022-03-31")
    with page.expect_navigation():
        page.click("input[name=review]")
    # The page that shows what changes for each, before anything is saved.
    assert page.locator(".tipt-assign-changes tbody tr").count() == 2
    assert "— → Labour" in page.inner_text(".tipt-assign-changes")
    with page.expect_navigation():
        page.click("input[name=apply]")
    assert "2 recommendations given their lead ministry" in page.inner_text(".messagelist")
    assigned = report.recommendations.filter(lead_ministry__slug="labour", target_date="2022-03-31")
    assert sorted(assigned.values_list("position", flat=True)) == [9, 10]


def test_the_preview_is_accessible_and_stacks_the_wording_at_phone_width(demo, page, artifacts):
    open_preview(page, demo)
    assert axe_violations(page) == []
    row = page.locator("#import-row-7 .tipt-wording > div")
    new, old = row.nth(0).bounding_box(), row.nth(1).bounding_box()
    assert new["y"] == old["y"] and new["x"] < old["x"]  # side by side
    page.screenshot(path=str(artifacts / "import-preview-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    new, old = row.nth(0).bounding_box(), row.nth(1).bounding_box()
    assert old["y"] > new["y"] and old["x"] == new["x"]  # stacked
    page.screenshot(path=str(artifacts / "import-preview-phone.png"), full_page=True)
