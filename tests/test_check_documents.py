"""manage.py check_documents: the store against the database, after a restore."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from recommendations import services

from .documents import upload
from .factories import EvidenceNoteFactory

pytestmark = pytest.mark.django_db


def _check(*args) -> str:
    out = StringIO()
    call_command("check_documents", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def document(secretariat):
    note = EvidenceNoteFactory(author=secretariat)
    return services.evidence_document_add(note=note, user=secretariat, upload=upload())


def test_every_file_present(document):
    assert "1 of 1 documents present, 0 files named by no document." in _check()


def test_a_missing_file_is_an_error(document):
    storages["evidence"].delete(document.file.name)
    with pytest.raises(CommandError, match="1 documents' files are missing"):
        _check()


def test_a_file_no_document_names_is_listed_then_removed(document):
    storage = storages["evidence"]
    orphan = storage.save("evidence/left-over.pdf", ContentFile(b"%PDF-1.4 old"))
    assert f"{orphan} is named by no document" in _check()
    assert f"{orphan} is named by no document" in _check("--remove-orphans", "--dry-run")
    assert storage.exists(orphan)
    assert f"removed {orphan}" in _check("--remove-orphans")
    assert not storage.exists(orphan)
    assert storage.exists(document.file.name)
    assert "removed" not in _check("--remove-orphans")


def test_an_empty_store_is_fine():
    assert "0 of 0 documents present" in _check()
