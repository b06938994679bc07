"""Nothing a reader (or an editor) writes ever comes out live: every payload of
tests/xss_payloads.py, stored as a reply's name, website and text and as a contact message,
is parsed as a browser would (html5lib) in every page, email and feed that shows it."""

import json
from xml.etree import ElementTree

from django.core import mail
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import pytest

from blog.replies import notifications
from blog.replies.models import Reply
from home.reader_text import normalise
from tests.contact_forms import contact_form_data
from tests.factories import BlogPageFactory, ContactPageFactory, ReplyFactory
from tests.inert import assert_inert, is_dangerous_url, live_parts, parse
from tests.reply_forms import post
from tests.xss_payloads import PAYLOADS, URL_PAYLOADS


@pytest.fixture(autouse=True)
def _loose_limits(settings):
    settings.REPLIES_MIN_SECONDS = 0
    settings.REPLIES_RATE_LIMIT_PER_IP = (10_000, 60)
    settings.REPLIES_RATE_LIMIT_PER_EMAIL = (10_000, 60)
    settings.CONTACT_RATE_LIMIT = (10_000, 60)


# --- Fixtures -----------------------------------------------------------------------------


@pytest.fixture
def hostile_article(blog_index, author, anxiety, clinic):
    """An article whose own title and intro are payloads (for the JSON-LD and the feeds)."""
    return BlogPageFactory(
        parent=blog_index,
        title='Ketamine "</script><script>alert(70)</script><!--',
        slug="hostile",
        intro="</script><svg onload=alert(71)> & <b>bold</b>",
        authors=[author],
        topics=[anxiety],
    )


@pytest.fixture
def hostile_replies(hostile_article, settings):
    """One approved reply per payload, as name and text, with a website from URL_PAYLOADS:
    stored directly, as legacy rows or a future bug might hold them. All on one page."""
    settings.REPLIES_PER_PAGE = 100
    return [
        ReplyFactory(
            article=hostile_article,
            user_name=payload[:50],
            comment=payload,
            user_url=URL_PAYLOADS[number % len(URL_PAYLOADS)],
            followup=True,
        )
        for number, payload in enumerate(PAYLOADS)
    ]


@pytest.fixture
def everything_in_one(hostile_article):
    """An approved reply whose text is every payload, one a line."""
    return ReplyFactory(
        article=hostile_article, user_name=PAYLOADS[0][:50], comment="\n".join(PAYLOADS)
    )


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# --- The corpus ---------------------------------------------------------------------------


def test_the_corpus_holds_at_least_fifty_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 50


# --- Pages --------------------------------------------------------------------------------


def test_payloads_in_replies_are_inert_on_the_article_page(client, hostile_replies):
    article = hostile_replies[0].content_object
    document = assert_inert(client.get(article.url))
    texts = [text.get_text() for text in document.select(".reply__text")]
    for payload in PAYLOADS:
        assert any(normalise(payload).strip() in normalise(text) for text in texts), payload
    websites = document.select(".reply__author a")
    assert websites == [] or all(link["href"].startswith("https://") for link in websites)


def test_the_json_ld_cannot_be_broken_out_of(client, hostile_article):
    document = assert_inert(client.get(hostile_article.url))
    scripts = document.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    assert "\\u003c/script\\u003e" in scripts[0].string.lower()
    assert json.loads(scripts[0].string)["name"] == hostile_article.title


def test_payloads_are_inert_on_the_reply_page_that_quotes_them(client, everything_in_one):
    document = assert_inert(client.get(f"/replies/reply/{everything_in_one.pk}/"))
    assert "<script>alert(1)</script>" in document.select_one("main").get_text()


