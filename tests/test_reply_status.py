"""A reply's moderation status: one column the database checks, mirrored to the comment
library's own flags, and the one definition every filter and count uses."""

from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

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


BEFORE_STATUS = ("replies", "0004_moderators_group_permissions")
# (is_public, is_removed, is_spam, spam_rule) as the old code could leave them, and the
# status the old code showed for each: spam before removed before approved.
OLD_FLAGS = {
    (False, False, False, ""): Status.AWAITING,
    (True, False, False, ""): Status.APPROVED,
    (True, False, False, "too_many_links"): Status.APPROVED,  # approved after a spam rule
    (False, True, False, ""): Status.REMOVED,
    (True, True, False, ""): Status.REMOVED,
    (False, False, True, "moderator"): Status.SPAM,
    (True, False, True, "disallowed_words"): Status.SPAM,  # "approved and spam"
    (False, True, True, "moderator"): Status.SPAM,
}


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_existing_replies_the_status_they_showed(migrated_db):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE_STATUS])
    old_apps = executor.loader.project_state([BEFORE_STATUS]).apps
    content_type, _ = old_apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="blog", model="blogpage"
    )
    old_reply_model = old_apps.get_model("replies", "Reply")
    ids = {}
    for flags, status in OLD_FLAGS.items():
        is_public, is_removed, is_spam, spam_rule = flags
        reply = old_reply_model.objects.create(
            content_type=content_type,
            object_pk="1",
            site_id=1,
            user_name="Reader",
            comment=f"Old reply {len(ids)}",
            submit_date=timezone.now(),
            is_public=is_public,
            is_removed=is_removed,
            is_spam=is_spam,
            spam_rule=spam_rule,
        )
        ids[reply.pk] = status

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for reply in Reply.objects.filter(pk__in=ids):
        assert reply.status == ids[reply.pk], reply.comment
        assert library_flags(reply) == (reply.is_approved, reply.status == Status.REMOVED)
        assert reply.spam_rule == "" or reply.status == Status.SPAM
