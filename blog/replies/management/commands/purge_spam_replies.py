"""`manage.py purge_spam_replies`: delete replies marked as spam more than N days ago.

Run daily with purge_comment_ips (see README); the `replies.I002` check and the
administrators' dashboard say when it has stopped running (blog/replies/retention.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.replies.models import Reply


class Command(BaseCommand):
    help = "Delete spam replies older than REPLIES_SPAM_KEPT_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REPLIES_SPAM_KEPT_DAYS)

    def handle(self, *args, days, **options):
        deleted = 0
        # One by one: deleting a reply must not leave its replies pointing at nothing, and
        # spam rarely has any (it is never public, so nobody could answer it).
        for reply in Reply.objects.spam_older_than(days):
            reply.delete()
            deleted += 1
        self.stdout.write(f"Deleted {deleted} spam repl{'y' if deleted == 1 else 'ies'}.")
