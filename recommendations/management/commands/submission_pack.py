"""Write a country's submission pack for a reporting period: the document the task force sends
for the next TIP Report, built from what TIPT holds (selectors/submission.py), as Word, PDF or
HTML. A draft by default; ``--approved-version N`` writes approved version N exactly as it
was stored.

    manage.py submission_pack --country saint-lucia --period 2021 --format docx -o pack.docx
    manage.py submission_pack --country saint-lucia --period 2021 --notes published --dry-run
    manage.py submission_pack --country saint-lucia --period 2021 --approved-version 1 -o sent.docx
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recommendations.models import Country, NoteChoice, SubmissionPack
from recommendations.selectors.submission import NoReport, pack_data
from recommendations.submission import FORMATS, render


class Command(BaseCommand):
    help = "Write a country's submission pack for a reporting period (DOCX, PDF or HTML)."

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="The country's slug.")
        parser.add_argument("--period", required=True, type=int, help="e.g. 2021 (to 31 March).")
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="docx")
        parser.add_argument(
            "--notes",
            choices=NoteChoice.values,
            default=NoteChoice.MARKED,
            help="Which evidence notes go in (default: published and marked for the submission).",
        )
        parser.add_argument(
            "--approved-version", dest="pack_version", type=int, help="An approved version."
        )
        parser.add_argument("-o", "--output", help="The file to write (default: its own name).")
        parser.add_argument("--dry-run", action="store_true", help="Say what it holds; no file.")

    def handle(self, *args, country, period, fmt, notes, pack_version, output, dry_run, **kw):
        found = Country.objects.filter(slug=country).first()
        if found is None:
            raise CommandError(f"No country {country!r}.")
        with transaction.atomic():
            if pack_version:
                pack = SubmissionPack.objects.filter(
                    country=found, period=period, version=pack_version
                ).first()
                if pack is None:
                    raise CommandError(f"No approved version {pack_version} of period {period}.")
                data = pack.data
                stored = {"docx": pack.docx, "pdf": pack.pdf}
                rendered = render(data, fmt, approved_at=pack.approved_at, version=pack.version)
                content = bytes(stored[fmt]) if fmt in stored else rendered.content
            else:
                try:
                    data = pack_data(found, period, notes=notes)
                except NoReport as error:
                    raise CommandError(str(error)) from error
                rendered = render(data, fmt)
                content = rendered.content
        notes_count = sum(len(row["evidence"]) for row in data["recommendations"])
        summary = (
            f"{len(data['recommendations'])} recommendation(s), {notes_count} evidence note(s) "
            f"in the period, {len(data['gaps']['recommendations'])} without evidence"
        )
        if dry_run:
            self.stdout.write(f"Would write {rendered.filename}: {summary}.")
            return
        path = Path(output or rendered.filename)
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({summary})."))
