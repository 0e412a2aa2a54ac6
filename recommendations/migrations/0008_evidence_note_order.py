"""Evidence notes are listed in the one order of updates: by the date something happened, then by
when the note was recorded (models/evidence.py, NOTE_ORDER). No change to the tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0007_report_year_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="evidencenote",
            options={
                "ordering": ["-happened_on", "-created_at", "-pk"],
                "permissions": [("publish_evidencenote", "Can publish evidence notes")],
                "verbose_name": "evidence note",
                "verbose_name_plural": "evidence notes",
            },
        ),
    ]
