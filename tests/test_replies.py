"""Leave a Reply: stored held at once, screened, shown to its author, safe and never lost."""

import json
import time

from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from blog.replies import moderation
from blog.replies.forms import ReplyForm
from blog.replies.models import Reply, ScreeningPhrase
from home import spam
from tests.factories import BlogPageFactory, ReplyFactory
from tests.reply_forms import form_data, post, reader_view

pytestmark = pytest.mark.usefixtures("no_minimum_wait")


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def reply_texts(client, article):
    page = soup_of(client.get(article.url))
    return [div.get_text(" ", strip=True) for div in page.select(".reply__text")]


# --- The reader's side ---------------------------------------------------------------------


def test_new_reply_is_stored_held_and_shown_only_to_its_author(client, article):
    response = post(client, article, comment="First!\nSecond line.")
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?replied={reply.pk}#reply-{reply.pk}"
    assert not reply.is_approved and reply.held_reason == "policy"

    page = reader_view(client, response["Location"])
    assert "Your reply is awaiting moderation" in page.select_one(".reply-notice").get_text()
    held = page.select_one(f"#reply-{reply.pk}")
    assert "awaiting moderation" in held.select_one(".reply__held").get_text()
    assert held.select_one(".reply__text").decode_contents().count("<br/>") == 1
    assert page.select_one("#replies-heading").get_text() == "Leave a Reply"

    assert reply_texts(Client(), article) == []  # another browser sees nothing


def test_approved_reply_is_public_and_counted(client, article, moderator):
    post(client, article, comment="Very helpful.")
    moderation.approve(Reply.objects.get(), moderator)
    stranger = Client()
    assert reply_texts(stranger, article) == ["Very helpful."]
    assert soup_of(stranger.get(article.url)).select_one("#replies-heading").get_text() == "1 Reply"
    card = soup_of(stranger.get("/blog/")).select_one(".article-card__meta").get_text()
    assert "1 reply" in card


def test_consent_version_and_time_are_recorded(client, article, settings):
    settings.PRIVACY_POLICY_VERSION = "2026-11"
    post(client, article)
    reply = Reply.objects.get()
    assert reply.consent_policy_version == "2026-11"
    assert abs((timezone.now() - reply.consented_at).total_seconds()) < 60


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"comment": "   "}, "comment", "Please write your reply."),
        ({"name": ""}, "name", "Please give a name"),
        ({"email": "not-an-email"}, "email", "valid email address"),
        ({"consent": None}, "consent", "privacy note"),
        ({"comment": "x" * 3001}, "comment", "under 3000 characters"),
        ({"url": "javascript:alert(1)"}, "url", "full web address"),
    ],
)
def test_form_errors_show_at_the_form_and_keep_the_text(client, article, fields, field, message):
    response = post(client, article, **{"comment": "My words stay.", **fields})
    assert response.status_code == 400
    page = soup_of(response)
    error = page.select_one(f"#id_{field}_error")
    assert message in error.get_text()
    assert page.select_one(f"#id_{field}")["aria-describedby"].endswith(f"id_{field}_error")
    assert page.select_one(f"#reply-form-errors a[href='#id_{field}']")
    if "comment" not in fields:
        assert page.select_one("#id_comment").get_text().lstrip("\n") == "My words stay."
    assert page.h1.get_text() == "Leave a Reply"  # the form's own page, not the article
    assert not Reply.objects.exists()


def test_oversize_and_non_ascii_input_is_handled(client, article):
    text = "Merci — ça m’a aidé 🙏. 日本語も大丈夫。" * 20
    post(client, article, comment=text, name="Zoë Ñandú 李")
    reply = Reply.objects.get()
    assert reply.comment == text.strip()
    assert reply.user_name == "Zoë Ñandú 李"
    assert reply.initials == "ZÑ"


def test_remember_me_sets_a_cookie_only_when_ticked(client, article):
    post(client, article)
    assert "reply_author" not in client.cookies or not client.cookies["reply_author"].value
    post(client, article, remember="on", comment="Another one")
    assert client.cookies["reply_author"].value
    form = reader_view(client, article.url).select_one("#leave-a-reply")
    assert form.select_one("#id_name")["value"] == "Sam"
    assert form.select_one("#id_email")["value"] == "sam@example.com"


