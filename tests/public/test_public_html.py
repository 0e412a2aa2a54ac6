"""Every public page is valid HTML and the stylesheets valid CSS, as the Nu HTML Checker
(npm package vnu-jar, installed by `npm ci`) judges them. The pages are rendered with the test
client and checked together in one run of the checker, which takes a few seconds to start."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.views.defaults import server_error

from recommendations import services

from ..documents import upload
from ..factories import CountryFactory, RecommendationFactory, ReportFactory, SecretariatFactory
from ..public_data import build_next_year_version, build_site, build_statistics

BASE_DIR = Path(__file__).resolve().parents[2]
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEETS = sorted((BASE_DIR / "static" / "css").glob("*.css"))
CHECKER_TIMEOUT = 240


def nu_checker_errors(paths: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker needs Java and `npm ci` (node_modules/vnu-jar).")
    result = subprocess.run(  # noqa: S603 -- fixed arguments, our own files
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--also-check-css"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=CHECKER_TIMEOUT,
        check=False,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, rf, tmp_path):
    empty = client.get(reverse("recommendations:home")).content
    report = build_site(25)
    rec = report.recommendations.get(position=1)
    build_next_year_version(
        rec, text="Fund the national action plan, number 0, & <fight> trafficking."
    )
    # A published document on its public note, its name with characters to escape.
    note = rec.evidence_notes.public().get()
    services.evidence_document_add(
        note=note, user=SecretariatFactory(), upload=upload("SOPs & <annexes>.pdf"), public=True
    )
    lonely = RecommendationFactory(
        report=ReportFactory(country=CountryFactory(name="Barbados", slug="barbados"))
    )
    build_statistics()
    services.submission_pack_approve(
        user=SecretariatFactory(), country=report.country, period=report.year + 1
    )
    progress = f"{reverse('recommendations:progress_report')}?country={report.country.slug}"
    home = reverse("recommendations:home")
    listing = reverse("recommendations:list")
    statistics = reverse("recommendations:statistics")
    pages = {
        "statistics": statistics,
        "statistics-fr": f"/fr{statistics}",
        "data": reverse("recommendations:data"),
        "data-fr": f"/fr{reverse('recommendations:data')}",
        "dashboard": home,
        "dashboard-earlier-year": f"{home}?country=saint-lucia&year=2019",
        "dashboard-other-country": f"{home}?country=barbados",
        "list": listing,
        "list-all-years": f"{listing}?year=all",
        "list-filtered": f"{listing}?year=2020&status=in_progress&o=-last_update&q=plan",
        "list-page-2": f"{listing}?year=2020&page=2",
        "list-empty": f"{listing}?q=nothing-matches",
        "list-invalid-filter": f"{listing}?status=unknown",
        "detail": rec.get_absolute_url(),
        "detail-without-lineage": lonely.get_absolute_url(),
        "dashboard-fr": f"/fr{home}",
        "list-fr": f"/fr{listing}",
        "detail-fr": f"/fr{rec.get_absolute_url()}",
        "progress-report": progress,
        "progress-report-fr": f"/fr{progress}",
        "about": reverse("recommendations:about"),
        "about-fr": f"/fr{reverse('recommendations:about')}",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    rendered = {
        "dashboard-without-report": empty,
        "not-found": client.get("/no-such-page/").content,
        "server-error": server_error(rf.get("/")).content,
    }
    for name, content in rendered.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(content)

    errors = nu_checker_errors(files + STYLESHEETS)

    assert [
        f"{Path(error.get('url', '')).name}:{error.get('lastLine')}: {error['message']}"
        for error in errors
    ] == []
