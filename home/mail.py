"""Mail off the request path: every email the site sends is stored as an `OutgoingMail` row
and delivered by the `deliver_mail` task (django-tasks), so no request waits for SMTP.

In production the task backend is the database (django-tasks-db): the row and its task are
written in one transaction, and `manage.py db_worker` sends. A failed send is tried again
later (`MAIL_RETRY_MINUTES`, at most `MAIL_MAX_ATTEMPTS` attempts): django-tasks has no retry
of its own, so the task enqueues itself again with `run_after`. Staff see every row that did
not go out under Reports → Outgoing mail. In dev and tests the backend is immediate: the
mail is sent at once, and a failure is final (there is no queue to try again from).

To add an email: build a Django `EmailMessage` and pass it to `send_later`. Mail that Django
and Wagtail send themselves (workflow notifications, password resets) takes the same road:
`EMAIL_BACKEND` is `QueuedEmailBackend`, which hands every message to `send_later`, and the
task sends through `MAIL_DELIVERY_BACKEND` (SMTP, from EMAIL_URL).
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.utils import timezone

from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# Worth trying again: the relay refused or dropped us, or could not be reached at all
# (OSError covers refused connections, timeouts and DNS failures). Anything else — a
# malformed address, say — would fail the same way every time.
RETRIED_ERRORS = (smtplib.SMTPException, OSError)

# The task priority of urgent mail (moderators' crisis alerts): when the worker comes back
# to a backlog, it runs these before search-index updates and ordinary mail (priority 0).
URGENT = 50


class OutgoingMailQuerySet(models.QuerySet):
    def not_waiting(self):
        """Rows done with: sent, or given up on."""
        return self.filter(state__in=[OutgoingMail.State.SENT, OutgoingMail.State.FAILED])

    def failed(self):
        """Rows given up on: every attempt failed, or the error was not worth retrying."""
        return self.filter(state=OutgoingMail.State.FAILED)

    def stuck(self):
        """Rows whose attempt was due, or began, more than TASKS_LATE_MINUTES ago and that
        are still not done: the worker is not running, or died while sending (a row it
        claimed stays "sending"; nobody can tell whether the relay took it)."""
        cutoff = timezone.now() - timedelta(minutes=settings.TASKS_LATE_MINUTES)
        return self.filter(
            models.Q(state=OutgoingMail.State.WAITING, next_attempt_at__lt=cutoff)
            | models.Q(state=OutgoingMail.State.SENDING, last_attempt_at__lt=cutoff)
        )


class OutgoingMail(models.Model):
    """One email the site sends, and how its delivery went.

    Stored before any attempt, so a mail relay or task worker that is down loses nothing:
    the row waits. The body is cleared once sent (it often quotes a reader's words, which
    need not be kept twice); recipients and subject stay, so staff can answer "was it sent?".
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    subject = models.TextField()
    body = models.TextField(blank=True)
    from_email = models.TextField()
    to = models.JSONField(help_text="The recipients' addresses (list of str).")
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    alternatives = models.JSONField(
        default=list, blank=True, help_text="Other versions of the body: [[content, mimetype]]."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    urgent = models.BooleanField(
        default=False, help_text="Sent, and tried again, ahead of other tasks (crisis alerts)."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When a waiting email is (next) due to be sent."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing mail"
        verbose_name_plural = "outgoing mail"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"

    @property
    def recipients(self):
        """The recipients' addresses, comma-separated (str); bcc ones are not shown."""
        return ", ".join([*self.to, *self.cc])

    def send_again(self):
        """Queue one more attempt now, for a row given up on or stuck "sending" (a staff
        decision: a stuck one may have gone out already). Returns whether it was queued
        (bool): a row waiting or sent is left alone. When all MAIL_MAX_ATTEMPTS are used, a
        failure of this attempt is final again."""
        requeued = OutgoingMail.objects.filter(
            pk=self.pk, state__in=[OutgoingMail.State.FAILED, OutgoingMail.State.SENDING]
        )
        with transaction.atomic():
            if not requeued.update(
                state=OutgoingMail.State.WAITING, next_attempt_at=timezone.now()
            ):
                return False
            deliver_mail.using(priority=self.priority).enqueue(self.pk)
        return True

    @property
    def priority(self):
        """The task priority (int) of this email's attempts."""
        return URGENT if self.urgent else 0

    def message(self):
        """The row as a Django email message, ready to send."""
        return EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email,
            to=self.to,
            cc=self.cc or None,
            bcc=self.bcc or None,
            reply_to=self.reply_to or None,
            headers=self.headers or None,
            alternatives=[tuple(alternative) for alternative in self.alternatives] or None,
        )


def send_later(message, *, urgent=False):
    """Store `message` (a django.core.mail.EmailMessage or EmailMultiAlternatives, without
    attachments) and enqueue its delivery, ahead of other tasks if `urgent`; returns the
    OutgoingMail row, or None when it has no recipient.

    The row and, with the database task backend, its task are written in one transaction: a
    caller inside a transaction that rolls back sends nothing. Call it after the data the
    email is about is committed (`transaction.on_commit`). Raises ValueError for a message
    it cannot store, and DatabaseError if the database refuses the row.
    """
    if message.attachments:
        raise ValueError("send_later does not store attachments")
    if not message.recipients():
        return None
    with transaction.atomic():
        mail = OutgoingMail.objects.create(
            subject=str(message.subject),
            body=message.body,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            cc=list(message.cc),
            bcc=list(message.bcc),
            reply_to=list(message.reply_to),
            headers=dict(message.extra_headers),
            alternatives=[
                [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
            next_attempt_at=timezone.now(),
            urgent=urgent,
        )
        deliver_mail.using(priority=mail.priority).enqueue(mail.pk)
    return mail


class QueuedEmailBackend(BaseEmailBackend):
    """The site's EMAIL_BACKEND: queues each message with `send_later` instead of sending,
    so mail Django and Wagtail send themselves (workflow notifications, password resets) is
    off the request path too. A message that cannot be queued raises, unless the caller
    asked for fail_silently."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            try:
                if send_later(message) is not None:
                    queued += 1
            except Exception:
                if not self.fail_silently:
                    raise
        return queued


def late_tasks():
    """How many tasks (int) have waited in the database backend's queue for longer than
    TASKS_LATE_MINUTES after they were due: any at all means `manage.py db_worker` is not
    running (or cannot keep up). Mail, search-index updates and Wagtail's other tasks count
    alike. Always 0 with the immediate backend, which queues nothing."""
    cutoff = timezone.now() - timedelta(minutes=settings.TASKS_LATE_MINUTES)
    # A task due "as soon as possible" has run_after set to a far-future sentinel, so it is
    # judged by when it was enqueued; a deferred one (a retry) by when it was due.
    as_soon_as_possible = models.Q(run_after=get_date_max(), enqueued_at__lt=cutoff)
    return DBTaskResult.objects.filter(
        as_soon_as_possible | models.Q(run_after__lt=cutoff), status=TaskResultStatus.READY
    ).count()


def retry_delay(attempts):
    """How long to wait (timedelta) after the `attempts`-th failed attempt (int, from 1)."""
    minutes = settings.MAIL_RETRY_MINUTES
    return timedelta(minutes=minutes[min(attempts, len(minutes)) - 1])


@task()
def deliver_mail(mail_id):
    """Send the OutgoingMail row `mail_id` (int) if it is still waiting.

    Idempotent: the row is claimed (waiting → sending) by one conditional UPDATE, so a row
    already sent, being sent, given up on or deleted is left alone, and a duplicate or
    retried task never sends it twice. No transaction is held while the relay is talked to
    (on SQLite that would lock out every writer for up to EMAIL_TIMEOUT). A failure in
    RETRIED_ERRORS schedules another attempt while attempts remain and the task backend can
    defer; otherwise the row is marked failed. Never raises for a failed send: the row, not
    the task's result, is the record staff read.
    """
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, state=OutgoingMail.State.WAITING).update(
        state=OutgoingMail.State.SENDING, attempts=models.F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        with get_connection(settings.MAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([mail.message()])
    except RETRIED_ERRORS as error:
        _record_failure(mail, error, retry=True)
    except Exception as error:
        _record_failure(mail, error, retry=False)
    else:
        mail.state = OutgoingMail.State.SENT
        mail.sent_at = now
        mail.next_attempt_at = None
        mail.body = ""
        mail.alternatives = []
        mail.last_error = ""
        mail.save()


def _record_failure(mail, error, *, retry):
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    can_defer = deliver_mail.get_backend().supports_defer
    if retry and can_defer and mail.attempts < settings.MAIL_MAX_ATTEMPTS:
        mail.state = OutgoingMail.State.WAITING
        mail.next_attempt_at = mail.last_attempt_at + retry_delay(mail.attempts)
        # The row waits again and its next attempt is queued, together or not at all.
        with transaction.atomic():
            mail.save()
            deliver_mail.using(run_after=mail.next_attempt_at, priority=mail.priority).enqueue(
                mail.pk
            )
        logger.warning(
            "Could not send %r (attempt %d of %d), trying again at %s: %s",
            mail.subject,
            mail.attempts,
            settings.MAIL_MAX_ATTEMPTS,
            mail.next_attempt_at.isoformat(),
            mail.last_error,
        )
        return
    mail.state = OutgoingMail.State.FAILED
    mail.next_attempt_at = None
    mail.save()
    logger.error(
        "Could not send %r to %d recipient(s) after %d attempt(s); listed under Reports → "
        "Outgoing mail",
        mail.subject,
        len(mail.to),
        mail.attempts,
        exc_info=error,
    )
