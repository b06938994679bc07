"""Property-based tests (hypothesis) of the public endpoints that store what readers send:
a reply, a contact message, a report. Whatever arrives (huge bodies, control characters,
bytes that are not UTF-8, fields missing or sent twice, forged security hashes and
timestamps, another page's content type), the answer is never a server error, a refusal
always says why, and what is stored is plain reader text that renders inert."""

import time
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from blog.replies.forms import ReplyForm
from blog.replies.models import Reply, ReplyReport
from blog.replies.templatetags.replies_tags import reader_text
from home import spam
from home.forms import TIMESTAMP_SALT as CONTACT_SALT
from home.reader_text import REMOVED_CHARACTERS, cleaned
from tests.contact_forms import contact_form_data
from tests.factories import BlogPageFactory, ContactPageFactory, ReplyFactory
from tests.inert import live_parts, parse
from tests.reply_forms import form_data

FORM_BODY = "application/x-www-form-urlencoded"
PROPERTIES = hypothesis_settings(
    max_examples=20,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the project; a failure prints its example
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)

# --- Strategies ---------------------------------------------------------------------------

# Text with what hostile input holds: controls, direction overrides, odd white space,
# combining marks, markup.
hostile_characters = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(
        ["\x00", "\x1b", "\x7f", "\x85", "\r", "\u202e", "\u2066", "\ufeff", "\u200b"]
        + ["\u200d", "\ufffd", "\u0301", "<", ">", '"', "'", "&", "\n", "\t", " "]
    ),
)
hostile_text = st.text(hostile_characters, max_size=80)
# A huge value: one character many times (cheap to build, up to twice the longest field).
huge_text = st.builds(lambda char, count: char * count, hostile_characters, st.integers(0, 8000))
# Bytes that are mostly not UTF-8, sent percent-encoded as they are.
raw_bytes = st.binary(max_size=40)
field_value = st.one_of(hostile_text, huge_text, raw_bytes)


def field_change(value_strategy):
    """What happens to one field: left as a browser sends it, replaced, dropped, or sent
    twice (the second value replaced)."""
    return st.one_of(
        st.just(("keep", None)),
        st.tuples(st.just("replace"), value_strategy),
        st.just(("drop", None)),
        st.tuples(st.just("twice"), value_strategy),
    )


def body(fields, changes):
    """`fields` (name → str) with `changes` (name → (how, value)) applied, form-encoded."""
    pairs = []
    for name, value in fields.items():
        how, new_value = changes.get(name, ("keep", None))
        if how == "keep":
            pairs.append((name, value))
        elif how == "replace":
            pairs.append((name, new_value))
        elif how == "twice":
            pairs += [(name, value), (name, new_value)]
    return urlencode(pairs)


def signed_timestamp(salt):
    """The anti-bot token as the site issues it, shown some seconds ago (future included),
    from this form or another one: the forms' own answers to it are tested elsewhere."""
    return st.builds(
        lambda age, salt_used: signing.dumps(time.time() - age, salt=salt_used),
        st.integers(-10_000, 10 * 24 * 3600),
        st.sampled_from([salt, CONTACT_SALT, "replies.form", "other"]),
    )


def changes_for(names, special=None):
    """A strategy of changes to some of `names`; `special` gives some fields their own
    values (name → strategy)."""
    special = special or {}
    return st.fixed_dictionaries(
        {},
        optional={name: field_change(special.get(name, field_value)) for name in names},
    )


def stored_text_is_plain(text):
    """Reader text as the site keeps it: cleaned, nothing removable left, renders inert."""
    assert text == cleaned(text).strip() or text == cleaned(text)
    assert not REMOVED_CHARACTERS.search(text)
    assert live_parts(parse(str(reader_text(text)))) == []


def refusal_says_why(response):
    """A refused form names a reason: a summary above it or an error next to a field."""
    page = BeautifulSoup(response.content, "html.parser")
    reasons = page.select("[role=alert], .form-field__error, #reply-form-error, .errorlist")
    text = " ".join(reason.get_text(" ", strip=True) for reason in reasons)
    if response.status_code == 400 and not reasons:
        # Refused before any view ran (a body too large, too many fields): templates/400.html.
        assert page.h1.get_text() == "Your form could not be read"
        return
    assert text.strip(), response.content[:500]


@pytest.fixture(autouse=True)
def _production_limits(settings):
    """Production's rules, except the wait: examples run at machine speed."""
    settings.REPLIES_MIN_SECONDS = 0
    settings.CONTACT_MIN_SECONDS = 0


# --- Replies ------------------------------------------------------------------------------

REPLY_FIELDS = [
    "comment",
    "name",
    "email",
    "url",
    "reply_to",
    "consent",
    "followup",
    "content_type",
    "object_pk",
    "timestamp",
    "security_hash",
    spam.HONEYPOT_FIELD,
    spam.TIMESTAMP_FIELD,
]


@pytest.fixture
def other_page(article, blog_index):
    """Another article, whose form's security fields are harvested and sent to `article`."""
    return BlogPageFactory(parent=blog_index, title="Another article", slug="another")


