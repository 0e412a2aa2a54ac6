"""Small real files of each accepted kind, made here byte by byte (no fixture files), an
executable and a plain zip to be refused, and uploads of them as a browser sends them."""

import io
import struct
import zipfile
import zlib

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def _pdf() -> bytes:
    # A whole PDF (one blank page, with its cross-reference table), which PDF readers open.
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
# The start of a Linux executable: what a renamed program looks like.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def png() -> bytes:
    def chunk(kind, data):
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(zipfile.ZipInfo(name), text)
    return buffer.getvalue()


def docx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                f'2006/content-types"><Override PartName="/word/document.xml" ContentType="{main}"'
                "/></Types>",
            ),
            ("_rels/.rels", '<?xml version="1.0"?><Relationships/>'),
            ("word/document.xml", '<?xml version="1.0"?><document>SOP</document>'),
        ]
    )


def xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write(0, 0, "Officials trained")
    workbook.close()
    return buffer.getvalue()


def opendocument(kind: str) -> bytes:
    return _zip(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{kind}"),
            ("content.xml", "<office:document-content/>"),
        ]
    )


def plain_zip() -> bytes:
    return _zip([("readme.txt", "not a document")])


# Each accepted kind: its DocumentType value and its bytes.
KINDS = {
    "pdf": PDF,
    "docx": docx(),
    "xlsx": xlsx(),
    "odt": opendocument("text"),
    "ods": opendocument("spreadsheet"),
    "png": png(),
    "jpeg": JPEG,
}


def upload(name="SOPs.pdf", content=PDF, content_type="application/pdf"):
    """A file as a browser uploads it: a name, the bytes, and the type the browser claims."""
    return SimpleUploadedFile(name, content, content_type=content_type)
