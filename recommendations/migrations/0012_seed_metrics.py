"""The catalogue of metrics the TIP Report weighs, with their fixed codes; the secretariat may
add more in the staff workspace. A snapshot of the catalogue as first seeded: later changes come
as new migrations."""

from django.db import migrations

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


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0011_review_corrections_statistics")]

    operations = [migrations.RunPython(seed, unseed)]
