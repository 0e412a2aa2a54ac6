"""Every page of the staff workspace answers each role with a page, a refusal or a redirect,
never a server error: the list, the add page, and the change, history and delete pages of one
object of each model, the delete confirmation of the list's action, and the workspace's own
pages (import, export, password)."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from recommendations import services
from recommendations.models import SubmissionDeadline

from ..admin_forms import login
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    MinistryFactory,
    RecommendationFactory,
    ReminderDigestFactory,
    SecretariatFactory,
    StatusChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "secretariat", "editor", "staff_without_role"]


@pytest.fixture
def workspace():
    """One object of each model the admin shows, and one user of each role."""
    ministry = MinistryFactory()
    users = {
        "superuser": UserFactory(is_superuser=True),
        "secretariat": SecretariatFactory(),
        "editor": EditorFactory(ministries=[ministry]),
        "staff_without_role": UserFactory(),
    }
    rec = RecommendationFactory(lead_ministry=ministry)
    EvidenceNoteFactory(recommendation=rec, author=users["editor"])
    StatusChangeFactory(recommendation=rec, changed_by=users["editor"])
    ReminderDigestFactory(user=users["editor"])
    SubmissionDeadline.objects.create(
        country=ministry.country, period=2021, deadline=datetime.date(2021, 2, 1)
    )
    TOTPDevice.objects.create(user=users["secretariat"], name="phone")
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", failures_since_start=1)
    AccessLog.objects.create(username="someone", ip_address="192.0.2.1")
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1")
    # The audit log has rows for what the services wrote; one more for a status change.
    services.recommendation_bulk_set_status(
        recommendations=[rec], status="stalled", user=users["editor"]
    )
    assert all(model._default_manager.exists() for model in admin.site._registry)
    return users


def _admin_urls():
    """The pages of each model the admin registers, for one object of each (every user)."""
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{name}_changelist"), None
        yield reverse(f"{name}_add"), None
        objects = model._default_manager.order_by("pk")
        # Every user: a superuser's page is not the page of anyone else.
        for obj in objects if opts.label == "auth.User" else objects[:1]:
            for page in ("change", "history", "delete"):
                yield reverse(f"{name}_{page}", args=[obj.pk]), None
            delete_selected = {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: [obj.pk]}
            yield reverse(f"{name}_changelist"), delete_selected
            if opts.label == "auth.User":
                yield reverse("admin:auth_user_password_change", args=[obj.pk]), None


def _workspace_urls():
    yield reverse("admin:index"), None
    for app_label in ("auth", "recommendations", "auditlog", "axes", "otp_totp"):
        yield reverse("admin:app_list", args=[app_label]), None
    yield reverse("admin:recommendations_report_import"), None
    yield reverse("admin:recommendations_recommendation_export"), None
    yield reverse("admin:submission"), None


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_page_answers_any_role_with_a_server_error(workspace, role):
    client = login(Client(raise_request_exception=False), workspace[role])
    visited, errors = 0, []
    for url, post in [*_workspace_urls(), *_admin_urls()]:
        response = client.post(url, post) if post else client.get(url)
        visited += 1
        if response.status_code >= 500:
            errors.append((url, post and post["action"], response.status_code))
    assert visited > 80
    assert errors == []
