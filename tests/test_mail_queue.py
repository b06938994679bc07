"""Mail off the request path (home.mail): approving a reply or sending the contact form never
waits for SMTP; with the database task backend the email waits in the queue until
`db_worker` runs, nothing is lost while the worker or the mail relay is down, a failed send is
tried again with backoff a bounded number of times, and nothing is sent twice."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.mail import send_mail as wagtail_send_mail

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from blog.replies.models import Reply
from clinicsite.checks import check_task_worker
from home.mail import OutgoingMail, deliver_mail, send_later
from tests import mail_backends
from tests.contact_forms import contact_form_data
from tests.factories import ContactPageFactory, ReplyFactory
from tests.reply_forms import post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REFUSING = "tests.mail_backends.RefusingBackend"
COUNTING = "tests.mail_backends.CountingBackend"


@pytest.fixture
def database_tasks(settings):
    """Production's task backend: tasks are rows, run only by the worker."""
    settings.TASKS = DATABASE_TASKS
    mail_backends.calls.clear()


@pytest.fixture
def relay_down(settings):
    """From here on, the mail relay drops every connection."""
    settings.MAIL_DELIVERY_BACKEND = REFUSING


def run_worker():
    """One batch of `manage.py db_worker --batch`: every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run()


def queued_deliveries():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="home.mail.deliver_mail"
    )


def message(**fields):
    return EmailMessage(**{"subject": "Hello", "body": "Body", "to": ["sam@example.com"]} | fields)


def approve_url(reply):
    return reverse("wagtailsnippets_replies_reply:approve", args=[reply.pk])


# --- The production path: database backend, worker in-process ------------------------------
# These tests commit (the worker takes rows in transactions of its own, and the approval's
# on_commit runs inside the request as it does in production), so they start from
# `migrated_db`.


@pytest.mark.django_db(transaction=True)
def test_approving_a_reply_never_waits_for_smtp_and_the_worker_sends_it_later(
    migrated_db, article, moderator, client, settings, database_tasks, relay_down
):
    reply = ReplyFactory(
        article=article,
        status="awaiting",
        held_reason="policy",
        followup=True,
        user_email="sam@example.com",
    )
    client.force_login(moderator)

    response = client.post(approve_url(reply))

    assert response.status_code == 302
    assert Reply.objects.get(pk=reply.pk).is_approved
    # The request did not touch the mail relay (which would have raised): the email waits.
    assert mail_backends.calls == []
    [outgoing] = OutgoingMail.objects.filter(subject="Your reply has been published")
    assert outgoing.to == ["sam@example.com"]
    assert outgoing.state == OutgoingMail.State.WAITING
    assert outgoing.attempts == 0
    assert queued_deliveries().count() == OutgoingMail.objects.count()

    # The worker is down: nothing happens, nothing is lost. Then it runs, with the relay up.
    settings.MAIL_DELIVERY_BACKEND = COUNTING
    run_worker()

    [sent] = [email for email in mail.outbox if email.to == ["sam@example.com"]]
    assert sent.subject == "Your reply has been published"
    assert "List-Unsubscribe" in sent.extra_headers
    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingMail.State.SENT
    assert outgoing.attempts == 1
    assert outgoing.body == ""  # the reader's words are not kept twice
    assert not queued_deliveries().exists()

    # A second run (or a duplicate task) sends nothing again.
    deliver_mail.enqueue(outgoing.pk)
    run_worker()
    assert len([email for email in mail.outbox if email.to == ["sam@example.com"]]) == 1


@pytest.mark.django_db(transaction=True)
def test_a_contact_message_waits_for_the_worker_and_is_sent_once(
    migrated_db, site, clinic, client, settings, database_tasks, relay_down
):
    contact_page = ContactPageFactory(parent=site.root_page)
    response = client.post(contact_page.url, contact_form_data())

    assert response.status_code == 302
    assert mail_backends.calls == []
    [outgoing] = OutgoingMail.objects.all()
    assert outgoing.to == [clinic.email]
    settings.MAIL_DELIVERY_BACKEND = COUNTING
    run_worker()
    assert [email.to for email in mail.outbox] == [[clinic.email]]


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_tried_again_with_backoff_then_listed_as_failed(
    migrated_db, settings, database_tasks, relay_down, caplog
):
    settings.MAIL_MAX_ATTEMPTS = 3
    outgoing = send_later(message())
    delays = []

    for _attempt in range(settings.MAIL_MAX_ATTEMPTS):
        run_worker()
        outgoing.refresh_from_db()
        if outgoing.state != OutgoingMail.State.WAITING:
            break
        [retry] = queued_deliveries()
        assert retry.run_after == outgoing.next_attempt_at
        delays.append(outgoing.next_attempt_at - outgoing.last_attempt_at)
        # Not due yet: the worker leaves it alone.
        run_worker()
        outgoing.refresh_from_db()
        assert outgoing.attempts == len(delays)
        # Time passes.
        queued_deliveries().update(run_after=timezone.now())

    assert delays == [timedelta(minutes=1), timedelta(minutes=5)]
    assert outgoing.state == OutgoingMail.State.FAILED
    assert outgoing.attempts == 3
    assert outgoing.next_attempt_at is None
    assert outgoing.last_error == "SMTPServerDisconnected: mail server is down"
    assert outgoing.body == "Body"  # kept, so staff can send it by hand
    assert not queued_deliveries().exists()
    assert mail_backends.calls == [("refusing", 1)] * 3
    levels = [r.levelname for r in caplog.records if r.name == "home.mail"]
    assert levels == ["WARNING", "WARNING", "ERROR"]


# --- The queue's own rules (no worker needed) ------------------------------------------------


def test_nothing_is_queued_when_the_transaction_rolls_back(db, database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_later(message())
        raise RuntimeError("the reply could not be saved")
    assert not OutgoingMail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_mail_and_its_task_are_queued_together(db, database_tasks):
    outgoing = send_later(message(reply_to=["jo@example.com"], headers={"X-Thing": "1"}))
    [task] = queued_deliveries()
    assert task.args_kwargs == {"args": [outgoing.pk], "kwargs": {}}  # an id, not an object
    stored = OutgoingMail.objects.get().message()
    assert (stored.subject, stored.body, stored.to) == ("Hello", "Body", ["sam@example.com"])
    assert stored.reply_to == ["jo@example.com"]
    assert stored.extra_headers == {"X-Thing": "1"}


def test_a_crisis_alert_jumps_the_queue(
    client, article, moderator, settings, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, comment="Thank you for this.")
        post(client, article, comment="Some days I want to die.", email="alex@example.com")
    priorities = {
        OutgoingMail.objects.get(pk=task.args_kwargs["args"][0]).subject: task.priority
        for task in queued_deliveries()
    }
    assert priorities == {
        "A reply is awaiting moderation": 0,
        "URGENT: a reply mentions self-harm or suicide": 50,
    }
    # Its retries too.
    urgent = OutgoingMail.objects.get(urgent=True)
    settings.MAIL_DELIVERY_BACKEND = REFUSING
    deliver_mail.call(urgent.pk)
    [retry] = queued_deliveries().exclude(run_after=get_date_max())  # deferred: the retry
    assert retry.priority == 50


def test_a_delivery_run_twice_sends_once(db, database_tasks, settings):
    settings.MAIL_DELIVERY_BACKEND = COUNTING
    outgoing = send_later(message())
    deliver_mail.call(outgoing.pk)
    deliver_mail.call(outgoing.pk)
    assert mail_backends.calls == [("counting", 1)]
    assert OutgoingMail.objects.get().state == OutgoingMail.State.SENT


def test_an_error_not_worth_retrying_fails_at_once(db, database_tasks, monkeypatch):
    outgoing = send_later(message())

    def broken(self):
        raise ValueError("Header values may not contain linefeed or carriage return characters")

    monkeypatch.setattr(OutgoingMail, "message", broken)
    deliver_mail.call(outgoing.pk)
    outgoing.refresh_from_db()
    assert outgoing.state == OutgoingMail.State.FAILED
    assert outgoing.last_error.startswith("ValueError")
    assert queued_deliveries().count() == 1  # the task send_later queued; no retry


def test_with_the_immediate_backend_mail_goes_at_once(db):
    outgoing = send_later(message())
    assert [email.subject for email in mail.outbox] == ["Hello"]
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (OutgoingMail.State.SENT, 1)


def test_with_the_immediate_backend_a_failure_is_final(db, relay_down):
    outgoing = send_later(message())
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (OutgoingMail.State.FAILED, 1)


def test_a_message_without_recipients_is_not_stored(db):
    assert send_later(message(to=[])) is None
    assert not OutgoingMail.objects.exists()


def test_attachments_are_refused(db):
    email = message()
    email.attach("notes.txt", "private", "text/plain")
    with pytest.raises(ValueError):
        send_later(email)


def test_wagtails_own_mail_is_queued_too_html_and_all(db, settings, database_tasks):
    """Workflow notifications and password resets are sent by Wagtail and Django through
    EMAIL_BACKEND: the site's is the queue (the test runner swaps it for locmem)."""
    settings.EMAIL_BACKEND = "home.mail.QueuedEmailBackend"
    wagtail_send_mail(
        "Article submitted for review",
        "Plain words",
        ["rita@clinic.example"],
        html_message="<p>HTML words</p>",
        bcc=["audit@clinic.example"],
    )
    assert mail.outbox == []
    [outgoing] = OutgoingMail.objects.all()
    assert outgoing.headers == {"Auto-Submitted": "auto-generated"}

    deliver_mail.call(outgoing.pk)
    [sent] = mail.outbox
    assert sent.body == "Plain words"
    assert sent.alternatives == [("<p>HTML words</p>", "text/html")]
    assert sent.bcc == ["audit@clinic.example"]
    assert sent.extra_headers == {"Auto-Submitted": "auto-generated"}
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.body, outgoing.alternatives) == ("sent", "", [])


