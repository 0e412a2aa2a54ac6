"""The annual submission in the staff workspace (``/admin/submission/``, linked from Reports):
the secretariat chooses a country, a period and which internal notes go in, downloads the
draft pack (Word, PDF or HTML), approves it (services/submission.py freezes it) and downloads
any approved version as it was stored. The deadlines are recorded on their own admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import calendar, roles, services
from ..models import Country, NoteChoice, SubmissionDeadline, SubmissionPack
from ..selectors.submission import NoReport, pack_data
from ..submission import FORMATS, filename, render
from .common import FIELD_OPTIONS


def _require_secretariat(request) -> None:
    if not roles.is_secretariat(request.user):
        raise PermissionDenied(gettext("Only the task force secretariat prepares the submission."))


class SubmissionForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.with_reports(), empty_label=None
    )
    period = forms.IntegerField(
        label=_("Reporting period"),
        min_value=calendar.FIRST_REPORT_YEAR + 1,
        max_value=calendar.LAST_PLAUSIBLE_YEAR,
        help_text=_("Period 2027 runs from 1 April 2026 to 31 March 2027."),
    )
    notes = forms.ChoiceField(
        label=_("Evidence notes"), choices=NoteChoice.choices, initial=NoteChoice.MARKED
    )


def _download(content: bytes, *, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def submission_view(request, admin_site):
    _require_secretariat(request)
    data = request.POST if request.method == "POST" else request.GET
    initial = {"period": calendar.current_period(timezone.localdate())}
    form = SubmissionForm(data if "country" in data else None, initial=initial)
    if form.is_bound and form.is_valid():
        country, period = form.cleaned_data["country"], form.cleaned_data["period"]
        notes = form.cleaned_data["notes"]
        try:
            if request.method == "POST" and "approve" in request.POST:
                pack = services.submission_pack_approve(
                    user=request.user, country=country, period=period, notes=notes
                )
                messages.success(
                    request,
                    gettext("Version %(version)d approved and stored as sent.")
                    % {"version": pack.version},
                )
                query = urlencode({"country": country.pk, "period": period, "notes": notes})
                return HttpResponseRedirect(f"{request.path}?{query}")
            fmt = request.POST.get("format") if request.method == "POST" else None
            if fmt in FORMATS:
                rendered = render(pack_data(country, period, notes=notes), fmt)
                return _download(
                    rendered.content, content_type=rendered.content_type, name=rendered.filename
                )
        except NoReport:
            form.add_error(
                "period",
                gettext("%(country)s has no report before this period.") % {"country": country},
            )
    versions = SubmissionPack.objects.none()
    if form.is_bound and form.is_valid():
        versions = SubmissionPack.objects.filter(
            country=form.cleaned_data["country"], period=form.cleaned_data["period"]
        )
    context = {
        **admin_site.each_context(request),
        "title": gettext("Submission for a period"),
        "form": form,
        "formats": list(FORMATS),
        "versions": versions.select_related("approved_by").defer("docx", "pdf", "data"),
        "recent": SubmissionPack.objects.select_related("country", "approved_by")
        .defer("docx", "pdf", "data")
        .order_by("-approved_at")[:20],
    }
    return TemplateResponse(request, "admin/submission/index.html", context)


def submission_version_view(request, admin_site, pk: int, fmt: str):
    """An approved version's stored document, byte for byte."""
    _require_secretariat(request)
    pack = get_object_or_404(SubmissionPack.objects.select_related("country"), pk=pk)
    stored = {"docx": pack.docx, "pdf": pack.pdf}
    if fmt not in stored:
        raise Http404(gettext("An approved pack is kept as DOCX and PDF."))
    return _download(
        bytes(stored[fmt]),
        content_type=FORMATS[fmt],
        name=filename(pack.data, fmt, version=pack.version),
    )


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(admin.ModelAdmin):
    """The deadline of each period's submission, recorded by the secretariat."""

    list_display = ["country", "period", "deadline", "recorded_by", "recorded_at"]
    list_filter = ["country"]
    fields = ["country", "period", "deadline"]
    formfield_overrides = FIELD_OPTIONS

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def save_model(self, request, obj, form, change):
        saved = services.submission_deadline_record(
            user=request.user, country=obj.country, period=obj.period, deadline=obj.deadline
        )
        obj.pk = saved.pk
        obj.refresh_from_db()
