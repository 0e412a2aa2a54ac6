"""The public progress report in a real browser: no accessibility violation at desktop and
phone width, nothing internal (the pack approved gave every internal note to the secretariat),
readable without JavaScript with its PDF download, and the screenshots of the page at both
widths and of its PDF's first page in artifacts/."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from recommendations import services
from recommendations.models import Country, NoteChoice

from ..factories import SecretariatFactory
from ..public_data import NEVER_PUBLIC, build_site, build_statistics
from .conftest import PHONE, _staff_groups, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PATH = "/progress-report/?country=saint-lucia&period=2021"


@pytest.fixture
def site(live_server):
    """Saint Lucia's 2020 report, its evidence and statistics, and the pack of period 2021
    approved with every note, internal ones included."""
    build_site(12)
    build_statistics()
    _staff_groups()
    services.submission_pack_approve(
        user=SecretariatFactory(),
        country=Country.objects.get(slug="saint-lucia"),
        period=2021,
        notes=NoteChoice.ALL,
    )
    return live_server.url


def test_the_progress_report_at_desktop_and_phone_width(site, page, phone_page, artifacts):
    for path in [PATH, "/fr" + PATH]:
        page.goto(site + path)
        assert axe_violations(page) == [], path
        text = page.content()
        for secret in NEVER_PUBLIC:
            assert secret not in text, (path, secret)
    page.goto(site + PATH)
    assert "Approved on" in page.locator(".pack-facts").inner_text()
    page.screenshot(path=str(artifacts / "progress-report-desktop.png"), full_page=True)
    phone_page.goto(site + PATH)
    assert axe_violations(phone_page) == []
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone_page.screenshot(path=str(artifacts / "progress-report-phone.png"), full_page=True)
    assert (artifacts / "progress-report-desktop.png").stat().st_size > 10_000


def test_the_dashboard_leads_to_the_report_and_its_pdf_without_javascript(
    site, no_script_page, artifacts
):
    no_script_page.goto(site + "/?country=saint-lucia&year=2020")
    with no_script_page.expect_navigation():
        no_script_page.get_by_role("link", name="The progress report of the 2021").click()
    assert "reporting period 2021" in no_script_page.locator("h1").inner_text()
    with no_script_page.expect_download() as download:
        no_script_page.get_by_role("link", name="Download this progress report").click()
    pdf = artifacts / "progress-report.pdf"
    download.value.save_as(pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Prosecution" in text and "Approved on" in text
    for secret in NEVER_PUBLIC:
        assert secret not in text
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("The PDF's first page is drawn with pdftoppm: apt-get install poppler-utils.")
    subprocess.run(  # noqa: S603 -- fixed arguments, our own file
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(artifacts / "progress-report-pdf-page1"),
        ],
        check=True,
        timeout=60,
    )
    assert (artifacts / "progress-report-pdf-page1.png").stat().st_size > 10_000
