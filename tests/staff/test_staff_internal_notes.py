"""An internal evidence note never leaves the staff workspace, whoever wrote it."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, converters, reverse
from pypdf import PdfReader

from recommendations import services
from recommendations.models import NoteChoice, Visibility
from recommendations.public import urls
from recommendations.services.evidence import _evidence_note_create
from recommendations.spreadsheets import XLSX_TYPE

from ..admin_forms import login
from ..documents import upload
from ..factories import (
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
        # A published document of the recommendation's (the test gives it one).
        "public_id": getattr(rec, "public_document_id", ""),
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
    """What a public response says, as text: a page, a CSV, every cell of a spreadsheet,
    every file of a ZIP, the text of a PDF."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if response["Content-Type"] == XLSX_TYPE:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    if response["Content-Type"] == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("author_kind", ["editor", "secretariat", "superuser", "nobody"])
def test_internal_note_text_is_on_no_public_page(client, author_kind):
    country = CountryFactory(name="Saint Lucia", slug="saint-lucia")
    ministry = MinistryFactory(slug="labour")
    rec = RecommendationFactory(
        report=ReportFactory(country=country, year=2019), lead_ministry=ministry
    )
    secretariat = SecretariatFactory()
    author = {
        "editor": EditorFactory(ministries=[ministry]),
        "secretariat": secretariat,
        "superuser": UserFactory(is_superuser=True),
        "nobody": None,
    }[author_kind]
    secret = "Survivor Zelphine hid at the Anse-la-Raye guesthouse"
    if author is None:
        internal = _evidence_note_create(
            recommendation=rec, author=None, happened_on="2020-02-01", text=secret
        )
    else:
        internal = services.evidence_note_add(
            recommendation=rec, user=author, happened_on="2020-02-01", text=secret
        )
    # Its document, even marked public, stays internal with its note.
    services.evidence_document_add(
        note=internal, user=secretariat, upload=upload("Zelphine statement.pdf"), public=True
    )
    public = services.evidence_note_add(
        recommendation=rec,
        user=secretariat,
        happened_on="2020-03-01",
        text="Cabinet approved the SOPs",
        visibility=Visibility.PUBLIC,
    )
    assert public.visibility == Visibility.PUBLIC
    # A submission pack given every note, the internal one too: its public progress report.
    services.submission_pack_approve(
        user=secretariat, country=country, period=2020, notes=NoteChoice.ALL
    )
    # And a public note's document kept internal: its name is on no public page either.
    services.evidence_document_add(
        note=public, user=secretariat, upload=upload("Anse-la-Raye interview.pdf")
    )
    rec.public_document_id = services.evidence_document_add(
        note=public, user=secretariat, upload=upload("SOPs.pdf"), public=True
    ).public_id
    pages = list(public_urls(rec))
    assert "/" in pages and rec.get_absolute_url() in pages
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        content = body(response)
        assert "Zelphine" not in content and "Anse-la-Raye" not in content, url


def _staff_pages(client, rec, note):
    """What a staff member gets on each workspace page that could show ``note``: its status
    code and whether the note's text, its link or the address of its page is on it."""
    note_url = reverse("admin:recommendations_evidencenote_change", args=[note.pk])
    urls = {
        "recommendation": reverse("admin:recommendations_recommendation_change", args=[rec.pk]),
        "history": reverse("admin:recommendations_recommendation_history", args=[rec.pk]),
        "note": note_url,
        "notes": reverse("admin:recommendations_evidencenote_changelist"),
        "recommendations": reverse("admin:recommendations_recommendation_changelist"),
        "csv": reverse("admin:recommendations_recommendation_export"),
    }
    seen = {}
    for page, url in urls.items():
        response = client.get(url)
        content = body(response)
        # A refusal may name the address it was asked for; a page must not link to it.
        linked = url != note_url and note_url in content
        shown = note.text in content or note.link in content or linked
        seen[page] = (response.status_code, shown)
    return seen


def test_a_note_is_read_by_its_recommendations_ministries_not_where_its_author_moved(client):
    police, labour, immigration = (MinistryFactory() for _ in range(3))
    rec = RecommendationFactory(lead_ministry=police, title="Police recommendation")
    rec.supporting_ministries.add(immigration)
    mover = EditorFactory(ministries=[police], email="mover@example.org")
    note = services.evidence_note_add(
        recommendation=rec,
        user=mover,
        happened_on="2020-02-01",
        text="Raid at the Vieux Fort bar, two minors referred",
        link="https://example.org/police/raid-report",
    )
    services.staff_user_set_role(user=mover, role="editor", ministries=[labour])
    readers = {
        "Police's new editor": EditorFactory(ministries=[police]),
        "Immigration's editor": EditorFactory(ministries=[immigration]),
        "the secretariat": SecretariatFactory(),
    }
    others = {"the editor who moved": mover, "Labour's editor": EditorFactory(ministries=[labour])}
    for who, user in readers.items():
        seen = _staff_pages(login(client, user), rec, note)
        assert seen["recommendation"] == (200, True), who
        assert seen["note"] == (200, True), who
        assert seen["notes"] == (200, True), who
        assert seen["recommendations"] == (200, False), who
    for who, user in others.items():
        seen = _staff_pages(login(client, user), rec, note)
        assert {page: shown for page, (_code, shown) in seen.items()} == dict.fromkeys(seen, False)
        # Refused with the page saying whose it is (tests/staff/test_admin_elsewhere.py).
        assert seen["recommendation"][0] == seen["note"][0] == seen["history"][0] == 403, who


def test_no_public_page_or_feed_counts_the_internal_notes_between_two_public_ones(client):
    import re

    secretariat = SecretariatFactory()
    rec = RecommendationFactory()
    shown = []
    for index in range(6):
        note = _evidence_note_create(
            recommendation=rec, author=secretariat, happened_on="2020-05-01", text=f"note {index}"
        )
        if index in (0, 5):  # the four between them stay internal
            services.evidence_notes_publish(
                notes=[note], user=secretariat, versions={note.pk: note.version}
            )
            note.refresh_from_db()
            shown.append(note)
    pages = [
        rec.get_absolute_url(),
        reverse("recommendations:feed"),
        reverse("recommendations:home"),
    ]
    content = "".join(
        client.get(url, {"country": rec.report.country.slug}).content.decode() for url in pages
    )
    assert set(re.findall(r"evidence-(\w+)", content)) == {note.public_id for note in shown}
    assert not any(re.search(rf"evidence-{note.pk}\b", content) for note in shown)
