"""Everything since the first release, 0006 to 0015 in one, each data step in its place: evidence
notes get public ids and versions, report years run from the first TIP Report, reports keep their
pasted text, pages are versioned per country, ministries belong to a country; recommendations keep
their thread's path and summaries, an import records carry-overs; notes are reviewed and
corrected, statistics entered and reviewed against a seeded catalogue of metrics; notes carry
documents, the annual submission has deadlines and packs; content has English and French."""

import re
import secrets
from collections import Counter

import django.core.validators
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models.deletion import CASCADE, PROTECT, SET_NULL

import recommendations.models.documents

STATUSES = [
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("stalled", "Stalled"),
    ("completed", "Completed"),
]
STATUS_VALUES = [value for value, _label in STATUSES]
AREAS = [
    ("prosecution", "Prosecution"),
    ("protection", "Protection"),
    ("prevention", "Prevention"),
    ("partnership", "Partnership"),
]
REVIEW_STATES = [
    ("pending", "Waiting for review"),
    ("approved", "Approved"),
    ("returned", "Returned"),
    ("withdrawn", "Withdrawn"),
]
REVIEW_STATE_VALUES = [value for value, _label in REVIEW_STATES]
DOCUMENT_TYPES = [
    ("pdf", "PDF"),
    ("docx", "Word document"),
    ("xlsx", "Excel workbook"),
    ("odt", "OpenDocument text"),
    ("ods", "OpenDocument spreadsheet"),
    ("png", "PNG image"),
    ("jpeg", "JPEG image"),
]
PACK_NOTES = [
    ("published", "Published notes only"),
    ("marked", "Published notes and those marked for the submission"),
    ("all", "Every note, internal ones included"),
]


def primary_key():
    """The id of every model here, a big integer counted up by the database."""
    return (
        "id",
        models.BigAutoField(
            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
        ),
    )


def review_fields():
    """The secretariat's review of what an editor entered or proposed."""
    return [
        (
            "state",
            models.CharField(
                choices=REVIEW_STATES, default="pending", max_length=10, verbose_name="review"
            ),
        ),
        ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
        ("comment", models.CharField(blank=True, max_length=1000, verbose_name="comment")),
    ]


def user_link(verbose_name):
    """A foreign key to the user who did something, emptied when that user is deleted."""
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=SET_NULL,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
    )


