"""Spam defences for the site's public forms, written for any form that needs them.

Three cheap checks that cost a person nothing: a honeypot field people never see, a signed
timestamp that refuses forms sent faster than a person types (or long after they were shown),
and a per-address rate limit kept in the cache. The contact form uses all three; article
replies can use the same helpers.
"""

import hashlib
import time
from functools import partial

from django import forms
from django.core import signing
from django.core.cache import cache

# Why a timestamp was refused (see `timestamp_problem`).
TOO_FAST = "too_fast"
EXPIRED = "expired"
INVALID = "invalid"


def client_ip(request):
    """The address the request came from, or None.

    Only REMOTE_ADDR is trusted: a client can write any X-Forwarded-For it likes. Behind a
    proxy, the proxy (or gunicorn's --forwarded-allow-ips) must set REMOTE_ADDR correctly,
    or every visitor shares the proxy's address and its rate limit.
    """
    return request.META.get("REMOTE_ADDR") or None


def hashed(value):
    """A short, stable digest, so cache keys never hold an address in the clear."""
    return hashlib.sha256(value.lower().encode()).hexdigest()[:32]


def rate_limit_exceeded(key, limit, window):
    """Count one more event for `key`; True once more than `limit` happened in `window` seconds.

    Backed by the cache, so with Redis every gunicorn worker shares the count. The window
    starts at the first event (a fixed window), which is enough to stop a flood.
    """
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit


def ip_rate_limit_key(scope, request):
    """The rate-limit key for one form (`scope`) and the request's address."""
    return f"{scope}:ip:{hashed(client_ip(request) or 'unknown')}"


def issue_timestamp(salt):
    """A signed token holding the current time; `salt` keeps one form's tokens out of another."""
    return signing.dumps(time.time(), salt=salt)


def timestamp_problem(token, salt, min_seconds, max_age):
    """None if `token` was issued between `min_seconds` and `max_age` seconds ago.

    Otherwise TOO_FAST, EXPIRED or INVALID (missing, altered or from another form).
    """
    try:
        issued_at = float(signing.loads(token, salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return INVALID
    age = time.time() - issued_at
    if age < min_seconds:
        return TOO_FAST
    if age > max_age:
        return EXPIRED
    return None


def timestamp_field(salt):
    """A hidden form field that carries a fresh signed timestamp each time it is rendered."""
    return forms.CharField(
        required=False, widget=forms.HiddenInput, initial=partial(issue_timestamp, salt)
    )


def honeypot_field():
    """A text field that people never see or reach; anything typed into it came from a bot.

    Templates wrap it in an element with the `form-honeypot` class (moved off-screen by the
    stylesheet, never by a style attribute). It is out of the tab order and asks browsers
    not to autofill it; its label tells anyone who does meet it what to do.
    """
    return forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
