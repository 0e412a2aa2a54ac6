"""The submission page of the staff workspace at 1280 and 375 px: the secretariat records a
deadline, chooses a period, approves the pack and finds the version listed; the page fits and
has no axe-core violation. Screenshots in artifacts/."""

import datetime

import pytest
from django.utils import timezone

from recommendations import calendar
from recommendations.models import SubmissionPack

from .conftest import check, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_approves_a_pack_and_sees_its_calendar(demo, sized_page, artifacts):
    page, width = sized_page
    sign_in(page, demo, "coordinator")
    period = calendar.current_period(timezone.localdate())
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    page.goto(demo + "/admin/recommendations/submissiondeadline/add/")
    page.select_option("#id_country", label="Saint Lucia")
    page.fill("#id_period", str(period))
    page.fill("#id_deadline", deadline.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.goto(demo + "/admin/")
    assert "20 days left" in page.locator("#content").inner_text()
    page.goto(demo + "/admin/recommendations/report/")
    with page.expect_navigation():
        page.get_by_role("link", name="Submission for a period").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Show the versions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and store as sent").click()
    assert "Version 1 approved" in page.locator(".messagelist").inner_text()
    assert SubmissionPack.objects.get().period == period
    check(page, artifacts, "submission", width)
