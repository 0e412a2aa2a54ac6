"""A submission pack rendered from its data (selectors/submission.py): the words every format
shares (``layout``), the editable Word document (``word``), the HTML page and its PDF
(``printed``). Rendering reads no table: what a pack shows is in its data."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render(data: dict, fmt: str, *, approved_at=None, version: int | None = None) -> Rendered:
    """The pack ``data`` in format ``fmt`` (a key of FORMATS), saying when it was approved."""
    from . import printed, word
    from .layout import pack_layout

    layout = pack_layout(data, approved_at=approved_at, version=version)
    if fmt == "docx":
        content = word.pack_docx(layout)
    elif fmt == "pdf":
        content = printed.pack_pdf(layout)
    elif fmt == "html":
        content = printed.pack_html(layout).encode()
    else:
        raise ValueError(f"Unknown format {fmt!r}: one of {', '.join(FORMATS)}.")
    return Rendered(content, FORMATS[fmt], filename(data, fmt, version=version))


def filename(data: dict, fmt: str, *, version: int | None = None) -> str:
    suffix = f"-v{version}" if version else "-draft"
    return f"tip-submission-{data['country']['slug']}-{data['period']}{suffix}.{fmt}"