def test_payloads_sent_through_the_reply_form_are_stored_as_text_or_refused_inert(
    client, hostile_article, django_capture_on_commit_callbacks, moderator
):
    with django_capture_on_commit_callbacks(execute=True):
        for number, payload in enumerate(PAYLOADS):
            fields = {"name": payload[:50], "comment": payload, "email": f"r{number}@example.com"}
            response = post(client, hostile_article, **fields)
            assert response.status_code == 302, (payload, response.status_code)
    stored = dict(Reply.objects.values_list("user_email", "comment"))
    assert stored == {
        f"r{number}@example.com": normalise(payload).strip()
        for number, payload in enumerate(PAYLOADS)
    }
    for number, address in enumerate(URL_PAYLOADS):
        response = post(
            client,
            hostile_article,
            name=PAYLOADS[number][:50],
            comment=PAYLOADS[number],
            url=address,
            email=f"url{number}@example.com",
        )
        if response.status_code == 400:  # refused: the form says so, and shows it again
            document = assert_inert(response, status=400)
            assert document.select_one("#id_url_error")
        else:  # a real address with quotes in it: stored, and escaped wherever it is shown
            assert response.status_code == 302 and not is_dangerous_url(address), address
    websites = Reply.objects.exclude(user_url="").values_list("user_url", flat=True)
    assert websites and all(website.startswith("https://example.com/") for website in websites)


def test_payloads_are_inert_in_the_moderation_queue_and_a_replys_admin_page(
    moderator_client, hostile_replies, everything_in_one
):
    queue = reverse("wagtailsnippets_replies_reply:list") + "?status=all"
    rows = 0
    for page in (1, 2):  # 50 replies a page
        document = assert_inert(
            moderator_client.get(f"{queue}&p={page}"), inline_scripts_allowed=True
        )
        rows += len(document.select("table.listing tbody tr"))
    assert rows == len(hostile_replies) + 1
    for reply in (everything_in_one, hostile_replies[40]):
        edit = reverse("wagtailsnippets_replies_reply:edit", args=[reply.pk])
        assert_inert(moderator_client.get(edit), inline_scripts_allowed=True)


def test_emails_about_payload_replies_are_plain_text_only(
    hostile_replies, moderator, django_capture_on_commit_callbacks
):
    held = ReplyFactory(
        article=hostile_replies[0].content_object,
        user_name=PAYLOADS[41][:50],
        comment="\n".join(PAYLOADS),
        status="awaiting",
    )
    notifications.reply_stored(held)
    notifications.reply_approved(hostile_replies[-1])  # the thread's followers are told
    subjects = [message.subject for message in mail.outbox]
    assert subjects == ["A reply is awaiting moderation", "Your reply has been published"]
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])
        assert "\n" not in message.subject and "\r" not in message.subject
        assert all("\n" not in address for address in message.to)
    assert "<script>alert(1)</script>" in mail.outbox[0].body


def test_feeds_carry_an_editors_markup_as_text(client, hostile_article):
    for url in (
        f"{hostile_article.get_parent().url}feed/",
        f"{hostile_article.get_parent().url}feed/atom/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own feed)
        # RSS titles are HTML (escaped once more, as Django does), Atom's plain text.
        titles = [
            parse(element.text).get_text() if url.endswith("/feed/") else element.text
            for element in root.iter()
            if element.tag.endswith("title")
        ]
        assert hostile_article.title in titles
        for element in root.iter():  # HTML carried as text (RSS, Atom's type="html")
            is_html = url.endswith("/feed/") or element.get("type") == "html"
            if is_html and element.text and "<" in element.text:
                assert live_parts(parse(element.text)) == [], element.tag


# --- Contact messages ---------------------------------------------------------------------


@pytest.fixture
def contact_page(home_page, clinic):
    return ContactPageFactory(parent=home_page)


def test_payloads_in_contact_messages_are_inert_in_the_form_email_and_admin(
    client, admin_client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for payload in PAYLOADS[::6]:
            response = client.post(
                contact_page.url,
                contact_form_data(name=payload, phone=payload, message="\n".join(PAYLOADS)),
            )
            assert response.status_code == 302, payload
    assert FormSubmission.objects.count() == len(PAYLOADS[::6])
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    # A refused message is shown again with everything typed, in attributes and a textarea.
    refused = client.post(
        contact_page.url, contact_form_data(name=PAYLOADS[43], phone=PAYLOADS[44], consent=None)
    )
    assert_inert(refused)
    submissions = reverse("wagtailforms:list_submissions", args=[contact_page.pk])
    assert_inert(admin_client.get(submissions), inline_scripts_allowed=True)
