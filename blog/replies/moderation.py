"""The one way a reply's moderation state changes. The admin queue, bulk actions and tests
all call these functions, so every path re-checks the same rules and sends the same mail.

States are written with QuerySet.update(), touching only the reply itself: a reply's
replies keep their own state (the library would otherwise publish a held subtree when its
parent is approved).
"""

from django.db import transaction
from django.utils import timezone

from blog.replies import notifications
from blog.replies.models import Reply


def _set_state(reply, moderator, **state):
    state.update(moderated_at=timezone.now(), moderated_by=moderator)
    Reply.objects.filter(pk=reply.pk).update(**state)
    for field, value in state.items():
        setattr(reply, field, value)
    return reply


@transaction.atomic
def approve(reply, moderator):
    """Publish one reply and, after commit, notify the reader, authors and thread."""
    was_public = reply.is_public and not reply.is_removed
    _set_state(reply, moderator, is_public=True, is_removed=False, is_spam=False, held_reason="")
    if not was_public:
        transaction.on_commit(lambda: notifications.reply_approved(reply))
    return reply


@transaction.atomic
def remove(reply, moderator):
    """Take a reply off the site (kept for the record, never shown)."""
    return _set_state(reply, moderator, is_public=False, is_removed=True)


@transaction.atomic
def mark_spam(reply, moderator, rule="moderator"):
    return _set_state(
        reply,
        moderator,
        is_public=False,
        is_spam=True,
        spam_rule=rule,
        held_reason=Reply.HeldReason.SPAM,
    )


@transaction.atomic
def not_spam(reply, moderator):
    """Back to the queue as an ordinary held reply."""
    return _set_state(
        reply, moderator, is_spam=False, spam_rule="", held_reason=Reply.HeldReason.POLICY
    )


@transaction.atomic
def edit(reply, text, user=None):
    """The reader changed their reply. It is screened again and never published by an
    edit: a public reply goes back to the queue, a held one stays held."""
    from blog.replies.screening import apply_policy, screen

    was_public = reply.is_public
    previous_reason = reply.held_reason
    reply.comment = text
    apply_policy(reply, screen(text), user)
    reply.is_public = False
    if reply.held_reason in ("", Reply.HeldReason.POLICY, Reply.HeldReason.FIRST_TIME):
        reply.held_reason = Reply.HeldReason.EDITED if was_public else previous_reason
    Reply.objects.filter(pk=reply.pk).update(
        comment=reply.comment,
        is_public=False,
        is_spam=reply.is_spam,
        spam_rule=reply.spam_rule,
        mentions_crisis=reply.mentions_crisis,
        health_info_found=reply.health_info_found,
        held_reason=reply.held_reason,
    )
    if not reply.is_spam:
        transaction.on_commit(lambda: notifications.reply_stored(reply))
    return reply


@transaction.atomic
def withdraw(reply):
    """The reader takes their reply back. Deleted, unless others have already answered it,
    in which case it is removed from view so their replies keep their place."""
    if Reply.objects.filter(parent_id=reply.pk).exclude(pk=reply.pk).exists():
        Reply.objects.filter(pk=reply.pk).update(is_public=False, is_removed=True)
    else:
        reply.delete()


def erase(reply):
    """Delete a reply at its author's request. If others answered it, its text and the
    author's details are wiped instead, so the answers keep their place in the thread."""
    if Reply.objects.filter(parent_id=reply.pk).exclude(pk=reply.pk).exists():
        Reply.objects.filter(pk=reply.pk).update(
            comment="",
            user_name="(removed)",
            user_email="",
            user_url="",
            ip_address=None,
            is_public=False,
            is_removed=True,
            followup=False,
        )
    else:
        reply.delete()
