"""The open data: /data/ and its ZIPs. Each ZIP's files validate against its datapackage.json
(read with the Frictionless library), hold the rows the public pages and exports show and
nothing internal (an internal note, a note waiting for publication, a status proposal, a
statistic not approved: each seeded with a marker looked for in every file), and are built
in a fixed number of queries, as a stream."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from recommendations import services
from recommendations.models import (
    EvidenceNote,
    Metric,
    Ministry,
    NoteReview,
    Review,
    StatisticValue,
    Status,
    StatusChange,
)
from recommendations.opendata import tables
from recommendations.selectors.updates import PUBLIC_CHANGE_FIELDS, PUBLIC_NOTE_FIELDS

from ..factories import EditorFactory, EvidenceNoteFactory, UserFactory, status_proposed
from ..public_data import (
    NEVER_PUBLIC,
    SITE_FR,
    build_french_versions,
    build_site,
    build_statistics,
)

pytestmark = pytest.mark.django_db

ALL = reverse("recommendations:data_all")
FILES = {
    "datapackage.json",
    "reports.csv",
    "recommendations.csv",
    "status_history.csv",
    "evidence.csv",
    "statistics.csv",
}
UNPUBLISHED_NOTE = "MARKER-unpublished note waiting for the secretariat"
PROPOSAL_NOTE = "MARKER-status proposal not yet approved"
PENDING_STATISTIC_NOTE = "MARKER-statistic waiting for review"
PENDING_VALUE = Decimal("987654")
MARKERS = [*NEVER_PUBLIC, UNPUBLISHED_NOTE, PROPOSAL_NOTE, PENDING_STATISTIC_NOTE, "987654"]
# French versions entered for more content (site, beside build_french_versions'): the rest has
# none.
POLICE_FR = "Police royale"
METRIC_FR = "Enquêtes ouvertes"


def country_zip(slug):
    with translation.override("en"):
        return reverse("recommendations:data_country", args=[slug])


def download(client, url) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(client, url)))
    return {name: archive.read(name) for name in archive.namelist()}


def zip_bytes(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.fixture
def site():
    """Saint Lucia with five recommendations (see build_site: public and internal notes, status
    changes with staff notes), its statistics, and what waits for review, marked."""
    report = build_site(5)
    police = build_statistics()
    rec = report.recommendations.get(position=1)
    editor = EditorFactory(ministries=[rec.lead_ministry])
    EvidenceNoteFactory(
        recommendation=rec,
        author=editor,
        text=UNPUBLISHED_NOTE,
        review=NoteReview.SUBMITTED,
        submitted_at=timezone.now(),
    )
    assert status_proposed(rec, user=editor, status=Status.COMPLETED, note=PROPOSAL_NOTE)
    StatisticValue.objects.create(
        country=report.country,
        period=2025,
        metric=Metric.objects.get(code="investigations"),
        value=PENDING_VALUE,
        ministry=police,
        note=PENDING_STATISTIC_NOTE,
        entered_by=editor,
        state=Review.PENDING,
    )
    build_french_versions(rec)
    Ministry.objects.filter(pk=police.pk).update(name_fr=POLICE_FR)
    Metric.objects.filter(code="investigations").update(name_fr=METRIC_FR)
    return report


@pytest.mark.parametrize("url", [ALL, f"/fr{ALL}"])
def test_every_file_validates_against_the_data_package(client, site, tmp_path, url):
    files = download(client, url)
    assert set(files) == FILES
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    package = json.loads(files["datapackage.json"])
    assert {resource["path"] for resource in package["resources"]} == FILES - {"datapackage.json"}
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    # Every column is described, with a type, and every date with its format.
    for resource in package["resources"]:
        header = rows(files[resource["path"]])[0]
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header
        for field in fields:
            assert field["description"] and field["type"]
            if field["type"] == "date":
                assert field["format"] == "%Y-%m-%d"


def test_the_validation_would_catch_a_broken_file(client, site, tmp_path):
    """The check above can fail: a status no recommendation can have, and a status change of
    a recommendation the package does not hold, are refused."""
    files = download(client, ALL)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    recommendations = rows(files["recommendations.csv"])
    recommendations[1][recommendations[0].index("status")] = "Nearly done"
    history = rows(files["status_history.csv"])
    history[1][0] = "999999"
    for name, table in [("recommendations.csv", recommendations), ("status_history.csv", history)]:
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(table)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert {kind for (kind,) in report.flatten(["type"])} == {"constraint-error", "foreign-key"}


@pytest.mark.parametrize("url", [ALL, country_zip("saint-lucia"), f"/fr{ALL}"])
def test_nothing_internal_in_any_file(client, site, url):
    files = download(client, url)
    for name, content in files.items():
        text = content.decode("utf-8-sig")
        for marker in MARKERS:
            assert marker not in text, (name, marker)
    # The proposal waits: the recommendation keeps its approved status, and no change shows.
    header, *recommendations = rows(files["recommendations.csv"])
    first = next(row for row in recommendations if row[header.index("report_year")] == "2020")
    assert first[header.index("status")] in {"In progress", "En cours"}
    assert len(rows(files["status_history.csv"])) - 1 == StatusChange.objects.count()
    # Only published notes, named by their public id, never their row number.
    header, *notes = rows(files["evidence.csv"])
    public = EvidenceNote.objects.public()
    assert sorted(row[0] for row in notes) == sorted(public.values_list("public_id", flat=True))
    assert {str(pk) for pk in EvidenceNote.objects.values_list("pk", flat=True)}.isdisjoint(
        row[0] for row in notes
    )


def by_column(content: bytes) -> list[dict[str, str]]:
    header, *lines = rows(content)
    return [dict(zip(header, line, strict=True)) for line in lines]


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_each_file_carries_both_languages(client, site, prefix):
    """The English column is the English in the French ZIP as in the English one; the French
    version is in the ``_fr`` column, empty where none was entered."""
    rec = site.recommendations.get(position=1)
    files = download(client, f"{prefix}{ALL}")
    reports = by_column(files["reports.csv"])
    assert {(r["country"], r["country_fr"]) for r in reports} == {("Saint Lucia", SITE_FR.country)}
    recommendations = {r["id"]: r for r in by_column(files["recommendations.csv"])}
    translated, other = recommendations[str(rec.pk)], recommendations[str(rec.previous_id)]
    assert (translated["title"], translated["title_fr"]) == (rec.title_en, SITE_FR.title)
    assert (translated["recommendation"], translated["recommendation_fr"]) == (
        rec.text_en,
        SITE_FR.text,
    )
    assert (translated["country"], translated["country_fr"]) == ("Saint Lucia", SITE_FR.country)
    lead = (translated["lead_ministry"], translated["lead_ministry_fr"])
    assert lead == (rec.lead_ministry.name_en, SITE_FR.ministry)
    assert translated["latest_public_evidence_fr"].endswith(
        f": {SITE_FR.note} (https://example.gov/plan.pdf)"
    )
    assert SITE_FR.note not in translated["latest_public_evidence"]
    assert other["title"] == rec.previous.title_en and other["title_fr"] == ""
    notes = by_column(files["evidence.csv"])
    mine = [note for note in notes if note["recommendation_id"] == str(rec.pk)]
    assert [(n["text"], n["text_fr"]) for n in mine] == [
        ("Public evidence 0: the plan was tabled in Parliament.", SITE_FR.note)
    ]
    assert {n["text_fr"] for n in notes if n not in mine} == {""}
    assert {(n["country"], n["country_fr"]) for n in notes} == {("Saint Lucia", SITE_FR.country)}
    history = by_column(files["status_history.csv"])
    assert history and {(h["country"], h["country_fr"]) for h in history} == {
        ("Saint Lucia", SITE_FR.country)
    }
    figures = by_column(files["statistics.csv"])
    police = [f for f in figures if f["source"] == "Royal Police Force"]
    assert police and {f["source_fr"] for f in police} == {POLICE_FR}
    assert {f["metric_name_fr"] for f in figures if f["metric"] == "investigations"} == {METRIC_FR}
    assert {f["metric_name_fr"] for f in figures if f["metric"] == "victims_identified"} == {""}
    assert {f["country"] for f in figures} == {"Saint Lucia"}


def test_the_recommendations_are_the_status_report_with_their_ids(client, site):
    files = download(client, country_zip("saint-lucia"))
    header, *recommendations = rows(files["recommendations.csv"])
    export = client.get(reverse("recommendations:export") + "?year=all")
    export_header, *exported = rows(b"".join(export.streaming_content))
    assert header == ["id", "previous_id", *export_header]
    assert sorted(row[2:] for row in recommendations) == sorted(exported)
    by_id = {row[0]: row for row in recommendations}
    for row in recommendations:
        if row[1]:
            # A thread link points at the version of the report before.
            assert int(by_id[row[1]][header.index("report_year")]) == int(row[3]) - 1


def test_the_statistics_are_masked_as_on_the_statistics_page(client, site):
    files = download(client, country_zip("saint-lucia"))
    export = client.get(reverse("recommendations:statistics_export") + "?country=saint-lucia")
    assert rows(files["statistics.csv"]) == rows(b"".join(export.streaming_content))
    header, *figures = rows(files["statistics.csv"])
    victims = [row for row in figures if row[2] == "victims_identified" and row[4]]
    assert victims and {row[5] for row in victims} == {"fewer than 5"}


def test_a_country_zip_holds_only_that_country(client, site):
    build_site(2, country_name="Barbados", slug="barbados")
    files = download(client, country_zip("barbados"))
    for name in FILES - {"datapackage.json"}:
        assert "Saint Lucia" not in files[name].decode("utf-8-sig"), name
    assert len(rows(files["recommendations.csv"])) - 1 == 4
    everything = download(client, ALL)
    assert len(rows(everything["recommendations.csv"])) - 1 == 14


def test_the_zip_and_its_package_carry_the_day_built(client, site):
    response = client.get(country_zip("saint-lucia"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="tipt-open-data-saint-lucia-{today}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    package = json.loads(archive.read("datapackage.json"))
    created = datetime.datetime.fromisoformat(package["created"])
    assert timezone.localdate(created).isoformat() == today
    assert package["name"] == "tipt-saint-lucia"


def test_a_french_zip_is_labelled_and_described_in_french(client, site):
    files = download(client, f"/fr{country_zip('saint-lucia')}")
    package = json.loads(files["datapackage.json"])
    fields = {field["name"]: field for field in package["resources"][1]["schema"]["fields"]}
    assert fields["status"]["description"] == "Son statut approuvé."
    assert "En cours" in fields["status"]["constraints"]["enum"]


def test_an_unknown_country_has_no_zip(client, site):
    assert client.get(country_zip("atlantis")).status_code == 404


@pytest.mark.parametrize("size", [3, 12])
def test_the_build_reads_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    build_site(size)
    build_statistics()
    build_site(size, country_name="Barbados", slug="barbados")
    # The page versions (the key of the copy kept), the reports, recommendations, status
    # changes and notes, then the metrics, the countries, their statistics (as one stream) and
    # the report's figures.
    with django_assert_num_queries(9):
        download(client, ALL)
    # The country looked up, then the same reads.
    with django_assert_num_queries(10):
        download(client, country_zip("saint-lucia"))


def test_the_zip_is_read_as_it_is_sent(client, site):
    """A stream: the first bytes go out before the tables are read, each table read as its
    file is written, never the whole archive held first."""
    response = client.get(ALL)
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as first:
        next(chunks)
    with CaptureQueriesContext(connection) as rest:
        for _chunk in chunks:
            pass
    assert len(first) == 0 and len(rest) >= 6


def test_the_page_offers_each_country_and_every_country(client, site):
    build_site(2, country_name="Barbados", slug="barbados")
    for prefix in ["", "/fr"]:
        response = client.get(f"{prefix}{reverse('recommendations:data')}")
        assert response.status_code == 200
        page = response.content.decode()
        assert f'href="{prefix}{ALL}"' in page
        assert f'href="{prefix}{country_zip("saint-lucia")}"' in page
        assert f'href="{prefix}{country_zip("barbados")}"' in page
        assert "datapackage.json" in page and "status_history.csv" in page
    assert "Données ouvertes" in page


def test_a_head_request_builds_nothing(client, site, django_assert_num_queries):
    with django_assert_num_queries(1):  # the page versions
        response = client.head(ALL)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_the_files_read_only_the_public_fields_of_changes_and_notes():
    assert set(tables.CHANGE_FIELDS) <= set(PUBLIC_CHANGE_FIELDS)
    assert set(tables.NOTE_FIELDS) <= set(PUBLIC_NOTE_FIELDS)


def test_a_zip_is_kept_until_the_data_changes(
    client, site, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = zip_bytes(client, ALL)
    # Served from the copy kept: only the page versions are read, whatever is added to the
    # address.
    with django_assert_num_queries(1):
        assert zip_bytes(client, ALL + "?again=1") == first
    # Kept per language: the French ZIP is built on its own.
    assert "En cours" in download(client, f"/fr{ALL}")["recommendations.csv"].decode()
    rec = site.recommendations.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_update(
            recommendation=rec,
            version=rec.version,
            user=UserFactory(is_superuser=True),
            changes={},
            status=Status.STALLED,
            status_note="",
        )
    files = download(client, ALL)
    header, *recommendations = rows(files["recommendations.csv"])
    changed = next(row for row in recommendations if row[0] == str(rec.pk))
    assert changed[header.index("status")] == "Stalled"
    # The copy made unreachable is gone: one file for each ZIP and language.
    kept = sorted(path.name.split(".")[:2] for path in Path(settings.TIPT_OPEN_DATA_DIR).iterdir())
    assert kept == [["all", "en"], ["all", "fr"]]


def test_a_download_broken_off_keeps_nothing(client, site):
    response = client.get(ALL)
    chunks = iter(response.streaming_content)
    next(chunks)
    response.close()
    directory = Path(settings.TIPT_OPEN_DATA_DIR)
    assert not directory.exists() or list(directory.iterdir()) == []


def test_a_folder_that_cannot_be_written_still_sends_the_zip(client, site, settings, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings.TIPT_OPEN_DATA_DIR = str(blocked / "open-data")
    assert set(download(client, ALL)) == FILES
