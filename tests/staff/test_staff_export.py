import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import exports
from recommendations.models import Recommendation, Status, Visibility

from ..admin_forms import CHANGELIST, STAFF_EXPORT, action_data, login
from ..factories import (
    EditorFactory,
    EvidenceNoteFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def download(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="tipt-staff-status-report-'
    )
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return raw.decode("utf-8-sig")


def rows(text):
    header, *body = list(csv.reader(io.StringIO(text, newline="")))
    return [dict(zip(header, row, strict=True)) for row in body], header


def test_button_exports_the_filtered_list_with_internal_notes_for_the_secretariat(
    client, secretariat
):
    stalled = RecommendationFactory(status=Status.STALLED, title="Stalled one")
    RecommendationFactory(status=Status.IN_PROGRESS, title="Moving one")
    EvidenceNoteFactory(recommendation=stalled, text="Shelter visit, internal")
    login(client, secretariat)
    changelist = client.get(CHANGELIST, {"status__exact": Status.STALLED}).content.decode()
    assert f'href="{STAFF_EXPORT}?status__exact=stalled"' in changelist
    data, header = rows(download(client.get(STAFF_EXPORT, {"status__exact": Status.STALLED})))
    assert header == exports.PUBLIC_COLUMNS + exports.INTERNAL_COLUMNS + exports.FRENCH_COLUMNS
    assert [row["title"] for row in data] == ["Stalled one"]
    assert "Shelter visit, internal" in data[0]["evidence_notes"]


def test_button_respects_the_search(client, secretariat):
    RecommendationFactory(title="Train labour inspectors")
    RecommendationFactory(title="Fund a shelter")
    login(client, secretariat)
    data, _header = rows(download(client.get(STAFF_EXPORT, {"q": "inspectors"})))
    assert [row["title"] for row in data] == ["Train labour inspectors"]


def test_editors_export_their_scope_with_public_columns_only(client, labour):
    editor = EditorFactory(ministries=[labour])
    mine = RecommendationFactory(lead_ministry=labour, title="Ours")
    RecommendationFactory(title="Someone else's")
    EvidenceNoteFactory(recommendation=mine, author=editor, text="Our internal detail")
    EvidenceNoteFactory(
        recommendation=mine, text="Published training", visibility=Visibility.PUBLIC
    )
    login(client, editor)
    text = download(client.get(STAFF_EXPORT))
    data, header = rows(text)
    assert header == exports.PUBLIC_COLUMNS + exports.FRENCH_COLUMNS
    assert [row["title"] for row in data] == ["Ours"]
    assert "Published training" in data[0]["latest_public_evidence"]
    assert "Our internal detail" not in text


def test_action_exports_the_selected(client, labour, secretariat):
    first, second, _third = (RecommendationFactory(lead_ministry=labour) for _ in range(3))
    login(client, secretariat)
    response = client.post(CHANGELIST, action_data("export_csv", [first, second]))
    data, _header = rows(download(response))
    assert sorted(row["title"] for row in data) == sorted([first.title, second.title])


def test_every_field_is_quoted_formulas_neutralised_and_accents_kept(client, secretariat):
    rec = RecommendationFactory(title='=HYPERLINK("http://evil")', text="Kwéyòl services")
    EvidenceNoteFactory(recommendation=rec, text="-1+1")
    login(client, secretariat)
    text = download(client.get(STAFF_EXPORT))
    header_line, row_line = text.rstrip("\r\n").split("\r\n")
    assert header_line == ",".join(
        f'"{column}"'
        for column in exports.PUBLIC_COLUMNS + exports.INTERNAL_COLUMNS + exports.FRENCH_COLUMNS
    )
    fields = row_line[1:-1].split('","')
    assert len(fields) == len(exports.PUBLIC_COLUMNS) + 1 + len(exports.FRENCH_COLUMNS)
    data, _header = rows(text)
    assert data[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert data[0]["recommendation"] == "Kwéyòl services"


# Text a database stores: no NUL (PostgreSQL refuses it) and no lone surrogate (not UTF-8).
stored_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=200,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(title=stored_text, note=stored_text)
def test_staff_csv_cells_never_start_a_formula_and_read_back_exactly(
    client, secretariat, title, note
):
    rec = Recommendation.objects.first() or RecommendationFactory()
    Recommendation.objects.filter(pk=rec.pk).update(title=title)
    rec.evidence_notes.all().delete()
    EvidenceNoteFactory(recommendation=rec, text=note)
    login(client, secretariat)
    data, header = rows(download(client.get(STAFF_EXPORT)))
    (row,) = data
    for cell in [*header, *row.values()]:
        assert not cell.startswith(exports.FORMULA_TRIGGERS)
    expected = "'" + title if title.startswith(exports.FORMULA_TRIGGERS) else title
    assert row["title"] == expected
    assert row["evidence_notes"].endswith(note)
