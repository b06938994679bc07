"""Each reply keeps its text rendered to HTML (`Reply.text_html`), so a page view copies it
instead of rendering every reply again (issue 14, the cold render).

Existing rows are rendered here by the same function `Reply.save()` uses
(blog.replies.text.render_reply_text: the clinic's answers with their phone numbers as
links). The column is added before any row is updated, which PostgreSQL allows in one transaction (only altering a table after updating it is refused).
"""

from django.db import migrations, models

from blog.replies.text import render_reply_text

BATCH = 500


def render_stored_texts(apps, schema_editor):
    reply_model = apps.get_model("replies", "Reply")
    replies = reply_model.objects.only("pk", "comment", "is_clinic_reply").order_by("pk")
    batch = []
    for reply in replies.iterator(chunk_size=BATCH):
        reply.text_html = str(render_reply_text(reply.comment, reply.is_clinic_reply))
        batch.append(reply)
        if len(batch) == BATCH:
            reply_model.objects.bulk_update(batch, ["text_html"])
            batch = []
    reply_model.objects.bulk_update(batch, ["text_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0012_pinned_clinic_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="reply",
            name="text_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_stored_texts, migrations.RunPython.noop),
    ]
