"""A reply's moderation status: one column the database checks, mirrored to the comment
library's own flags, and the one definition every filter and count uses."""

from django.db import IntegrityError, transaction

import pytest
from django_comments.models import Comment

from blog.replies import moderation
from blog.replies.models import Reply, Status
from tests.factories import ReplyFactory


def library_flags(reply):
    """(is_public, is_removed) as django-comments stores them, in its own table."""
    return tuple(Comment.objects.filter(pk=reply.pk).values_list("is_public", "is_removed")[0])


@pytest.fixture
def reply(article):
    return ReplyFactory(article=article, status=Status.AWAITING)


def test_an_update_cannot_make_a_reply_approved_and_spam(reply):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(status=Status.APPROVED, spam_rule="too_many_links")


def test_an_update_cannot_give_a_reply_an_unknown_status(reply):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(status="published")


def test_a_save_cannot_leave_a_spam_rule_on_an_approved_reply(reply):
    reply.status, reply.spam_rule = Status.APPROVED, "disallowed_words"
    with pytest.raises(IntegrityError), transaction.atomic():
        reply.save()


@pytest.mark.parametrize(
    ("change", "status", "flags"),
    [
        (moderation.approve, Status.APPROVED, (True, False)),
        (moderation.mark_spam, Status.SPAM, (False, False)),
        (moderation.remove, Status.REMOVED, (False, True)),
        (moderation.not_spam, Status.AWAITING, (False, False)),
    ],
    ids=["approve", "spam", "remove", "not_spam"],
)
def test_every_moderation_action_keeps_the_library_flags_in_step(
    reply, moderator, change, status, flags
):
    change(reply, moderator)
    reply.refresh_from_db()
    assert reply.status == status
    assert library_flags(reply) == flags


def test_the_status_queries_partition_every_reply(article):
    for status in Status.values:
        ReplyFactory(article=article, status=status)
    replies = Reply.objects.all()
    assert [replies.approved().count(), replies.awaiting_moderation().count()] == [1, 1]
    assert [replies.spam().count(), replies.removed().count()] == [1, 1]
    assert replies.held().count() == 2  # awaiting and spam: what their authors see as waiting
