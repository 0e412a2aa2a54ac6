"""The check of an uploaded evidence document: its type read from its content, never its name
or the type the browser claims; its size limit; its name scrubbed for display."""

import pytest
from django.core.exceptions import ValidationError

from recommendations.documents import display_name, document_check

from .documents import ELF, KINDS, PDF, plain_zip, upload


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_accepted_kind_is_read_from_its_content_whatever_its_name(kind):
    checked = document_check(upload("scan.bin", KINDS[kind], "application/octet-stream"))
    assert checked.file_type == kind
    assert checked.size == len(KINDS[kind])


def test_a_renamed_executable_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        document_check(upload("SOPs.pdf", ELF, "application/pdf"))
    assert refused.value.code == "type"
    message = refused.value.messages[0]
    assert "not one of the accepted types" in message
    assert "application/x-executable" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [("Cabinet decision.docx", plain_zip()), ("notes.pdf", b"just some text"), ("x.pdf", b"")],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as refused:
        document_check(upload(name, content))
    assert refused.value.code == "type"


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.TIPT_DOCUMENT_MAX_MB = 1
    limit = 1024 * 1024
    at_limit = PDF + b"%" * (limit - len(PDF))
    assert document_check(upload("at-limit.pdf", at_limit)).size == limit
    with pytest.raises(ValidationError) as refused:
        document_check(upload("too-big.pdf", at_limit + b"%"))
    assert refused.value.code == "size"
    assert "at most 1 MB" in refused.value.messages[0]


def test_the_default_limit_is_twenty_megabytes(settings):
    assert settings.TIPT_DOCUMENT_MAX_MB == 20


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("SOPs 2026.pdf", "SOPs 2026.pdf"),
        ("C:\\Users\\focal\\Desktop\\SOPs.pdf", "SOPs.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/var/tmp/report.pdf", "report.pdf"),
        ("bad\x00name\r\n.pdf", "bad name .pdf"),
        # The right-to-left override would show "SOPs‮fdp.exe" as "SOPsexe.pdf".
        ("SOPs\u202efdp.exe", "SOPs fdp.exe"),
        ("  ...hidden.pdf  ", "hidden.pdf"),
        ("Procédure d’identification.pdf", "Procédure d’identification.pdf"),
        ("", "document.pdf"),
        ("../", "document.pdf"),
    ],
)
def test_the_name_shown_is_scrubbed_of_folders_and_control_characters(given, shown):
    assert display_name(given, "pdf") == shown


def test_a_long_name_is_cut_keeping_its_extension():
    name = display_name("x" * 500 + ".pdf", "pdf")
    assert len(name) == 200
    assert name.endswith("x.pdf")


def test_an_empty_jpeg_name_gets_the_usual_extension():
    assert display_name("", "jpeg") == "document.jpg"
