"""Posting the contact form from a test, as a browser does: the default fields filled in and
a valid anti-bot timestamp, so each test changes only the fields it is about."""

import time

from django.core import signing

from home.forms import TIMESTAMP_SALT
from home.spam import HONEYPOT_FIELD, TIMESTAMP_FIELD


def contact_form_data(age_seconds=60, **fields):
    """What the default contact form posts when shown `age_seconds` ago; `fields` override
    (None drops one)."""
    data = {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "phone": "",
        "preferred_contact_method": "Email",
        "message": "I have had anxiety for years and would like to know if ketamine could help.",
        "consent": "on",
        HONEYPOT_FIELD: "",
        TIMESTAMP_FIELD: signing.dumps(time.time() - age_seconds, salt=TIMESTAMP_SALT),
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}
