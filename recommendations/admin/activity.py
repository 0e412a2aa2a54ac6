"""The staff workspace's activity page (/admin/activity/, "admin:activity"): what changed, when
and by whom, in words, filtered by person, ministry, recommendation and dates. The secretariat
reads everything, a ministry editor what happened to the recommendations they may see
(selectors/activity.py), anyone else is refused."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from .. import roles
from ..selectors.activity import PER_PAGE, activity
from .activity_forms import ActivityFilterForm


def activity_view(request, admin_site):
    if not (roles.is_secretariat(request.user) or roles.is_editor(request.user)):
        raise PermissionDenied
    form = ActivityFilterForm(request.GET, user=request.user)
    page = None
    if form.is_valid():
        paginator = Paginator(activity(form.filters()), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
    context = {
        **admin_site.each_context(request),
        "title": gettext("Activity"),
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number) if page else [],
        "recommendation": form.cleaned_data.get("recommendation") if page else None,
    }
    return TemplateResponse(request, "admin/activity.html", context)
