from collections import Counter

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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
        ("recommendations", "0009_page_versions_per_country"),
    ]

    operations = [
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
