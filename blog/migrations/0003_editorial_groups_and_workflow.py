"""Editors, Medical reviewers and Moderators, and the "Medical review" workflow.

The work is done by blog/editorial.py, which seed_demo and the signal that equips a blog
index created later use too. If there is no blog index yet, its page permissions and workflow
assignment are made when it is created (blog.apps.BlogConfig.ready connects the signal).
"""

from django.db import migrations

from blog.editorial import ensure_editorial_setup, remove_editorial_setup


def forwards(apps, schema_editor):
    ensure_editorial_setup(apps)


def backwards(apps, schema_editor):
    remove_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_replies_open_site_default"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
