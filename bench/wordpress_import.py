"""`python -m bench.wordpress_import` (`make bench-wordpress`): time `import_wordpress` on a
generated export (bench/wordpress_export.py, 2,000 posts and 20,000 comments unless told
otherwise), in a throwaway test database with the demo site, and print the time (wall clock and
CPU), the SQL queries, and the process's peak memory before and after.

    python -m bench.wordpress_import --posts 2000 --comments 20000
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinicsite.settings.test")
django.setup()

from django.db import connection  # noqa: E402 (Django is set up first)
from django.test import override_settings  # noqa: E402

from bench.wordpress_export import write_export  # noqa: E402
from clinicsite.demo.seed import seed_all  # noqa: E402
from clinicsite.wordpress.importer import import_export  # noqa: E402


def cpu_seconds():
    """User and system CPU time this process has used, in seconds: on a shared machine the
    wall-clock time also counts the waiting for a core."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mib():
    """The process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(posts, comments):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        started = time.perf_counter()
        export = write_export(folder / "export.xml", posts, comments, uploads=folder / "uploads")
        size = export.stat().st_size / 2**20
        print(
            f"Export: {posts} posts, {comments} comments, {size:.1f} MiB, written in "
            f"{time.perf_counter() - started:.1f} s"
        )
        with override_settings(MEDIA_ROOT=str(folder / "media")):
            seed_all()
            queries = []
            before = peak_mib()
            started, cpu_started = time.perf_counter(), cpu_seconds()
            with connection.execute_wrapper(
                lambda execute, *args: queries.append(1) or execute(*args)
            ):
                report = import_export(export, uploads=folder / "uploads")
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds() - cpu_started
        failures = [line for line in report.lines if ": failed, " in line]
        for line in failures[:5]:
            print(line)
        for line in report.summary():
            print(line)
        print(
            f"Import: {elapsed:.1f} s ({elapsed / posts * 1000:.0f} ms a post), "
            f"{cpu:.1f} s of CPU, {len(queries)} SQL queries ({len(queries) / posts:.0f} a post)"
        )
        print(f"Peak memory: {before:.0f} MiB before the import, {peak_mib():.0f} MiB after")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=20000)
    options = parser.parse_args(argv)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(options.posts, options.comments)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
