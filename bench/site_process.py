"""The Django side of a benchmark, run in a subprocess with the benchmark's environment
(its settings, database and cache), as `make load` and `make bench-http` need it: the
benchmarks themselves only drive servers and never set Django up."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def run_site(module, environment, *args):
    """`python -m <module> *args` (or `manage.py collectstatic` when `args[0]` is
    "collectstatic") from the project's root with `environment` (a dict): its stdout (str).
    Raises SystemExit with the command's stderr when it fails."""
    if args[0] == "collectstatic":
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    else:
        command = [sys.executable, "-m", module, *args]
    done = subprocess.run(  # noqa: S603 (our own interpreter and module, fixed arguments)
        command, env=environment, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout
