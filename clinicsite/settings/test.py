"""The test suite: fast and isolated, but on the same database and cache types as production
when DATABASE_URL and REDIS_URL say so (CI runs both)."""

import os
from urllib.parse import urlsplit

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-4c7d2a9e1b"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner sets EMAIL_BACKEND to locmem whatever this says, so mail sent with
# EmailMessage.send() skips the queue in tests; home.mail.send_later still queues, and
# delivers into the same outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the source folders: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Media on disk whatever the environment says; tests/test_s3_media.py switches to S3 itself.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "tests" / ".media"

# The browser tests' live server answers each request in a thread of its own. With the usual
# in-memory SQLite test database all those threads share one connection, and two admin
# requests at once (an autosave and an image chooser) break each other's savepoints. A file
# gives every thread its own connection, as PostgreSQL does; each xdist worker gets its own
# file (pytest-django appends _gw0, _gw1…). IMMEDIATE transactions take the write lock up
# front, so concurrent writers wait their turn instead of failing on a lock upgrade.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "tests" / ".test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# Parallel workers (pytest-xdist) share one Redis server, and each test clears the cache
# (FLUSHDB): give every worker a database of its own (1–15; 0 is left to the site). Without
# Redis, local memory: a test runs in one process, and each worker must have its own cache
# (the site's files would be shared by the workers and with a running `make run`).
if not REDIS_URL:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = (
        urlsplit(REDIS_URL)._replace(path=f"/{1 + _worker % 15}").geturl()
    )

# Tasks run as they are enqueued (tests that need the database backend set TASKS).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