def test_form_tells_readers_not_to_share_health_information(client, article):
    note = reader_view(client, article.url).select_one(".reply-form__note").get_text()
    assert "don’t share personal health information" in note
    assert "public once a moderator approves" in note


# --- Threading -----------------------------------------------------------------------------


def test_reply_to_a_reply_nests_under_it(client, article, moderator):
    parent = ReplyFactory(article=article, comment="Parent")
    post(client, article, comment="Child", reply_to=parent.pk)
    child = Reply.objects.get(comment="Child")
    moderation.approve(child, moderator)
    page = soup_of(Client().get(article.url))
    nested = page.select_one(f"#reply-{parent.pk} .reply-list--nested #reply-{child.pk}")
    assert nested is not None
    assert child.level == 1 and child.thread_id == parent.pk


def test_reply_link_stops_at_the_maximum_depth(client, article, settings):
    top = ReplyFactory(article=article)
    middle = ReplyFactory(article=article, parent_id=top.pk)
    deepest = ReplyFactory(article=article, parent_id=middle.pk)
    assert deepest.level == settings.COMMENTS_XTD_MAX_THREAD_LEVEL == 2
    page = soup_of(client.get(article.url))
    assert page.select_one(f"#reply-{middle.pk} > .reply__body .reply__respond")
    assert not page.select_one(f"#reply-{deepest.pk} .reply__respond")
    response = post(client, article, reply_to=deepest.pk, comment="Too deep")
    assert response.status_code == 400
    assert "can't be nested any deeper" in soup_of(response).get_text()
    assert not Reply.objects.filter(comment="Too deep").exists()


@pytest.mark.parametrize("reply_to", ["999999", "abc", "-1"])
def test_unknown_parent_is_refused_with_a_message_not_a_500(client, article, reply_to):
    response = post(client, article, reply_to=reply_to, comment="Orphan")
    assert response.status_code == 400
    assert not Reply.objects.exists()


def test_parent_on_another_article_or_held_is_refused(client, article, blog_index, author):
    other = BlogPageFactory(parent=blog_index, authors=[author])
    elsewhere = ReplyFactory(article=other)
    held = ReplyFactory(article=article, status="awaiting")
    for parent in (elsewhere, held):
        response = post(client, article, reply_to=parent.pk, comment=f"To {parent.pk}")
        assert response.status_code == 400
        assert "no longer available" in soup_of(response).get_text()
    assert not Reply.objects.filter(comment__startswith="To ").exists()


def test_reply_page_works_without_javascript_but_never_for_held_replies(client, article):
    approved = ReplyFactory(article=article, comment="Open to replies")
    held = ReplyFactory(article=article, status="awaiting", comment="Secret")
    page = client.get(f"/replies/reply/{approved.pk}/")
    assert page.status_code == 200
    form = soup_of(page).select_one("form.reply-form__form")
    assert form.select_one("input[name=reply_to]")["value"] == str(approved.pk)
    assert client.get(f"/replies/reply/{held.pk}/").status_code == 404
    assert b"Secret" not in client.get(f"/replies/reply/{held.pk}/").content


def test_approving_a_parent_does_not_publish_its_held_replies(article, moderator):
    parent = ReplyFactory(article=article, status="awaiting")
    # A held reply under a held parent (e.g. the author answering themselves).
    child = ReplyFactory(article=article, status="awaiting", parent_id=parent.pk)
    moderation.approve(parent, moderator)
    child.refresh_from_db()
    assert not child.is_approved
    parent.comment = "Typo fixed"
    parent.save()
    child.refresh_from_db()
    assert not child.is_approved


def test_permalink_leads_to_the_reply_on_the_right_page(client, article, settings):
    settings.REPLIES_PER_PAGE = 2
    replies = [ReplyFactory(article=article) for _ in range(5)]
    response = client.get(f"/replies/{replies[4].pk}/")
    assert response["Location"] == f"{article.url}?replies_page=3#reply-{replies[4].pk}"
    page = soup_of(client.get(f"{article.url}?replies_page=3"))
    assert page.select_one(f"#reply-{replies[4].pk}")
    assert (
        client.get(f"/replies/{ReplyFactory(article=article, status='awaiting').pk}/").status_code
        == 404
    )


