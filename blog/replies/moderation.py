"""The one way a reply's moderation state changes. The admin queue, bulk actions and tests
all call these functions, so every path re-checks the same rules, sends the same mail and
writes the same entry in Wagtail's audit log (Reports → Site history, and each reply's
History in the admin).

States are written with QuerySet.update(), touching only the reply itself: a reply's
replies keep their own state (the library would otherwise publish a held subtree when its
parent is approved).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from blog.replies import notifications
from blog.replies.cache import invalidate_articles
from blog.replies.models import Reply, Status
from blog.replies.screening import apply_policy, screen
from blog.replies.text import text_fields
from home.models import ClinicSettings


class CannotAnswer(Exception):
    """The clinic cannot answer this reply publicly; the message says why."""


def audit_title(reply):
    """How a reply is named in the audit log: by number only. The log outlives a reply that
    is erased at its author's request, so it never holds their name or words."""
    return f"Reply #{reply.pk}"


def _log(reply, action, user, previous_status, status=None, **data):
    log(
        instance=reply,
        action=action,
        user=user,
        title=audit_title(reply),
        data={"previous_status": previous_status, "status": status or reply.status, **data},
    )


def _set_status(reply, status, moderator, **fields):
    """Write a moderator's decision on this one reply (never its answers) and mirror it on
    the instance. Returns the reply."""
    fields.update(moderated_at=timezone.now(), moderated_by=moderator)
    Reply.objects.filter(pk=reply.pk).set_status(status, **fields)
    reply.status = status
    for field, value in fields.items():
        setattr(reply, field, value)
    return reply


@transaction.atomic
def approve(reply, moderator):
    """Publish one reply and, after commit, notify the reader, authors and thread (the
    first time it is published only: `notifications.reply_approved`). Why it was held stays
    recorded (`held_reason`), for whoever looks at it later."""
    previous = reply.status
    _set_status(reply, Status.APPROVED, moderator, spam_rule="")
    _log(reply, "replies.approve", moderator, previous)
    if previous != Status.APPROVED:
        transaction.on_commit(lambda: notifications.reply_approved(reply))
    return reply


@transaction.atomic
def remove(reply, moderator):
    """Take a reply off the site (kept for the record, never shown)."""
    previous = reply.status
    _set_status(reply, Status.REMOVED, moderator, spam_rule="")
    _log(reply, "replies.remove", moderator, previous)
    return reply


@transaction.atomic
def mark_spam(reply, moderator, rule="moderator"):
    previous = reply.status
    _set_status(reply, Status.SPAM, moderator, spam_rule=rule, held_reason=Reply.HeldReason.SPAM)
    _log(reply, "replies.spam", moderator, previous)
    return reply


@transaction.atomic
def not_spam(reply, moderator):
    """Back to the queue as an ordinary held reply."""
    previous = reply.status
    _set_status(
        reply, Status.AWAITING, moderator, spam_rule="", held_reason=Reply.HeldReason.POLICY
    )
    _log(reply, "replies.not_spam", moderator, previous)
    return reply


@transaction.atomic
def edit_text(reply, text, moderator):
    """A moderator's correction (a typo, a stray phone number). The state stays as it is and
    the text is not screened again; the log records that it changed, not the words."""
    previous = reply.status
    fields = text_fields(text, clinic=reply.is_clinic_reply)
    Reply.objects.filter(pk=reply.pk).update(**fields)
    reply.comment, reply.text_html = fields["comment"], fields["text_html"]
    invalidate_articles([reply.object_pk])
    _log(reply, "replies.edit_text", moderator, previous)
    return reply


def clinic_author_name(article, moderator):
    """The name the clinic's answers on `article` are signed with: the clinic's name from
    Clinic settings (of the article's site), not the moderator's own; the moderator's name
    only if the clinic has none. At most 50 characters (the library's field)."""
    site = article.get_site() if article is not None else None
    clinic = ClinicSettings.for_site(site) if site is not None else None
    name = clinic.clinic_name.strip() if clinic else ""
    return (name or moderator.get_full_name() or moderator.get_username())[:50]


