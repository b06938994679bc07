"""`make bench-http` (`python -m bench.http`): an article with 50 replies served by gunicorn
with production settings, next to the same HTML as a static file from nginx and, when it is
set up, the WordPress peer, all measured with Debian's wrk the same way; prints one table with
each figure next to its target (issue 14).

- The site: production settings on 127.0.0.1:8505 (2 workers), PostgreSQL when DATABASE_URL
  names a server (a throwaway database on it, dropped at the end) and Redis when REDIS_URL is
  set (under a key prefix of its own); otherwise a SQLite file and the file cache (in the
  bench's own folder), which the table says. Media on disk, or with --s3 in a bucket on
  moto's S3 server (127.0.0.1:8507).
- Cold: every request asks for a URL never asked before (wrk's Lua script adds
  `?cold=<n>`), so no page cache can answer it; warm: the same URL again and again.
- Static: the article's HTML, saved from the site, served by nginx on 127.0.0.1:8506.
- WordPress: http://127.0.0.1:8002/back-pain-what-to-expect/ when it answers there (the kit
  in ../shared/perfpeers sets it up; its measure.sh is the full protocol: rounds, idle waits).
- wrk -t2 -c8 for --duration seconds (after a 1 s warm-up run); server CPU per page is the
  utime+stime (/proc/<pid>/stat, with reaped children's) of the server's processes during
  the run ÷ requests
  (gunicorn: master and workers; nginx; WordPress: apache2 and mariadbd); SQL per page from
  the Django test client in a process with the same settings (bench/http_site.py); RSS per
  worker is VmHWM (peak) of each gunicorn worker after the runs; gzip is the page's HTML
  through gzip -6, as a proxy would send it.

Nothing here asserts: tests assert query counts and cacheability; these numbers are for
people, and only comparable within one run on a quiet machine.
"""

import argparse
import gzip
import json
import logging
import math
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.site_process import run_site, start_gunicorn, stop

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# BENCH_HTTP_PORT=N moves the three ports to N, N+1, N+2 (several people on one machine).
_BASE_PORT = int(os.environ.get("BENCH_HTTP_PORT", "8505"))
SITE_PORT, NGINX_PORT, S3_PORT = _BASE_PORT, _BASE_PORT + 1, _BASE_PORT + 2
WORDPRESS_URL = "http://127.0.0.1:8002/back-pain-what-to-expect/"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
COLD_SCRIPT = """
counter = 0
request = function()
   counter = counter + 1
   return wrk.format(nil, wrk.path .. "?cold=" .. counter .. "-" .. math.random(1e9))
end
"""
NGINX_CONF = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    default_type text/html;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        location / {{ try_files /page.html =404; }}
    }}
}}
"""
# Issue 14's targets.
TARGETS = {
    "cold_cpu_ratio": 1 / 10,  # of WordPress's CPU per page
    "cold_sql": 12,
    "warm_rps": 1100,
    "warm_sql": 0,
    "warm_static_ratio": 1 / 20,  # of the static file's req/s
    "rss_mb": 150,
    "gzip_200_kb": 50,
}


def parse_args(argv):
    """The command line: [str] -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of each wrk run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--s3", action="store_true", help="media in moto's S3 on loopback")
    return parser.parse_args(argv)


# --- Processes and /proc ------------------------------------------------------------------


def descendants(pid):
    """`pid` and every process below it: [int]."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def pids_named(*names):
    """Processes whose command name is one of `names`: [int]."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in names:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def cpu_seconds(pids):
    """utime + stime + cutime + cstime of `pids`, in seconds.

    With the children's times reaped into their parent (cutime, cstime), a server whose
    workers come and go (Apache prefork) is still counted whole: read the server's processes
    anew before and after a run, and the difference is what it used in between."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(field) for field in fields[11:15])
    return ticks / CLOCK_TICKS


def status_kb(pid, field):
    """A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or 0."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def wait_for(url, host=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(  # noqa: S310 (loopback http only)
                url, headers={"Host": host} if host else {}
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        return response.read()


# --- wrk ----------------------------------------------------------------------------------


def wrk(url, duration, pids_of, script=None, host=None):
    """One warm-up second, then `duration` seconds of wrk -t2 -c8 against `url`, with the
    CPU of the processes `pids_of()` returns: {rps, p50_ms, p99_ms, requests, cpu_ms}."""
    command = [shutil.which("wrk"), "-t2", "-c8", "--timeout", "10s", "--latency"]
    if script:
        command += ["-s", script]
    if host:
        command += ["-H", f"Host: {host}"]
    subprocess.run([*command, "-d1s", url], capture_output=True, check=True)  # noqa: S603
    before = cpu_seconds(pids_of())
    done = subprocess.run(  # noqa: S603 (Debian's wrk, fixed arguments)
        [*command, f"-d{duration}s", url], capture_output=True, text=True, check=True
    )
    used = cpu_seconds(pids_of()) - before
    output = done.stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency_ms(output, "50%") if requests else math.nan,
        "p99_ms": latency_ms(output, "99%") if requests else math.nan,
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "cpu_ms": used * 1000 / requests if requests else float("nan"),
    }


