"""Moderators moderate with `replies.change_reply` alone (blog/replies/permissions.py), so
django-comments' `can_moderate`, which 0004 granted and nothing checks any more, is taken
back: one permission, one meaning."""

from django.db import migrations

from home.roles import MODERATORS


def comments_permission(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="django_comments", codename="can_moderate"
    )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.remove(*comments_permission(apps))


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=MODERATORS).first()
    if group is not None:
        group.permissions.add(*comments_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0006_reply_status_constraints"),
    ]

    operations = [migrations.RunPython(revoke, grant)]
