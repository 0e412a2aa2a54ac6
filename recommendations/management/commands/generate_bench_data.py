"""Fill the database with synthetic reports for benchmarks, deterministically for a seed.

    python manage.py generate_bench_data [--countries N] [--years N] [--seed S]

The full volume (the defaults) is what an office tracking every country holds: 190 countries x
20 years x 10 recommendations = 38,000 recommendations, 380,000 evidence notes and 100,000
status changes; most recommendations carry on one of the year before, so threads run across
the years (a few split). Every country is named "Bench country NNN" so the data is never
mistaken for real reports; the command refuses to run where bench data exists already.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from recommendations.models import (
    TOTAL,
    Area,
    Country,
    EvidenceNote,
    Metric,
    Ministry,
    Recommendation,
    Report,
    Review,
    StatisticValue,
    Status,
    StatusChange,
    Tier,
    Unit,
    Visibility,
)
from recommendations.services.threads import _thread_paths_recompute
from recommendations.writes import forget_every_page

RECOMMENDATIONS_PER_REPORT = 10
NOTES_PER_RECOMMENDATION = 10
STATUS_CHANGES_PER_1000 = 2632  # 100,000 status changes for 38,000 recommendations
MINISTRIES_PER_COUNTRY = 6
BATCH = 5000
FIRST_YEAR = 2005
# How often a recommendation carries on last year's at its position (so threads run across many
# of the 20 years), and how often instead last year's at the position before (a split).
CARRIED_SHARE = 0.9
SPLIT_SHARE = 0.03

VERBS = ["Increase", "Develop", "Strengthen", "Investigate", "Provide", "Train", "Formally"]
AIMS = [
    "efforts to identify vulnerable individuals and screen them for trafficking",
    "and implement a national action plan for {year} and onwards",
    "court capacity to reduce backlog and pretrial detention in trafficking cases",
    "prosecute, convict, and punish perpetrators of sex and labor trafficking",
    "shelter and specialized services for adult and child victims",
    "law enforcement officials to proactively identify victims among migrant workers",
    "approve standard operating procedures for victim identification and referral",
    "labor recruitment policies and hire more labor inspectors",
    "coordination of the anti-trafficking task force with civil society",
    "legal mechanisms for victims to work and receive temporary residency status",
    "awareness campaigns on the risks of forced labor in the fishing sector",
    "data sharing between police, immigration, and social services",
]
MINISTRY_NAMES = ["Home Affairs", "Justice", "Labour", "Police", "Immigration", "Social Services"]
EVIDENCE = [
    "Workshop held for frontline officials",
    "Draft legislation tabled in parliament",
    "Standard operating procedures circulated for comment",
    "Inspectors hired and trained",
    "Awareness campaign broadcast on radio",
]


class Command(BaseCommand):
    help = "Generate synthetic benchmark data (full volume by default), deterministic per seed."

    def add_arguments(self, parser):
        parser.add_argument("--countries", type=int, default=190)
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--dry-run", action="store_true", help="Print the volumes only.")

    def handle(self, *args, countries, years, seed, dry_run, **options):
        if countries < 1 or years < 1:
            raise CommandError("--countries and --years must be at least 1.")
        recommendations = countries * years * RECOMMENDATIONS_PER_REPORT
        volumes = (
            f"{countries} countries, {countries * years} reports, {recommendations} "
            f"recommendations, {recommendations * NOTES_PER_RECOMMENDATION} evidence notes, "
            f"~{recommendations * STATUS_CHANGES_PER_1000 // 1000} status changes, the statistics "
            "of every country and period"
        )
        if dry_run:
            self.stdout.write(f"Would generate {volumes}.")
            return
        if Country.objects.filter(slug__startswith="bench-country-").exists():
            raise CommandError("Bench data exists already in this database; use a fresh one.")
        with transaction.atomic():
            # Synthetic data, reproducible per seed: no secret is drawn here.
            Generator(random.Random(seed), countries, years).run()  # noqa: S311
            # Bulk inserts send no signals: raise every page version so no cached page stays.
            forget_every_page()
        # Fresh planner statistics, as a database in service has from its routine maintenance.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {volumes}."))


class Generator:
    def __init__(self, rng, countries, years):
        self.rng = rng
        self.countries = countries
        self.years = years
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)

    def run(self):
        user, created = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        self.user = user
        countries = Country.objects.bulk_create(
            Country(name=f"Bench country {i:03d}", slug=f"bench-country-{i:03d}")
            for i in range(1, self.countries + 1)
        )
        ministries = Ministry.objects.bulk_create(
            Ministry(
                country=country,
                name=f"{name} ({country.name})",
                short_name=name,
                slug=f"{country.slug}-{name.lower().replace(' ', '-')}",
            )
            for country in countries
            for name in MINISTRY_NAMES[:MINISTRIES_PER_COUNTRY]
        )
        by_country = [
            ministries[i * MINISTRIES_PER_COUNTRY : (i + 1) * MINISTRIES_PER_COUNTRY]
            for i in range(len(countries))
        ]
        first_year = max(FIRST_YEAR, self.today.year - self.years + 1)
        reports = Report.objects.bulk_create(
            Report(
                country=country,
                year=year,
                tier=self.rng.choice(Tier.values[:4]),
                summary=f"Synthetic report for {country.name}, {year}.",
            )
            for country in countries
            for year in range(first_year, first_year + self.years)
        )
        recs = self._recommendations(reports, by_country, countries)
        self._supporting(recs, by_country, countries)
        self._notes(recs)
        self._status_changes(recs)
        _approved_statistics(
            self.rng,
            countries=countries,
            by_country=by_country,
            periods=range(first_year, first_year + self.years),
            user=self.user,
            now=self.now,
        )
        # Last, once the notes and status changes are in: the paths, then every thread's
        # summaries, in a few bounded queries for all the countries.
        _thread_paths_recompute(countries=[country.pk for country in countries])

    def _recommendations(self, reports, by_country, countries):
        country_index = {c.pk: i for i, c in enumerate(countries)}
        previous_by_position = {}
        created = []
        for report in reports:
            owners = by_country[country_index[report.country_id]]
            batch = []
            for position in range(1, RECOMMENDATIONS_PER_REPORT + 1):
                aim = self.rng.choice(AIMS).format(year=report.year)
                text = f"{self.rng.choice(VERBS)} {aim}."
                target = self.today + datetime.timedelta(days=self.rng.randint(-400, 400))
                previous = previous_by_position.get((report.country_id, position))
                if self.rng.random() < SPLIT_SHARE:
                    # The report split last year's recommendation before this one in two.
                    previous = previous_by_position.get((report.country_id, position - 1))
                batch.append(
                    Recommendation(
                        report=report,
                        position=position,
                        text=text,
                        title=text.rstrip(".")[:80],
                        area=self.rng.choice(Area.values),
                        status=self.rng.choice(Status.values),
                        lead_ministry=self.rng.choice(owners),
                        target_date=target if self.rng.random() < 0.8 else None,
                        previous=previous if self.rng.random() < CARRIED_SHARE else None,
                    )
                )
            batch = Recommendation.objects.bulk_create(batch)
            for rec in batch:
                previous_by_position[(report.country_id, rec.position)] = rec
            created.extend(batch)
        return created

    def _supporting(self, recs, by_country, countries):
        through = Recommendation.supporting_ministries.through
        country_of_report = dict(Report.objects.values_list("pk", "country_id"))
        country_index = {c.pk: i for i, c in enumerate(countries)}
        rows = []
        for rec in recs:
            owners = by_country[country_index[country_of_report[rec.report_id]]]
            for ministry in self.rng.sample(owners, 2):
                if ministry.pk != rec.lead_ministry_id:
                    rows.append(through(recommendation_id=rec.pk, ministry_id=ministry.pk))
        through.objects.bulk_create(rows, batch_size=BATCH)

    def _notes(self, recs):
        batch = []
        for rec in recs:
            for _n in range(NOTES_PER_RECOMMENDATION):
                public = self.rng.random() < 0.3
                batch.append(
                    EvidenceNote(
                        recommendation_id=rec.pk,
                        author=self.user,
                        happened_on=self.today - datetime.timedelta(days=self.rng.randint(0, 3650)),
                        text=self.rng.choice(EVIDENCE),
                        link="https://example.org/evidence" if self.rng.random() < 0.5 else "",
                        visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
                        published_at=self.now if public else None,
                        public_id=f"{self.rng.getrandbits(64):016x}" if public else None,
                    )
                )
            if len(batch) >= BATCH:
                EvidenceNote.objects.bulk_create(batch)
                batch = []
        EvidenceNote.objects.bulk_create(batch)

    def _status_changes(self, recs):
        total = len(recs) * STATUS_CHANGES_PER_1000 // 1000
        batch = []
        for index in range(total):
            rec = recs[index % len(recs)]
            old, new = self.rng.sample(Status.values, 2)
            batch.append(
                StatusChange(
                    recommendation_id=rec.pk,
                    old_status=old,
                    new_status=new,
                    changed_by=self.user,
                    changed_at=self.now - datetime.timedelta(minutes=self.rng.randint(0, 10**6)),
                    note="Synthetic status change",
                )
            )
            if len(batch) >= BATCH:
                StatusChange.objects.bulk_create(batch)
                batch = []
        StatusChange.objects.bulk_create(batch)


def _approved_statistics(rng, *, countries, by_country, periods, user, now):
    """Approved statistics for every country, metric and period of the reports (each total
    with the breakdown cells of its metric), entered by the country's first ministry."""
    metrics = list(Metric.objects.all())
    batch = []
    for country, ministries in zip(countries, by_country, strict=True):
        for period in periods:
            for metric in metrics:
                total = rng.randint(0, 40)
                for cell in metric.cells():
                    value = total if cell == TOTAL else rng.randint(0, total)
                    batch.append(
                        StatisticValue(
                            country=country,
                            period=period,
                            metric=metric,
                            cell=cell,
                            value=value * (1000 if metric.unit == Unit.MONEY else 1),
                            currency="XCD" if metric.unit == Unit.MONEY else "",
                            ministry=ministries[0],
                            entered_by=user,
                            entered_at=now,
                            state=Review.APPROVED,
                            decided_by=user,
                            decided_at=now,
                        )
                    )
            if len(batch) >= BATCH:
                StatisticValue.objects.bulk_create(batch)
                batch = []
    StatisticValue.objects.bulk_create(batch)
