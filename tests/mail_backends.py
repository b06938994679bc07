"""Email backends for tests of the mail queue: a mail relay that is down, and one that only
counts what it was asked to send."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

# Every call to send_messages, across backend instances: (backend name, number of messages).
calls = []


class RefusingBackend(BaseEmailBackend):
    """A relay that drops the connection: every send raises SMTPServerDisconnected."""

    def send_messages(self, email_messages):
        calls.append(("refusing", len(email_messages)))
        raise smtplib.SMTPServerDisconnected("mail server is down")


class CountingBackend(LocmemBackend):
    """Django's test outbox, also recording each call in `calls`."""

    def send_messages(self, email_messages):
        calls.append(("counting", len(email_messages)))
        return super().send_messages(email_messages)