# --- Spam defences -------------------------------------------------------------------------


def test_honeypot_refuses_without_storing(client, article):
    response = post(client, article, **{spam.HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 400
    error = soup_of(response).select_one("#reply-form-error").get_text()
    assert error == spam.REFUSALS[spam.AUTOMATED]
    assert not Reply.objects.exists()


def test_forged_security_hash_keeps_the_text_and_offers_a_fresh_form(client, article):
    response = post(client, article, security_hash="0" * 40, comment="Keep me")
    assert response.status_code == 400
    page = soup_of(response)
    assert "could not be verified" in page.select_one("#reply-form-error").get_text()
    assert page.select_one("#id_comment").get_text().lstrip("\n") == "Keep me"
    assert page.select_one("input[name=security_hash]")["value"] != "0" * 40
    assert not Reply.objects.exists()


def test_expired_form_asks_to_resend_and_keeps_the_text(client, article):
    shown_at = time.time() - 3 * 60 * 60
    old = signing.dumps(shown_at, salt=ReplyForm.anti_bot_salt)
    response = post(client, article, comment="Typed slowly", **{spam.TIMESTAMP_FIELD: old})
    assert response.status_code == 400
    page = soup_of(response)
    assert "This form expired" in page.select_one("#reply-form-error").get_text()
    assert page.select_one("#id_comment").get_text().lstrip("\n") == "Typed slowly"
    assert not Reply.objects.exists()


def test_posting_faster_than_a_person_can_type_is_refused(client, article, settings):
    settings.REPLIES_MIN_SECONDS = 3
    response = post(client, article)
    assert response.status_code == 400
    assert "quicker than a person can type" in soup_of(response).get_text()
    assert not Reply.objects.exists()


def test_too_many_replies_from_one_address_are_refused(client, article, settings):
    settings.REPLIES_RATE_LIMIT_PER_IP = (2, 600)
    for n in range(2):
        assert (
            post(client, article, comment=f"Reply {n}", email=f"r{n}@example.com").status_code
            == 302
        )
    response = post(client, article, comment="One too many", email="r3@example.com")
    assert response.status_code == 429
    assert "wait a few minutes" in soup_of(response).get_text()
    assert soup_of(response).select_one("#id_comment").get_text().lstrip("\n") == "One too many"
    assert Reply.objects.count() == 2


def test_too_many_replies_from_one_email_are_refused_from_any_address(article, settings):
    settings.REPLIES_RATE_LIMIT_PER_EMAIL = (1, 600)
    assert post(Client(REMOTE_ADDR="10.0.0.1"), article, comment="One").status_code == 302
    response = post(Client(REMOTE_ADDR="10.0.0.2"), article, comment="Two")
    assert response.status_code == 429
    assert Reply.objects.count() == 1


def test_exact_duplicate_is_refused(client, article):
    post(client, article, comment="Same words")
    response = post(client, article, comment="Same words")
    assert response.status_code == 409
    assert Reply.objects.count() == 1


def test_too_many_links_is_kept_as_spam_never_public(client, article, settings):
    settings.REPLIES_MAX_LINKS = 2
    links = "see http://a.example http://b.example www.c.example"
    assert post(client, article, comment=links).status_code == 302
    reply = Reply.objects.get()
    assert reply.is_spam and reply.spam_rule == "too_many_links" and not reply.is_approved
    assert Reply.objects.approved().count() == 0


def test_disallowed_words_editable_by_moderators_mark_spam(client, article):
    ScreeningPhrase.objects.create(kind="disallowed", phrase="cheap pills")
    post(client, article, comment="Buy CHEAP PILLS here")
    reply = Reply.objects.get()
    assert reply.is_spam and reply.spam_rule == "disallowed_words"


def test_spam_is_purged_after_the_kept_days(article):
    old = ReplyFactory(article=article, status="spam")
    Reply.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timezone.timedelta(days=40))
    recent = ReplyFactory(article=article, status="spam")
    call_command("purge_spam_replies", days=30)
    assert list(Reply.objects.values_list("pk", flat=True)) == [recent.pk]


def test_ip_addresses_are_cleared_after_the_kept_days(article):
    old = ReplyFactory(article=article, ip_address="203.0.113.9")
    Reply.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timezone.timedelta(days=31))
    recent = ReplyFactory(article=article, ip_address="203.0.113.10")
    call_command("purge_comment_ips")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None and recent.ip_address == "203.0.113.10"


