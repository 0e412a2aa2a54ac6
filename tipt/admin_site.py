"""The staff workspace's admin site: sign-in with a second factor (TOTP) unless turned off."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


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
            return OTPAdminAuthenticationForm
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
