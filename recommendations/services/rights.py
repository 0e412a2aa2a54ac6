"""The refusal the services share: a person may not change a recommendation outside their
scope (roles.can_edit_recommendation, roles.editable_recommendations). Each service that may
be called by a person checks it before it writes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .. import roles
from ..models import Recommendation


def refused() -> PermissionDenied:
    return PermissionDenied(_("You may not change this recommendation."))


def require_edit(user, recommendation: Recommendation) -> None:
    if not roles.can_edit_recommendation(user, recommendation):
        raise refused()