# --- Policy and care for readers -----------------------------------------------------------


def test_hold_first_time_publishes_known_email_at_once(client, article, settings):
    settings.REPLIES_POLICY = "hold_first_time"
    post(client, article, comment="First ever")
    first = Reply.objects.get()
    assert not first.is_approved and first.held_reason == "first_time"
    Reply.objects.filter(pk=first.pk).set_status(Reply.Status.APPROVED)
    post(client, article, comment="Second")
    assert Reply.objects.get(comment="Second").is_approved


def test_moderator_replies_are_approved_at_once(client, article, moderator):
    client.force_login(moderator)
    post(client, article, comment="From the clinic team")
    assert Reply.objects.get().is_approved


def test_crisis_language_is_held_shows_resources_and_alerts_moderators(
    client, article, moderator, settings, django_capture_on_commit_callbacks
):
    settings.REPLIES_POLICY = "hold_first_time"
    ReplyFactory(article=article, user_email="sam@example.com")  # known reader
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, comment="Some days I want to die.")
    reply = Reply.objects.get(comment="Some days I want to die.")
    assert not reply.is_approved and reply.mentions_crisis and reply.held_reason == "crisis"
    notice = reader_view(client, response["Location"]).select_one(".reply-notice")
    text = notice.get_text(" ", strip=True)
    assert text.index("988") < text.index("awaiting moderation")
    assert notice.find("a", href="tel:988") and notice.find("a", href="tel:911")
    assert [m.subject for m in mail.outbox] == ["URGENT: a reply mentions self-harm or suicide"]
    assert mail.outbox[0].to == [moderator.email]


def test_health_details_are_held_with_the_reason_and_a_reminder(client, article):
    response = post(client, article, comment="Call me on (555) 010-2030, born 04/05/1980.")
    reply = Reply.objects.get()
    assert reply.held_reason == "health_info"
    assert reply.health_info_found == "phone number, date of birth"
    notice = reader_view(client, response["Location"]).select_one(".reply-notice")
    assert "don’t share personal health information" in notice.get_text()


def test_closed_article_shows_thread_and_refuses_posts(client, article):
    ReplyFactory(article=article, comment="Before closing")
    article.replies_open = False
    article.save()
    page = reader_view(client, article.url)
    assert "Replies are closed." in page.select_one(".replies-closed").get_text()
    assert not page.select_one("form.reply-form__form")
    response = post(client, article, comment="Too late")
    assert response.status_code == 403
    assert "Replies are closed." in soup_of(response).get_text()
    assert not Reply.objects.filter(comment="Too late").exists()


def test_replies_close_by_themselves_after_the_set_days(client, article, settings):
    settings.REPLIES_CLOSE_AFTER_DAYS = 30
    article.date_published = timezone.now() - timezone.timedelta(days=31)
    article.save()
    assert post(client, article).status_code == 403


# --- Notifications -------------------------------------------------------------------------


def test_moderators_are_emailed_for_each_held_reply(
    client, article, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, comment="Please approve me")
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Please approve me" in mail.outbox[0].body
    assert article.title in mail.outbox[0].body


def test_reply_is_kept_when_the_email_backend_fails(
    client, article, moderator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server is down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, comment="Do not lose me")
    assert response.status_code == 302
    assert Reply.objects.get().comment == "Do not lose me"
    assert "Could not send" in caplog.text


