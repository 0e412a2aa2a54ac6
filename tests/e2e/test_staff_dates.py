"""An editor types a target date the way the task force writes it, day first, in a real
browser: the form says which format it expects, saves 31/03/2027 as 31 March, and the change
list shows that date; axe-core finds nothing on either page."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from recommendations import roles
from recommendations.models import Recommendation

from ..factories import EditorFactory, MinistryFactory, RecommendationFactory
from .conftest import STAFF_GROUPS, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor_group():
    """The editors' group as its migration makes it (transactional tests flush it after each
    test, so it exists only when this is the first)."""
    group, _created = Group.objects.get_or_create(name=roles.EDITOR)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in STAFF_GROUPS.EDITOR_PERMISSIONS
    )
    return group


def test_an_editor_saves_a_day_first_target_date_and_the_list_shows_it(
    live_server, page, editor_group
):
    police = MinistryFactory(short_name="Police")
    rec = RecommendationFactory(lead_ministry=police, target_date=None)
    EditorFactory(username="focal", ministries=[police])

    page.goto(
        live_server.url
        + f"/admin/login/?next=/admin/recommendations/recommendation/{rec.pk}/change/"
    )
    page.fill("#id_username", "focal")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#login-form input[type=submit]")
    assert page.locator("#id_target_date_helptext").inner_text() == (
        "DD/MM/YYYY, for example 31/03/2027"
    )
    assert axe_violations(page) == []

    page.fill("#id_target_date", "31/03/2027")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.url.endswith("/admin/recommendations/recommendation/")
    row = page.locator("#result_list tbody tr", has_text=rec.title)
    assert row.locator("td.field-target_date").inner_text() == "31 March 2027"
    rec.refresh_from_db()
    assert rec.target_date == datetime.date(2027, 3, 31)
    assert Recommendation.objects.get(pk=rec.pk).target_date == datetime.date(2027, 3, 31)
    assert axe_violations(page) == []
