"""Turning a valid Leave a Reply form into a stored reply, or a clear refusal.

The reply is saved before anything that can fail (email) is attempted: notifications run
after the transaction commits, and their failures are logged, never shown to the reader.
"""

from django.conf import settings
from django.db import transaction

from blog.replies import notifications
from blog.replies.models import Reply, Status
from blog.replies.screening import apply_policy, screen
from home.spam import client_ip, hashed, ip_rate_limit_key, rate_limit_exceeded


class ReplyRefused(Exception):
    """A reply that will not be stored, with the message the reader sees and an HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


# What a reader is told when they send again words they have already sent (409).
REPEAT_WAITING = "You have already sent this reply. It is waiting for a moderator."
REPEAT_PUBLISHED = "You have already sent this reply, and it has been published."


def same_words(text):
    """`text` as repeats are compared: trimmed, each run of white space one space."""
    return " ".join(text.split())


def check_not_repeated(article, email, text, parent_id):
    """Refuse words their sender has already sent: the same words (`same_words`) from the
    same email address under the same parent (`parent_id`, 0 for a new thread) of the same
    article, while the first still waits for a moderator, or once it is published there,
    each with its own message. A reply removed or marked as spam is no longer one to
    repeat: the new one is stored and screened afresh. One query."""
    earlier = (
        Reply.objects.for_article(article)
        .with_status(Status.AWAITING, Status.APPROVED)
        .filter(user_email__iexact=email)
    )
    if parent_id:
        earlier = earlier.filter(parent_id=parent_id).exclude(pk=parent_id)
    else:
        earlier = earlier.filter(level=0)
    words = same_words(text)
    statuses = {
        status
        for status, comment in earlier.values_list("status", "comment")
        if same_words(comment) == words
    }
    if Status.AWAITING in statuses:
        raise ReplyRefused(REPEAT_WAITING, status=409)
    if Status.APPROVED in statuses:
        raise ReplyRefused(REPEAT_PUBLISHED, status=409)


def check_rate_limits(request, email):
    """Refuse floods, from one address or one email, before a reply is stored (429)."""
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


def store_reply(form, article, request):
    """Save the reply in the state screening and policy give it, then notify after commit.
    Raises ReplyRefused for a repeat (checked first: sending it again is not a flood) or
    a flood."""
    data = form.cleaned_data
    check_not_repeated(article, data["email"], data["comment"], data["reply_to"])
    check_rate_limits(request, data["email"])
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
        # Double opt-in: follow-up emails start when the address's owner confirms by the
        # emailed link, unless they already confirmed for this article.
        ask_to_confirm = reply.followup and not follows_article(reply)
        reply.followup = reply.followup and not ask_to_confirm
        reply.save()
        transaction.on_commit(lambda: notifications.reply_stored(reply))
        if ask_to_confirm:
            transaction.on_commit(lambda: notifications.followup_confirmation(reply))
    return reply


def follows_article(reply):
    """True if `reply`'s address already gets follow-ups about its article (confirmed)."""
    return Reply.objects.filter(
        object_pk=reply.object_pk, followup=True, user_email__iexact=reply.user_email
    ).exists()
