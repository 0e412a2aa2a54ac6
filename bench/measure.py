"""Server-side figures on a database filled by generate_bench_data; prints one JSON line.

Run by bench/run.py with the benchmark database's environment; not meant to be run alone.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipt.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from recommendations.importing import parse_chapter, report_import, report_import_plan  # noqa: E402
from recommendations.models import Country, NoteChoice, Recommendation, Report  # noqa: E402
from recommendations.public.cache import forget_cached_pages  # noqa: E402
from recommendations.selectors.submission import pack_data  # noqa: E402
from recommendations.submission import render  # noqa: E402

REPEAT = 25
WARM_UP = 3


class Rollback(Exception):
    pass


def median_ms(client: Client, url: str, *, cached: bool = False) -> float:
    """Median time to serve ``url``; rendered from scratch each time unless ``cached``."""
    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REPEAT):
        if not cached:
            forget_cached_pages()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(times), 1)


def stream(client: Client, url: str) -> tuple[int, float, float]:
    """Rows and seconds of one streamed CSV download, then its peak traced memory (MB) in a
    second download (tracing slows Python down several times, so it is not timed)."""
    start = time.perf_counter()
    response = client.get(url)
    rows = sum(chunk.count(b"\r\n") for chunk in response.streaming_content) - 1
    seconds = time.perf_counter() - start
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, round(seconds, 2), round(peak / 1024 / 1024, 1)


def download(client: Client, url: str) -> dict:
    """Seconds and megabytes of one streamed download (a ZIP), then its peak traced memory (MB)
    in a second download, untimed as in ``stream``; each built, not served from the copy kept."""
    shutil.rmtree(settings.TIPT_OPEN_DATA_DIR, ignore_errors=True)
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    shutil.rmtree(settings.TIPT_OPEN_DATA_DIR, ignore_errors=True)
    tracemalloc.start()
    for _chunk in client.get(url).streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": round(seconds, 2),
        "mb": round(size / 1024 / 1024, 1),
        "peak_mb": round(peak / 1024 / 1024, 1),
    }


def import_seconds() -> float:
    """Import a new year for one country (matching predecessors), rolled back afterwards."""
    latest = Report.objects.filter(country__slug="bench-country-002").order_by("-year").first()
    old = list(latest.recommendations.order_by("position").values_list("text", flat=True))
    reworded = [f"Continue to {t[0].lower()}{t[1:]}" for t in old[::2]] + old[1::2]
    chapter = (
        "BENCH COUNTRY 002: Tier 2\n\nThe Government of Bench Country 002 does not fully meet "
        "the minimum standards for the elimination of trafficking.\n\nPRIORITIZED "
        "RECOMMENDATIONS:\n\n" + "\n".join(reworded) + "\n\nPROSECUTION\n\nThe government "
        "maintained efforts.\n"
    )
    times = []
    for _ in range(5):
        start = time.perf_counter()
        try:
            with transaction.atomic():
                parsed = parse_chapter(chapter, year=latest.year + 1)
                report_import(plan=report_import_plan(chapter=parsed))
                raise Rollback
        except Rollback:
            pass
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def submission_seconds(slug: str = "bench-country-001") -> dict[str, float]:
    """Build one country's submission pack for the period after its latest report (its data,
    then the Word document and the PDF, as approving does), median of three."""
    country = Country.objects.get(slug=slug)
    period = Report.objects.filter(country=country).order_by("-year").first().year + 1
    times = {"data": [], "docx": [], "pdf": []}
    for _ in range(3):
        start = time.perf_counter()
        data = pack_data(country, period, notes=NoteChoice.ALL)
        times["data"].append(time.perf_counter() - start)
        for fmt in ("docx", "pdf"):
            start = time.perf_counter()
            render(data, fmt)
            times[fmt].append(time.perf_counter() - start)
    figures = {name: round(statistics.median(values), 3) for name, values in times.items()}
    figures["total"] = round(sum(figures.values()), 3)
    figures["notes"] = sum(len(row["evidence"]) for row in data["recommendations"])
    return figures


def main():
    client = Client()
    latest_year = Report.objects.order_by("-year").values_list("year", flat=True).first()
    detail = (
        Recommendation.objects.filter(
            report__country__slug="bench-country-001",
            report__year=latest_year,
            previous__isnull=False,
        )
        .order_by("position")
        .first()
    )
    pages = {
        "dashboard": "/",
        "list": f"/recommendations/?status=in_progress&year={latest_year}",
        "detail": f"/recommendations/{detail.pk}/",
        "statistics": "/statistics/",
        # The JSON API's list endpoint, with the list page's query (the same rows).
        "api_list": f"/api/v1/recommendations/?status=in_progress&year={latest_year}",
    }
    figures = {
        "recommendations": Recommendation.objects.count(),
        "median_ms": {name: median_ms(client, url) for name, url in pages.items()},
        "cached_median_ms": {
            name: median_ms(client, url, cached=True) for name, url in pages.items()
        },
    }
    admin_client = Client()
    admin, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin_client.force_login(admin)
    figures["median_ms"]["admin"] = median_ms(
        admin_client, "/admin/recommendations/recommendation/"
    )
    # Every year's rows: the export's default is each country's latest report, a twentieth.
    rows, seconds, peak = stream(client, "/recommendations/export.csv?year=all")
    small_rows, _small_seconds, small_peak = stream(
        client, "/recommendations/export.csv?year=all&ministry=bench-country-001-labour"
    )
    figures["export"] = {
        "rows": rows,
        "seconds": seconds,
        "peak_mb": peak,
        "small_rows": small_rows,
        "small_peak_mb": small_peak,
    }
    # The open data of every country: the whole record, built as it is sent.
    figures["open_data"] = download(client, "/data/all.zip")
    figures["import_seconds"] = import_seconds()
    figures["submission"] = submission_seconds()
    sys.stdout.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