@given(data=st.data())
@PROPERTIES
def test_any_reply_post_is_stored_as_plain_text_or_refused_with_a_reason(article, other_page, data):
    cache.clear()
    other_security = ReplyForm(other_page).generate_security_data()
    forged = {
        "content_type": st.one_of(
            st.sampled_from(["blog.blogpage", "home.homepage", "auth.user", "nope.nope", ""]),
            field_value,
        ),
        "object_pk": st.one_of(
            st.sampled_from([str(other_page.pk), "0", "-1", "9" * 30]), field_value
        ),
        "timestamp": st.one_of(st.integers(-(2**63), 2**63).map(str), field_value),
        "security_hash": st.one_of(
            st.just(other_security["security_hash"]), st.text("0123456789abcdef", max_size=64)
        ),
        "reply_to": st.one_of(st.integers(-5, 10**12).map(str), field_value),
        spam.TIMESTAMP_FIELD: st.one_of(signed_timestamp("replies.form"), field_value),
    }
    changes = data.draw(changes_for(REPLY_FIELDS, forged))
    if data.draw(st.booleans()):  # a whole form harvested from another article
        changes.update({name: ("replace", value) for name, value in other_security.items()})
    before = Reply.objects.count()
    fields = {name: str(value) for name, value in form_data(article).items()}
    response = Client(REMOTE_ADDR="203.0.113.7").post(
        f"/replies/post/{article.pk}/", body(fields, changes), content_type=FORM_BODY
    )
    assert response.status_code < 500
    if response.status_code == 302:
        assert Reply.objects.count() == before + 1
        reply = Reply.objects.order_by("-pk").first()
        assert reply.object_pk == str(article.pk)  # never stored on another page
        for text in (reply.comment, reply.user_name):
            stored_text_is_plain(text)
        assert reply.comment.strip() and reply.user_name.strip()
        assert not reply.user_url or reply.user_url.startswith(("http://", "https://"))
    else:
        assert Reply.objects.count() == before
        assert response.status_code in (400, 403, 409, 429)
        refusal_says_why(response)
        assert live_parts(parse(response.content)) == []


def test_a_reply_post_too_large_to_read_is_refused_with_a_page_that_says_so(client, article):
    fields = {name: str(value) for name, value in form_data(article).items()}
    huge = body(fields, {"comment": ("replace", "x" * 3_000_000)})
    many = body(fields, {}) + "&followup=on" * 1200
    for sent in (huge, many):
        response = client.post(f"/replies/post/{article.pk}/", sent, content_type=FORM_BODY)
        assert response.status_code == 400 and not Reply.objects.exists()
        page = BeautifulSoup(response.content, "html.parser")
        assert page.h1.get_text() == "Your form could not be read"


# --- Contact messages ---------------------------------------------------------------------


@pytest.fixture
def contact_page(home_page, clinic):
    return ContactPageFactory(parent=home_page)


CONTACT_FIELDS = [
    "name",
    "email",
    "phone",
    "preferred_contact_method",
    "message",
    "consent",
    spam.HONEYPOT_FIELD,
    spam.TIMESTAMP_FIELD,
]


@given(data=st.data())
@PROPERTIES
@example(data=None).via("a message of only controls, an override and a byte-order mark")
def test_any_contact_post_is_stored_as_plain_text_or_refused_with_a_reason(contact_page, data):
    cache.clear()
    if data is None:
        changes = {"message": ("replace", "\x01\u202e\ufeff")}
    else:
        special = {spam.TIMESTAMP_FIELD: st.one_of(signed_timestamp(CONTACT_SALT), field_value)}
        changes = data.draw(changes_for(CONTACT_FIELDS, special))
    before = FormSubmission.objects.count()
    fields = {name: str(value) for name, value in contact_form_data().items()}
    response = Client(REMOTE_ADDR="203.0.113.8").post(
        contact_page.url, body(fields, changes), content_type=FORM_BODY
    )
    assert response.status_code < 500
    if response.status_code == 302:
        assert FormSubmission.objects.count() == before + 1
        stored = FormSubmission.objects.order_by("-pk").first().get_data()
        for name in ("name", "message", "phone"):
            stored_text_is_plain(stored[name])
        assert stored["name"].strip() and stored["message"].strip()
    else:
        assert FormSubmission.objects.count() == before
        assert response.status_code in (200, 400, 429)
        refusal_says_why(response)
        assert live_parts(parse(response.content)) == []


# --- Reports ------------------------------------------------------------------------------


@given(
    changes=changes_for(
        ["reason", "note"],
        {"reason": st.one_of(st.sampled_from(["harmful", "spam", "other", ""]), field_value)},
    ),
    address=st.sampled_from(["203.0.113.9", "198.51.100.1", "2001:db8::1"]),
)
@PROPERTIES
def test_any_report_is_stored_as_plain_text_or_refused_with_a_reason(article, changes, address):
    cache.clear()
    reply = ReplyFactory(article=article)
    response = Client(REMOTE_ADDR=address).post(
        f"/replies/{reply.pk}/report/",
        body({"reason": "harmful", "note": "Please look at this"}, changes),
        content_type=FORM_BODY,
    )
    assert response.status_code < 500
    reports = ReplyReport.objects.filter(reply=reply)
    if response.status_code == 302:
        assert reports.count() == 1
        stored_text_is_plain(reports.get().note)
    else:
        assert response.status_code in (400, 429) and not reports.exists()
        refusal_says_why(response)
        assert live_parts(parse(response.content)) == []


# --- Found by the properties above --------------------------------------------------------


def test_an_empty_report_is_refused_saying_what_is_missing(client, article):
    reply = ReplyFactory(article=article)
    response = client.post(f"/replies/{reply.pk}/report/", "", content_type=FORM_BODY)
    assert response.status_code == 400 and not ReplyReport.objects.exists()
    assert "Please choose what is wrong with the reply." in response.content.decode()


def test_an_empty_edit_of_ones_own_reply_is_refused_saying_what_is_missing(client, article):
    response = client.post(f"/replies/post/{article.pk}/", form_data(article))
    reply = Reply.objects.get()
    assert response.status_code == 302
    response = client.post(f"/replies/{reply.pk}/edit/", "", content_type=FORM_BODY)
    assert "Please write your reply, or withdraw it instead." in response.content.decode()
    reply.refresh_from_db()
    assert reply.comment == form_data(article)["comment"]