def latency_ms(output, percentile):
    number, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", output).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# --- The site -----------------------------------------------------------------------------


def site_environment(database_url, media_root, s3_endpoint):
    """gunicorn's and bench.http_site's environment: production settings on loopback."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinicsite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "HTTPS_ONLY": "false",
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": f"bench-http-{os.getpid()}",
        "CACHE_DIR": str(media_root.parent / "cache"),
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(media_root),
        "SERVE_MEDIA": "true",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{SITE_PORT}",
    }
    if s3_endpoint:
        environment.update(
            AWS_STORAGE_BUCKET_NAME="bench-media",
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",  # noqa: S105 (moto's, on loopback)
            AWS_EC2_METADATA_DISABLED="true",
            # As README's "Media on S3" asks: image URLs on the site's own host, which also
            # spares each worker boto3's client (URLs are then plain strings).
            AWS_S3_CUSTOM_DOMAIN=f"{HOST}:{SITE_PORT}",
            AWS_S3_URL_PROTOCOL="http:",
        )
    return environment


def django(environment, *args):
    """`python -m bench.http_site *args` (or manage.py collectstatic): its stdout."""
    return run_site("bench.http_site", environment, *args)


class Database:
    """A throwaway database: on the PostgreSQL server DATABASE_URL names, else SQLite."""

    def __init__(self, workdir):
        configured = os.environ.get("DATABASE_URL", "")
        self.server = configured if configured.startswith("postgres") else None
        if self.server:
            self.name = f"clinicsite_bench_http_{os.getpid()}"
            self.url = urlsplit(self.server)._replace(path=f"/{self.name}").geturl()
            self.admin(f'CREATE DATABASE "{self.name}"')
            self.label = "PostgreSQL"
        else:
            self.url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            self.label = "SQLite"

    def admin(self, statement):
        import psycopg

        admin_url = urlsplit(self.server)._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement)

    def drop(self):
        if self.server:
            self.admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def start_s3():
    """moto's S3 server on 127.0.0.1:S3_PORT with the bench's bucket: (server, endpoint)."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address=HOST, port=S3_PORT, verbose=False)
    server.start()
    endpoint = f"http://{HOST}:{S3_PORT}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",  # noqa: S106 (moto's, on loopback)
    )
    client.create_bucket(Bucket="bench-media")
    return server, endpoint


def start_nginx(workdir, html):
    """nginx serving `html` (bytes) for any path on NGINX_PORT: the master's Popen."""
    root = workdir / "nginx"
    workdir.chmod(0o755)  # nginx's workers run as another user (www-data) and must read it
    (root / "www").mkdir(parents=True)
    (root / "tmp").mkdir()
    (root / "www" / "page.html").write_bytes(html)
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=NGINX_PORT))
    server = subprocess.Popen(  # noqa: S603 (Debian's nginx, our config)
        [shutil.which("nginx"), "-c", str(conf), "-p", str(root), "-g", "daemon off;"]
    )
    if not wait_for(f"http://{HOST}:{NGINX_PORT}/"):
        server.terminate()
        raise SystemExit("nginx did not start")
    return server


# --- The table ----------------------------------------------------------------------------


def verdict(value, target, at_most):
    """ "met", "NOT met", or "n/a" when there is nothing to compare (no request finished)."""
    if value is None or target is None or math.isnan(value):
        return "n/a"
    return "met" if (value <= target if at_most else value >= target) else "NOT met"


def print_table(rows, setup_note):
    print(f"\nmake bench-http: {setup_note}")
    header = f"  {'':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/page':>13}{'SQL/page':>10}"
    print(header)
    for label, run, sql in rows:
        if run is None:
            print(f"  {label:<22}{sql}")
            continue
        if not run["requests"]:
            print(f"  {label:<22}no request finished in the run (a busy machine?)")
            continue
        print(
            f"  {label:<22}{run['rps']:>9.1f}{run['p50_ms']:>9.2f}{run['p99_ms']:>9.1f}"
            f"{run['cpu_ms']:>13.3f}{'' if sql is None else sql:>10}"
            + (f"   ({run['errors']} non-2xx)" if run["errors"] else "")
        )


