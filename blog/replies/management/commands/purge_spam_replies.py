"""`manage.py purge_spam_replies`: delete replies marked as spam more than N days ago (erase
those that others answered, so the answers keep their place).

Run daily with purge_comment_ips (see README); the `replies.I002` check and the
administrators' dashboard say when it has stopped running (blog/replies/retention.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.replies import moderation
from blog.replies.models import Reply


class Command(BaseCommand):
    help = "Delete spam replies older than REPLIES_SPAM_KEPT_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REPLIES_SPAM_KEPT_DAYS)

    def handle(self, *args, days, **options):
        deleted = erased = 0
        # One by one, through moderation: a reply that was public before it was marked as
        # spam may have answers, which must not be left pointing at nothing.
        for reply in Reply.objects.spam_older_than(days):
            if moderation.purge_spam(reply):
                deleted += 1
            else:
                erased += 1
        message = f"Deleted {deleted} spam repl{'y' if deleted == 1 else 'ies'}."
        if erased:
            message += f" Erased {erased} that others had answered, keeping the answers."
        self.stdout.write(message)
