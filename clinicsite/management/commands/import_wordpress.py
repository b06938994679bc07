"""`manage.py import_wordpress EXPORT.xml [--uploads DIR] [--dry-run]`: the clinic's
WordPress posts, comments, topics, authors and links, moved here (clinicsite/wordpress/)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from clinicsite.wordpress.importer import ImportRefused, import_export
from clinicsite.wordpress.wxr import WxrError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.0–1.2): posts as articles, "
        "comments as replies, categories as topics, tags, authors, images from --uploads, "
        "redirects from the old addresses. Running it again updates; it sends no email."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file WordPress's Tools → Export wrote.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A copy of the old site's wp-content/uploads folder, for the posts' images "
            "(nothing is downloaded; images not found there are listed).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and say what would happen; write nothing.",
        )

    def handle(self, *args, export, uploads=None, dry_run=False, verbosity=1, **options):
        self.verbosity, self.dry_run = verbosity, dry_run
        # A dry run writes in a transaction it rolls back: Wagtail's "Page created" and
        # "Published" log lines would tell of pages that never exist.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        if dry_run:
            wagtail_log.setLevel(logging.WARNING)
        try:
            report = import_export(export, uploads=uploads, dry_run=dry_run, progress=self.progress)
        except WxrError as error:
            raise CommandError(f"{export}, {error} Nothing was imported.") from error
        except (ImportRefused, OSError) as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        finally:
            wagtail_log.setLevel(level)
        for line in report.lines:
            self.stdout.write(line)
        for line in report.summary():
            self.stdout.write(self.style.SUCCESS(line) if not report.posts["failed"] else line)
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        if report.posts["failed"]:
            raise CommandError(f"{report.posts['failed']} post(s) failed: see the lines above.")

    def progress(self, position, total, item, outcome):
        """One line per post: where the import is, what became of the post."""
        if self.verbosity >= 1:
            outcome = f"would be {outcome}" if self.dry_run else outcome
            self.stdout.write(f"[{position}/{total}] {outcome}: {item.title}")
