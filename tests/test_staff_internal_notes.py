"""An internal evidence note never leaves the staff workspace, whoever wrote it."""

import pytest
from django.urls import URLPattern, URLResolver, converters, reverse

from recommendations import services, urls
from recommendations.models import Visibility

from .factories import (
    CountryFactory,
    EditorFactory,
    MinistryFactory,
    RecommendationFactory,
    ReportFactory,
    SecretariatFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _patterns(patterns, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}", pattern.pattern.converters


def _argument(name, converter, rec):
    """A value for a URL argument, from its name, else from its type."""
    by_name = {
        "pk": rec.pk,
        "id": rec.pk,
        "recommendation": rec.pk,
        "year": rec.report.year,
        "position": rec.position,
        "country": rec.report.country.slug,
        "ministry": rec.lead_ministry.slug,
        "area": rec.area,
        "status": rec.status,
    }
    if name in by_name:
        return by_name[name]
    if isinstance(converter, converters.IntConverter):
        return rec.pk
    return rec.report.country.slug


def public_urls(rec):
    for name, url_converters in _patterns(urls.urlpatterns, urls.app_name):
        kwargs = {key: _argument(key, conv, rec) for key, conv in url_converters.items()}
        yield reverse(name, kwargs=kwargs)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("author_kind", ["editor", "secretariat", "superuser", "nobody"])
def test_internal_note_text_is_on_no_public_page(client, author_kind):
    country = CountryFactory(name="Saint Lucia", slug="saint-lucia")
    ministry = MinistryFactory(slug="labour")
    rec = RecommendationFactory(report=ReportFactory(country=country), lead_ministry=ministry)
    secretariat = SecretariatFactory()
    author = {
        "editor": EditorFactory(ministries=[ministry]),
        "secretariat": secretariat,
        "superuser": UserFactory(is_superuser=True),
        "nobody": None,
    }[author_kind]
    secret = "Survivor Zelphine hid at the Anse-la-Raye guesthouse"
    if author is None:
        services.evidence_note_create(
            recommendation=rec, author=None, happened_on="2020-02-01", text=secret
        )
    else:
        services.evidence_note_add(
            recommendation=rec, user=author, happened_on="2020-02-01", text=secret
        )
    public = services.evidence_note_add(
        recommendation=rec,
        user=secretariat,
        happened_on="2020-03-01",
        text="Cabinet approved the SOPs",
        visibility=Visibility.PUBLIC,
    )
    assert public.visibility == Visibility.PUBLIC
    pages = list(public_urls(rec))
    assert "/" in pages and rec.get_absolute_url() in pages
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        content = body(response)
        assert "Zelphine" not in content and "Anse-la-Raye" not in content, url
