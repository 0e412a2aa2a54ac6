"""Load the Saint Lucia 2020 chapter with demo ministries and assignments; create a first admin.

Safe to run again: what exists is kept and nothing is duplicated. The statuses and evidence it
records state only what the 2020 chapter itself reports, each note citing the chapter. The
ministry assignments are a demonstration for the task force to correct.
"""

import datetime
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from recommendations.importing import country_find, parse_chapter, report_import, report_import_plan
from recommendations.models import EvidenceNote, Ministry, Recommendation, Report, Status
from recommendations.services.evidence import _evidence_note_create, _evidence_note_publish
from recommendations.services.status import _recommendation_set_status

SEED = Path(__file__).resolve().parents[2] / "data" / "saint-lucia-2020.txt"
SEED_URL = "https://www.state.gov/reports/2020-trafficking-in-persons-report/saint-lucia/"
CITATION = "Source: 2020 Trafficking in Persons Report, Saint Lucia chapter"

MINISTRIES = [
    ("Ministry of Home Affairs, Justice and National Security", "Home Affairs", "home-affairs"),
    ("Ministry of Equity, Social Justice and Empowerment", "Equity", "equity"),
    ("Department of Labour", "Labour", "labour"),
    ("Royal Saint Lucia Police Force", "Police", "police"),
    ("Judiciary of Saint Lucia", "Judiciary", "judiciary"),
    ("Attorney General's Chambers", "Attorney General", "attorney-general"),
    ("Immigration Department", "Immigration", "immigration"),
]

# position: (lead, supporting...) -- a demonstration for the task force to correct.
ASSIGNMENTS = {
    1: ("police", "immigration", "equity"),
    2: ("police", "attorney-general", "judiciary"),
    3: ("attorney-general", "home-affairs"),
    4: ("judiciary", "attorney-general"),
    5: ("home-affairs", "equity", "labour"),
    6: ("home-affairs", "police", "immigration", "equity", "labour"),
    7: ("police", "immigration", "labour"),
    8: ("labour", "home-affairs"),
    9: ("immigration", "home-affairs", "labour"),
}

# What the chapter reports as done during its reporting period (April 2019 - March 2020).
# position: (status, date, what the chapter says, section)
EVIDENCE = {
    3: (
        Status.IN_PROGRESS,
        datetime.date(2020, 3, 31),
        "The Attorney General and Home Affairs Minister introduced an amendment to the 2010 "
        "Counter-Trafficking Act removing the option of a standalone fine as penalty for "
        "convicted traffickers; the amendment process was interrupted by the COVID-19 crisis.",
        "Prosecution",
    ),
    6: (
        Status.IN_PROGRESS,
        datetime.date(2020, 3, 31),
        "The Ministers of Home Affairs, Justice, and National Security approved standard "
        "operating procedures (SOPs) for victim identification, referral, and protection and "
        "submitted the SOPs for full Cabinet approval.",
        "Protection",
    ),
    7: (
        Status.IN_PROGRESS,
        datetime.date(2020, 1, 31),
        "16 police officers participated in two trainings on the human trafficking case "
        "management system in November 2019, and 39 police officers attended training in "
        "investigating cases of human trafficking in January 2020.",
        "Prosecution",
    ),
}


class Command(BaseCommand):
    help = "Load the Saint Lucia 2020 demo data and create a first admin account if none exists."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create an admin.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done.")

    def handle(self, *args, no_admin, dry_run, **options):
        if dry_run:
            loaded = self._seed_report() is not None
            self.stdout.write(
                "Saint Lucia 2020 is loaded already." if loaded else "Would load Saint Lucia 2020."
            )
            return
        with transaction.atomic():
            report, created = self._report()
            ministries = self._ministries(report.country)
            if created:
                self._assign(report, ministries)
                self._evidence(report)
        if not no_admin:
            self._admin()

    def _seed_report(self):
        country = country_find("Saint Lucia")
        return Report.objects.filter(country=country, year=2020).first() if country else None

    def _ministries(self, country):
        ministries = {}
        for name, short_name, slug in MINISTRIES:
            ministries[slug], _created = Ministry.objects.get_or_create(
                slug=slug, defaults={"name": name, "short_name": short_name, "country": country}
            )
        return ministries

    def _report(self):
        existing = self._seed_report()
        if existing:
            self.stdout.write("Saint Lucia 2020 is loaded already; kept as it is.")
            return existing, False
        chapter = parse_chapter(SEED.read_bytes(), year=2020)
        result = report_import(plan=report_import_plan(chapter=chapter), source_url=SEED_URL)
        self.stdout.write(self.style.SUCCESS(result.message))
        return result.report, True

    def _assign(self, report, ministries):
        for rec in Recommendation.objects.filter(report=report):
            lead, *supporting = ASSIGNMENTS.get(rec.position, (None,))
            if lead:
                rec.lead_ministry = ministries[lead]
                rec.save(update_fields=["lead_ministry", "updated_at"])
                rec.supporting_ministries.set([ministries[slug] for slug in supporting])

    def _evidence(self, report):
        # The chapter's own record, written by the system rather than a person: through the
        # services' unchecked primitives, which check no right (services/status.py, evidence.py).
        recs = {rec.position: rec for rec in report.recommendations.all()}
        for position, (status, happened_on, text, section) in EVIDENCE.items():
            rec = recs.get(position)
            if rec is None or EvidenceNote.objects.filter(recommendation=rec).exists():
                continue
            _recommendation_set_status(
                recommendation=rec,
                status=status,
                note=f"As reported in the 2020 TIP Report ({section} section).",
            )
            note = _evidence_note_create(
                recommendation=rec,
                author=None,
                happened_on=happened_on,
                text=f"{text} ({CITATION}, {section} section.)",
                link=SEED_URL,
            )
            # Quoted from a public report, so nothing internal: published as it is.
            _evidence_note_publish(note=note, user=None)

    def _admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists already; its password is unchanged.")
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Created the admin account. Sign in at http://127.0.0.1:8000/admin/ with\n"
                f"  username: admin\n  password: {password}\n"
                "This password is shown only once: keep it now."
            )
        )
