"""`manage.py replies_by_email EMAIL [--erase]`: a reader's request about their data.

Prints every reply from that address (text, article, dates, consent record) as JSON, the
export a reader can ask for; with --erase, deletes them all afterwards.
"""

import json

from django.core.management.base import BaseCommand
from django.db import transaction

from blog.replies.models import Reply
from blog.replies.moderation import erase as erase_reply


class Command(BaseCommand):
    help = "Export (and with --erase, delete) every reply posted with an email address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true", help="Delete them after export.")

    def handle(self, *args, email, erase, **options):
        replies = Reply.objects.filter(user_email__iexact=email.strip()).order_by("submit_date")
        export = [
            {
                "id": reply.pk,
                "article_id": reply.object_pk,
                "name": reply.user_name,
                "email": reply.user_email,
                "website": reply.user_url,
                "text": reply.comment,
                "posted_at": reply.submit_date.isoformat(),
                "status": reply.status,
                "privacy_policy_version": reply.consent_policy_version,
                "consented_at": reply.consented_at.isoformat() if reply.consented_at else None,
                "notify_of_follow_ups": reply.followup,
            }
            for reply in replies
        ]
        self.stdout.write(json.dumps(export, indent=2, ensure_ascii=False))
        if erase:
            with transaction.atomic():
                for reply in replies:
                    erase_reply(reply)
            self.stderr.write(f"Erased {len(export)} repl{'y' if len(export) == 1 else 'ies'}.")
