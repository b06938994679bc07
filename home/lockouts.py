"""Login throttling: who is locked out of the admin, until when, and unlocking them.

django-axes counts failed logins in the database (AccessAttempt rows, one per username,
address and browser). Its own rules lock one set of parameters at one limit; ours are two:
a username from one address is locked after AXES_FAILURE_LIMIT failures, and an address
after LOGIN_ADDRESS_FAILURE_LIMIT failures whatever usernames it tried (docs/architecture.md,
"Login throttling"). Everything here reads the same rows, with axes' own cool-off.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt


def cool_off():
    """How long a lockout lasts after the last failure (a timedelta; AXES_COOLOFF_TIME)."""
    return get_cool_off()


def recent_attempts(now=None):
    """Failed-login rows still inside the cool-off window (an AccessAttempt queryset)."""
    return AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off())


def address_failures(ip_address, now=None):
    """Failures from `ip_address` (a string, or None) inside the cool-off window, any username."""
    total = (
        recent_attempts(now).filter(ip_address=ip_address).aggregate(n=Sum("failures_since_start"))
    )
    return total["n"] or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, also locking an address that reached its own, higher limit.

    axes sums the failures of its lockout parameters (a username from an address, here) and
    compares them with AXES_FAILURE_LIMIT; this adds the address's failures for every username,
    reported as reaching that limit once they reach LOGIN_ADDRESS_FAILURE_LIMIT.
    """

    def get_failures(self, request, credentials=None):
        """Failures that count against this login (an int, compared with AXES_FAILURE_LIMIT)."""
        by_account = super().get_failures(request, credentials)
        by_address = address_failures(request.axes_ip_address, request.axes_attempt_time)
        if by_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account


@dataclass(frozen=True)
class Lockout:
    """One current lockout: of `username` from `ip_address`, or of the address alone
    (`username` None); `failures` counted since the window opened; `until` when it ends."""

    ip_address: str | None
    username: str | None
    failures: int
    last_failure: datetime
    until: datetime

    @property
    def scope(self):
        """ "Account" or "Address": what is locked, for the administrator's list."""
        return "Address" if self.username is None else "Account"


def current_lockouts(now=None):
    """Every lockout in force (a list of Lockout), addresses first, then the latest first."""
    recent = recent_attempts(now)
    lockouts = [
        Lockout(row["ip_address"], None, row["failures"], row["last"], row["last"] + cool_off())
        for row in recent.values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last")
    ]
    lockouts += [
        Lockout(
            row["ip_address"],
            row["username"],
            row["failures"],
            row["last"],
            row["last"] + cool_off(),
        )
        for row in recent.exclude(username=None)
        .values("ip_address", "username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    ]
    return lockouts


def locked_until(ip_address, username, now=None):
    """When the later of the lockouts holding `username` at `ip_address` ends (a datetime),
    or None if neither is in force."""
    ends = [
        lockout.until
        for lockout in current_lockouts(now)
        if lockout.ip_address == ip_address and lockout.username in (None, username)
    ]
    return max(ends, default=None)


def unlock(ip_address, username=None):
    """Clear the failures of `username` from `ip_address`, or with `username` None every
    failure from the address (None: the rows with no address); returns how many rows were
    deleted. Never more: axes' own `reset()` treats a missing address as "every address"."""
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if username is not None:
        attempts = attempts.filter(username=username)
    return attempts.delete()[0]


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429, with Retry-After in
    seconds, in the admin's sign-in layout, saying at what time to try again."""
    username = get_client_username(request, credentials)
    until = locked_until(request.axes_ip_address, username) or timezone.now() + cool_off()
    retry_after = max(int((until - timezone.now()).total_seconds()), 1)
    response = render(
        request,
        "home/admin/locked_out.html",
        {"until": until, "minutes": round(cool_off() / timedelta(minutes=1))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
