"""Local development: debug pages, console email, a throwaway key."""

from .base import *
from .environment import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", default=True)
# Only ever used on a developer's machine; production.py refuses to start without its own.
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-3r8h1q-clinicsite-local-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

if not env_str("EMAIL_URL"):
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the source folders: no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tasks (mail, search index) run in the request: no worker to start on a laptop.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# SQLite on a laptop: the editor's autosave and its preview write at the same moment. In
# SQLite's default (deferred) mode a transaction that reads first and then writes fails at
# once with "database is locked"; taking the write lock when it begins makes the second one
# wait its turn (Django 5.1+ `transaction_mode`), up to `timeout` seconds.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
