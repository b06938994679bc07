"""Small readers for environment variables, so settings/base.py can read each one in one line.

Kept apart from base.py only because they are functions, not settings.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


def env_list(name, default=()):
    """A comma-separated variable as a list, blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def email_settings(url):
    """Django's EMAIL_* settings from one URL.

    ``smtp+tls://user:password@host:587`` uses STARTTLS, ``smtps://…:465`` implicit TLS,
    ``smtp://host:25`` neither; ``console://``, ``locmem://`` and ``dummy://`` pick those
    backends. ``?timeout=10`` sets the socket timeout (seconds).
    """
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_BACKENDS:
        known = ", ".join(sorted(EMAIL_BACKENDS))
        raise ValueError(f"EMAIL_URL scheme {parts.scheme!r} is not one of: {known}")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": EMAIL_BACKENDS[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": int(query["timeout"][0]) if "timeout" in query else 10,
    }


def cache_settings(redis_url, key_prefix="clinicsite", directory=None):
    """The default cache's settings (a dict for CACHES["default"]): Redis at `redis_url`,
    or, when it is empty, files in `directory` (a path; required then).

    Without Redis the cache must still be one for every process of the site on this
    machine: gunicorn's workers, runserver and the `publish_scheduled` timer each drop the
    pages a change shows by moving shared counters (home/page_cache.py). In local memory each
    process had its own: a reply approved, a page unpublished or made private through one
    worker stayed in the others' copies for up to a day. Files are shared by every process
    on one machine (not across machines: several servers need Redis). MAX_ENTRIES is raised
    from Django's 300, which would cull pages and counters long before they expire.

    The cache only ever saves work, so a Redis outage must slow the site down, never take it
    down: django-redis's IGNORE_EXCEPTIONS makes every call fail soft (a read misses, a write
    is dropped, `incr` answers None) and logs it, and the short socket timeouts (seconds)
    keep a Redis that stopped answering from holding every request for long.
    """
    if not redis_url:
        if directory is None:
            raise ValueError("a cache without Redis needs a directory")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory),
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


FRONTEND_CACHE_BACKENDS = {
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
}


def frontend_cache_settings(backend, location="", zone_id="", bearer_token="", hostnames=()):
    """Wagtail's WAGTAILFRONTENDCACHE for one CDN or proxy to purge, or {} (none) when
    `backend` is empty. `backend` is "http" (a proxy that takes PURGE requests at
    `location`, e.g. Varnish or nginx) or "cloudflare" (`zone_id`, `bearer_token`);
    `hostnames` limits it to those hosts. Raises ValueError for another backend."""
    if not backend:
        return {}
    if backend not in FRONTEND_CACHE_BACKENDS:
        known = ", ".join(sorted(FRONTEND_CACHE_BACKENDS))
        raise ValueError(f"FRONTEND_CACHE_BACKEND {backend!r} is not one of: {known}")
    config = {"BACKEND": FRONTEND_CACHE_BACKENDS[backend]}
    if backend == "http":
        config["LOCATION"] = location
    else:
        config.update(ZONEID=zone_id, BEARER_TOKEN=bearer_token)
    if hostnames:
        config["HOSTNAMES"] = list(hostnames)
    return {"default": config}