def test_a_reply_is_stored_even_if_its_mail_cannot_be_queued(
    client, article, moderator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def database_down(message):
        raise DatabaseError("could not write the outgoing mail")

    monkeypatch.setattr("blog.replies.notifications.send_later", database_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)
    assert response.status_code == 302
    assert Reply.objects.filter(user_email="sam@example.com").exists()
    [record] = [r for r in caplog.records if "Could not queue" in r.getMessage()]
    assert record.levelname == "ERROR"


# --- Staff see what did not go out -----------------------------------------------------------


@pytest.fixture
def failed_mail(db):
    return OutgoingMail.objects.create(
        subject="A reply is awaiting moderation",
        body="…",
        from_email="site@example.com",
        to=["morgan@clinic.example"],
        state=OutgoingMail.State.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: mail server is down",
    )


def test_administrators_see_failed_mail_in_the_report_and_on_the_dashboard(
    client, admin_user, failed_mail
):
    client.force_login(admin_user)
    report = client.get(reverse("outgoing_mail")).content.decode()
    for text in ("morgan@clinic.example", "A reply is awaiting moderation", "Failed", "5"):
        assert text in report
    assert "SMTPServerDisconnected: mail server is down" in report
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 email could not be sent" in dashboard
    assert reverse("outgoing_mail") in dashboard


@pytest.mark.parametrize("user_fixture", ["editor", "moderator"])
def test_other_staff_do_not_see_the_mail(client, failed_mail, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("outgoing_mail")).status_code == 302
    assert "could not be sent" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_administrator_sends_a_failed_email_again(client, admin_user, failed_mail):
    client.force_login(admin_user)
    report = client.get(reverse("outgoing_mail")).content.decode()
    send_again = reverse("outgoing_mail_send_again", args=[failed_mail.pk])
    assert f'action="{send_again}"' in report

    response = client.post(send_again)

    assert response.status_code == 302
    failed_mail.refresh_from_db()
    assert (failed_mail.state, failed_mail.attempts) == (OutgoingMail.State.SENT, 6)
    [sent] = mail.outbox
    assert sent.to == ["morgan@clinic.example"]
    # Sent is sent: no button, and posting again sends nothing more.
    assert f'action="{send_again}"' not in client.get(reverse("outgoing_mail")).content.decode()
    client.post(send_again)
    assert len(mail.outbox) == 1


def test_with_the_worker_down_sending_again_queues_it(
    client, admin_user, failed_mail, database_tasks
):
    client.force_login(admin_user)
    client.post(reverse("outgoing_mail_send_again", args=[failed_mail.pk]))
    failed_mail.refresh_from_db()
    assert failed_mail.state == OutgoingMail.State.WAITING
    assert queued_deliveries().count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("user_fixture", ["editor", "moderator"])
def test_other_staff_cannot_send_again(client, failed_mail, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    client.post(reverse("outgoing_mail_send_again", args=[failed_mail.pk]))
    failed_mail.refresh_from_db()
    assert failed_mail.state == OutgoingMail.State.FAILED
    assert mail.outbox == []


def test_the_report_filters_by_state(client, admin_user, failed_mail):
    OutgoingMail.objects.create(
        subject="Sent long ago", from_email="s@example.com", to=["x@example.com"], state="sent"
    )
    client.force_login(admin_user)
    page = client.get(reverse("outgoing_mail"), {"state": "failed"}).content.decode()
    assert "A reply is awaiting moderation" in page
    assert "Sent long ago" not in page


# --- A worker that is not running is noticed -----------------------------------------------


def test_tasks_waiting_too_long_are_reported(db, database_tasks, settings, client, admin_user):
    send_later(message())
    assert check_task_worker(databases=["default"]) == []
    queued_deliveries().update(enqueued_at=timezone.now() - timedelta(minutes=20))

    [info] = check_task_worker(databases=["default"])
    assert info.id == "clinicsite.I003"
    assert "1 background task" in info.msg
    client.force_login(admin_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "waited more than 15 minutes" in dashboard


def test_a_retry_due_later_is_not_late(db, database_tasks):
    deliver_mail.using(run_after=timezone.now() + timedelta(hours=2)).enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    assert check_task_worker(databases=["default"]) == []


# --- Kept no longer than needed ---------------------------------------------------------------


def test_old_sent_and_failed_mail_is_purged_but_waiting_mail_never(db, settings):
    long_ago = timezone.now() - timedelta(days=settings.MAIL_KEPT_DAYS + 1)
    recently = timezone.now() - timedelta(days=settings.MAIL_KEPT_DAYS - 1)
    for state in ("sent", "failed", "waiting"):
        for when in ("old", "recent"):
            OutgoingMail.objects.create(
                subject=f"{state} {when}",
                from_email="s@example.com",
                to=["x@example.com"],
                state=state,
                created_at={"old": long_ago, "recent": recently}[when],
            )
    out = StringIO()
    call_command("purge_outgoing_mail", stdout=out)
    assert set(OutgoingMail.objects.values_list("subject", flat=True)) == {
        "sent recent",
        "failed recent",
        "waiting old",
        "waiting recent",
    }
    assert "Deleted 2 outgoing email records." in out.getvalue()


def test_mail_stuck_while_sending_or_long_overdue_is_shown(db, client, admin_user, settings):
    long_ago = timezone.now() - timedelta(minutes=settings.TASKS_LATE_MINUTES + 1)
    for state, field in (("sending", "last_attempt_at"), ("waiting", "next_attempt_at")):
        OutgoingMail.objects.create(
            subject=state,
            from_email="s@example.com",
            to=["x@example.com"],
            state=state,
            **{field: long_ago},
        )
    OutgoingMail.objects.create(
        subject="due soon",
        from_email="s@example.com",
        to=["x@example.com"],
        next_attempt_at=timezone.now(),
    )
    assert set(OutgoingMail.objects.stuck().values_list("subject", flat=True)) == {
        "sending",
        "waiting",
    }
    client.force_login(admin_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 emails have not gone out" in dashboard


def test_a_row_another_worker_is_sending_is_left_alone(db, database_tasks, settings):
    settings.MAIL_DELIVERY_BACKEND = COUNTING
    outgoing = send_later(message())
    OutgoingMail.objects.filter(pk=outgoing.pk).update(state="sending", attempts=1)
    deliver_mail.call(outgoing.pk)
    assert mail_backends.calls == []
    assert OutgoingMail.objects.get().attempts == 1
