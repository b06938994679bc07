"""The Django side of a benchmark, run in a subprocess with the benchmark's environment
(its settings, database and cache), as `make load` and `make bench-http` need it: the
benchmarks themselves only drive servers and never set Django up."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


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


def start_gunicorn(environment, port, workers, log, seconds=120):
    """The virtualenv's gunicorn serving the site on 127.0.0.1:`port` with `workers` sync
    workers and `environment`, once its /healthz answers 200: the Popen. Its output goes to
    the open file `log`. Raises SystemExit (after stopping it) if it does not answer within
    `seconds`."""
    server = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn, fixed arguments)
        [BIN / "gunicorn", "clinicsite.wsgi", "--bind", f"{HOST}:{port}"]
        + ["--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
        env=environment,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            health = f"http://{HOST}:{port}/healthz"
            with urllib.request.urlopen(health, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log.name}")


def stop(server):
    """Stop `server` (a Popen): SIGTERM, then SIGKILL if it has not exited within 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
