"""`manage.py seed_demo`: the demo site of the README, safe to run again and again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinicsite.demo.seed import seed_all


class Command(BaseCommand):
    help = "Create the demo pages, articles, clinic settings and users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (demo users with a known password!).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password, so it only runs with "
                "DEBUG on. Pass --force if you really mean to seed this database."
            )
        home = seed_all()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {home.title} at /"))