def run(arguments):
    workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    # Kept after the run (the rest of workdir is not): a warning or traceback per failure.
    log = (Path(tempfile.gettempdir()) / "bench-http-gunicorn.log").open("w")
    database = Database(workdir)
    s3_server = s3_endpoint = gunicorn = nginx = None
    try:
        if arguments.s3:
            s3_server, s3_endpoint = start_s3()
        environment = site_environment(database.url, workdir / "media", s3_endpoint)
        cache_label = "Redis" if environment.get("REDIS_URL") else "files (shared by the workers)"
        django(environment, "collectstatic")
        django(environment, "migrate")
        paths = json.loads(django(environment, "seed"))
        sql = json.loads(django(environment, "queries", paths["article"]))
        gunicorn = start_gunicorn(environment, SITE_PORT, arguments.workers, log)
        site = f"http://{HOST}:{SITE_PORT}"
        html = fetch(site + paths["article"])
        html_200 = fetch(site + paths["article_200"])
        nginx = start_nginx(workdir, html)
        script = workdir / "cold.lua"
        script.write_text(COLD_SCRIPT)

        def gunicorn_pids():
            return descendants(gunicorn.pid)

        duration = arguments.duration
        cold = wrk(site + paths["article"], duration, gunicorn_pids, script=script)
        warm = wrk(site + paths["article"], duration, gunicorn_pids)
        static = wrk(f"http://{HOST}:{NGINX_PORT}/", duration, lambda: descendants(nginx.pid))
        wordpress = None
        if wait_for(WORDPRESS_URL, host="127.0.0.1:8002", seconds=3):
            wordpress = wrk(
                WORDPRESS_URL,
                duration,
                lambda: pids_named("apache2", "mariadbd"),
                host="127.0.0.1:8002",
            )
        workers = [pid for pid in descendants(gunicorn.pid) if pid != gunicorn.pid]
        peak_rss_mb = max(status_kb(pid, "VmHWM") for pid in workers) / 1024
        rss_mb = max(status_kb(pid, "VmRSS") for pid in workers) / 1024
    finally:
        for server in (nginx, gunicorn):
            if server is not None:
                stop(server)
        log.close()
        if s3_server is not None:
            s3_server.stop()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)

    media = "S3 (moto on loopback)" if arguments.s3 else "local disk"
    note = (
        f"{database.label}, cache {cache_label}, media {media}, gunicorn {arguments.workers} "
        f"workers; wrk -t2 -c8 -d{duration}s; article {len(html):,} bytes, "
        f"{paths['article']}"
    )
    rows = [
        ("clinicsite cold", cold, sql["cold"]),
        ("clinicsite warm", warm, sql["warm"]),
        ("nginx, same HTML", static, 0),
        (
            ("WordPress peer", wordpress, None)
            if wordpress
            else (
                "WordPress peer",
                None,
                "not set up: see ../shared/perfpeers/README.md (setup.sh, measure.sh)",
            )
        ),
    ]
    print_table(rows, note)
    gzip_kb = len(gzip.compress(html, 6)) / 1024
    gzip_200_kb = len(gzip.compress(html_200, 6)) / 1024
    wp_cpu = wordpress["cpu_ms"] if wordpress and wordpress["requests"] else None
    checks = [
        (
            "cold CPU/page ≤ 1/10 WordPress",
            f"{cold['cpu_ms']:.1f} ms vs {wp_cpu / 10:.1f} ms" if wp_cpu else "no WordPress figure",
            verdict(cold["cpu_ms"], wp_cpu / 10 if wp_cpu else None, at_most=True),
        ),
        (
            "cold SQL ≤ 12",
            str(sql["cold"]),
            verdict(sql["cold"], TARGETS["cold_sql"], at_most=True),
        ),
        (
            "warm req/s ≥ 1,100",
            f"{warm['rps']:.0f}",
            verdict(warm["rps"], TARGETS["warm_rps"], at_most=False),
        ),
        ("warm SQL = 0", str(sql["warm"]), verdict(sql["warm"], 0, at_most=True)),
        (
            "warm ≥ 1/20 static req/s",
            f"{warm['rps']:.0f} vs {static['rps'] / 20:.0f}",
            verdict(warm["rps"], static["rps"] * TARGETS["warm_static_ratio"], at_most=False),
        ),
        (
            "peak RSS/worker ≤ 150 MB",
            f"{peak_rss_mb:.0f} MB (now {rss_mb:.0f} MB), media {media}",
            verdict(peak_rss_mb, TARGETS["rss_mb"], at_most=True),
        ),
        (
            "gzip, 200 replies ≤ 50 KB",
            f"{gzip_200_kb:.1f} KB (50 replies: {gzip_kb:.1f} KB)",
            verdict(gzip_200_kb, TARGETS["gzip_200_kb"], at_most=True),
        ),
    ]
    print(f"\n  {'target':<32}{'measured':<56}")
    for name, value, met in checks:
        print(f"  {name:<32}{value:<56}{met}")
    if not environment.get("REDIS_URL"):
        print("  note: without REDIS_URL the cache is files on disk, as production without Redis")
    print(f"  gunicorn log: {log.name}")


if __name__ == "__main__":
    run(parse_args(sys.argv[1:]))
