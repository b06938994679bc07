"""`make load` (`python -m bench.load`): many readers replying at once to a production-like
site, and whether every reply the site accepted is stored exactly once.

gunicorn serves production settings on 127.0.0.1 with PostgreSQL (a throwaway database on
postgres@127.0.0.1:5432, dropped at the end) and Redis database 14 as the cache, so the rate
limits are shared by the workers as in production. Eight clients, each from its own
loopback address (127.0.0.2…127.0.0.9: the site sees each as REMOTE_ADDR), fetch the
article, then post its reply form (with its hidden security and anti-bot fields, once the
form is REPLIES_MIN_SECONDS old) until 1,000 replies are sent or the time bound passes; a
reader fetches the article all along. It runs twice: with the rate limits raised by
environment (every post should be accepted) and at production limits (5 per address per
10 minutes: most are refused with 429). Each run prints accepted / refused / stored / lost /
duplicated and the reader's 95th-percentile time; it exits non-zero if accepted and stored
differ. The anti-bot minimum is lowered to 1 second (REPLIES_MIN_SECONDS=1) so clients need
not wait 3 seconds per form; everything else is production's.
"""

import argparse
import collections
import http.client
import http.cookies
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import redis

from bench.site_process import run_site, start_gunicorn, stop

BASE_DIR = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/14"
HOST = "127.0.0.1"
READER_ADDRESS = "127.0.0.10"
MIN_SECONDS = 1
# Counts far above 1,000 posts: the raised run must never meet a limit.
RAISED_LIMIT = 1_000_000


def parse_args(argv):
    """The command line: [str] -> argparse.Namespace."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="replies posted per run")
    parser.add_argument("--clients", type=int, default=8, help="concurrent posting clients")
    parser.add_argument("--seconds", type=int, default=480, help="time bound of each run")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--limits", choices=["both", "raised", "production"], default="both", help="which runs"
    )
    return parser.parse_args(argv)


# --- The site -----------------------------------------------------------------------------


def site_environment(database, limits):
    """The environment of gunicorn and of bench.load_site: production settings on loopback."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinicsite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "HTTPS_ONLY": "false",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"load-{database}",
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "REPLIES_MIN_SECONDS": str(MIN_SECONDS),
    }
    if limits == "raised":
        environment["REPLIES_RATE_LIMIT_PER_IP"] = str(RAISED_LIMIT)
        environment["REPLIES_RATE_LIMIT_PER_EMAIL"] = str(RAISED_LIMIT)
    return environment


def run_django(environment, *args):
    """Run `python -m bench.load_site *args` (or manage.py for "collectstatic"); its stdout."""
    return run_site("bench.load_site", environment, *args)


def postgres(statement):
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


# --- HTTP ---------------------------------------------------------------------------------


def request(port, method, path, source, body=None, cookies=None):
    """One request from `source` (a loopback address): (status, headers, body as str)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60, source_address=(source, 0))
    headers = {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class ReplyFormFields(HTMLParser):
    """The named <input> values of the reply form in a page (hidden fields included)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "/replies/post/" in (attrs.get("action") or ""):
            self.in_form = True
        elif (
            tag == "input"
            and self.in_form
            and attrs.get("name")
            and attrs.get("type") not in ("checkbox", "radio")
        ):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def reply_text(client_number, post_number):
    """The words of one post, unique in the run: how stored replies are matched."""
    return f"Load test reply {client_number}-{post_number}: thank you for this article."


class ReplyClient(threading.Thread):
    """Fetches the article and posts its reply form, `posts` times, from `address`."""

    def __init__(self, number, address, port, article, posts, deadline):
        super().__init__(daemon=True)
        self.number, self.address, self.port = number, address, port
        self.article, self.posts, self.deadline = article, posts, deadline
        self.cookies = {}
        self.outcomes = collections.Counter()
        self.accepted = []  # the words of every post the site accepted

    def get(self, path):
        """GET `path` as this client's browser, keeping the cookies it is given: the page."""
        _, headers, page = request(self.port, "GET", path, self.address, cookies=self.cookies)
        for name, value in headers:
            if name.lower() == "set-cookie":
                for morsel in http.cookies.SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return page

    def get_form(self):
        """The article, then the reader's part replies.js fetches after load: the article's
        HTML (cached, the same for everyone) holds no form; the part holds it, with its CSRF
        token and security fields."""
        self.get(self.article["path"])
        parser = ReplyFormFields()
        parser.feed(self.get(f"/replies/reader/{self.article['article_id']}/"))
        return time.monotonic(), parser.fields

    def send(self, post_number, fetched_at, fields):
        time.sleep(max(0.0, fetched_at + MIN_SECONDS + 0.05 - time.monotonic()))
        text = reply_text(self.number, post_number)
        data = {
            **fields,
            "name": f"Load client {self.number}",
            "email": f"load{self.number}-{post_number}@example.com",
            "comment": text,
            "consent": "on",
        }
        try:
            status, _, _ = request(
                self.port,
                "POST",
                f"/replies/post/{self.article['article_id']}/",
                self.address,
                body=urlencode(data),
                cookies=self.cookies,
            )
        except OSError:
            self.outcomes["no answer"] += 1
            return
        if status == 302:
            self.outcomes["accepted"] += 1
            self.accepted.append(text)
        elif status == 429:
            self.outcomes["refused: rate limit (429)"] += 1
        elif 400 <= status < 500:
            self.outcomes[f"refused: form ({status})"] += 1
        else:
            self.outcomes[f"server error ({status})"] += 1

    def run(self):
        # Forms are fetched a few ahead, so waiting for one to be old enough overlaps work.
        waiting = collections.deque()
        for post_number in range(self.posts):
            if time.monotonic() > self.deadline:
                self.outcomes["not sent (time bound)"] += self.posts - post_number
                break
            try:
                waiting.append((post_number, *self.get_form()))
            except OSError:
                self.outcomes["no answer"] += 1
                continue
            if len(waiting) >= 3:
                self.send(*waiting.popleft())
        while waiting:
            self.send(*waiting.popleft())


