"""Staff sign-in with a second factor, in a real browser, as a staff member does it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..admin_forms import authenticator_code
from ..factories import TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def sign_in_page(live_server, page, settings):
    """The admin sign-in page, with the second factor required as in production."""
    settings.TIPT_REQUIRE_2FA = True
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    return page


def submit(page, username, code):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", code)
    with page.expect_navigation():
        page.click("#login-form input[type=submit]:not([name])")


def test_staff_with_one_authenticator_signs_in_on_the_first_try(sign_in_page, live_server):
    # The staff groups come from a migration, which transactional tests flush: a superuser.
    UserFactory(username="focal", is_superuser=True)
    call_command("enrol_totp", "focal", stdout=StringIO())
    device = TOTPDevice.objects.get(user__username="focal")

    submit(sign_in_page, "focal", authenticator_code(device))
    assert sign_in_page.locator(".errornote").all_inner_texts() == []
    assert sign_in_page.url == live_server.url + "/admin/"
    assert sign_in_page.locator("#site-name").inner_text() == "TIPT staff workspace"


def test_staff_with_two_authenticators_picks_one_then_signs_in(sign_in_page, live_server):
    user = UserFactory(username="focal", is_superuser=True)
    TOTPDeviceFactory(user=user, name="Old phone")
    new_phone = TOTPDeviceFactory(user=user, name="New phone")

    submit(sign_in_page, "focal", authenticator_code(new_phone))
    assert sign_in_page.locator(".errornote").inner_text() == "Please select a device."
    sign_in_page.select_option("#id_otp_device", label="New phone")
    submit(sign_in_page, "focal", authenticator_code(new_phone))
    assert sign_in_page.url == live_server.url + "/admin/"
    assert sign_in_page.locator("#site-name").inner_text() == "TIPT staff workspace"
