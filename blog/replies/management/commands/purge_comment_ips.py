"""`manage.py purge_comment_ips`: forget the IP addresses of replies older than N days.

IPs are kept only to fight spam (rate limits, patterns); after that they are personal data
with no purpose. Run daily (cron or a systemd timer, see README); the `replies.I001` check
and the administrators' dashboard say when it has stopped running (blog/replies/retention.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.replies.blocking import purge_expired_blocks
from blog.replies.models import Reply


class Command(BaseCommand):
    help = (
        "Clear the IP address of replies older than REPLIES_IP_KEPT_DAYS (or --days), and "
        "delete expired reader blocks (their keyed hashes of addresses)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REPLIES_IP_KEPT_DAYS)

    def handle(self, *args, days, **options):
        cleared = Reply.objects.holding_ip_beyond(days).update(ip_address=None)
        self.stdout.write(
            f"Cleared the IP address of {cleared} repl{'y' if cleared == 1 else 'ies'}."
        )
        expired = purge_expired_blocks()
        self.stdout.write(f"Deleted {expired} expired reader block{'' if expired == 1 else 's'}.")
