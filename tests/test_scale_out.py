"""Two application servers, one database and one cache: what a moderator does through one
gunicorn is what readers see through the other, at once (a page cached on the second before
the change must not be served stale after it).

The two servers are real gunicorn processes with production settings on 127.0.0.1:8503 and
:8504, sharing the test's PostgreSQL database and Redis database, so this runs on PostgreSQL
with Redis only (CI's second run); on SQLite it is skipped.
"""

import http.client
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

import pytest

from blog.replies.models import Reply
from tests.factories import ReplyFactory
from tests.site_process import clean_environment

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PORTS = (8503, 8504)


def shared_database_url():
    """The test database as a DATABASE_URL (str), for the servers."""
    source = connection.settings_dict
    credentials = quote(source["USER"] or "") + (
        f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else ""
    )
    return (
        f"postgres://{credentials}@{source['HOST'] or HOST}:{source['PORT'] or 5432}/"
        f"{source['NAME']}"
    )


@pytest.fixture
def servers_environment():
    """Production settings on loopback, sharing the test's database and Redis database; the
    test's SECRET_KEY, so a session the test makes signs the moderator in on the servers."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip(
            "two gunicorn servers share one database and one cache: PostgreSQL and Redis "
            "only (DATABASE_URL=postgres://…, REDIS_URL=redis://…); SQLite's test database "
            "is not meant to be shared between servers"
        )
    environment = clean_environment("DEBUG", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT")
    environment.update(
        DJANGO_SETTINGS_MODULE="clinicsite.settings.production",
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS=f"{HOST},localhost",
        HTTPS_ONLY="false",
        DATABASE_URL=shared_database_url(),
        DATABASE_CONN_MAX_AGE="0",
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
        CACHE_KEY_PREFIX=f"scale-out-{secrets.token_hex(4)}",
        EMAIL_URL="dummy://",
        LOG_LEVEL="WARNING",
    )
    # Production's hashed static names need a collection (as `make serve-prod` makes).
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr
    return environment


def request(port, method, path, headers=None, body=None):
    """One HTTP request to a server: (status, headers dict, body str)."""
    connection_ = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection_.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection_.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection_.close()


def wait_until_up(server, port, log):
    for _ in range(120):
        if server.poll() is not None:
            break
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    log.seek(0)
    pytest.fail(f"gunicorn on {port} did not start:\n{log.read()}")


@pytest.fixture
def two_servers(servers_environment, migrated_db, tmp_path):
    """gunicorn on 8503 and 8504 (one worker each) until the test ends: the two ports."""
    started = []
    try:
        for port in PORTS:
            log = (tmp_path / f"gunicorn-{port}.log").open("w+")
            server = subprocess.Popen(
                [Path(sys.executable).parent / "gunicorn", "clinicsite.wsgi"]
                + ["--bind", f"{HOST}:{port}", "--workers", "1", "--timeout", "30"],
                cwd=PROJECT,
                env=servers_environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            started.append((server, log))
        for (server, log), port in zip(started, PORTS, strict=True):
            wait_until_up(server, port, log)
        yield PORTS
    finally:
        for server, log in started:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def signed_in_headers(user):
    """Headers of a browser signed in as `user` with a CSRF token: a session made here, in
    the shared database, and a CSRF secret sent as both cookie and header."""
    browser = Client()
    browser.force_login(user)
    csrf_secret = secrets.token_hex(16)  # 32 characters: Django's unmasked secret length
    return {
        "Cookie": f"sessionid={browser.cookies['sessionid'].value}; csrftoken={csrf_secret}",
        "X-CSRFToken": csrf_secret,
    }


def test_a_reply_approved_through_one_server_is_shown_at_once_through_the_other(
    two_servers, article, moderator
):
    first, second = two_servers
    held = ReplyFactory(
        article=article, status=Reply.Status.AWAITING, comment="Does it help with sleep too?"
    )
    # Read through the second server first, twice: a page cache would now hold the article.
    for _ in range(2):
        status, _, page = request(second, "GET", article.url)
        assert status == 200
        assert "Does it help with sleep too?" not in page

    approve = reverse("wagtailsnippets_replies_reply:approve", args=[held.pk])
    status, headers, _ = request(first, "POST", approve, headers=signed_in_headers(moderator))
    assert status == 302, headers  # the moderation action's redirect, not a login page
    assert "/login/" not in headers["Location"]
    assert Reply.objects.get(pk=held.pk).status == Reply.Status.APPROVED

    status, _, page = request(second, "GET", article.url)
    assert status == 200
    assert "Does it help with sleep too?" in page
    status, _, page = request(first, "GET", article.url)
    assert "Does it help with sleep too?" in page
