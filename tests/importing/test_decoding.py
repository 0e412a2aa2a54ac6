"""Decoding: the encodings a chapter arrives in, and the files that are refused, with why."""

import pytest

from recommendations.importing import MAX_BYTES, ReportTextError, decode, parse_chapter


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \r\n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a Word or zip file"),
        (b"SAINT LUCIA\x00\x01\x02\x03 Tier 2", "binary"),
        (b"a" * (MAX_BYTES + 1), "over 2 MB"),
    ],
)
def test_bad_files_are_refused_with_one_clear_reason(data, message):
    with pytest.raises(ReportTextError, match=message):
        decode(data)


def test_pasted_text_over_2_mb_is_refused():
    with pytest.raises(ReportTextError, match="over 2 MB"):
        parse_chapter("é" * (MAX_BYTES // 2 + 1))


def test_encodings_are_decoded():
    assert decode("Côte d’Ivoire".encode()) == "Côte d’Ivoire"
    assert decode("\ufeffCôte".encode()) == "Côte"
    assert decode("Côte d’Ivoire".encode("utf-16")) == "Côte d’Ivoire"
    assert decode("Côte d’Ivoire".encode("cp1252")) == "Côte d’Ivoire"
    # 0x8D is unassigned in Windows-1252: such a file is read as Latin-1.
    assert decode("Ministère".encode("latin-1") + b"\x8d").startswith("Ministère")


def test_a_utf_16_file_holding_a_nul_is_refused():
    with pytest.raises(ReportTextError, match="binary"):
        decode("SAINT LUCIA\x00: Tier 2".encode("utf-16"))
