"""Spam defences for the site's public forms: the contact form and article replies alike.

Three cheap checks that cost a person nothing: a honeypot field people never see, a signed
timestamp that refuses forms sent faster than a person types (or long after they were shown),
both added to a form by `AntiBotFormMixin` with one wording for every form, and a
per-address rate limit kept in the cache.
"""

import hashlib
import logging
import time
from functools import partial

from django import forms
from django.core import signing
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Why a form was refused as automated: the honeypot was filled, or the timestamp was too
# young, too old or not ours (see `timestamp_problem`).
AUTOMATED = "automated"
TOO_FAST = "too_fast"
EXPIRED = "expired"
INVALID = "invalid"

# What a person is told, above the form, with what they typed kept below it.
REFUSALS = {
    AUTOMATED: (
        "This looks automated and was not sent. If you typed it yourself, please call or "
        "email us instead."
    ),
    TOO_FAST: (
        "That was quicker than a person can type. Please wait a moment and send it again; "
        "what you wrote is kept below."
    ),
    EXPIRED: (
        "This form expired because it was open for a long time. What you wrote is kept "
        "below: please send it again."
    ),
    INVALID: "This form could not be verified. What you wrote is kept below: please send it again.",
}

HONEYPOT_FIELD = "leave_blank"
TIMESTAMP_FIELD = "form_started"
# Names a form's own fields may not take (the contact form's editors are told so).
ANTI_BOT_FIELD_NAMES = frozenset({HONEYPOT_FIELD, TIMESTAMP_FIELD})


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
    starts at the first event (a fixed window), which is enough to stop a flood. While the
    cache is down (its backend then answers None, see settings' cache_settings) nothing can
    be counted: the limit fails open, with a warning, because losing a person's message is
    worse than letting a flood through to moderation for a while.
    """
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        count = 1
    if count is None:
        # The key's last part is a digest of an address or email: the log names the limit only.
        logger.warning(
            "Rate limit %s not applied: the cache is unavailable", key.rpartition(":")[0]
        )
        return False
    return count > limit


def client_ip_hash(request):
    """The request's address as a short digest: enough to count by, never stored in clear."""
    return hashed(client_ip(request) or "unknown")


def ip_rate_limit_key(scope, request):
    """The rate-limit key for one form (`scope`) and the request's address."""
    return f"{scope}:ip:{client_ip_hash(request)}"


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

    includes/honeypot.html wraps it in an element with the `form-honeypot` class (moved
    off-screen by the stylesheet, never by a style attribute). It is out of the tab order
    and asks browsers not to autofill it; its label tells anyone who does meet it what to do.
    """
    return forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class AntiBotFormMixin:
    """Adds the honeypot and the signed timestamp to a Django form and checks them in clean().

    A refusal is a non-field error worded from REFUSALS, with the code AUTOMATED, TOO_FAST,
    EXPIRED or INVALID. Set `anti_bot_salt` (one per form, so one form's tokens do not pass
    another) and override `anti_bot_limits()`; call `add_anti_bot_fields()` in __init__ and
    `renew_anti_bot_fields()` before showing a refused form again. Templates render the
    honeypot with includes/honeypot.html.
    """

    anti_bot_salt = None

    def anti_bot_limits(self):
        """(minimum seconds on screen, maximum age in seconds) of a form that is accepted."""
        raise NotImplementedError

    def add_anti_bot_fields(self):
        self.fields[HONEYPOT_FIELD] = honeypot_field()
        self.fields[TIMESTAMP_FIELD] = timestamp_field(self.anti_bot_salt)

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def anti_bot_problem(self):
        """AUTOMATED, TOO_FAST, EXPIRED, INVALID or None, from the submitted data."""
        if self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip():
            return AUTOMATED
        min_seconds, max_age = self.anti_bot_limits()
        token = self.data.get(self.add_prefix(TIMESTAMP_FIELD), "")
        return timestamp_problem(token, self.anti_bot_salt, min_seconds, max_age)

    def clean(self):
        cleaned_data = super().clean()
        problem = self.anti_bot_problem()
        if problem:
            raise forms.ValidationError(REFUSALS[problem], code=problem)
        return cleaned_data

    def renew_anti_bot_fields(self):
        """Time the form shown again from now, so sending it again (a little later) works."""
        self.data = self.data.copy()
        self.data[self.add_prefix(TIMESTAMP_FIELD)] = issue_timestamp(self.anti_bot_salt)