@transaction.atomic
def reply_as_clinic(parent, moderator, text):
    """Answer a reply publicly for the clinic: signed with the clinic's name
    (`clinic_author_name`) and shown with a "Clinic" badge; the moderator is recorded as
    its `user` and in the audit log.

    A held reply is approved first (the admin's button says so); a removed or spam one cannot
    be answered. An answer to a reply at the deepest level goes under that reply's parent
    (`Reply.answer_parent_id`). Returns (answer, threaded_under).
    """
    if parent.status not in (Status.AWAITING, Status.APPROVED):
        raise CannotAnswer("A removed or spam reply cannot be answered publicly.")
    if parent.status == Status.AWAITING:
        approve(parent, moderator)
    threaded_under = Reply.objects.get(pk=parent.answer_parent_id)
    now = timezone.now()
    answer = Reply(
        content_type_id=parent.content_type_id,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        parent_id=threaded_under.pk,
        user=moderator,
        user_name=clinic_author_name(parent.content_object, moderator),
        user_email=moderator.email,
        comment=text,
        submit_date=now,
        status=Status.APPROVED,
        is_clinic_reply=True,
        moderated_at=now,
        moderated_by=moderator,
    )
    answer.save()
    _log(answer, "replies.clinic_reply", moderator, "", in_answer_to=parent.pk)
    _log(parent, "replies.answered", moderator, parent.status, answer=answer.pk)
    transaction.on_commit(lambda: notifications.reply_approved(answer))
    return answer, threaded_under


class CannotPin(Exception):
    """This reply cannot be pinned; the message says why."""


@transaction.atomic
def pin(reply, moderator):
    """Pin a clinic answer to the top of its article's thread, unpinning the one pinned
    there before (one per article: the database refuses two). Raises CannotPin for a reply
    that is not an approved clinic answer or whose article is gone."""
    if not (reply.is_clinic_reply and reply.is_approved):
        raise CannotPin("Only an approved answer of the clinic can be pinned.")
    article = reply.content_object
    if article is None:
        raise CannotPin("Its article no longer exists.")
    # Lock the article's row: two moderators pinning at once take turns, not an error.
    type(article).objects.select_for_update().filter(pk=article.pk).first()
    for previous in Reply.objects.filter(pinned_on=article).exclude(pk=reply.pk):
        unpin(previous, moderator)
    Reply.objects.filter(pk=reply.pk).update(pinned_on=article)
    reply.pinned_on = article
    invalidate_articles([article.pk])
    _log(reply, "replies.pin", moderator, reply.status)
    return reply


@transaction.atomic
def unpin(reply, moderator):
    """Take a pinned answer off the top of its thread (it stays in its place in the thread)."""
    Reply.objects.filter(pk=reply.pk).update(pinned_on=None)
    reply.pinned_on = None
    invalidate_articles([reply.object_pk])
    _log(reply, "replies.unpin", moderator, reply.status)
    return reply


def _erase_or_delete(reply):
    """Delete a reply; if others answered it, wipe its text and author instead so the answers
    keep their place in the thread. True if it was deleted."""
    if reply.has_answers():
        Reply.objects.filter(pk=reply.pk).set_status(
            Status.REMOVED,
            **text_fields(""),
            user_name="(removed)",
            user_email="",
            user_url="",
            ip_address=None,
            spam_rule="",
            followup=False,
        )
        return False
    reply.delete()
    return True


@transaction.atomic
def delete_permanently(reply, moderator):
    """A moderator deletes a reply for good (erased instead if others answered it).
    Returns True if the reply is gone, False if it was erased and kept in its thread."""
    previous = reply.status
    pk = reply.pk
    deleted = _erase_or_delete(reply)
    reply.pk = pk  # Model.delete() clears it; the log entry needs it
    _log(
        reply,
        "replies.delete" if deleted else "replies.erase",
        moderator,
        previous,
        status="deleted" if deleted else "removed",
    )
    return deleted


