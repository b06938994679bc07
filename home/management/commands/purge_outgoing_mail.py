"""`manage.py purge_outgoing_mail`: delete the record of emails sent, or given up on, more
than MAIL_KEPT_DAYS days ago (it holds readers' addresses, and the words of failed ones).
Emails still waiting are never deleted. Run daily with the other purges (see README)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from home.mail import OutgoingMail


class Command(BaseCommand):
    help = "Delete sent and failed outgoing mail older than MAIL_KEPT_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.MAIL_KEPT_DAYS)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _ = OutgoingMail.objects.not_waiting().filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} outgoing email record{'' if deleted == 1 else 's'}.")
