import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommendations import exports
from recommendations.models import Recommendation, Visibility

from ..factories import EvidenceNoteFactory, MinistryFactory, RecommendationFactory


@given(st.text())
def test_no_cell_starts_with_a_formula_trigger_and_the_text_reads_back(text):
    line = "".join(exports.csv_lines([[text]]))
    assert line.startswith(exports.BOM)
    (cell,) = next(csv.reader(io.StringIO(line[1:], newline="")))
    assert not cell.startswith(exports.FORMULA_TRIGGERS)
    assert cell == ("'" + text if text.startswith(exports.FORMULA_TRIGGERS) else text)


def test_every_field_is_quoted_and_accents_survive():
    line = "".join(exports.csv_lines([["Kwéyòl", 3]]))
    assert line == '\ufeff"Kwéyòl","3"\r\n'
    assert line.encode("utf-8").decode("utf-8-sig") == '"Kwéyòl","3"\r\n'


@pytest.mark.django_db
def test_rows_carry_the_columns_in_order_and_only_public_evidence():
    rec = RecommendationFactory(title="=HYPERLINK()")
    rec.supporting_ministries.add(MinistryFactory(name="Labour"), MinistryFactory(name="Equity"))
    EvidenceNoteFactory(recommendation=rec, text="Public training held", visibility="public")
    EvidenceNoteFactory(recommendation=rec, text="Internal detail", visibility=Visibility.INTERNAL)
    rows = list(exports.status_report_rows(Recommendation.objects.all(), absolute_url=lambda p: p))
    header, row = rows
    # The French columns come after all the others, which keep their places.
    assert header == exports.PUBLIC_COLUMNS + exports.FRENCH_COLUMNS
    data = dict(zip(header, row, strict=True))
    assert data["title"] == "=HYPERLINK()"
    assert sorted(data["supporting_ministries"].split("; ")) == ["Equity", "Labour"]
    assert "Public training held" in data["latest_public_evidence"]
    assert "Internal detail" not in "".join(map(str, row))
    assert data["url"] == rec.get_absolute_url()


@pytest.mark.django_db
def test_internal_column_only_when_asked():
    rec = RecommendationFactory()
    EvidenceNoteFactory(recommendation=rec, text="Internal detail")
    header, row = exports.status_report_rows(
        Recommendation.objects.all(), absolute_url=str, include_internal=True
    )
    at = len(exports.PUBLIC_COLUMNS)
    assert header[at:] == ["evidence_notes", *exports.FRENCH_COLUMNS]
    assert "Internal detail" in row[at]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 60])
def test_rows_take_one_query_whatever_the_size(size, django_assert_num_queries):
    for _ in range(size):
        EvidenceNoteFactory(visibility="public").recommendation.supporting_ministries.add(
            MinistryFactory()
        )
    with django_assert_num_queries(1):
        rows = list(exports.status_report_rows(Recommendation.objects.all(), absolute_url=str))
    assert len(rows) == size + 1
