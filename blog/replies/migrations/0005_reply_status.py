"""A reply's moderation status becomes one column with the values the database accepts.

Until now a reply's state was three booleans in two tables (django-comments' is_public and
is_removed, our is_spam), read three ways. Existing rows are given the status the old code
showed for them (spam before removed before approved), the library's flags are brought in
line with it, and a spam rule is kept only on spam (an approved reply could keep the rule
that once caught it). The next migration indexes the column, drops is_spam and adds the
constraints, which every row then satisfies: on PostgreSQL a table cannot be altered or
indexed in the transaction that just updated its rows (pending trigger events), hence two
migrations.
"""

from django.db import migrations, models


def status_from_flags(apps, schema_editor):
    reply_model = apps.get_model("replies", "Reply")
    for status, flags in (
        ("spam", {"is_spam": True}),
        ("removed", {"is_spam": False, "is_removed": True}),
        ("approved", {"is_spam": False, "is_removed": False, "is_public": True}),
    ):
        reply_model.objects.filter(**flags).update(
            status=status, is_public=status == "approved", is_removed=status == "removed"
        )
    reply_model.objects.exclude(status="spam").exclude(spam_rule="").update(spam_rule="")


def flags_from_status(apps, schema_editor):
    reply_model = apps.get_model("replies", "Reply")
    reply_model.objects.filter(status="spam").update(is_spam=True)


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0004_moderators_group_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="reply",
            name="status",
            field=models.CharField(
                choices=[
                    ("awaiting", "Awaiting moderation"),
                    ("approved", "Approved"),
                    ("spam", "Spam"),
                    ("removed", "Removed"),
                ],
                default="awaiting",
                max_length=10,
            ),
        ),
        migrations.RunPython(status_from_flags, flags_from_status),
    ]
