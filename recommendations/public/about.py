"""The methodology page, ``/about/``: what each status means, who decides and reviews it, what
"carried over" and "dropped" mean, how periods and the report's own figures are read, how small
counts are protected, and the data's licence. The rules it states are read from their homes (the
settings, the calendar, the statistics page's label), so the page says what the site does."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .. import calendar
from ..models import Status
from .statistics import small_label

# What each status says of a recommendation, in the order of Status.
STATUS_MEANINGS = {
    Status.NOT_STARTED: _("No action has been recorded on it yet."),
    Status.IN_PROGRESS: _(
        "Work on it has begun and is not finished: a draft, a plan, a training under way."
    ),
    Status.STALLED: _(
        "Work began but has stopped, for example while it waits for a decision, a law or funds."
    ),
    Status.COMPLETED: _("What it asks has been done."),
}

# The licence of the published data: the pages, the exports and the feed.
DATA_LICENCE_NAME = "CC BY 4.0"
DATA_LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


class AboutView(TemplateView):
    template_name = "recommendations/about.html"

    def get_context_data(self, **kwargs):
        period = calendar.current_period(timezone.localdate())
        start, end = calendar.period_bounds(period)
        threshold = settings.TIPT_SMALL_COUNT_THRESHOLD
        return super().get_context_data(
            statuses=[(status, status.label, STATUS_MEANINGS[status]) for status in Status],
            status_review=settings.TIPT_STATUS_REVIEW,
            completed_label=Status.COMPLETED.label,
            period=period,
            period_start=start,
            period_end=end,
            example_year=period - 2,
            example_period=calendar.period_named(period - 2),
            threshold=threshold,
            small_label=small_label(threshold),
            licence_name=DATA_LICENCE_NAME,
            licence_title=DATA_LICENCE_TITLE,
            licence_url=DATA_LICENCE_URL,
            **kwargs,
        )
