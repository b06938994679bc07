"""Emails about replies. Plain text only: reader text is never rendered as HTML anywhere.

Every function here is called after the reply is committed. It decides who gets what (and
claims the once-only emails) in the request, and hands each email to the mail queue
(`home.mail.send_later`): the task worker sends it, so approving a reply never waits for
SMTP. No failure to queue may propagate: it is logged, and the reply stays exactly as stored.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac

from blog.replies.models import Reply
from blog.replies.permissions import MODERATE, reply_permission_policy
from home.mail import send_later

logger = logging.getLogger(__name__)

MUTE_SALT = "replies.mute"
FOLLOWUP_SALT = "replies.followup"
# How long a link to confirm follow-up emails works: long enough for a reader who reads
# their mail once a week, short enough that an old message cannot start them much later.
FOLLOWUP_LINK_MAX_AGE = timedelta(days=14)


def _send(subject, template, context, recipients, headers=None, urgent=False):
    if not recipients:
        return
    try:
        send_later(
            EmailMessage(
                subject,
                render_to_string(template, context),
                settings.DEFAULT_FROM_EMAIL,
                sorted(recipients),
                headers=headers,
            ),
            urgent=urgent,
        )
    except Exception:
        logger.exception("Could not queue %r to %d recipient(s)", subject, len(recipients))


def _site_url(article):
    site = article.get_site() if article else None
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _context(reply):
    article = reply.content_object
    return {
        "reply": reply,
        "article": article,
        "article_url": article.get_full_url() if article else "",
        "reply_url": _site_url(article) + reverse("replies:permalink", args=[reply.pk]),
        "queue_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home"),
    }


def moderator_emails():
    """The addresses of everyone who may moderate replies (active, with an email): {str}."""
    moderators = reply_permission_policy.users_with_permission(MODERATE).exclude(email="")
    return set(moderators.values_list("email", flat=True))


def reply_stored(reply, entered_queue=True):
    """A reply was saved: announce it if it is public; otherwise tell moderators it waits
    for them, when it has just `entered_queue` (not when a waiting reply is edited again),
    and urgently the first time crisis language is found in it (once per reply)."""
    if reply.is_approved:
        reply_approved(reply)
        return
    if reply.is_spam:
        return  # spam waits quietly in the queue; nobody needs mail about it
    urgent = reply.mentions_crisis and reply.mark_sent_once("crisis_alert_sent_at")
    if not (urgent or entered_queue):
        return
    subject = (
        "URGENT: a reply mentions self-harm or suicide"
        if urgent
        else "A reply is awaiting moderation"
    )
    _send(
        subject,
        "replies/emails/held.txt",
        {**_context(reply), "urgent": urgent},
        moderator_emails(),
        urgent=urgent,
    )


def reader_key(email):
    """A keyed hash of an email address (str, 32 hex digits; case and outer spaces ignored).

    A mute link names its reader by this, not by the address: signed tokens are only
    base64, and links end up in server logs, browser history and mail scanners."""
    return salted_hmac(MUTE_SALT, email.strip().lower()).hexdigest()[:32]


def mute_url(reply):
    """The absolute address (str) that stops follow-up emails about `reply`'s article to
    `reply`'s author: a page that asks first (GET), and mutes on POST."""
    token = signing.dumps(
        {"article": reply.object_pk, "reader": reader_key(reply.user_email)}, salt=MUTE_SALT
    )
    return _site_url(reply.content_object) + reverse("replies:mute", args=[token])


def read_mute_token(token):
    """The article id (str) a mute token is about, and the data to pass to `mute_followups`.

    Raises signing.BadSignature for a token this site did not sign."""
    data = signing.loads(token, salt=MUTE_SALT)
    return str(data["article"]), data


