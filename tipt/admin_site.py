"""The staff workspace's admin site: sign-in with a second factor (TOTP) unless turned off."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class SignInForm(OTPAdminAuthenticationForm):
    """django-otp's admin sign-in, which checks the code against the device the user chose.

    The page offers that choice only once the password has been checked, so the first
    submission never carries one and django-otp refused it ("Please select a device."). A user
    with a single enrolled device has no choice to make: the code is checked against it. With
    more devices the user still chooses, as django-otp asks (trying the code on each device
    would count a failed attempt against every other one).
    """

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            # Locked for update, as django-otp loads a chosen device for verifying.
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                (device,) = devices
        return device


class TIPTAdminSite(OTPAdminSite):
    site_header = _("TIPT staff workspace")
    site_title = _("TIPT staff workspace")
    index_title = _("Recommendations, reports and evidence")

    def __init__(self, name="admin"):
        super().__init__(name)

    # TIPT_REQUIRE_2FA is read on each request so that one process can serve either way
    # (development without a device, production with one).
    @property
    def login_form(self):
        if settings.TIPT_REQUIRE_2FA:
            return SignInForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        if settings.TIPT_REQUIRE_2FA:
            return "otp/admin111/login.html"
        return None

    def has_permission(self, request):
        if settings.TIPT_REQUIRE_2FA:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)
