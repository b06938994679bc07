"""How long replies keep personal data, and whether the daily purges keep that promise.

The privacy note under the reply form and the privacy policy say that IP addresses are
deleted after REPLIES_IP_KEPT_DAYS; spam is deleted after REPLIES_SPAM_KEPT_DAYS. Two
commands do it, `purge_comment_ips` and `purge_spam_replies`, run once a day by the timer
the README documents. If that timer stops, nothing else would notice, so the check
`replies.I001`/`I002` (blog/replies/checks.py) and a panel on the administrators' dashboard
report what is overdue.
"""

from dataclasses import dataclass

from django.conf import settings

from blog.replies.models import Reply

# The purges run once a day, so a reply may wait up to a day past its kept days for the
# next run; more than two days past, at least one run has been missed.
OVERDUE_AFTER_DAYS = 2


@dataclass(frozen=True)
class OverduePurges:
    """How many replies the daily purges should have dealt with and have not."""

    ip_addresses: int  # replies still holding an IP address well past REPLIES_IP_KEPT_DAYS
    spam: int  # spam replies still stored well past REPLIES_SPAM_KEPT_DAYS

    def __bool__(self):
        return bool(self.ip_addresses or self.spam)


def overdue_purges():
    """What the daily purges have missed, as an OverduePurges (two COUNT queries)."""
    return OverduePurges(
        ip_addresses=Reply.objects.holding_ip_beyond(
            settings.REPLIES_IP_KEPT_DAYS + OVERDUE_AFTER_DAYS
        ).count(),
        spam=Reply.objects.spam_older_than(
            settings.REPLIES_SPAM_KEPT_DAYS + OVERDUE_AFTER_DAYS
        ).count(),
    )
