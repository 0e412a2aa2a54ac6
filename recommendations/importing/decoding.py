"""Decoding: a file's bytes, or a pasted text, become one str, or are refused with a reason.

The size limit, the encodings a chapter arrives in (UTF-8, UTF-16 with a BOM, Windows-1252,
Latin-1) and the signatures of files picked by mistake (PDF, Word, images) live here, with
``ReportTextError``, the one error of the parsing stages.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MAX_BYTES = 2 * 1024 * 1024


class ReportTextError(ValueError):
    """The text cannot be turned into a report; the message says why, in one line."""


# (signature, what it is) for files people pick by mistake instead of a .txt.
_BINARY_SIGNATURES = (
    (b"%PDF-", gettext_noop("a PDF file")),
    (b"PK\x03\x04", gettext_noop("a Word or zip file")),
    (b"\xd0\xcf\x11\xe0", gettext_noop("an old Word file")),
    (b"\x89PNG", gettext_noop("an image")),
    (b"\xff\xd8\xff", gettext_noop("an image")),
    (b"GIF8", gettext_noop("an image")),
)


def _size_error() -> ReportTextError:
    return ReportTextError(_("The text is over 2 MB; a country chapter is far smaller."))


def _binary_error() -> ReportTextError:
    return ReportTextError(_("The file is not text (it contains binary data)."))


def decode(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252,
    else Latin-1. Refuses empty, binary and oversized input with a one-line reason."""
    if len(data) > MAX_BYTES:
        raise _size_error()
    if not data.strip():
        raise ReportTextError(_("The text is empty."))
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReportTextError(
                _("The file is %(kind)s, not text: copy the chapter's text into a .txt file.")
                % {"kind": _(kind)}
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportTextError(_("The file is not readable text.")) from None
        # A text holds no NUL (nor may the bytes below), and PostgreSQL could not keep one in
        # the report's pasted text.
        if "\x00" in text:
            raise _binary_error()
        return text
    if b"\x00" in data:
        raise _binary_error()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    if controls > max(8, len(text) // 200):
        raise _binary_error()
    return text


def as_text(raw: str | bytes) -> str:
    """The chapter as it arrived: bytes decoded (see :func:`decode`), a pasted str as it is,
    either refused when it is over the size limit."""
    if isinstance(raw, bytes):
        return decode(raw)
    if len(raw) > MAX_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _size_error()
    return raw
