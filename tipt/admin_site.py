"""The staff workspace's admin site: sign-in with a second factor (TOTP) unless turned off."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
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


# The site's plumbing, listed in the home page's System section apart from the task force's
# work: sign-in attempts, the audit log, groups, authenticator devices, reminders sent and the
# public pages' cache versions. Each is (app label, model name).
SYSTEM_MODELS = {
    ("axes", "AccessAttempt"),
    ("axes", "AccessFailureLog"),
    ("axes", "AccessLog"),
    ("auditlog", "LogEntry"),
    ("auth", "Group"),
    ("otp_totp", "TOTPDevice"),
    ("recommendations", "ReminderDigest"),
    ("recommendations", "PageVersion"),
}


def split_app_list(app_list):
    """``app_list`` (as the admin lists apps and their models) in two: the task force's work,
    and the system's models (SYSTEM_MODELS), each app keeping its models' order."""
    work, system = [], []
    for app in app_list:
        for target, in_system in ((work, False), (system, True)):
            models = [
                model
                for model in app["models"]
                if ((app["app_label"], model["object_name"]) in SYSTEM_MODELS) == in_system
            ]
            if models:
                target.append({**app, "models": models})
    return work, system


class TIPTAdminSite(OTPAdminSite):
    site_header = _("TIPT staff workspace")
    site_title = _("TIPT staff workspace")
    index_title = _("Your work")
    index_template = "admin/tipt_index.html"
    # The sidebar listing every model took a quarter of a laptop's width from the change list,
    # whose columns then did not fit; the home page and the breadcrumbs lead everywhere.
    enable_nav_sidebar = False

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

    def get_urls(self):
        from recommendations.admin.activity import activity_view
        from recommendations.admin.review import review_queue_view
        from recommendations.admin.statistics import statistics_grid_view, statistics_index_view
        from recommendations.admin.submission import submission_version_view, submission_view

        def view(function):
            return self.admin_view(lambda request, **kwargs: function(request, self, **kwargs))

        return [
            path("activity/", view(activity_view), name="activity"),
            path("review/", view(review_queue_view), name="review"),
            path("statistics/", view(statistics_index_view), name="statistics"),
            path(
                "statistics/<int:period>/<int:ministry>/",
                view(statistics_grid_view),
                name="statistics_grid",
            ),
            path("submission/", view(submission_view), name="submission"),
            path(
                "submission/<int:pk>/<str:fmt>/",
                view(submission_version_view),
                name="submission_version",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The home page: the staff member's work first (admin/tipt_index.html), then the
        task force's records, then the System section."""
        from recommendations import roles
        from recommendations.models import Recommendation
        from recommendations.selectors import review, workspace
        from recommendations.selectors.submission_calendar import (
            staff_countries,
            submission_calendar,
        )

        work_apps, system_apps = split_app_list(self.get_app_list(request))
        context = {
            "work_apps": work_apps,
            "system_apps": system_apps,
            "overdue_url": changelist_url(overdue="yes"),
        }
        today = timezone.localdate()
        if roles.is_secretariat(request.user) or roles.is_editor(request.user):
            context["submission_calendar"] = submission_calendar(
                staff_countries(request.user, today), today
            )
        if roles.is_secretariat(request.user):
            context["submission_url"] = reverse("admin:submission")
            work = workspace.secretariat_work(today=today)
            for ministry in work.overdue_by_ministry:
                ministry.overdue_url = changelist_url(ministry=ministry.pk, overdue="yes")
            if work.latest_import:
                report = work.latest_import.report.pk
                context["next_step_urls"] = {
                    "report": changelist_url(report=report),
                    "lead_ministry": changelist_url(report=report, missing="lead_ministry"),
                    "target_date": changelist_url(report=report, missing="target_date"),
                }
            context["secretariat_work"] = work
            if roles.can_review(request.user):
                context["review_waiting"] = review.waiting_count()
        elif roles.is_editor(request.user):
            context["editor_work"] = workspace.editor_work(user=request.user, today=today)
            context["returned"] = review.returned_to(
                request.user, recommendations=Recommendation.objects.visible_to(request.user)
            )
        return super().index(request, {**context, **(extra_context or {})})


def changelist_url(**filters) -> str:
    """The recommendations' change list, filtered by its list filters' parameters."""
    url = reverse("admin:recommendations_recommendation_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url
