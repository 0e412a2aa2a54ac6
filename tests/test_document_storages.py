"""Where evidence documents live: by default a private folder outside the static files; with
TIPT_S3_BUCKET, an S3-compatible object store, here moto's standalone server reached over HTTP.
The same services and downloads work on both, and a file no row names is removed from both."""

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.urls import reverse

from bench.servers import ROOT, site_env
from recommendations import services
from recommendations.models import EvidenceDocument

from .admin_forms import login
from .documents import PDF, docx, upload
from .factories import EvidenceNoteFactory, RecommendationFactory
from .object_store import bucket, object_store, s3_client, site_settings

pytestmark = pytest.mark.django_db


def _evidence_storage_of(**environment) -> dict:
    """settings.STORAGES["evidence"] as the site builds it from ``environment``."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['evidence'], default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=site_env(
            DJANGO_SECRET_KEY="storage-test-" + "k" * 40,
            DJANGO_SETTINGS_MODULE="tipt.settings",
            **environment,
        ),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def test_by_default_documents_live_in_a_private_folder_outside_the_static_files(tmp_path):
    storage = _evidence_storage_of()
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    folder = Path(storage["OPTIONS"]["location"])
    assert folder == ROOT / "documents"
    static = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert all(folder != place and place not in folder.parents for place in static)
    assert "/documents/" in (ROOT / ".gitignore").read_text().splitlines()
    assert "mkdir -p -m 700 documents" in (ROOT / "Makefile").read_text()
    elsewhere = _evidence_storage_of(TIPT_DOCUMENTS_DIR=str(tmp_path / "kept"))
    assert elsewhere["OPTIONS"]["location"] == str(tmp_path / "kept")


def test_the_object_store_is_set_from_the_environment():
    storage = _evidence_storage_of(**site_settings("https://s3.example.org", "tipt-evidence"))
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "tipt-evidence"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] == "private"
    assert options["file_overwrite"] is False


def test_a_document_in_the_private_folder_is_readable_by_the_site_only(client, secretariat):
    note = EvidenceNoteFactory(author=secretariat)
    document = services.evidence_document_add(note=note, user=secretariat, upload=upload())
    path = Path(storages["evidence"].path(document.file.name))
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    services.evidence_notes_publish(notes=[note], user=secretariat)
    services.evidence_document_set_public(document=document, user=secretariat, public=True)
    response = client.get(document.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF


@pytest.fixture(scope="module")
def store():
    with object_store() as address:
        yield address


@pytest.fixture
def in_object_store(store, settings):
    """Documents kept in a fresh bucket of the local object store, as in production."""
    name = bucket(store, f"tipt-{len(s3_client(store).list_buckets()['Buckets'])}")
    env = site_settings(store, name)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": store,
                "access_key": env["TIPT_S3_ACCESS_KEY_ID"],
                "secret_key": env["TIPT_S3_SECRET_ACCESS_KEY"],
                "region_name": env["TIPT_S3_REGION"],
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return s3_client(store), name


def _keys(s3, name) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=name).get("Contents", [])]


def test_documents_in_the_object_store_are_private_objects(
    in_object_store, client, editor, secretariat
):
    s3, name = in_object_store
    rec = RecommendationFactory(lead_ministry=editor.ministries.get())
    note = EvidenceNoteFactory(recommendation=rec, author=editor)
    document = services.evidence_document_add(
        note=note, user=editor, upload=upload("SOPs approved.pdf")
    )
    assert _keys(s3, name) == [document.file.name]
    assert s3.get_object(Bucket=name, Key=document.file.name)["Body"].read() == PDF
    grants = s3.get_object_acl(Bucket=name, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("URI") is None for grant in grants)  # no group, no public

    # Staff and public downloads stream it from the store.
    login(client, editor)
    staff = client.get(
        reverse("admin:recommendations_evidencedocument_download", args=[document.pk])
    )
    assert b"".join(staff.streaming_content) == PDF
    client.logout()
    services.evidence_document_set_public(document=document, user=secretariat, public=True)
    services.evidence_notes_publish(notes=[note], user=secretariat)
    public = client.get(document.get_absolute_url())
    assert b"".join(public.streaming_content) == PDF

    # A redacted version replaces the object; the removed one is gone from the store.
    removed = document.file.name
    redacted = services.evidence_document_redact(
        document=document, user=secretariat, upload=upload("SOPs (redacted).docx", docx())
    )
    assert _keys(s3, name) == [redacted.file.name]
    assert removed != redacted.file.name
    services.evidence_document_delete(document=redacted, user=secretariat)
    assert _keys(s3, name) == []
    assert not EvidenceDocument.objects.exists()
