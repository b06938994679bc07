"""Deployment checks: the site's own address (links in emails, canonical, share and feed
links are built from it, and a loopback one (127.0.0.1, localhost) reaches nobody else), and
a task worker that is not running (mail waits, the search index lags).

Info, not Warning: `make check` and CI run `check --deploy --fail-level WARNING` with
production settings on this machine, where the address is loopback on purpose, and must stay
at zero warnings; an operator reading `check --deploy` still sees it. The Wagtail site's own
address is read only when a database is asked for (`check --deploy --database default`).
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Info, Tags, register
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from wagtail.models import Site

from home.mail import late_tasks

HINT = (
    "Set WAGTAILADMIN_BASE_URL to the public address (https://clinic.example.org) and the "
    "default site's hostname and port in Settings → Sites to match."
)


def is_loopback(hostname):
    """True if `hostname` (str or None) names this machine only: localhost or a loopback IP."""
    hostname = (hostname or "").strip("[]").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


@register(Tags.sites, deploy=True)
def check_site_address(app_configs=None, databases=None, **kwargs):
    """clinicsite.I001 if WAGTAILADMIN_BASE_URL is a loopback address; clinicsite.I002 if
    the default Wagtail site is (only when asked for a database)."""
    messages = []
    if is_loopback(urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname):
        messages.append(
            Info(
                f"WAGTAILADMIN_BASE_URL is a loopback address ({settings.WAGTAILADMIN_BASE_URL})"
                ": links in the site's emails will not work for anyone else.",
                hint=HINT,
                id="clinicsite.I001",
            )
        )
    if databases and DEFAULT_DB_ALIAS in databases:
        try:
            site = Site.objects.filter(is_default_site=True).first()
        except DatabaseError:
            site = None  # not migrated yet: there is no site to check
        if site is not None and is_loopback(site.hostname):
            messages.append(
                Info(
                    f"The default site's address is a loopback one ({site.root_url}): "
                    "canonical, share, feed and email links will not work for anyone else.",
                    hint=HINT,
                    id="clinicsite.I002",
                )
            )
    return messages


@register(Tags.database)
def check_task_worker(app_configs=None, databases=None, **kwargs):
    """clinicsite.I003 when tasks have waited past TASKS_LATE_MINUTES in the database task
    queue: `manage.py db_worker` is not running (only when asked for a database)."""
    if not (databases and DEFAULT_DB_ALIAS in databases):
        return []
    try:
        late = late_tasks()
    except DatabaseError:
        return []  # not migrated yet: nothing can be waiting
    if not late:
        return []
    return [
        Info(
            f"{late} background task{'s' if late != 1 else ''} (emails, search index updates) "
            f"ha{'ve' if late != 1 else 's'} waited more than {settings.TASKS_LATE_MINUTES} "
            "minutes: the task worker is not running.",
            hint="Run `manage.py db_worker` as a service (README, “Production”).",
            id="clinicsite.I003",
        )
    ]