class Reader(threading.Thread):
    """Fetches the article over and over until told to stop; keeps each time taken."""

    def __init__(self, port, path):
        super().__init__(daemon=True)
        self.port, self.path = port, path
        self.seconds = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                status = request(self.port, "GET", self.path, READER_ADDRESS)[0]
            except OSError:
                status = None
            if status == 200:
                self.seconds.append(time.monotonic() - started)
            else:
                self.failures += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


# --- One run ------------------------------------------------------------------------------


def load_run(arguments, database, limits):
    """Seed an article, serve it, post and read at once, then compare accepted and stored.
    Returns True when every accepted reply is stored exactly once and nothing else is."""
    redis.Redis.from_url(REDIS_URL).flushdb()  # no rate-limit count from an earlier run
    environment = site_environment(database, limits)
    article = json.loads(run_django(environment, "seed"))
    log_path = Path(tempfile.gettempdir()) / f"{database}-{limits}.log"
    log = log_path.open("w")
    server = start_gunicorn(environment, arguments.port, arguments.workers, log)
    try:
        started = time.monotonic()
        deadline = started + arguments.seconds
        share, extra = divmod(arguments.posts, arguments.clients)
        clients = [
            ReplyClient(
                number,
                f"127.0.0.{2 + number}",
                arguments.port,
                article,
                share + (number < extra),
                deadline,
            )
            for number in range(arguments.clients)
        ]
        reader = Reader(arguments.port, article["path"])
        reader.start()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        reader.stopping.set()
        reader.join()
        took = time.monotonic() - started
    finally:
        stop(server)
        log.close()
    server_errors = sum("ERROR" in line or "CRITICAL" in line for line in log_path.open())
    stored = collections.Counter(
        json.loads(run_django(environment, "replies", str(article["article_id"])))
    )
    outcomes = sum((client.outcomes for client in clients), collections.Counter())
    accepted = collections.Counter(text for client in clients for text in client.accepted)
    lost = sum(1 for text in accepted if text not in stored)
    duplicated = sum(count - 1 for count in stored.values() if count > 1)
    unexpected = sum(1 for text in stored if text not in accepted)
    refused = sum(count for outcome, count in outcomes.items() if outcome.startswith("refused"))
    title = "rate limits raised" if limits == "raised" else "production rate limits"
    print(f"\nmake load, {title}: {arguments.posts} replies from {arguments.clients} clients")
    print(f"  gunicorn ({arguments.workers} workers), PostgreSQL, Redis db 14; took {took:.0f} s")
    rows = [("accepted (302)", outcomes["accepted"]), ("refused (429 or form error)", refused)]
    rows += [(f"  {name}", count) for name, count in sorted(outcomes.items()) if "refused" in name]
    rows += [
        (name, count)
        for name, count in sorted(outcomes.items())
        if name != "accepted" and "refused" not in name
    ]
    rows += [
        ("stored", sum(stored.values())),
        ("lost (accepted, not stored)", lost),
        ("duplicated (stored twice)", duplicated),
        ("stored but not accepted", unexpected),
    ]
    for name, count in rows:
        print(f"  {name:<30} {count:>6}")
    reads = reader.seconds
    print(
        f"  reader: {len(reads)} article views, p95 {percentile(reads, 0.95) * 1000:.0f} ms, "
        f"median {statistics.median(reads) * 1000 if reads else 0:.0f} ms, "
        f"{reader.failures} failed"
    )
    exact = outcomes["accepted"] == sum(stored.values()) and not (lost or duplicated or unexpected)
    print(f"  server log: {server_errors} error lines, in {log_path}")
    print(f"  accepted == stored: {'yes' if exact else 'NO'}")
    return exact


def run(arguments):
    """Both runs (or the one asked for) in one throwaway database; True if all were exact."""
    database = f"clinicsite_load_{os.getpid()}"
    postgres(f'CREATE DATABASE "{database}"')
    try:
        environment = site_environment(database, "production")
        run_django(environment, "collectstatic")
        run_django(environment, "migrate")
        runs = ["raised", "production"] if arguments.limits == "both" else [arguments.limits]
        exact = [load_run(arguments, database, limits) for limits in runs]  # every run, always
        return all(exact)
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()
        postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(0 if run(parse_args(sys.argv[1:])) else 1)
