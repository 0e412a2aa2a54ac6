"""The two staff roles as groups with their permissions: Secretariat and Ministry editor.

Which recommendations an editor sees is decided by their ministries (recommendations/roles.py);
these permissions say what kind of thing each role may do at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "Secretariat"
EDITOR = "Ministry editor"

ALL = ("add", "change", "delete", "view")

SECRETARIAT_PERMISSIONS = [
    *((app, f"{action}_{model}") for app, model in [
        ("recommendations", "country"),
        ("recommendations", "report"),
        ("recommendations", "ministry"),
        ("recommendations", "recommendation"),
        ("recommendations", "evidencenote"),
        ("auth", "user"),
    ] for action in ALL),
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
        permissions = []
        for app_label, codename in wanted:
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[SECRETARIAT, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_staff_workspace"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0001_initial"),
        ("axes", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
