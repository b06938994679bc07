"""`manage.py backup_site`: the database and the uploaded files in one archive (`make backup`).

See clinicsite/backup.py for what the archive holds and why, and the README for restoring.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinicsite.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write the database and MEDIA_ROOT to one .tar.gz archive (readable by you only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write (default: backups/clinicsite-<date>-<time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            output = Path("backups") / f"clinicsite-{stamp}.tar.gz"
        try:
            manifest = write_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))
        if not manifest["media"]:
            self.stderr.write(
                "Uploaded files are not in it: they are not stored on this server's disk. "
                "Back them up where they are stored (see README, Backups)."
            )
