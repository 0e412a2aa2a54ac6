"""The public progress report: ``/progress-report/?country=&period=`` shows a country's latest
approved submission pack for a period (its latest period when none is asked) as the public may
read it (selectors/submission.py, ``public_pack_data``: published evidence still published,
approved statistics), English and French, printable on A4; ``/progress-report/pdf/`` is the
same as a PDF. Both are cached whole with their country's pages: a note withdrawn since the
approval, or a new approval, forgets them."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..models import Country, SubmissionPack
from ..models.places import is_country_slug
from ..selectors.submission import public_pack_data
from ..submission import filename, printed
from ..submission.layout import pack_layout
from .cache import known_query, shown_country, shown_country_slug

QUERY = ["country", "period"]


def latest_approved(
    country: Country, period: int | None = None, *, summary: bool = False
) -> SubmissionPack | None:
    """``country``'s latest approved pack (of ``period``, or of its latest period); with
    ``summary``, only its period, version and date (for a link)."""
    packs = SubmissionPack.objects.filter(country=country).defer("docx", "pdf")
    if summary:
        packs = packs.only("country", "period", "version", "approved_at")
    if period is not None:
        packs = packs.filter(period=period)
    return packs.order_by("-period", "-version").first()


def progress_query(data):
    query = known_query(data, QUERY)
    period = query.get("period")
    if period is not None and not (period.isdigit() and len(period) == 4):
        return None
    return query


def _pack(request) -> SubmissionPack:
    slug = shown_country_slug(request.GET)
    country = Country.objects.filter(slug=slug).first() if is_country_slug(slug) else None
    period = request.GET.get("period")
    if country is None or (period and not period.isdigit()):
        raise Http404(_("No such country."))
    pack = latest_approved(country, int(period) if period else None)
    if pack is None:
        raise Http404(_("No progress report has been approved for this period yet."))
    pack.country = country
    return pack


def _layout(pack: SubmissionPack):
    return pack_layout(
        public_pack_data(pack.data), approved_at=pack.approved_at, version=pack.version
    )


class ProgressReportView(TemplateView):
    template_name = "recommendations/progress_report.html"
    cache_query = staticmethod(progress_query)
    cache_scope = staticmethod(shown_country)

    def get_context_data(self, **kwargs):
        pack = _pack(self.request)
        url = progress_url(pack.country.slug, pack.period, "recommendations:progress_report_pdf")
        return super().get_context_data(pack=_layout(pack), pdf_url=url, **kwargs)


def progress_url(slug: str, period: int, name: str = "recommendations:progress_report") -> str:
    """The address of a country's progress report for ``period`` (with ``name``, its PDF)."""
    return f"{reverse(name)}?{urlencode({'country': slug, 'period': period})}"


def progress_report_pdf(request):
    pack = _pack(request)
    response = HttpResponse(printed.pack_pdf(_layout(pack)), content_type="application/pdf")
    name = filename(pack.data, "pdf", version=pack.version).replace("submission", "progress")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
