"""With every reply's status set (0005), the status is indexed, the old is_spam flag goes and
the database takes over the rules: a status is one of the four, and a spam rule marks only
spam."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0005_reply_status"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reply",
            name="status",
            field=models.CharField(
                choices=[
                    ("awaiting", "Awaiting moderation"),
                    ("approved", "Approved"),
                    ("spam", "Spam"),
                    ("removed", "Removed"),
                ],
                db_index=True,
                default="awaiting",
                max_length=10,
            ),
        ),
        migrations.RemoveField(model_name="reply", name="is_spam"),
        migrations.AddConstraint(
            model_name="reply",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["awaiting", "approved", "spam", "removed"])
                ),
                name="reply_status_is_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="reply",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "spam"), ("spam_rule", ""), _connector="OR"),
                name="reply_spam_rule_only_on_spam",
            ),
        ),
    ]