def check_deferred_constraints(apps, schema_editor):
    """On PostgreSQL, checks now the foreign keys that a data step's writes left to be checked at
    the commit: the whole squash is one transaction, and PostgreSQL refuses to alter a table with
    such checks pending ("pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def deferred_constraints_checked():
    """The step after the part of a former migration that wrote rows (or, backwards, before it):
    the next part, or the indexes and foreign keys created at the end, alter those tables."""
    return migrations.RunPython(check_deferred_constraints, check_deferred_constraints)


# 0006: public ids of published notes, page counters, ministries placed in countries.


def name_published_notes(apps, schema_editor):
    """Notes published before public ids existed get one now, drawn as publication draws it."""
    EvidenceNote = apps.get_model("recommendations", "EvidenceNote")
    notes = list(EvidenceNote.objects.filter(visibility="public", public_id__isnull=True))
    for note in notes:
        note.public_id = secrets.token_hex(8)
    EvidenceNote.objects.bulk_update(notes, ["public_id"], batch_size=500)


def count_every_country(apps, schema_editor):
    """A counter for what every page lists and one per country (keys of the old single counter
    had another form, so no page cached under them is ever served again)."""
    PageVersion = apps.get_model("recommendations", "PageVersion")
    Country = apps.get_model("recommendations", "Country")
    PageVersion.objects.create(scope="catalogue", number=1)
    PageVersion.objects.bulk_create(
        [
            PageVersion(scope="country", country=country, number=1)
            for country in Country.objects.all()
        ]
    )


def place_ministries(apps, schema_editor):
    """Each ministry belongs to the country whose recommendations it leads or supports (the one
    with most, if several: the others get a ministry of their own, of the same name, which takes
    over their recommendations and staff); a ministry with none belongs to the default country
    (the demo's Saint Lucia), or to the only or first country there is."""
    Ministry = apps.get_model("recommendations", "Ministry")
    Country = apps.get_model("recommendations", "Country")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    Through = Recommendation.supporting_ministries.through
    if not Ministry.objects.exists():
        return
    fallback = (
        Country.objects.filter(slug=getattr(settings, "TIPT_DEFAULT_COUNTRY", "")).first()
        or Country.objects.order_by("pk").first()
        or Country.objects.create(name="Saint Lucia", slug="saint-lucia")
    )
    for ministry in Ministry.objects.all():
        led = Recommendation.objects.filter(lead_ministry=ministry).values_list(
            "report__country_id", flat=True
        )
        supported = Through.objects.filter(ministry=ministry).values_list(
            "recommendation__report__country_id", flat=True
        )
        counts = Counter([*led, *supported])
        ranked = [country for country, _n in counts.most_common()] or [fallback.pk]
        ministry.country_id = ranked[0]
        ministry.save(update_fields=["country"])
        for country_id in ranked[1:]:
            country = Country.objects.get(pk=country_id)
            twin = Ministry.objects.create(
                country_id=country_id,
                name=ministry.name,
                short_name=ministry.short_name,
                slug=f"{ministry.slug}-{country.slug}"[:100],
            )
            twin.staff.set(ministry.staff.all())
            Recommendation.objects.filter(
                lead_ministry=ministry, report__country_id=country_id
            ).update(lead_ministry=twin)
            Through.objects.filter(
                ministry=ministry, recommendation__report__country_id=country_id
            ).update(ministry=twin)


# 0009: every recommendation's thread path, and each "Carried over from YEAR #N." status change
# an import wrote turned into the carry-over it records (the owners of that moment were not
# recorded then, so they stay empty).

# The note the importer wrote, in English or French.
CARRIED = re.compile(r"^(?:Carried over from|Reprise de) (\d{4}) (?:#|n° )(\d+)\.$")


def fill_thread_paths(apps, schema_editor):
    from recommendations.models.thread import thread_paths, thread_root

    Recommendation = apps.get_model("recommendations", "Recommendation")
    links = dict(Recommendation.objects.values_list("pk", "previous_id"))
    paths = thread_paths(links)
    rows = [
        Recommendation(pk=pk, thread_path=path, thread_root=thread_root(path))
        for pk, path in paths.items()
    ]
    Recommendation.objects.bulk_update(rows, ["thread_path", "thread_root"], batch_size=1000)


def convert_carried_over(apps, schema_editor):
    StatusChange = apps.get_model("recommendations", "StatusChange")
    CarryOver = apps.get_model("recommendations", "CarryOver")
    changes = StatusChange.objects.filter(
        recommendation__previous__isnull=False, old_status="not_started"
    ).filter(
        models.Q(note__startswith="Carried over from") | models.Q(note__startswith="Reprise de")
    )
    carried, converted = [], []
    for change in changes.order_by("changed_at", "pk"):
        found = CARRIED.match(change.note)
        if not found or change.recommendation_id in {c.recommendation_id for c in carried}:
            continue
        carried.append(
            CarryOver(
                recommendation_id=change.recommendation_id,
                from_year=int(found.group(1)),
                from_position=int(found.group(2)),
                status=change.new_status,
                carried_at=change.changed_at,
                carried_by_id=change.changed_by_id,
            )
        )
        converted.append(change.pk)
    CarryOver.objects.bulk_create(carried)
    StatusChange.objects.filter(pk__in=converted).delete()


# 0010: what the reads across a thread need, for every recommendation there is, worked out by the
# one computation the writes use.
def fill_thread_summaries(apps, schema_editor):
    from recommendations.services.threads import thread_summaries_refresh

    tables = tuple(
        apps.get_model("recommendations", name)
        for name in ("Recommendation", "EvidenceNote", "StatusChange")
    )
    roots = tables[0].objects.exclude(thread_root=None).values_list("thread_root", flat=True)
    unrooted = tables[0].objects.filter(thread_root=None).values_list("pk", flat=True)
    thread_summaries_refresh(roots=set(roots), recommendations=list(unrooted), tables=tables)


# The public list's default sort by last update is newest first with the never-updated last
# (DESC NULLS LAST). SQLite puts NULLs last in a descending scan of the plain index of Meta; on
# PostgreSQL only an index built in that order serves it, which Meta.indexes cannot say for
# one database alone.
LAST_UPDATE_DESC = "recommendation_last_update_desc"


def create_last_update_desc(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {LAST_UPDATE_DESC} ON recommendations_recommendation "
            "(thread_public_update_on DESC NULLS LAST)"
        )


def drop_last_update_desc(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {LAST_UPDATE_DESC}")


# 0012: the catalogue of metrics the TIP Report weighs, with their fixed codes; the secretariat
# may add more in the staff workspace. A snapshot of the catalogue as first seeded: later changes
# come as new migrations.

# code, unit, area, breakdown, name, definition
METRICS = [
    (
        "investigations",
        "count",
        "prosecution",
        "none",
        "Investigations",
        "Trafficking cases the police opened an investigation into during the reporting period.",
    ),
    (
        "prosecutions",
        "count",
        "prosecution",
        "none",
        "Prosecutions",
        "People charged with trafficking offences whose prosecution began during the period.",
    ),
    (
        "convictions",
        "count",
        "prosecution",
        "sentences",
        "Convictions",
        "Traffickers convicted during the period, by the sentence they received.",
    ),
    (
        "complicity_investigations",
        "count",
        "prosecution",
        "none",
        "Investigations of complicit officials",
        "Investigations opened during the period into officials suspected of taking part in or "
        "allowing trafficking.",
    ),
    (
        "victims_identified",
        "count",
        "protection",
        "victims",
        "Victims identified",
        "Trafficking victims the authorities identified during the period. Only counts are kept, "
        "never anything about a person.",
    ),
    (
        "victims_referred",
        "count",
        "protection",
        "victims",
        "Victims referred to services",
        "Identified victims referred to shelter, care or other services during the period.",
    ),
    (
        "officials_trained",
        "count",
        "prevention",
        "none",
        "Officials trained",
        "Officials (police, immigration, labour, social services, judiciary) trained on "
        "trafficking during the period.",
    ),
    (
        "labour_inspections",
        "count",
        "prevention",
        "none",
        "Labour inspections",
        "Labour inspections carried out during the period that screened for trafficking.",
    ),
    (
        "hotline_reports",
        "count",
        "prevention",
        "none",
        "Hotline reports",
        "Calls or reports to the trafficking hotline during the period.",
    ),
    (
        "budget_anti_trafficking",
        "money",
        "partnership",
        "none",
        "Anti-trafficking budget",
        "Government funding for the anti-trafficking task force and its work in the period.",
    ),
    (
        "budget_victim_protection",
        "money",
        "protection",
        "none",
        "Victim protection budget",
        "Government funding for victim protection and services in the period.",
    ),
]


def seed(apps, schema_editor):
    Metric = apps.get_model("recommendations", "Metric")
    for position, (code, unit, area, breakdown, name, definition) in enumerate(METRICS, 1):
        Metric.objects.update_or_create(
            code=code,
            defaults={
                "unit": unit,
                "area": area,
                "breakdown": breakdown,
                "name": name,
                "definition": definition,
                "position": position * 10,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("recommendations", "Metric").objects.filter(
        code__in=[row[0] for row in METRICS], values__isnull=True
    ).delete()


# 0015: the English columns start as copies of the original ones; the French ones stay empty.
COPIED = {
    "country": ("name",),
    "ministry": ("name",),
    "metric": ("name",),
    "recommendation": ("title", "text"),
    "evidencenote": ("text",),
}


def copy_english(apps, schema_editor):
    for model_name, fields in COPIED.items():
        model = apps.get_model("recommendations", model_name)
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})


# Each translated field's English and French columns (0015), in the order they were added.
TRANSLATED = [
    (
        "country",
        "name",
        models.CharField(max_length=100, null=True, unique=True, verbose_name="name"),
    ),
    (
        "evidencenote",
        "text",
        models.TextField(
            help_text="What was done. Never record names or other details that could identify a victim.",
            null=True,
            verbose_name="text",
        ),
    ),
    ("metric", "name", models.CharField(max_length=200, null=True, verbose_name="name")),
    ("ministry", "name", models.CharField(max_length=200, null=True, verbose_name="name")),
    ("recommendation", "text", models.TextField(null=True, verbose_name="text")),
    ("recommendation", "title", models.CharField(max_length=200, null=True, verbose_name="title")),
]


class Migration(migrations.Migration):
    replaces = [
        ("recommendations", "0006_notes_years_pages_ministries"),
        ("recommendations", "0007_report_year_index"),
        ("recommendations", "0008_evidence_note_order"),
        ("recommendations", "0009_thread_paths_and_carry_overs"),
        ("recommendations", "0010_thread_summaries"),
        ("recommendations", "0011_review_corrections_statistics"),
        ("recommendations", "0012_seed_metrics"),
        ("recommendations", "0013_evidence_documents"),
        ("recommendations", "0014_submissions"),
        ("recommendations", "0015_french_content"),
    ]

    dependencies = [
        ("recommendations", "0001_initial_squashed_0005_latest_note_and_status_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # 0006: notes' public ids and versions, report years, pasted text, pages, ministries.
        migrations.AddField(
            model_name="evidencenote",
            name="public_id",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=32,
                null=True,
                unique=True,
                verbose_name="public id",
            ),
        ),
        migrations.AddField(
            model_name="evidencenote",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
        migrations.RunPython(name_published_notes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="evidencenote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("visibility", "internal"), ("public_id__isnull", False), _connector="OR"
                ),
                name="evidence_public_has_public_id",
            ),
        ),
        # Report years run from the first TIP Report, 2001, to 2100: recommendations/calendar.py.
        migrations.RemoveConstraint(model_name="report", name="report_plausible_year"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("year__gte", 2001), ("year__lte", 2100)),
                name="report_plausible_year",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="pasted_text",
            field=models.TextField(blank=True, editable=False, verbose_name="pasted text"),
        ),
        migrations.CreateModel(
            name="PageVersion",
            fields=[
                primary_key(),
                (
                    "scope",
                    models.CharField(
                        choices=[
                            ("catalogue", "what every page lists"),
                            ("country", "one country's pages"),
                        ],
                        max_length=10,
                        verbose_name="scope",
                    ),
                ),
                ("number", models.BigIntegerField(default=0, verbose_name="number")),
                (
                    "country",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=CASCADE,
                        related_name="+",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={"verbose_name": "page version"},
        ),
        migrations.DeleteModel(name="ContentVersion"),
        migrations.AddConstraint(
            model_name="pageversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("country__isnull", True), ("scope", "catalogue")),
                    models.Q(("country__isnull", False), ("scope", "country")),
                    _connector="OR",
                ),
                name="pageversion_scope_matches_country",
            ),
        ),
        migrations.AddConstraint(
            model_name="pageversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scope", "catalogue")),
                fields=("scope",),
                name="pageversion_one_catalogue",
            ),
        ),
        migrations.RunPython(count_every_country, migrations.RunPython.noop),
        migrations.AddField(
            model_name="ministry",
            name="country",
            field=models.ForeignKey(
                null=True,
                on_delete=PROTECT,
                related_name="ministries",
                to="recommendations.country",
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="ministry",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.RunPython(place_ministries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="ministry",
            name="country",
            field=models.ForeignKey(
                on_delete=PROTECT,
                related_name="ministries",
                to="recommendations.country",
                verbose_name="country",
            ),
        ),
        migrations.AddConstraint(
            model_name="ministry",
            constraint=models.UniqueConstraint(
                fields=("country", "name"), name="ministry_unique_name_per_country"
            ),
        ),
        deferred_constraints_checked(),
        # 0007: reports by year.
        migrations.AddIndex(
            model_name="report", index=models.Index(fields=["year"], name="report_year")
        ),
        # 0008: notes in the one order of updates, by the date something happened, then by when
        # the note was recorded (models/evidence.py, NOTE_ORDER). No change to the tables.
        migrations.AlterModelOptions(
            name="evidencenote",
            options={
                "ordering": ["-happened_on", "-created_at", "-pk"],
                "permissions": [("publish_evidencenote", "Can publish evidence notes")],
                "verbose_name": "evidence note",
                "verbose_name_plural": "evidence notes",
            },
        ),
        # 0009: several successors of one recommendation (a split), thread paths, carry-overs.
        migrations.AddField(
            model_name="recommendation",
            name="closing_note",
            field=models.TextField(
                blank=True,
                help_text="Only for a recommendation the next report no longer contains: how the work on it ended. Shown on its public page.",
                verbose_name="closing note",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="thread_path",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=1000,
                verbose_name="thread path",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="thread_root",
            field=models.PositiveBigIntegerField(
                blank=True, db_index=True, editable=False, null=True, verbose_name="thread root"
            ),
        ),
        migrations.AlterField(
            model_name="recommendation",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                help_text="The recommendation of an earlier report of the same country that this one carries on. When a report splits one recommendation in two, both follow it.",
                null=True,
                on_delete=SET_NULL,
                related_name="successors",
                to="recommendations.recommendation",
                verbose_name="previous year's recommendation",
            ),
        ),
        migrations.CreateModel(
            name="CarryOver",
            fields=[
                primary_key(),
                ("from_year", models.PositiveSmallIntegerField(verbose_name="from report year")),
                ("from_position", models.PositiveSmallIntegerField(verbose_name="from position")),
                (
                    "status",
                    models.CharField(choices=STATUSES, max_length=20, verbose_name="status"),
                ),
                (
                    "lead_ministry",
                    models.CharField(blank=True, max_length=200, verbose_name="lead ministry"),
                ),
                (
                    "supporting_ministries",
                    models.CharField(
                        blank=True, max_length=1000, verbose_name="supporting ministries"
                    ),
                ),
                (
                    "carried_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="carried over at"
                    ),
                ),
                ("carried_by", user_link("carried over by")),
                (
                    "recommendation",
                    models.OneToOneField(
                        on_delete=CASCADE,
                        related_name="carry_over",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "carry-over",
                "verbose_name_plural": "carry-overs",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("status__in", STATUS_VALUES)),
                        name="carryover_valid_status",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_thread_paths, migrations.RunPython.noop),
        migrations.RunPython(convert_carried_over, migrations.RunPython.noop),
        deferred_constraints_checked(),
        # 0010: each recommendation keeps what the reads across its thread need.
        migrations.AddField(
            model_name="recommendation",
            name="thread_last_change_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="thread's last status change"
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="thread_last_note_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="thread's last evidence note"
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="thread_latest_public_note",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=SET_NULL,
                related_name="+",
                to="recommendations.evidencenote",
                verbose_name="thread's latest public evidence note",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="thread_public_update_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="thread's last public update"
            ),
        ),
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(
                fields=["thread_public_update_on"], name="recommendation_last_update"
            ),
        ),
        migrations.RunPython(create_last_update_desc, drop_last_update_desc),
        migrations.RunPython(fill_thread_summaries, migrations.RunPython.noop, elidable=True),
        deferred_constraints_checked(),
        # 0011: review of notes and status proposals, note corrections, statistics.
        migrations.CreateModel(
            name="Metric",
            fields=[
                primary_key(),
                ("code", models.SlugField(unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "unit",
                    models.CharField(
                        choices=[("count", "number"), ("money", "amount of money")],
                        default="count",
                        max_length=10,
                        verbose_name="unit",
                    ),
                ),
                ("area", models.CharField(choices=AREAS, max_length=20, verbose_name="area")),
                (
                    "definition",
                    models.TextField(
                        help_text="In plain words; the public statistics page shows it.",
                        verbose_name="definition",
                    ),
                ),
                (
                    "breakdown",
                    models.CharField(
                        choices=[
                            ("none", "none"),
                            (
                                "victims",
                                "victims: sex, age group, form of exploitation, nationality",
                            ),
                            ("sentences", "sentences: imprisonment, suspended, fine"),
                        ],
                        default="none",
                        max_length=10,
                        verbose_name="breakdown",
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=100, verbose_name="position"),
                ),
                (
                    "ministries",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Their editors enter this metric's values for their country.",
                        related_name="metrics",
                        to="recommendations.ministry",
                        verbose_name="ministries that enter it",
                    ),
                ),
            ],
            options={
                "verbose_name": "metric",
                "verbose_name_plural": "metrics",
                "ordering": ["position", "code"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("unit__in", ["count", "money"])),
                        name="metric_valid_unit",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("area__in", [value for value, _label in AREAS])),
                        name="metric_valid_area",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("breakdown__in", ["none", "victims", "sentences"])),
                        name="metric_valid_breakdown",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="NoteCorrection",
            fields=[
                primary_key(),
                ("note_date", models.DateField(verbose_name="date of the note")),
                (
                    "kind",
                    models.CharField(
                        choices=[("corrected", "corrected"), ("withdrawn", "withdrawn")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "fields",
                    models.CharField(blank=True, max_length=100, verbose_name="fields corrected"),
                ),
                (
                    "made_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="made at"),
                ),
                ("made_by", user_link("made by")),
                (
                    "note",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=SET_NULL,
                        related_name="corrections",
                        to="recommendations.evidencenote",
                        verbose_name="evidence note",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="note_corrections",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "note correction",
                "verbose_name_plural": "note corrections",
                "ordering": ["-made_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["corrected", "withdrawn"])),
                        name="correction_valid_kind",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportFigure",
            fields=[
                primary_key(),
                ("period", models.PositiveSmallIntegerField(verbose_name="reporting period")),
                (
                    "value",
                    models.DecimalField(decimal_places=2, max_digits=16, verbose_name="value"),
                ),
                ("currency", models.CharField(blank=True, max_length=3, verbose_name="currency")),
                (
                    "usd",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        verbose_name="in US dollars",
                    ),
                ),
                ("text", models.TextField(verbose_name="sentence")),
                (
                    "metric",
                    models.ForeignKey(
                        on_delete=PROTECT,
                        related_name="report_figures",
                        to="recommendations.metric",
                        verbose_name="metric",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="figures",
                        to="recommendations.report",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "report figure",
                "verbose_name_plural": "report figures",
                "ordering": ["report", "metric__position", "-period"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "metric", "period"), name="reportfigure_one_per_period"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0)), name="reportfigure_not_negative"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReviewDecision",
            fields=[
                primary_key(),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("approved", "Approved"),
                            ("published", "Published"),
                            ("returned", "Returned"),
                        ],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="decided at"
                    ),
                ),
                ("comment", models.CharField(blank=True, max_length=1000, verbose_name="comment")),
                ("decided_by", user_link("decided by")),
                (
                    "note",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=SET_NULL,
                        related_name="decisions",
                        to="recommendations.evidencenote",
                        verbose_name="evidence note",
                    ),
                ),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="review_decisions",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "review decision",
                "verbose_name_plural": "review decisions",
                "ordering": ["-decided_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="StaffProfile",
            fields=[
                primary_key(),
                (
                    "language",
                    models.CharField(
                        choices=[("en", "English"), ("fr", "Français")],
                        default="en",
                        max_length=10,
                        verbose_name="language of emails",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=CASCADE,
                        related_name="tipt_profile",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={"verbose_name": "staff profile", "verbose_name_plural": "staff profiles"},
        ),
        migrations.CreateModel(
            name="StatisticValue",
            fields=[
                primary_key(),
                *review_fields(),
                ("period", models.PositiveSmallIntegerField(verbose_name="reporting period")),
                (
                    "cell",
                    models.CharField(
                        blank=True, default="", max_length=50, verbose_name="breakdown cell"
                    ),
                ),
                (
                    "value",
                    models.DecimalField(decimal_places=2, max_digits=16, verbose_name="value"),
                ),
                ("currency", models.CharField(blank=True, max_length=3, verbose_name="currency")),
                (
                    "usd",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=16,
                        null=True,
                        verbose_name="in US dollars",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                (
                    "entered_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="entered at"
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="statistics",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
                ("decided_by", user_link("decided by")),
                ("entered_by", user_link("entered by")),
                (
                    "metric",
                    models.ForeignKey(
                        on_delete=PROTECT,
                        related_name="values",
                        to="recommendations.metric",
                        verbose_name="metric",
                    ),
                ),
                (
                    "ministry",
                    models.ForeignKey(
                        on_delete=PROTECT,
                        related_name="statistic_values",
                        to="recommendations.ministry",
                        verbose_name="source ministry",
                    ),
                ),
            ],
            options={
                "verbose_name": "statistic value",
                "verbose_name_plural": "statistic values",
                "ordering": ["country", "-period", "metric__position", "cell"],
                "indexes": [
                    models.Index(
                        fields=["country", "period", "state"], name="statistic_period_state"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("state__in", REVIEW_STATE_VALUES)),
                        name="statistic_state",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0)), name="statistic_not_negative"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period__gte", 2001), ("period__lte", 2100)),
                        name="statistic_plausible_period",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("state", "approved")),
                        fields=("country", "period", "metric", "cell"),
                        name="statistic_one_approved",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("state", "pending")),
                        fields=("country", "period", "metric", "cell"),
                        name="statistic_one_pending",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StatusProposal",
            fields=[
                primary_key(),
                *review_fields(),
                (
                    "from_status",
                    models.CharField(
                        choices=STATUSES, max_length=20, verbose_name="status when proposed"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=STATUSES, max_length=20, verbose_name="proposed status"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                (
                    "proposed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="proposed at"
                    ),
                ),
                ("decided_by", user_link("decided by")),
                ("proposed_by", user_link("proposed by")),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="status_proposals",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
                (
                    "status_change",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=SET_NULL,
                        related_name="proposal",
                        to="recommendations.statuschange",
                        verbose_name="status change",
                    ),
                ),
            ],
            options={
                "verbose_name": "status proposal",
                "verbose_name_plural": "status proposals",
                "ordering": ["proposed_at", "pk"],
                "indexes": [models.Index(fields=["state", "proposed_at"], name="proposal_queue")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("state__in", REVIEW_STATE_VALUES)),
                        name="proposal_state",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", STATUS_VALUES)), name="proposal_status"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("from_status__in", STATUS_VALUES)),
                        name="proposal_from_status",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("state", "pending")),
                        fields=("recommendation",),
                        name="proposal_one_pending",
                    ),
                ],
            },
        ),
        migrations.RemoveConstraint(model_name="reminderdigest", name="reminderdigest_one_a_day"),
        migrations.AddField(
            model_name="evidencenote",
            name="review",
            field=models.CharField(
                choices=[
                    ("draft", "Internal"),
                    ("submitted", "Submitted for publication"),
                    ("returned", "Returned"),
                ],
                default="draft",
                max_length=10,
                verbose_name="review",
            ),
        ),
        migrations.AddField(
            model_name="evidencenote",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="submitted at"),
        ),
        migrations.AddField(
            model_name="reminderdigest",
            name="kind",
            field=models.CharField(
                choices=[("reminders", "reminders"), ("review", "review queue")],
                default="reminders",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="reminderdigest",
            name="recommendation_count",
            field=models.PositiveIntegerField(default=0, verbose_name="items listed"),
        ),
        migrations.AddIndex(
            model_name="evidencenote",
            index=models.Index(fields=["review", "submitted_at"], name="evidence_review_queue"),
        ),
        migrations.AddConstraint(
            model_name="evidencenote",
            constraint=models.CheckConstraint(
                condition=models.Q(("review__in", ["draft", "submitted", "returned"])),
                name="note_review",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminderdigest",
            constraint=models.UniqueConstraint(
                fields=("user", "kind", "sent_on"), name="reminderdigest_one_a_day"
            ),
        ),
        # Last, as in 0011: the decisions on a status proposal, and what a decision may be.
        migrations.AddField(
            model_name="reviewdecision",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=CASCADE,
                related_name="decisions",
                to="recommendations.statusproposal",
                verbose_name="status proposal",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewdecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("decision__in", ["approved", "published", "returned"])),
                name="decision_valid",
            ),
        ),
        deferred_constraints_checked(),
        # 0012: the catalogue of metrics.
        migrations.RunPython(seed, unseed),
        deferred_constraints_checked(),
        # 0013: evidence documents.
        migrations.CreateModel(
            name="EvidenceDocument",
            fields=[
                primary_key(),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=recommendations.models.documents.evidence_storage,
                        upload_to=recommendations.models.documents.stored_name,
                        verbose_name="file",
                    ),
                ),
                ("original_name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "file_type",
                    models.CharField(choices=DOCUMENT_TYPES, max_length=10, verbose_name="type"),
                ),
                ("size", models.PositiveBigIntegerField(verbose_name="size in bytes")),
                (
                    "public",
                    models.BooleanField(
                        default=False,
                        help_text="Only the secretariat makes a document public; the public can download it while its note is published.",
                        verbose_name="public with its note",
                    ),
                ),
                (
                    "public_id",
                    models.CharField(
                        editable=False, max_length=32, unique=True, verbose_name="public id"
                    ),
                ),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "redacted_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="redacted at"),
                ),
                (
                    "note",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="documents",
                        to="recommendations.evidencenote",
                        verbose_name="evidence note",
                    ),
                ),
                ("redacted_by", user_link("redacted by")),
                ("uploaded_by", user_link("uploaded by")),
            ],
            options={
                "verbose_name": "evidence document",
                "verbose_name_plural": "evidence documents",
                "ordering": ["uploaded_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("file_type__in", [value for value, _label in DOCUMENT_TYPES])
                        ),
                        name="document_valid_type",
                    )
                ],
            },
        ),
        # 0014: notes marked for the submission, its deadlines, the approved packs.
        migrations.AddField(
            model_name="evidencenote",
            name="for_submission",
            field=models.BooleanField(
                default=False,
                help_text="Give this note in the annual submission pack even while it is internal.",
                verbose_name="for the submission",
            ),
        ),
        migrations.CreateModel(
            name="SubmissionDeadline",
            fields=[
                primary_key(),
                (
                    "period",
                    models.PositiveSmallIntegerField(
                        help_text="The period the submission reports on: 2027 runs to 31 March 2027.",
                        validators=[
                            django.core.validators.MinValueValidator(2001),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="reporting period",
                    ),
                ),
                ("deadline", models.DateField(verbose_name="submission deadline")),
                (
                    "recorded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="recorded at"
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="submission_deadlines",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
                ("recorded_by", user_link("recorded by")),
            ],
            options={
                "verbose_name": "submission deadline",
                "verbose_name_plural": "submission deadlines",
                "ordering": ["country__name", "-period"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country", "period"), name="submissiondeadline_one_per_period"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period__gte", 2001), ("period__lte", 2100)),
                        name="submissiondeadline_plausible_period",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SubmissionPack",
            fields=[
                primary_key(),
                ("period", models.PositiveSmallIntegerField(verbose_name="reporting period")),
                ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                (
                    "notes",
                    models.CharField(
                        choices=PACK_NOTES, max_length=10, verbose_name="evidence notes given"
                    ),
                ),
                ("as_of", models.DateTimeField(verbose_name="information as of")),
                (
                    "approved_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="approved at"
                    ),
                ),
                ("data", models.JSONField(editable=False, verbose_name="data")),
                ("docx", models.BinaryField(verbose_name="Word document")),
                ("pdf", models.BinaryField(verbose_name="PDF document")),
                ("approved_by", user_link("approved by")),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=PROTECT,
                        related_name="submission_packs",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "submission pack",
                "verbose_name_plural": "submission packs",
                "ordering": ["country__name", "-period", "-version"],
                "get_latest_by": "approved_at",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country", "period", "version"),
                        name="submissionpack_unique_version",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("period__gte", 2001), ("period__lte", 2100)),
                        name="submissionpack_plausible_period",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("notes__in", [value for value, _label in PACK_NOTES])),
                        name="submissionpack_valid_notes",
                    ),
                ],
            },
        ),
        # 0015: English and French content.
        *(
            migrations.AddField(
                model_name=model_name, name=f"{name}_{language}", field=field.clone()
            )
            for model_name, name, field in TRANSLATED
            for language in ("en", "fr")
        ),
        migrations.AddConstraint(
            model_name="ministry",
            constraint=models.UniqueConstraint(
                fields=("country", "name_en"), name="ministry_unique_name_per_country-en"
            ),
        ),
        migrations.AddConstraint(
            model_name="ministry",
            constraint=models.UniqueConstraint(
                fields=("country", "name_fr"), name="ministry_unique_name_per_country-fr"
            ),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
        deferred_constraints_checked(),
        migrations.AlterModelOptions(
            name="country",
            options={
                "ordering": ["name_en"],
                "verbose_name": "country",
                "verbose_name_plural": "countries",
            },
        ),
        migrations.AlterModelOptions(
            name="ministry",
            options={
                "ordering": ["name_en"],
                "verbose_name": "ministry",
                "verbose_name_plural": "ministries",
            },
        ),
        migrations.AlterModelOptions(
            name="recommendation",
            options={
                "ordering": ["report__country__name_en", "-report__year", "position"],
                "verbose_name": "recommendation",
                "verbose_name_plural": "recommendations",
            },
        ),
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["country__name_en", "-year"],
                "verbose_name": "report",
                "verbose_name_plural": "reports",
            },
        ),
    ]
