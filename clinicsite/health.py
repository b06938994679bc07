"""`/healthz`, for a load balancer: is this instance fit to serve?

- 200 "ok": the database answers and so does the cache;
- 200 "degraded": the database answers, the cache does not (the site serves without it,
  more slowly: see cache_settings in clinicsite/settings/environment.py);
- 503 "unavailable": the database does not answer; take this instance out of rotation.

Mail and DNS are not part of it: neither stops a page from being served, and a mail relay's
hiccup must not take every instance out of rotation at once. The answer names no host,
version or error (only "ok"/"unavailable" per part) and is never cached.

It is a middleware at the top of MIDDLEWARE rather than a URL, because a load balancer
probes each instance by its address, over plain HTTP: behind a view, ALLOWED_HOSTS would
refuse that Host (400) and SECURE_SSL_REDIRECT would answer 301. Nothing else runs for it:
no session, no CSRF, no redirect lookup.
"""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from clinicsite.errors import RETRY_AFTER_SECONDS

HEALTH_PATH = "/healthz"
# Seconds the cache probe's key lives, should deleting it fail.
PROBE_TIMEOUT = 10


def database_answers():
    """True if the default database runs a query now."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except (DatabaseError, InterfaceError):
        return False


def cache_answers():
    """True if the default cache keeps a value and gives it back.

    The cache backend swallows connection errors (a read misses), so a write then a read of
    a key of its own is how an outage shows; the key is unique, so two probes at once (two
    workers) cannot read each other's.
    """
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=PROBE_TIMEOUT)
    answered = cache.get(key) == 1
    cache.delete(key)
    return answered


def health_response():
    """The /healthz answer: 200 ok, 200 degraded (no cache), or 503 unavailable (no database)."""
    database_ok = database_answers()
    cache_ok = cache_answers()
    if not database_ok:
        status, code = "unavailable", 503
    elif not cache_ok:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = "\n".join(
        [
            status,
            f"database: {'ok' if database_ok else 'unavailable'}",
            f"cache: {'ok' if cache_ok else 'unavailable'}",
            "",
        ]
    )
    response = HttpResponse(body, status=code, content_type="text/plain; charset=utf-8")
    if code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers GET and HEAD /healthz itself (see the module's docstring); 405 for other
    methods; passes every other request on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return health_response()
