"""The TIP statistics in the staff workspace: the metrics' catalogue (the secretariat's), and a
ministry's grid of values for a reporting period, one form for every metric assigned to it and
every breakdown cell (``/admin/statistics/``). The writes are services/statistics.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from .. import calendar, roles, services
from ..models import TOTAL, Metric, Ministry, Review, StatisticValue, Unit, breakdown_cells
from ..selectors.review import comment_readable
from ..selectors.statistics import report_figures, statistics_gaps
from ..translation import in_page_language
from .translations import FrenchVersionFilter

# The periods a grid offers: the one being gathered and the three before it.
PERIODS_SHOWN = 4


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "area", "unit", "breakdown", "position"]
    list_filter = ["area", "unit", FrenchVersionFilter]
    filter_horizontal = ["ministries"]
    search_fields = ["name_en", "name_fr", "code"]
    # The name in English and French (name_en, name_fr), not the column they keep in step.
    exclude = ["name"]

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user) or roles.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return roles.secretariat_may(request.user, "change_recommendation")

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        # A metric with values keeps them (PROTECT); one added by mistake may go.
        return self.has_add_permission(request) and (obj is None or not obj.values.exists())


def _field_name(metric, cell, part="value") -> str:
    return f"{part}-{metric.pk}-{cell or 'total'}"


class StatisticsGridForm(forms.Form):
    """Every metric of a ministry, a value for its total and for each breakdown cell; a note
    per metric; for money, the currency and the amount in US dollars."""

    def __init__(self, *args, metrics, saved, viewer, said=None, **kwargs):
        """``saved`` maps each review state to {(metric pk, cell): value row}: for an editor a
        field shows the value waiting, else the approved one; for the secretariat the approved
        one (a value waiting is decided in the review queue, never approved by saving the
        grid). Each row of the page shows both, and a returned value with its comment to its
        author and the secretariat. Only the fields changed are written (``entries``)."""
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        self.rows = []
        approved = saved.get(Review.APPROVED, {})
        waiting = saved.get(Review.PENDING, {})
        returned = saved.get(Review.RETURNED, {})
        shown = approved if roles.is_secretariat(viewer) else {**approved, **waiting}
        for metric in metrics:
            cells = []
            for cell, dimension, label in [
                (TOTAL, "", gettext("Total")),
                *breakdown_cells(metric.breakdown),
            ]:
                name = _field_name(metric, cell)
                current = shown.get((metric.pk, cell))
                self.fields[name] = _amount_field(
                    metric,
                    label=f"{metric.name}: {dimension} {label}".replace(":  ", ": "),
                    initial=current.value if current else None,
                )
                key = (metric.pk, cell)
                sent_back = returned.get(key)
                cells.append(
                    {
                        "cell": cell,
                        "label": f"{dimension}: {label}" if dimension else label,
                        "field": self[name],
                        "approved": approved.get(key),
                        "waiting": waiting.get(key),
                        "returned": sent_back,
                        "comment": sent_back.comment
                        if sent_back and comment_readable(viewer, sent_back.entered_by_id)
                        else "",
                    }
                )
            extra = {}
            total = shown.get((metric.pk, TOTAL))
            self.fields[_field_name(metric, TOTAL, "note")] = forms.CharField(
                label=gettext("Note on %(metric)s") % {"metric": metric.name},
                required=False,
                max_length=500,
                initial=total.note if total else "",
            )
            extra["note"] = self[_field_name(metric, TOTAL, "note")]
            if metric.unit == Unit.MONEY:
                self.fields[_field_name(metric, TOTAL, "currency")] = forms.RegexField(
                    label=gettext("Currency"),
                    regex=r"^[A-Za-z]{3}$",
                    required=False,
                    initial=total.currency if total else "",
                    help_text=gettext("Three letters, for example XCD."),
                )
                self.fields[_field_name(metric, TOTAL, "usd")] = _amount_field(
                    metric, label=gettext("In US dollars"), initial=total.usd if total else None
                )
                extra["currency"] = self[_field_name(metric, TOTAL, "currency")]
                extra["usd"] = self[_field_name(metric, TOTAL, "usd")]
            figure = (said or {}).get(metric.pk)
            ours = shown.get((metric.pk, TOTAL))
            self.rows.append(
                {
                    "metric": metric,
                    "cells": cells,
                    "extra_fields": list(extra.values()),
                    "report_figure": figure,
                    "differs": bool(figure and ours) and figure.value != ours.value,
                    **extra,
                }
            )

    def clean(self):
        cleaned = super().clean()
        for metric in self.metrics:
            if metric.unit != Unit.MONEY:
                continue
            amount = cleaned.get(_field_name(metric, TOTAL))
            currency = cleaned.get(_field_name(metric, TOTAL, "currency"))
            if amount is not None and not currency:
                self.add_error(
                    _field_name(metric, TOTAL, "currency"),
                    gettext("Say which currency the amount is in, for example XCD."),
                )
        return cleaned

    def entries(self) -> list[services.Entry]:
        """The cells the writer changed on the page (a total with its note, currency and US
        dollars when any of them changed); a cell left as shown is not written again."""
        data = self.cleaned_data
        changed = set(self.changed_data)
        found = []
        for row in self.rows:
            metric = row["metric"]
            total_parts = {row[part].name for part in ("note", "currency", "usd") if part in row}
            note = data.get(row["note"].name, "")
            currency = data.get(row["currency"].name, "") if "currency" in row else ""
            usd = data.get(row["usd"].name) if "usd" in row else None
            for entry in row["cells"]:
                cell = entry["cell"]
                names = {entry["field"].name} | (total_parts if cell == TOTAL else set())
                if not names & changed:
                    continue
                found.append(
                    services.Entry(
                        metric=metric,
                        cell=cell,
                        value=data.get(entry["field"].name),
                        note=note if cell == TOTAL else "",
                        currency=(currency or "").upper() if cell == TOTAL else "",
                        usd=usd if cell == TOTAL else None,
                    )
                )
        return found


def _amount_field(metric, *, label, initial):
    """A count (whole) or an amount of money (cents), as the value column holds it: at most
    14 digits before the point. The saved value shows without trailing zeros (10, not
    10.00), so a page saved as shown is valid again."""
    money = metric.unit == Unit.MONEY
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=16 if money else 14,
        decimal_places=2 if money else 0,
        initial=None if initial is None else initial.normalize(),
        widget=forms.NumberInput(attrs={"class": "tipt-stat-input"}),
    )


def statistics_index_view(request, admin_site):
    """The periods and the ministries whose grid this person may fill in."""
    user = request.user
    if not (roles.is_secretariat(user) or roles.is_editor(user)):
        raise PermissionDenied
    ministries = Ministry.objects.select_related("country").order_by(
        in_page_language("country__name"), in_page_language("name")
    )
    if not roles.is_secretariat(user):
        ministries = ministries.filter(pk__in=roles.ministry_ids(user))
    ministries = list(ministries.filter(metrics__isnull=False).distinct())
    current = calendar.period_of(timezone.localdate())
    missing = dict(statistics_gaps(ministries, current))
    for ministry in ministries:
        ministry.missing = missing.get(ministry, [])
    context = {
        **admin_site.each_context(request),
        "title": gettext("Statistics"),
        "ministries": ministries,
        "periods": [current - n for n in range(PERIODS_SHOWN)],
        "current_period": current,
    }
    return TemplateResponse(request, "admin/statistics/index.html", context)


def statistics_grid_view(request, admin_site, period: int, ministry: int):
    ministry = get_object_or_404(Ministry.objects.select_related("country"), pk=ministry)
    if not services.statistics.may_enter(request.user, ministry):
        raise PermissionDenied
    if not calendar.is_report_year(period):
        raise Http404(gettext("No such reporting period."))
    metrics = list(ministry.metrics.order_by("position", "code"))
    values = StatisticValue.objects.filter(
        country=ministry.country_id,
        period=period,
        metric__in=metrics,
        state__in=[Review.APPROVED, Review.PENDING, Review.RETURNED],
    ).order_by("entered_at", "pk")
    saved = {}
    for value in values:
        saved.setdefault(value.state, {})[(value.metric_id, value.cell)] = value
    said = {
        metric_pk: figure
        for (metric_pk, _period), figure in report_figures(ministry.country, [period]).items()
    }
    form = StatisticsGridForm(
        request.POST if request.method == "POST" else None,
        metrics=metrics,
        saved=saved,
        said=said,
        viewer=request.user,
    )
    if form.is_bound and form.is_valid():
        written = services.statistics_enter(
            user=request.user, ministry=ministry, period=period, entries=form.entries()
        )
        waiting = [row for row in written if row.state == Review.PENDING]
        if waiting:
            message = ngettext(
                "%(count)d value waits for the secretariat's review; the public sees the "
                "approved figures until then.",
                "%(count)d values wait for the secretariat's review; the public sees the "
                "approved figures until then.",
                len(waiting),
            )
        else:
            message = ngettext("%(count)d value saved.", "%(count)d values saved.", len(written))
        messages.success(request, message % {"count": len(written)})
        return HttpResponseRedirect(request.path)
    start, end = calendar.period_bounds(period)
    context = {
        **admin_site.each_context(request),
        "title": gettext("%(ministry)s: statistics of the %(period)s reporting period")
        % {"ministry": ministry, "period": period},
        "ministry": ministry,
        "period": period,
        "period_start": start,
        "period_end": end,
        "form": form,
        "index_url": reverse("admin:statistics"),
    }
    return TemplateResponse(request, "admin/statistics/grid.html", context)
