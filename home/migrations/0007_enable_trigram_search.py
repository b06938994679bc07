"""Site search offers near misses (typos) on PostgreSQL by trigram similarity, which needs the
pg_trgm extension. On any other database this migration does nothing (Django's
CreateExtension skips databases that are not PostgreSQL)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_outgoing_mail"),
    ]

    operations = [
        TrigramExtension(),
    ]