def test_approval_notifies_the_reader_and_followers_with_a_mute_link(
    client, article, moderator, django_capture_on_commit_callbacks
):
    follower = ReplyFactory(article=article, followup=True, user_email="fan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, comment="Reply in thread", reply_to=follower.pk, followup="on")
    [confirmation] = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    confirm_link = next(line for line in confirmation.body.splitlines() if "/notify/" in line)
    assert client.post(confirm_link[confirm_link.index("/replies/notify/") :]).status_code == 200
    mail.outbox.clear()
    reply = Reply.objects.get(comment="Reply in thread")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(reply, moderator)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["sam@example.com"].subject == "Your reply has been published"
    follow_mail = by_recipient["fan@example.com"]
    mute_link = next(line for line in follow_mail.body.splitlines() if "/replies/mute/" in line)
    path = mute_link[mute_link.index("/replies/mute/") :]
    assert client.get(path).status_code == 200  # asks first (tests/test_reply_mail.py)
    assert client.post(path).status_code == 200
    follower.refresh_from_db()
    assert not follower.followup
    assert Client().get("/replies/mute/forged-token/").status_code == 404


# --- Safety --------------------------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>click</a>",
    "</textarea><script>alert(1)</script>",
    "{{ 7*7 }} {% now 'Y' %}",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_reader_text_stays_inert_in_page_and_emails(
    client, article, moderator, payload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, comment=f"Hi {payload}", name=f"N {payload}"[:50])
    reply = Reply.objects.get()
    moderation.approve(reply, moderator)
    html = Client().get(article.url).content.decode()
    section = html[html.index('id="replies"') :]
    assert "<script>alert" not in section
    # Escaped quotes are fine (Django writes &quot;, Jinja2's thread &#34;); a live one is not.
    assert "onerror=" not in section.replace("onerror=&quot;", "").replace("onerror=&#34;", "")
    assert not BeautifulSoup(section, "html.parser").select("[onerror]")
    assert "<svg" not in section
    page = soup_of(Client().get(article.url))
    assert payload in page.select_one(".reply__text").get_text()
    assert not page.select_one(".reply__text").find(["script", "img", "svg"])
    for message in mail.outbox:
        assert payload in message.body  # plain text, as typed, never rendered
        assert not getattr(message, "alternatives", None)


def test_links_in_replies_are_nofollow_ugc(client, article):
    ReplyFactory(
        article=article, comment="See https://example.org/info", user_url="https://me.example"
    )
    page = soup_of(client.get(article.url))
    link = page.select_one(".reply__text a")
    assert link["href"] == "https://example.org/info"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert page.select_one(".reply__author a")["rel"] == ["nofollow", "ugc", "noopener"]


def test_no_gravatar_or_other_host_in_the_thread(client, article):
    ReplyFactory(article=article, user_email="someone@example.com", user_name="Ana Lopez")
    html = client.get(article.url).content.decode()
    assert "gravatar" not in html
    assert "someone@example.com" not in html
    assert soup_of(client.get(article.url)).select_one(".reply__avatar").get_text() == "AL"


def test_library_json_api_and_default_urls_are_not_mounted(client, article):
    assert (
        client.post("/comments/api/comment/", {}, content_type="application/json").status_code
        == 404
    )
    assert client.get("/comments/reply/1/").status_code == 404


def test_posting_requires_csrf(article):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/replies/post/{article.pk}/", form_data(article))
    assert response.status_code == 403
    assert not Reply.objects.exists()


# --- Performance ---------------------------------------------------------------------------


def make_thread(article, roots):
    """`roots` top-level replies, each with a reply and a reply to that."""
    for _ in range(roots):
        top = ReplyFactory(article=article)
        middle = ReplyFactory(article=article, parent_id=top.pk)
        ReplyFactory(article=article, parent_id=middle.pk)


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_thread_query_count_does_not_grow_with_replies(
    client, article, blog_index, author, settings
):
    settings.REPLIES_PER_PAGE = 500
    small = article
    make_thread(small, 4)  # 12 replies
    large = BlogPageFactory(parent=blog_index, authors=[author], topics=list(article.topics.all()))
    make_thread(large, 67)  # 201 replies
    assert Reply.objects.for_article(large).count() == 201
    assert count_queries(client, small.url) == count_queries(client, large.url)


def test_thread_query_count_does_not_grow_with_placeholders(
    client, article, blog_index, author, moderator, settings
):
    settings.REPLIES_PER_PAGE = 500
    large = BlogPageFactory(parent=blog_index, authors=[author], topics=list(article.topics.all()))
    for target, roots in ((article, 2), (large, 40)):
        make_thread(target, roots)
        for top in Reply.objects.for_article(target).filter(level=0):
            ReplyFactory(article=target, parent_id=top.pk, status="awaiting")
            moderation.remove(top, moderator)
    assert len(soup_of(client.get(large.url)).select(".reply--removed")) == 40
    assert count_queries(client, article.url) == count_queries(client, large.url)


# --- Edit or withdraw ----------------------------------------------------------------------


def test_author_can_edit_a_held_reply_from_the_same_browser(client, article):
    response = post(client, article, comment="Frist post")
    reply = Reply.objects.get()
    page = reader_view(client, response["Location"])
    assert (
        page.select_one(f"#reply-{reply.pk} .reply__edit")["href"] == f"/replies/{reply.pk}/edit/"
    )
    assert client.post(f"/replies/{reply.pk}/edit/", {"comment": "First post"}).status_code == 302
    reply.refresh_from_db()
    assert reply.comment == "First post" and not reply.is_approved
    assert Client().get(f"/replies/{reply.pk}/edit/").status_code == 404  # another browser


def test_editing_an_approved_reply_sends_it_back_to_moderation(client, article, moderator):
    post(client, article, comment="Approved text")
    reply = Reply.objects.get()
    moderation.approve(reply, moderator)
    client.post(f"/replies/{reply.pk}/edit/", {"comment": "Changed after approval"})
    reply.refresh_from_db()
    assert not reply.is_approved and reply.held_reason == "edited"
    assert reply_texts(Client(), article) == []


def test_edited_text_is_screened_again(client, article):
    post(client, article, comment="All fine")
    reply = Reply.objects.get()
    client.post(f"/replies/{reply.pk}/edit/", {"comment": "I want to end my life"})
    reply.refresh_from_db()
    assert reply.mentions_crisis and reply.held_reason == "crisis"


def test_author_can_withdraw_their_reply(client, article):
    post(client, article, comment="Never mind")
    reply = Reply.objects.get()
    response = client.post(f"/replies/{reply.pk}/edit/", {"withdraw": "1", "comment": ""})
    assert response.status_code == 302
    assert not Reply.objects.exists()
    assert "has been withdrawn" in reader_view(client, response["Location"]).get_text()


def test_edit_window_closes_after_the_set_minutes(client, article, settings):
    post(client, article, comment="Old news")
    reply = Reply.objects.get()
    Reply.objects.filter(pk=reply.pk).update(
        submit_date=timezone.now() - timezone.timedelta(minutes=settings.REPLIES_EDIT_MINUTES + 1)
    )
    assert client.get(f"/replies/{reply.pk}/edit/").status_code == 404
    assert client.post(f"/replies/{reply.pk}/edit/", {"withdraw": "1"}).status_code == 404
    assert Reply.objects.filter(pk=reply.pk).exists()


def test_authors_are_told_about_approved_replies_on_their_articles(
    client, article, author, moderator, django_capture_on_commit_callbacks
):
    author.user = get_user_model().objects.create_user("dana", email="dana@clinic.example")
    author.save()
    post(client, article, comment="Question for the author")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(Reply.objects.get(), moderator)
    assert [m.to for m in mail.outbox if "New reply on" in m.subject] == [["dana@clinic.example"]]


def test_a_readers_replies_can_be_exported_and_erased_by_email(article, capsys):
    mine = ReplyFactory(article=article, user_email="Me@Example.com", comment="Mine")
    answer = ReplyFactory(article=article, parent_id=mine.pk, comment="An answer")
    lonely = ReplyFactory(article=article, user_email="me@example.com", comment="Also mine")
    ReplyFactory(article=article, user_email="other@example.com")
    call_command("replies_by_email", "me@example.com", "--erase")
    exported = json.loads(capsys.readouterr().out)
    assert [item["text"] for item in exported] == ["Mine", "Also mine"]
    assert exported[0]["privacy_policy_version"] is not None
    assert not Reply.objects.filter(pk=lonely.pk).exists()
    mine.refresh_from_db()
    assert mine.comment == "" and mine.user_email == "" and mine.status == "removed"
    assert Reply.objects.get(pk=answer.pk).comment == "An answer"
    assert Reply.objects.filter(user_email__iexact="me@example.com").count() == 0