def mute_followups(data):
    """Stop follow-up emails for the article and reader a mute token names; returns how many
    replies (int) stop asking for them. Tokens sent before readers were named by a keyed
    hash carry the address itself, and still work."""
    followers = Reply.objects.filter(object_pk=str(data["article"]), followup=True)
    if "email" in data:
        return followers.filter(user_email__iexact=data["email"]).update(followup=False)
    # Compared here, not in SQL: the few followers of one article.
    ids = [
        pk
        for pk, email in followers.values_list("pk", "user_email")
        if reader_key(email) == data["reader"]
    ]
    return Reply.objects.filter(pk__in=ids).update(followup=False)


def followup_confirmation_url(reply):
    """The absolute address (str) where `reply`'s author confirms they want follow-up emails
    (double opt-in): a page that asks (GET), and confirms on POST. Names the reader by
    `reader_key`, not by the address, as mute links do."""
    token = signing.dumps(
        {"reply": reply.pk, "reader": reader_key(reply.user_email)}, salt=FOLLOWUP_SALT
    )
    return _site_url(reply.content_object) + reverse("replies:confirm_followups", args=[token])


def read_followup_token(token):
    """The data a confirmation token holds, to pass to `start_followups`.

    Raises signing.BadSignature for a token this site did not sign, and its subclass
    signing.SignatureExpired for one older than FOLLOWUP_LINK_MAX_AGE."""
    return signing.loads(token, salt=FOLLOWUP_SALT, max_age=FOLLOWUP_LINK_MAX_AGE)


def start_followups(data):
    """Confirm follow-up emails for the reply a confirmation token names; True if it now
    asks for them, False if the reply is gone or no longer carries the address the link
    was sent to (erased, or edited by a moderator)."""
    reply = Reply.objects.filter(pk=data["reply"]).exclude(user_email="").first()
    if reply is None or reader_key(reply.user_email) != data["reader"]:
        return False
    Reply.objects.filter(pk=reply.pk).update(followup=True)
    return True


def followup_confirmation(reply):
    """The reader ticked "Notify me" on `reply`: email them the link that confirms it (no
    follow-up email goes to an address before its owner confirms; the reply itself is
    stored already, whatever happens to this email)."""
    context = _context(reply)
    _send(
        "Please confirm: emails about replies to your reply",
        "replies/emails/confirm_followups.txt",
        {
            **context,
            "confirm_url": followup_confirmation_url(reply),
            "link_days": FOLLOWUP_LINK_MAX_AGE.days,
        },
        {reply.user_email},
    )


def unsubscribe_headers(url):
    """The headers that let a mail program offer "Unsubscribe" for the mute address `url`,
    in one click (RFC 2369 List-Unsubscribe, RFC 8058 List-Unsubscribe-Post): {str: str}."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def reply_approved(reply):
    """Tell the people who asked to know: the reader, the article's authors, the thread.
    Once per reply: approving it again after an edit or a removal tells nobody again."""
    if not reply.mark_sent_once("publication_announced_at"):
        return
    context = _context(reply)
    article = context["article"]
    if reply.followup and reply.user_email:
        own_mute_url = mute_url(reply)
        _send(
            "Your reply has been published",
            "replies/emails/approved.txt",
            {**context, "mute_url": own_mute_url},
            {reply.user_email},
            unsubscribe_headers(own_mute_url),
        )
    if settings.REPLIES_NOTIFY_AUTHORS and article is not None:
        authors = {
            author.user.email
            for author in article.author_list
            if author.user_id and author.user.email
        }
        authors.discard(reply.user_email)
        _send(
            f"New reply on “{article.title}”",
            "replies/emails/new_reply_for_author.txt",
            context,
            authors,
        )
    followers = (
        Reply.objects.approved()
        .filter(thread_id=reply.thread_id, followup=True)
        .exclude(user_email__iexact=reply.user_email)
        .exclude(pk=reply.pk)
    )
    seen = set()
    for follower in followers:
        email = follower.user_email.lower()
        if email in seen:
            continue
        seen.add(email)
        follower_mute_url = mute_url(follower)
        _send(
            f"A new reply in a conversation on “{article.title if article else ''}”",
            "replies/emails/followup.txt",
            {**context, "follower": follower, "mute_url": follower_mute_url},
            {follower.user_email},
            unsubscribe_headers(follower_mute_url),
        )
