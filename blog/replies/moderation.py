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
