"""Emails that go once per reply: when the publication was announced, and when moderators
got the urgent email about crisis language.

Replies stored before this were announced by the old code when first approved, and urgent
mail went when they were stored, so those are marked as sent already: approving an edited
reply again, or its being held again, does not send them a second time.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce
from django.utils import timezone


def mark_sent(apps, schema_editor):
    # The send times were not kept: the moderation time, or else now, stands for them.
    now = timezone.now()
    reply_model = apps.get_model("replies", "Reply")
    reply_model.objects.filter(
        models.Q(status="approved") | models.Q(held_reason__in=["edited", "reports"])
    ).update(publication_announced_at=Coalesce("moderated_at", models.Value(now)))
    reply_model.objects.filter(mentions_crisis=True).exclude(status="spam").update(
        crisis_alert_sent_at=now
    )


class Migration(migrations.Migration):
    dependencies = [("replies", "0008_crisis_phrase_families")]

    operations = [
        migrations.AddField(
            model_name="reply",
            name="crisis_alert_sent_at",
            field=models.DateTimeField(
                blank=True, help_text="When moderators got the urgent email about it.", null=True
            ),
        ),
        migrations.AddField(
            model_name="reply",
            name="publication_announced_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When its author, the article's authors and the thread were told it is public.",
                null=True,
            ),
        ),
        migrations.RunPython(mark_sent, migrations.RunPython.noop),
    ]
