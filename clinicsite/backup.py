"""Backups of the whole site, the database and the uploaded files, in one archive.

An archive (`.tar.gz`) holds
    manifest.json        format, when, which database engine, whether media is included
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (restored by `pg_restore`), or
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    media/…              every file under MEDIA_ROOT (images, their renditions, documents)

The database's own tools, not `dumpdata`/`loaddata`: they copy every table exactly as it is
(pages and their tree paths, revisions, workflow states, the reply threads, the search index,
sequences), where a JSON round trip through Django's serializers has to be taught Wagtail's
natural keys, the rows migrations create (root page, locale, groups, content types) and the
order of multi-table parents, and still skips what has no model. Restoring is therefore
into an empty database of the same engine; moving between engines is a different job.

Media is included when the default storage is the file system. With another storage (S3,
say) `media` is false in the manifest: those files are backed up where they live.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections

FORMAT = 1
MANIFEST_NAME = "manifest.json"
MEDIA_NAME = "media"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def media_root():
    """The folder uploaded files are stored in, or None when the default storage is not the
    file system (its files are then backed up where they live)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def postgres_environment(settings_dict):
    """libpq's environment variables for Django's connection settings, so the password is
    never on a command line (other users can read those)."""
    options = settings_dict.get("OPTIONS", {})
    variables = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGSSLMODE": options.get("sslmode", ""),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def run_postgres_tool(arguments, settings_dict):
    """Run pg_dump or pg_restore (`arguments`, a list); BackupError with its message if it
    is missing or fails."""
    try:
        # The arguments are ours, with the database's name from the settings: no shell.
        subprocess.run(  # noqa: S603
            arguments,
            env=postgres_environment(settings_dict),
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{arguments[0]} was not found: install PostgreSQL's client tools (Debian: "
            "postgresql-client) of the server's major version or newer."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{arguments[0]} failed: {error.stderr.strip()}") from error


def dump_database(connection, path):
    """Write the whole database behind `connection` (PostgreSQL or SQLite) to `path`, with
    the engine's own tool."""
    if connection.vendor == "postgresql":
        run_postgres_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={path}",
                connection.settings_dict["NAME"],
            ],
            connection.settings_dict,
        )
    else:
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot while the site keeps writing.
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()


def load_database(connection, path):
    """Fill the empty database behind `connection` from the dump at `path`."""
    if connection.vendor == "postgresql":
        run_postgres_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            connection.settings_dict,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as dump:
            dump.backup(connection.connection)
        dump.close()
    # Django's connection was opened on the empty database; start afresh.
    connection.close()


def write_backup(destination, using=DEFAULT_DB_ALIAS):
    """Write the database `using` and MEDIA_ROOT to a new archive at `destination` (a Path,
    which must not exist; the file is readable by its owner only: it holds personal data).
    Returns the manifest (a dict). Raises BackupError."""
    connection = connections[using]
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    media = media_root()
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "database": DUMP_NAMES[connection.vendor],
        "media": media is not None,
    }
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        file = os.fdopen(os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    except FileExistsError as error:
        raise BackupError(f"{destination} already exists: choose another name.") from error
    try:
        with file, tempfile.TemporaryDirectory() as work:
            dump = Path(work) / manifest["database"]
            dump_database(connection, dump)
            manifest_file = Path(work) / MANIFEST_NAME
            manifest_file.write_text(json.dumps(manifest, indent=2))
            with tarfile.open(fileobj=file, mode="w:gz") as archive:
                archive.add(manifest_file, arcname=MANIFEST_NAME)
                archive.add(dump, arcname=manifest["database"])
                if media is not None and media.is_dir():
                    archive.add(media, arcname=MEDIA_NAME)
    except BaseException:
        # Never leave half an archive that looks like a backup.
        destination.unlink(missing_ok=True)
        raise
    return manifest


def read_manifest(archive):
    """The manifest of an open archive (a dict); BackupError if it is not one of ours."""
    try:
        manifest = json.load(archive.extractfile(MANIFEST_NAME))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a clinicsite backup (it has no manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore_backup(source, using=DEFAULT_DB_ALIAS):
    """Restore the archive at `source` (a Path) into the database `using`, which must be
    empty (no tables), and its files into MEDIA_ROOT, which must hold no files. Returns the
    manifest. Raises BackupError, before changing anything, if either is not empty or the
    archive is of another engine."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} "
            "tables). Restore into a new, empty database (see README, Backups)."
        )
    media = media_root()
    if media is not None and media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"MEDIA_ROOT ({media}) already holds files: restore into an empty one.")
    with tarfile.open(source, mode="r:gz") as archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; the target is "
                f"{connection.vendor}."
            )
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        archive.extractall(work, filter="data")
        load_database(connection, Path(work) / manifest["database"])
        if manifest["media"] and media is not None and (Path(work) / MEDIA_NAME).is_dir():
            shutil.copytree(Path(work) / MEDIA_NAME, media, dirs_exist_ok=True)
    return manifest