@transaction.atomic
def edit(reply, text, user=None):
    """The reader changed their reply. It is screened again and never published by an
    edit: a public reply goes back to the queue, a held one stays held."""
    previous = reply.status
    previous_reason = reply.held_reason
    reply.comment = text
    apply_policy(reply, screen(text), user)
    if reply.status == Status.APPROVED:
        reply.status = Status.AWAITING
    if reply.held_reason in ("", Reply.HeldReason.POLICY, Reply.HeldReason.FIRST_TIME):
        reply.held_reason = (
            Reply.HeldReason.EDITED if previous == Status.APPROVED else previous_reason
        )
    Reply.objects.filter(pk=reply.pk).set_status(
        reply.status,
        **text_fields(reply.comment),
        spam_rule=reply.spam_rule,
        mentions_crisis=reply.mentions_crisis,
        health_info_found=reply.health_info_found,
        held_reason=reply.held_reason,
    )
    _log(reply, "replies.reader_edit", None, previous)
    if reply.status != Status.SPAM:
        entered_queue = previous != Status.AWAITING
        transaction.on_commit(lambda: notifications.reply_stored(reply, entered_queue))
    return reply


@transaction.atomic
def withdraw(reply):
    """The reader takes their reply back. Deleted, unless others have already answered it,
    in which case it is removed from view so their replies keep their place."""
    previous = reply.status
    pk = reply.pk
    if reply.has_answers():
        Reply.objects.filter(pk=reply.pk).set_status(Status.REMOVED, spam_rule="")
        status = Status.REMOVED
    else:
        reply.delete()
        reply.pk = pk
        status = "deleted"
    _log(reply, "replies.withdraw", None, previous, status=status)


def _erase_or_delete_logged(reply, action):
    """`_erase_or_delete` with the audit entry `action` (no user: nobody clicked). True if
    the reply was deleted."""
    previous = reply.status
    pk = reply.pk
    deleted = _erase_or_delete(reply)
    reply.pk = pk  # Model.delete() clears it; the log entry needs it
    _log(reply, action, None, previous, status="deleted" if deleted else "removed")
    return deleted


@transaction.atomic
def erase(reply):
    """Delete a reply at its author's request. If others answered it, its text and the
    author's details are wiped instead, so the answers keep their place in the thread."""
    _erase_or_delete_logged(reply, "replies.erase_on_request")


@transaction.atomic
def purge_spam(reply):
    """Delete a spam reply kept its REPLIES_SPAM_KEPT_DAYS. One that others answered (it
    was public before it was marked as spam) is erased instead, like any deletion, so the
    answers keep their place in the thread. True if the reply was deleted."""
    return _erase_or_delete_logged(reply, "replies.purge_spam")


@transaction.atomic
def hide_if_reported_enough(reply):
    """At REPLIES_REPORTS_TO_HIDE reader reports a public reply is hidden until a moderator
    looks at it, and moderators are told. Only reports since a moderator last decided count,
    so an approved reply is not hidden again by the next single report. True if hidden."""
    reports = reply.reports.all()
    if reply.moderated_at:
        reports = reports.filter(created_at__gt=reply.moderated_at)
    reports = reports.count()
    if reports < settings.REPLIES_REPORTS_TO_HIDE or reply.status != Status.APPROVED:
        return False
    previous = reply.status
    Reply.objects.filter(pk=reply.pk).set_status(
        Status.AWAITING, held_reason=Reply.HeldReason.REPORTS
    )
    reply.status = Status.AWAITING
    reply.held_reason = Reply.HeldReason.REPORTS
    _log(reply, "replies.hidden_by_reports", None, previous, reports=reports)
    transaction.on_commit(lambda: notifications.reply_stored(reply))
    return True
