"""Import one TIP Report country chapter, as pasted from the web, into tracked recommendations.

python manage.py import_tip_report PATH [--country NAME] [--year YEAR] [--replace]
                                        [--dry-run] [--json] [--source-url URL]

The chapter may be in any layout the parser reads (see recommendations/importing/), in UTF-8,
Windows-1252 or Latin-1. Each recommendation is linked to its predecessor in the country's
latest earlier report. A country and year imported already is left as it is unless --replace is
given; a replacement keeps the staff's work on every recommendation that is still there.
A dry run also counts, and lists, the earlier report's recommendations that the new one drops
(that no new recommendation follows). A chapter whose only recommendation the copy cut short
is shown by a dry run (its tier, and the fragment as a warning) and refused by an import.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from recommendations.calendar import FIRST_REPORT_YEAR, LAST_PLAUSIBLE_YEAR, is_report_year
from recommendations.importing import (
    MAX_BYTES,
    ReportImportError,
    ReportTextError,
    parse_chapter,
    report_import,
    report_import_plan,
)


class Command(BaseCommand):
    help = "Import a TIP Report country chapter (a .txt file) and link it to earlier years."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The chapter as a text file.")
        parser.add_argument("--country", help="The country, if the text does not name it.")
        parser.add_argument(
            "--year", type=int, help="The report's year, if the text does not name it."
        )
        parser.add_argument("--source-url", default="", help="Where the chapter was copied from.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the country's report for that year if it is imported already.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and match; write nothing."
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the result as JSON."
        )

    def handle(self, *args, path, country, year, source_url, replace, dry_run, as_json, **options):
        if year is not None and not is_report_year(year):
            raise CommandError(
                _("--year %(year)s is not a report year (%(min)s to %(max)s).")
                % {"year": year, "min": FIRST_REPORT_YEAR, "max": LAST_PLAUSIBLE_YEAR}
            )
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(_("The file is over 2 MB; a country chapter is far smaller."))
        try:
            chapter = parse_chapter(file.read_bytes(), year=year)
            plan = report_import_plan(
                chapter=chapter, country_name=country, year=year, replace=replace
            )
            if dry_run:
                self._show(plan, as_json)
                return
            with transaction.atomic():
                result = report_import(plan=plan, source_url=source_url)
        except (ReportTextError, ReportImportError) as error:
            raise CommandError(str(error)) from error

        if as_json:
            self.stdout.write(_dumps(plan.as_json()))
            return
        for warning in chapter.warnings:
            self.stderr.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        done = result.created or result.replaced
        self.stdout.write((self.style.SUCCESS if done else self.style.WARNING)(result.message))
        if not done:
            self.stdout.write(_("Use --replace to replace it."))

    def _show(self, plan, as_json):
        data = plan.as_json()
        if as_json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{data['country']} {data['year']}: {data['tier']}")
        for rec in data["recommendations"]:
            previous = rec["previous"]
            link = (
                " "
                + _("(follows %(year)s #%(position)s, score %(score)s)")
                % {k: previous[k] for k in ("year", "position", "score")}
                if previous
                else ""
            )
            self.stdout.write(f"{rec['position']}. [{rec['area']}] {rec['text']}{link}")
        if plan.predecessor_report:
            dropped = data["dropped"]
            self.stdout.write(
                ngettext(
                    "%(count)d recommendation of %(year)s is dropped (no new one follows it).",
                    "%(count)d recommendations of %(year)s are dropped (no new one follows them).",
                    len(dropped),
                )
                % {"count": len(dropped), "year": plan.predecessor_report.year}
            )
            for rec in dropped:
                self.stdout.write(f"  {rec['year']} #{rec['position']}: {rec['title']}")
        for warning in data["warnings"]:
            self.stdout.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        self.stdout.write(_("Dry run: nothing was written."))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
