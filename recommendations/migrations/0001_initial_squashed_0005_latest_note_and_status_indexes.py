"""The first released version, 0001 to 0005 in one: countries, ministries, reports, their
recommendations with status changes and evidence notes, the reminder digests, the two staff roles
as groups with their permissions, and the single content counter.

Which recommendations an editor sees is decided by their ministries (recommendations/roles.py);
the permissions of the groups say what kind of thing each role may do at all.
"""

import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models.deletion import CASCADE, PROTECT, SET_NULL

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
TIERS = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case"]

SECRETARIAT = "Secretariat"
EDITOR = "Ministry editor"

ALL = ("add", "change", "delete", "view")

SECRETARIAT_PERMISSIONS = [
    *(
        (app, f"{action}_{model}")
        for app, model in [
            ("recommendations", "country"),
            ("recommendations", "report"),
            ("recommendations", "ministry"),
            ("recommendations", "recommendation"),
            ("recommendations", "evidencenote"),
            ("auth", "user"),
        ]
        for action in ALL
    ),
    ("recommendations", "publish_evidencenote"),
    ("recommendations", "view_statuschange"),
    ("recommendations", "view_reminderdigest"),
    ("auth", "view_group"),
    ("auditlog", "view_logentry"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
]

EDITOR_PERMISSIONS = [
    ("recommendations", "view_recommendation"),
    ("recommendations", "change_recommendation"),
    ("recommendations", "view_evidencenote"),
    ("recommendations", "add_evidencenote"),
    ("recommendations", "view_statuschange"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in [(SECRETARIAT, SECRETARIAT_PERMISSIONS), (EDITOR, EDITOR_PERMISSIONS)]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[SECRETARIAT, EDITOR]).delete()


def create_counter(apps, schema_editor):
    apps.get_model("recommendations", "ContentVersion").objects.get_or_create(pk=1)


def primary_key():
    """The id of every model here, a big integer counted up by the database."""
    return (
        "id",
        models.BigAutoField(
            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
        ),
    )


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


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("recommendations", "0001_initial"),
        ("recommendations", "0002_staff_workspace"),
        ("recommendations", "0003_staff_groups"),
        ("recommendations", "0004_content_version"),
        ("recommendations", "0005_latest_note_and_status_indexes"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0001_initial"),
        ("axes", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Country",
            fields=[
                primary_key(),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
            ],
            options={
                "verbose_name": "country",
                "verbose_name_plural": "countries",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Ministry",
            fields=[
                primary_key(),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "short_name",
                    models.CharField(blank=True, max_length=50, verbose_name="short name"),
                ),
                ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                (
                    "staff",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Staff users who work for this ministry.",
                        related_name="ministries",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff",
                    ),
                ),
            ],
            options={
                "verbose_name": "ministry",
                "verbose_name_plural": "ministries",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Report",
            fields=[
                primary_key(),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "tier",
                    models.CharField(
                        choices=[(tier, tier) for tier in TIERS], max_length=20, verbose_name="tier"
                    ),
                ),
                ("summary", models.TextField(blank=True, verbose_name="summary")),
                ("source_url", models.URLField(blank=True, verbose_name="source URL")),
                ("source_text", models.TextField(blank=True, verbose_name="source text")),
                (
                    "imported_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="imported at"
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=PROTECT,
                        related_name="reports",
                        to="recommendations.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "verbose_name": "report",
                "verbose_name_plural": "reports",
                "ordering": ["country__name", "-year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country", "year"), name="report_unique_country_year"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("tier__in", TIERS)), name="report_valid_tier"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2000), ("year__lte", 2100)),
                        name="report_plausible_year",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                primary_key(),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("text", models.TextField(verbose_name="text")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("area", models.CharField(choices=AREAS, max_length=20, verbose_name="area")),
                (
                    "area_set_by_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Set when staff correct the area, so a re-import keeps their choice.",
                        verbose_name="area set by staff",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=STATUSES,
                        default="not_started",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "target_date",
                    models.DateField(blank=True, null=True, verbose_name="target date"),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "lead_ministry",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=SET_NULL,
                        related_name="led_recommendations",
                        to="recommendations.ministry",
                        verbose_name="lead ministry",
                    ),
                ),
                (
                    "previous",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=SET_NULL,
                        related_name="next",
                        to="recommendations.recommendation",
                        verbose_name="previous year's recommendation",
                    ),
                ),
                (
                    "supporting_ministries",
                    models.ManyToManyField(
                        blank=True,
                        related_name="supported_recommendations",
                        to="recommendations.ministry",
                        verbose_name="supporting ministries",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="recommendations",
                        to="recommendations.report",
                        verbose_name="report",
                    ),
                ),
            ],
            options={
                "verbose_name": "recommendation",
                "verbose_name_plural": "recommendations",
                "ordering": ["report__country__name", "-report__year", "position"],
                "indexes": [
                    models.Index(fields=["status"], name="recommendat_status_d2897f_idx"),
                    models.Index(fields=["target_date"], name="recommendat_target__c818ed_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "position"), name="recommendation_unique_position"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("position__gte", 1)), name="recommendation_position_1"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", STATUS_VALUES)),
                        name="recommendation_valid_status",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("area__in", [value for value, _label in AREAS])),
                        name="recommendation_valid_area",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("previous", models.F("pk")), _negated=True),
                        name="recommendation_not_own_previous",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="StatusChange",
            fields=[
                primary_key(),
                (
                    "old_status",
                    models.CharField(
                        blank=True, choices=STATUSES, max_length=20, verbose_name="old status"
                    ),
                ),
                (
                    "new_status",
                    models.CharField(choices=STATUSES, max_length=20, verbose_name="new status"),
                ),
                (
                    "changed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="changed at"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("changed_by", user_link("changed by")),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="status_changes",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "status change",
                "verbose_name_plural": "status changes",
                "ordering": ["-changed_at", "-pk"],
                "get_latest_by": "changed_at",
                "indexes": [
                    models.Index(
                        fields=["recommendation", "-changed_at", "-id"], name="statuschange_latest"
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("new_status__in", STATUS_VALUES)),
                        name="statuschange_valid_new",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("old_status", ""), ("old_status__in", STATUS_VALUES), _connector="OR"
                        ),
                        name="statuschange_valid_old",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("old_status", models.F("new_status")), _negated=True),
                        name="statuschange_is_a_change",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="EvidenceNote",
            fields=[
                primary_key(),
                ("happened_on", models.DateField(verbose_name="happened on")),
                (
                    "text",
                    models.TextField(
                        help_text="What was done. Never record names or other details that could identify a victim.",
                        verbose_name="text",
                    ),
                ),
                ("link", models.URLField(blank=True, max_length=500, verbose_name="link")),
                (
                    "visibility",
                    models.CharField(
                        choices=[("internal", "Internal"), ("public", "Public")],
                        default="internal",
                        max_length=10,
                        verbose_name="visibility",
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="published at"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("author", user_link("author")),
                ("published_by", user_link("published by")),
                (
                    "recommendation",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="evidence_notes",
                        to="recommendations.recommendation",
                        verbose_name="recommendation",
                    ),
                ),
            ],
            options={
                "verbose_name": "evidence note",
                "verbose_name_plural": "evidence notes",
                "ordering": ["-happened_on", "-pk"],
                "permissions": [("publish_evidencenote", "Can publish evidence notes")],
                "indexes": [
                    models.Index(
                        fields=["recommendation", "visibility", "-happened_on", "-id"],
                        name="evidence_latest_by_visibility",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["internal", "public"])),
                        name="evidence_valid_visibility",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReminderDigest",
            fields=[
                primary_key(),
                ("sent_on", models.DateField(verbose_name="sent on")),
                (
                    "sent_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent at"),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="email")),
                (
                    "recommendation_count",
                    models.PositiveIntegerField(default=0, verbose_name="recommendations listed"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=CASCADE,
                        related_name="reminder_digests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "reminder digest",
                "verbose_name_plural": "reminder digests",
                "ordering": ["-sent_on", "user"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "sent_on"), name="reminderdigest_one_a_day"
                    )
                ],
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                primary_key(),
                ("number", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "content version",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pk", 1)), name="contentversion_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_counter, migrations.RunPython.noop),
    ]
