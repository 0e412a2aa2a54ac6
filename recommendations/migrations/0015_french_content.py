from django.conf import settings
from django.db import migrations, models


# The English columns start as copies of the original ones; the French ones stay empty.
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


class Migration(migrations.Migration):

    dependencies = [
        ('recommendations', '0014_submissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='country',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='country',
            name='name_fr',
            field=models.CharField(max_length=100, null=True, unique=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='evidencenote',
            name='text_en',
            field=models.TextField(help_text='What was done. Never record names or other details that could identify a victim.', null=True, verbose_name='text'),
        ),
        migrations.AddField(
            model_name='evidencenote',
            name='text_fr',
            field=models.TextField(help_text='What was done. Never record names or other details that could identify a victim.', null=True, verbose_name='text'),
        ),
        migrations.AddField(
            model_name='metric',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='metric',
            name='name_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='ministry',
            name='name_en',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='ministry',
            name='name_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='text_en',
            field=models.TextField(null=True, verbose_name='text'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='text_fr',
            field=models.TextField(null=True, verbose_name='text'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='recommendation',
            name='title_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddConstraint(
            model_name='ministry',
            constraint=models.UniqueConstraint(fields=('country', 'name_en'), name='ministry_unique_name_per_country-en'),
        ),
        migrations.AddConstraint(
            model_name='ministry',
            constraint=models.UniqueConstraint(fields=('country', 'name_fr'), name='ministry_unique_name_per_country-fr'),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='country',
            options={'ordering': ['name_en'], 'verbose_name': 'country', 'verbose_name_plural': 'countries'},
        ),
        migrations.AlterModelOptions(
            name='ministry',
            options={'ordering': ['name_en'], 'verbose_name': 'ministry', 'verbose_name_plural': 'ministries'},
        ),
        migrations.AlterModelOptions(
            name='recommendation',
            options={'ordering': ['report__country__name_en', '-report__year', 'position'], 'verbose_name': 'recommendation', 'verbose_name_plural': 'recommendations'},
        ),
        migrations.AlterModelOptions(
            name='report',
            options={'ordering': ['country__name_en', '-year'], 'verbose_name': 'report', 'verbose_name_plural': 'reports'},
        ),
    ]
