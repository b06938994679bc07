"""`manage.py restore_site ARCHIVE`: a backup_site archive into an empty database and
MEDIA_ROOT (`make restore BACKUP=…`). See clinicsite/backup.py and the README."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinicsite.backup import BackupError, media_root, restore_backup


class Command(BaseCommand):
    help = "Restore a backup_site archive into the (empty) database and MEDIA_ROOT."
    # The database is empty: checks that query it would fail before anything is restored.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A .tar.gz written by backup_site.")

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup of {manifest['created']} from {archive}")
        )
        if manifest["media"] and media_root() is None:
            self.stderr.write(
                "Its uploaded files were not restored: this site does not store them on disk. "
                "Copy the archive's media/ folder to where they are stored (see README)."
            )
        elif not manifest["media"]:
            self.stderr.write(
                "The archive holds no uploaded files: restore them from where they were "
                "stored (see README, Backups)."
            )
