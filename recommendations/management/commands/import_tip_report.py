"""Import one TIP Report country chapter, as pasted from the web, into tracked recommendations.

python manage.py import_tip_report PATH [--country NAME] [--year YEAR] [--dry-run] [--json]
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recommendations.reporttext import ReportTextError, parse_chapter
from recommendations.services import ReportImportError, report_import, report_import_plan


class Command(BaseCommand):
    help = "Import a TIP Report country chapter (a .txt file) and link it to earlier years."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The chapter as a text file.")
        parser.add_argument("--country", help="The country, if the text does not name it.")
        parser.add_argument("--year", type=int, help="The report's year (e.g. 2020).")
        parser.add_argument("--source-url", default="", help="Where the chapter was copied from.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and match; write nothing."
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the result as JSON."
        )

    def handle(self, *args, path, country, year, source_url, dry_run, as_json, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(f"--year {year} is not a report year.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            chapter = parse_chapter(file.read_bytes(), year=year)
            plan = report_import_plan(chapter=chapter, country_name=country, year=year)
        except (ReportTextError, ReportImportError) as error:
            raise CommandError(str(error)) from error

        if dry_run:
            if as_json:
                self.stdout.write(_dumps(plan.as_json()))
            else:
                self._describe(plan)
                self.stdout.write("Dry run: nothing was written.")
            return

        result = report_import(plan=plan, source_url=source_url)
        if as_json:
            self.stdout.write(_dumps({**plan.as_json(), "created": result.created}))
        else:
            style = self.style.SUCCESS if result.created else self.style.WARNING
            for warning in chapter.warnings:
                self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
            self.stdout.write(style(result.message))

    def _describe(self, plan):
        data = plan.as_json()
        self.stdout.write(f"{data['country']} {data['year']}: {data['tier']}")
        for rec in data["recommendations"]:
            previous = rec["previous"]
            link = (
                f" (follows {previous['year']} #{previous['position']}, score {previous['score']})"
                if previous
                else ""
            )
            self.stdout.write(f"{rec['position']}. [{rec['area']}] {rec['text']}{link}")
        for warning in data["warnings"]:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
