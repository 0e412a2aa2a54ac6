"""Evidence notes get public ids and versions, report years run from the first TIP Report, reports
keep their pasted text, pages are versioned per country, and ministries belong to a country."""

import secrets
from collections import Counter

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_latest_note_and_status_indexes"),
    ]

    operations = [
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
        migrations.RemoveConstraint(
            model_name="report",
            name="report_plausible_year",
        ),
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
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
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
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "page version",
            },
        ),
        migrations.DeleteModel(
            name="ContentVersion",
        ),
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
                on_delete=django.db.models.deletion.PROTECT,
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
                on_delete=django.db.models.deletion.PROTECT,
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
    ]
