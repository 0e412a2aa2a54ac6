"""The open data: ``/data/`` (what the downloads hold, a ZIP for each country and one for
every country) and the ZIPs themselves, built when first asked after a change and streamed as
they are written, then served from the copy kept (recommendations/opendata/)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..models import Country
from ..models.places import is_country_slug
from ..opendata.archive import EVERY_COUNTRY_NAME, archive_filename, open_data_archive
from ..opendata.dictionary import every_table
from ..opendata.store import kept, stored_path
from .cache import EVERY_COUNTRY, Scope, page_key, page_versions
from .statistics import small_label


class OpenDataView(TemplateView):
    """The downloads, each country with how many reports and recommendations it holds."""

    template_name = "recommendations/data.html"

    def get_context_data(self, **kwargs):
        countries = Country.objects.with_reports().annotate(
            report_count=Count("reports", distinct=True),
            recommendation_count=Count("reports__recommendations"),
        )
        small = small_label(settings.TIPT_SMALL_COUNT_THRESHOLD)
        return super().get_context_data(
            countries=countries.order_by("name"),
            tables=every_table(small),
            small_label=small,
            **kwargs,
        )


def country_archive(request, slug):
    """One country's record."""
    if not is_country_slug(slug):
        raise Http404(_("No such country."))
    country = get_object_or_404(Country.objects.with_reports(), slug=slug)
    countries = Country.objects.filter(pk=country.pk)
    title = _("%(country)s: the TIP Report recommendations and their progress") % {
        "country": country.name
    }
    return _archive_response(
        request, countries, name=country.slug, title=title, scope=Scope(slug=country.slug)
    )


def every_country_archive(request):
    """The record of every country with a report."""
    title = _("Every country: the TIP Report recommendations and their progress")
    countries = Country.objects.with_reports()
    return _archive_response(
        request, countries, name=EVERY_COUNTRY_NAME, title=title, scope=EVERY_COUNTRY
    )


def _archive_response(request, countries, *, name: str, title: str, scope: Scope):
    """The ZIP kept since the data last changed (opendata/store.py), else built and sent as it
    is written, and kept. Keyed as a page without parameters is: anything added to the address
    neither builds it again nor fills the disk."""
    key = page_key(request, page_versions(scope), layer="data", query="")
    group = f"{name}.{translation.get_language()}"
    path = stored_path(group, key)
    filename = archive_filename(name, timezone.localdate())
    try:
        handle = path.open("rb")
    except OSError:  # none kept yet (or no folder to keep it in: kept() says so)
        pass
    else:
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/zip"
        )
    archive, filename = open_data_archive(
        countries,
        name=name,
        title=title,
        absolute_url=request.build_absolute_uri,
        homepage=request.build_absolute_uri(reverse("recommendations:data")),
    )
    response = StreamingHttpResponse(kept(archive, path, group), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
