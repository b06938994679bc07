"""System checks of the replies app: the daily purges of readers' personal data are running.

Info, not Warning: an overdue purge is for the operator to act on, and `check --deploy
--fail-level WARNING` (CI, `make check`) must not fail because of data in a database. Like
Django's own database checks, it queries only when asked for a database (`check --database
default`, and `migrate`, which runs the checks before it migrates).
"""

from django.conf import settings
from django.core.checks import Info, Tags, register
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from blog.replies.retention import OVERDUE_AFTER_DAYS, overdue_purges

SCHEDULE_HINT = (
    "Run `manage.py purge_comment_ips` and `manage.py purge_spam_replies` daily, next to "
    "publish_scheduled (README, Production: the clinicsite-daily timer or cron), or run "
    "`make purge` now."
)


@register(Tags.database)
def check_purges_are_running(app_configs=None, databases=None, **kwargs):
    """replies.I001 if replies keep IP addresses, replies.I002 if spam is kept, more than
    OVERDUE_AFTER_DAYS past the days the privacy note promises."""
    if not databases or DEFAULT_DB_ALIAS not in databases:
        return []
    try:
        overdue = overdue_purges()
    except DatabaseError:
        # Not migrated yet (migrate runs the checks first): nothing can be overdue.
        return []
    messages = []
    if overdue.ip_addresses:
        messages.append(
            Info(
                f"{overdue.ip_addresses} "
                f"repl{'y still holds' if overdue.ip_addresses == 1 else 'ies still hold'} "
                f"an IP address more than {OVERDUE_AFTER_DAYS} days after the "
                f"{settings.REPLIES_IP_KEPT_DAYS} days the privacy note promises "
                "(REPLIES_IP_KEPT_DAYS): purge_comment_ips is not running.",
                hint=SCHEDULE_HINT,
                id="replies.I001",
            )
        )
    if overdue.spam:
        messages.append(
            Info(
                f"{overdue.spam} spam repl{'y is' if overdue.spam == 1 else 'ies are'} still "
                f"stored more than {OVERDUE_AFTER_DAYS} days after REPLIES_SPAM_KEPT_DAYS "
                f"({settings.REPLIES_SPAM_KEPT_DAYS}): purge_spam_replies is not running.",
                hint=SCHEDULE_HINT,
                id="replies.I002",
            )
        )
    return messages
