"""Emails about replies. Plain text only: reader text is never rendered as HTML anywhere.

Every function here is called after the reply is committed, and no failure to send may
propagate: it is logged, and the reply stays exactly as stored.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from blog.replies.models import Reply
from blog.replies.permissions import MODERATE, reply_permission_policy

logger = logging.getLogger(__name__)

MUTE_SALT = "replies.mute"


def _send(subject, template, context, recipients):
    if not recipients:
        return
    try:
        send_mail(
            subject,
            render_to_string(template, context),
            settings.DEFAULT_FROM_EMAIL,
            sorted(recipients),
            fail_silently=False,
        )
    except Exception:
        logger.exception("Could not send %r to %d recipient(s)", subject, len(recipients))


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


def reply_stored(reply):
    """A new reply was saved: tell moderators if it waits for them, or announce it if live."""
    if reply.is_approved:
        reply_approved(reply)
        return
    if reply.is_spam:
        return  # spam waits quietly in the queue; nobody needs mail about it
    urgent = reply.mentions_crisis
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
    )


def mute_url(reply):
    token = signing.dumps({"article": reply.object_pk, "email": reply.user_email}, salt=MUTE_SALT)
    return _site_url(reply.content_object) + reverse("replies:mute", args=[token])


def reply_approved(reply):
    """Tell the people who asked to know: the reader, the article's authors, the thread."""
    context = _context(reply)
    article = context["article"]
    if reply.followup and reply.user_email:
        _send(
            "Your reply has been published",
            "replies/emails/approved.txt",
            context,
            {reply.user_email},
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
        _send(
            f"A new reply in a conversation on “{article.title if article else ''}”",
            "replies/emails/followup.txt",
            {**context, "follower": follower, "mute_url": mute_url(follower)},
            {follower.user_email},
        )
