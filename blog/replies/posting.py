"""Turning a valid Leave a Reply form into a stored reply, or a clear refusal.

The reply is saved before anything that can fail (email) is attempted: notifications run
after the transaction commits, and their failures are logged, never shown to the reader.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blog.replies import notifications
from blog.replies.models import Reply
from blog.replies.screening import apply_policy, screen
from home.spam import client_ip, hashed, ip_rate_limit_key, rate_limit_exceeded


class ReplyRefused(Exception):
    """A reply that will not be stored, with the message the reader sees and an HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def check_limits(request, article, email, text):
    """Refuse floods and repeats before a reply is stored."""
    if rate_limit_exceeded(
        ip_rate_limit_key("replies", request), *settings.REPLIES_RATE_LIMIT_PER_IP
    ):
        raise ReplyRefused(
            "You have sent several replies in a short time. Please wait a few minutes "
            "and send this one again; your text is kept below.",
            status=429,
        )
    if rate_limit_exceeded(
        f"replies:email:{hashed(email.lower())}", *settings.REPLIES_RATE_LIMIT_PER_EMAIL
    ):
        raise ReplyRefused(
            "Several replies have come from this email address recently. Please wait a "
            "while before sending another; your text is kept below.",
            status=429,
        )
    since = timezone.now() - timezone.timedelta(seconds=settings.REPLIES_DUPLICATE_WINDOW)
    repeated = (
        Reply.objects.for_article(article)
        .filter(user_email__iexact=email, comment=text, submit_date__gte=since)
        .exists()
    )
    if repeated:
        raise ReplyRefused("You have already sent this reply. It is waiting for a moderator.", 409)


def store_reply(form, article, request):
    """Save the reply in the state screening and policy give it, then notify after commit."""
    check_limits(request, article, form.cleaned_data["email"], form.cleaned_data["comment"])
    with transaction.atomic():
        reply = Reply(**form.get_comment_create_data(site_id=settings.SITE_ID))
        reply.ip_address = client_ip(request)
        if request.user.is_authenticated:
            reply.user = request.user
        reply.consent_policy_version = settings.PRIVACY_POLICY_VERSION
        reply.consented_at = reply.submit_date
        apply_policy(reply, screen(reply.comment), request.user)
        if reply.is_approved:
            reply.moderated_at = reply.submit_date
            reply.moderated_by = reply.user
        reply.save()
        transaction.on_commit(lambda: notifications.reply_stored(reply))
    return reply
