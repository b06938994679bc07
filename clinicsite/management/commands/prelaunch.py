"""`manage.py prelaunch`: run before going live; lists what still looks like demo content."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from clinicsite.prelaunch import find_leftovers


def unapplied_migrations(database=DEFAULT_DB_ALIAS):
    """How many of the project's migrations `database` has not applied (int; 0 when it is
    up to date). Raises DatabaseError when the database cannot be reached."""
    executor = MigrationExecutor(connections[database])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = (
        "List what still looks like demo content (placeholder address, demo images, demo "
        "passwords, invented authors, articles and replies, loopback addresses); exit 1 while "
        "any remains, or while the database is not migrated."
    )

    def handle(self, *args, **options):
        # Every finder reads tables the migrations create: on a new or half-migrated
        # database they would fail with a traceback that names a table, not the fix.
        try:
            missing = unapplied_migrations()
        except DatabaseError as error:
            raise CommandError(f"Cannot read the database ({error}).") from error
        if missing:
            raise CommandError(
                f"The database is not migrated ({missing} migration(s) not applied): "
                "run migrate first (`.venv/bin/python manage.py migrate`), then prelaunch again."
            )
        leftovers = find_leftovers()
        if not leftovers:
            self.stdout.write(
                self.style.SUCCESS("Ready: nothing on the site looks like demo content.")
            )
            return
        self.stdout.write("Still looks like demo content:")
        for leftover in leftovers:
            self.stdout.write(f"  - {leftover.what}\n    {leftover.fix}")
        raise CommandError(f"{len(leftovers)} thing(s) to replace before going live (see above).")
