"""The open data's ZIP, written while it is sent: ``datapackage.json`` first, then each CSV
file, each compressed as its rows come from the database (zipstream-ng). Nothing is held
whole, the whole record of every country included: one chunk of rows at a time, whatever
the volume.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from zipstream import ZIP_DEFLATED, ZipStream

from ..exports import csv_chunks
from ..public.statistics import small_label
from . import dictionary, tables

# Every country's record, as opposed to one country's (named by its slug).
EVERY_COUNTRY_NAME = "all"


def archive_filename(name: str, day) -> str:
    """``tipt-open-data-saint-lucia-2026-12-03.zip``: what it holds, and the day it was built."""
    return f"tipt-open-data-{name}-{day.isoformat()}.zip"


def open_data_archive(
    countries, *, name: str, title: str, absolute_url: Callable[[str], str], homepage: str
) -> tuple[ZipStream, str]:
    """The ZIP of the record of ``countries`` (a QuerySet of Country) and its file name; ``name``
    (a slug) and ``title`` name the package. Its rows are read as the ZIP is iterated."""
    built = timezone.localtime().replace(microsecond=0)
    rows = {
        "reports": tables.report_rows(countries, absolute_url=absolute_url),
        "recommendations": tables.recommendation_rows(countries, absolute_url=absolute_url),
        "status_history": tables.status_history_rows(countries),
        "evidence": tables.evidence_rows(countries),
        "statistics": tables.statistics_rows_of(countries),
    }
    contents = [
        (table, rows[table.name])
        for table in dictionary.every_table(small_label(settings.TIPT_SMALL_COUNT_THRESHOLD))
    ]
    package = dictionary.data_package(
        # A package's name is lower case (a country's slug may not be).
        name=f"tipt-{name}".lower(),
        title=title,
        created=built.isoformat(),
        homepage=homepage,
        tables=[table for table, _rows in contents],
    )
    archive = ZipStream(compress_type=ZIP_DEFLATED)
    archive.add(json.dumps(package, ensure_ascii=False, indent=2), "datapackage.json")
    for table, rows in contents:
        archive.add(csv_chunks(rows), table.path)
    return archive, archive_filename(name, built.date())
