"""Posting the Leave a Reply form from a test, as a browser does: with valid hidden security
fields, so each test changes only the fields it is about."""

from blog.replies.forms import ReplyForm
from home import spam


def form_data(article, **fields):
    """What the Leave a Reply form of `article` posts; `fields` override (None drops one)."""
    form = ReplyForm(article)
    data = form.generate_security_data()
    data.update(
        {
            "comment": "Ketamine helped my sister, thank you for explaining it so clearly.",
            "name": "Sam",
            "email": "sam@example.com",
            "url": "",
            "reply_to": 0,
            "consent": "on",
            spam.HONEYPOT_FIELD: "",
            spam.TIMESTAMP_FIELD: form[spam.TIMESTAMP_FIELD].value(),
        }
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, article, **fields):
    """POST the form of `article` with `client`; the response (not followed)."""
    return client.post(f"/replies/post/{article.pk}/", form_data(article, **fields))
