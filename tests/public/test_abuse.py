"""Bad input and abuse: random query strings and paths never break a public page, random
internal notes never reach the public, and markup typed by staff stays inert everywhere."""

import html
import string
import urllib.parse

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import services
from recommendations.models import EvidenceNote, Recommendation, Status
from recommendations.public.cache import forget_cached_pages

from ..factories import SecretariatFactory
from ..public_data import build_site

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LIST_PARAMETERS = ["country", "year", "status", "area", "ministry", "overdue", "q", "o", "page"]
# Every kind of character, including controls, surrogates' neighbours and very long values.
values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["0", "-1", "99999999999999999999", "2020", "in_progress", "yes", ""]),
    st.text(alphabet=string.printable, min_size=200, max_size=3000),
)
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(LIST_PARAMETERS), st.text(max_size=10)), values),
    max_size=6,
).map(lambda pairs: urllib.parse.urlencode(pairs))


class Rollback(Exception):
    pass


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Traceback" not in body
    return body


@pytest.fixture
def site(db):
    return build_site(6)


@FUZZ
@given(query=query_strings)
def test_random_query_strings_never_break_the_list_or_the_export(client, site, query):
    client.raise_request_exception = False
    for name in ("list", "export", "home"):
        assert_no_server_error(client.get(f"{reverse(f'recommendations:{name}')}?{query}"))


@FUZZ
@given(
    path=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        max_size=60,
    )
)
def test_random_paths_never_break_the_site(client, site, path):
    client.raise_request_exception = False
    quoted = urllib.parse.quote(path, safe="/?=&")
    for prefix in ("/recommendations/", "/", "/fr/recommendations/", "/feed/"):
        assert_no_server_error(client.get(prefix + quoted))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.text(
        alphabet=string.ascii_letters + string.digits + " <>&\"'éò", min_size=6, max_size=80
    )
)
def test_random_internal_notes_never_reach_a_public_response(client, site, body):
    text = f"QZX{body}XZQ"
    rec = site.recommendations.order_by("position").first()
    pages = [
        reverse("recommendations:home"),
        reverse("recommendations:list"),
        f"{reverse('recommendations:list')}?q=QZX",
        rec.get_absolute_url(),
        f"/fr{rec.get_absolute_url()}",
        reverse("recommendations:feed"),
        reverse("recommendations:export"),
        f"{reverse('recommendations:export')}?q=QZX",
    ]
    forms = {text, html.escape(text), html.escape(text, quote=False), text.replace("&", "&amp;")}
    forget_cached_pages()
    try:
        with transaction.atomic():
            services.evidence_note_add(
                recommendation=rec,
                user=SecretariatFactory(),
                happened_on="2021-02-01",
                text=text,
            )
            assert EvidenceNote.objects.filter(text=text).exists()
            for url in pages:
                body_bytes = assert_no_server_error(client.get(url))
                content = body_bytes.decode("utf-8")
                for form in forms:
                    assert form not in content, url
            raise Rollback
    except Rollback:
        pass


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_every_staff_field_is_inert_on_public_and_admin_pages(client):
    report = build_site(2)
    rec = report.recommendations.order_by("position").first()
    secretariat = SecretariatFactory()
    rec.title = f"Title {PAYLOAD}"
    rec.text = f"Text {PAYLOAD}"
    rec.save()
    rec.lead_ministry.name = f"Ministry {PAYLOAD}"
    rec.lead_ministry.short_name = "M<b>x</b>"
    rec.lead_ministry.save()
    report.summary = f"Summary {PAYLOAD}"
    report.save()
    report.country.name = f"Country {PAYLOAD}"
    report.country.save()
    note = services.evidence_note_add(
        recommendation=rec, user=secretariat, happened_on="2021-02-01", text=f"Note {PAYLOAD}"
    )
    note.link = "javascript:alert(1)"
    note.save()
    services.evidence_notes_publish(notes=EvidenceNote.objects.filter(pk=note.pk), user=secretariat)
    services.recommendation_bulk_set_status(
        recommendations=[rec], status=Status.STALLED, user=secretariat, note=f"Why {PAYLOAD}"
    )
    public = [
        reverse("recommendations:home"),
        reverse("recommendations:list"),
        rec.get_absolute_url(),
        reverse("recommendations:feed"),
    ]
    client.force_login(secretariat)
    admin = [
        reverse("admin:recommendations_recommendation_changelist"),
        reverse("admin:recommendations_recommendation_change", args=[rec.pk]),
        reverse("admin:recommendations_evidencenote_changelist"),
        reverse("admin:recommendations_ministry_changelist"),
        reverse("admin:recommendations_report_changelist"),
        reverse("admin:recommendations_country_changelist"),
    ]
    for url in public + admin:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
        assert 'href="javascript:' not in content, url
        assert "<b>x</b>" not in content, url
    assert Recommendation.objects.filter(title__contains="<script>").exists()
