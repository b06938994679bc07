"""The Moderators group moderates readers' replies in the Wagtail admin, and nothing else.

It gets admin access, django-comments' `can_moderate` (its own replies from the site are
published at once) and every permission on replies, screening phrases and reader reports.

Wagtail's first migration creates a "Moderators" group that may add, edit, publish and lock
every page (Wagtail's own meaning of the word). Here moderators work on replies, and articles
are written by Editors and published by Medical reviewers, so those page permissions are
taken away; a moderator who should also write articles is added to Editors as well.
Running this again changes nothing; other migrations may add to the group freely. Reversing
it takes back only what is granted here (the page permissions are not given back).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from home.roles import MODERATORS

GROUP = MODERATORS
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("django_comments", "can_moderate"),
    *(
        ("replies", f"{action}_{model}")
        for model in ("reply", "screeningphrase", "replyreport")
        for action in ("view", "add", "change", "delete")
    ),
]


def ensure_permissions_exist(apps):
    """Django creates permissions after all migrations (post_migrate); on a fresh database
    they do not exist yet when this runs, so create them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission_objects(apps):
    permission_model = apps.get_model("auth", "Permission")
    return [
        permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]


def grant(apps, schema_editor):
    ensure_permissions_exist(apps)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*permission_objects(apps))
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=group).delete()


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*permission_objects(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0003_clinic_replies_and_reader_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("wagtailadmin", "0006_formstate"),
        # After Wagtail's own migrations that give Moderators page permissions.
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
