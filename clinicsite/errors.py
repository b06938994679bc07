"""The server-error page: 503 with Retry-After while the database is unreachable, else 500.

A database outage is not a bug of ours, and it passes (PostgreSQL restarting, a failover, a
connection limit): telling browsers, crawlers and the load balancer "try again shortly"
(503 + Retry-After) is true, where a 500 says the page is broken. Django's `handler500`
sees every uncaught exception, whether a view, a middleware or a template raised it, so the
decision is made here rather than in a middleware's `process_exception` (views only).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# What Django raises when it cannot reach the database or lost its connection (its own
# classes, wrapping the driver's), including a lock or statement timeout: all pass.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait; PostgreSQL restarts or fails over in a few.
RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    """True if `exception`, or an exception it was raised from, says the database is away."""
    while exception is not None:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return True
        exception = exception.__cause__
    return False


@requires_csrf_token
def server_error(request):
    """`handler500`: templates/503.html while the database is unreachable, else 500.html.

    Called by Django while it handles the exception, which `sys.exc_info()` therefore holds.
    Both templates are rendered without a request or context, so neither queries anything.
    """
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
