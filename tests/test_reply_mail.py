"""Mail about replies does what it says: opening a link changes nothing, unsubscribing takes
one click in the mail program, and each email goes once per reply."""

import importlib
import re
import time
from unittest import mock
from urllib.parse import urlsplit

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client

import pytest

from blog.replies import moderation
from blog.replies.models import Reply, ReplyReport
from blog.replies.notifications import FOLLOWUP_LINK_MAX_AGE, MUTE_SALT
from tests.factories import ReplyFactory
from tests.reply_forms import post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

URL = re.compile(r"https?://\S+")
CONFIRM_SUBJECT = "Please confirm: emails about replies to your reply"


@pytest.fixture
def follower(article):
    """A reader who asked to hear about later replies in their thread."""
    return ReplyFactory(article=article, followup=True, user_email="fan@example.com")


@pytest.fixture
def approve(moderator, django_capture_on_commit_callbacks):
    """Approve a reply as the moderator, sending its emails as after a commit."""

    def approve(reply):
        with django_capture_on_commit_callbacks(execute=True):
            moderation.approve(Reply.objects.get(pk=reply.pk), moderator)

    return approve


@pytest.fixture
def posted(client, article, django_capture_on_commit_callbacks):
    """Post the reply form as the reader sam@example.com (emails sent); the stored Reply."""

    def posted(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, article, **fields)
        assert response.status_code == 302
        return Reply.objects.get(pk=response["Location"].rsplit("#reply-", 1)[1])

    return posted


@pytest.fixture
def edited(client, django_capture_on_commit_callbacks):
    """The reader edits their own reply from the same browser (emails sent)."""

    def edited(reply, text):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/replies/{reply.pk}/edit/", {"comment": text}).status_code == 302

    return edited


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def confirmation_path(address):
    """The path of the link that confirms follow-up emails, from `address`'s one request."""
    [message] = [m for m in mail_to(address) if m.subject == CONFIRM_SUBJECT]
    [url] = [url for url in URL.findall(message.body) if "/replies/notify/" in url]
    return urlsplit(url).path


def confirm(address):
    """The reader at `address` presses the button behind their confirmation link."""
    assert Client().post(confirmation_path(address)).status_code == 200


def one_click_url(message):
    """The address in a message's List-Unsubscribe header."""
    return message.extra_headers["List-Unsubscribe"].strip("<>")


@pytest.fixture
def follow_up_mail(follower, posted, approve):
    """The follow-up email the follower got when a reply in their thread was approved."""
    reply = posted(comment="Reply in thread", reply_to=follower.pk, followup="on")
    approve(reply)
    [message] = mail_to(follower.user_email)
    return message


# --- Opening a link changes nothing; muting takes a POST ------------------------------------


def test_mute_link_opened_by_a_mail_scanner_only_asks(follow_up_mail, follower):
    path = urlsplit(one_click_url(follow_up_mail)).path
    assert path in follow_up_mail.body
    for method in (Client().get, Client().head):
        assert method(path).status_code == 200
    page = Client().get(path).content.decode()
    assert '<form method="post"' in page and "Stop these emails" in page
    follower.refresh_from_db()
    assert follower.followup


def test_confirm_button_mutes_follow_ups_without_a_csrf_token(follow_up_mail, follower):
    path = urlsplit(one_click_url(follow_up_mail)).path
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 200
    assert "You won’t get more reply notifications" in response.content.decode()
    follower.refresh_from_db()
    assert not follower.followup


def test_follow_up_mail_offers_one_click_unsubscribe(follow_up_mail, follower, posted, approve):
    assert follow_up_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = one_click_url(follow_up_mail)
    assert url.startswith("http://localhost/replies/mute/")
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    follower.refresh_from_db()
    assert not follower.followup
    mail.outbox.clear()
    approve(posted(comment="Another reply in the thread", reply_to=follower.pk))
    assert mail_to(follower.user_email) == []


def test_published_mail_lets_its_reader_stop_follow_ups(posted, approve):
    reply = posted(comment="My first reply", followup="on")
    confirm("sam@example.com")
    mail.outbox.clear()
    approve(reply)
    [message] = mail_to("sam@example.com")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert one_click_url(message) in message.body
    Client().post(urlsplit(one_click_url(message)).path, "List-Unsubscribe=One-Click", "text/plain")
    assert not Reply.objects.get(comment="My first reply").followup


def test_mute_link_names_its_reader_without_their_email_address(follow_up_mail, follower):
    token = urlsplit(one_click_url(follow_up_mail)).path.rstrip("/").rsplit("/", 1)[-1]
    decoded = signing.b64_decode(token.split(":")[0].encode()).decode()
    assert "fan@example.com" not in decoded and "fan" not in decoded
    other = ReplyFactory(article=follower.content_object, followup=True, user_email="x@example.com")
    Client().post(urlsplit(one_click_url(follow_up_mail)).path)
    follower.refresh_from_db()
    other.refresh_from_db()
    assert not follower.followup
    assert other.followup  # the same article, another reader: still following


def test_mute_link_sent_before_readers_were_hashed_still_mutes(follower):
    old = signing.dumps({"article": follower.object_pk, "email": "FAN@example.com"}, salt=MUTE_SALT)
    assert Client().post(f"/replies/mute/{old}/").status_code == 200
    follower.refresh_from_db()
    assert not follower.followup


def test_forged_mute_token_is_refused_on_every_method(db):
    for method in (Client().get, Client().post):
        assert method("/replies/mute/forged-token/").status_code == 404


def test_only_the_mute_address_accepts_a_post_without_csrf_token(client, article):
    reply = ReplyFactory(article=article)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/replies/post/{article.pk}/", {"comment": "x"}).status_code == 403
    assert strict.post(f"/replies/{reply.pk}/report/", {"reason": "spam"}).status_code == 403
    assert strict.post(f"/replies/{reply.pk}/edit/", {"withdraw": "1"}).status_code == 403


def test_no_link_in_any_reply_email_changes_anything_when_opened(
    client, article, author, follower, moderator, settings, posted, approve, edited
):
    settings.REPLIES_NOTIFY_AUTHORS = True
    author.user = get_user_model().objects.create_user("dana", email="dana@clinic.example")
    author.save()
    reply = posted(comment="Reply in thread", reply_to=follower.pk, followup="on")
    confirm("sam@example.com")
    approve(reply)
    crisis = posted(comment="I want to end my life", followup="on")
    edited(crisis, "I want to end my life, truly")
    assert {message.subject for message in mail.outbox} >= {
        CONFIRM_SUBJECT,
        "A reply is awaiting moderation",
        "URGENT: a reply mentions self-harm or suicide",
        "Your reply has been published",
        f"New reply on “{article.title}”",
        f"A new reply in a conversation on “{article.title}”",
    }
    before = list(Reply.objects.order_by("pk").values())
    links = {link for message in mail.outbox for link in URL.findall(message.body)}
    assert links
    for link in links:
        assert Client().get(urlsplit(link).path).status_code in (200, 302)
    assert list(Reply.objects.order_by("pk").values()) == before


# --- One of each email per reply --------------------------------------------------------------


def test_reapproving_an_edited_reply_announces_it_only_once(
    follower, author, settings, posted, approve, edited
):
    settings.REPLIES_NOTIFY_AUTHORS = True
    author.user = get_user_model().objects.create_user("dana", email="dana@clinic.example")
    author.save()
    reply = posted(comment="Reply in thread", reply_to=follower.pk, followup="on")
    confirm("sam@example.com")
    mail.outbox.clear()
    approve(reply)
    readers = ["sam@example.com", follower.user_email, "dana@clinic.example"]
    assert [len(mail_to(address)) for address in readers] == [1, 1, 1]
    mail.outbox.clear()
    edited(reply, "Reply in thread, with a typo fixed")
    approve(reply)
    assert mail_to("sam@example.com") == []
    assert mail_to(follower.user_email) == []
    assert mail_to("dana@clinic.example") == []


def test_approving_again_after_a_removal_announces_nothing_new(
    follower, moderator, posted, approve
):
    reply = posted(comment="Reply in thread", reply_to=follower.pk, followup="on")
    approve(reply)
    mail.outbox.clear()
    moderation.remove(Reply.objects.get(pk=reply.pk), moderator)
    approve(reply)
    assert mail.outbox == []


def test_a_reply_is_announced_once_even_by_two_moderators_at_the_same_moment(article):
    reply = ReplyFactory(article=article, status="awaiting", held_reason="policy")
    first, second = Reply.objects.get(pk=reply.pk), Reply.objects.get(pk=reply.pk)
    assert first.mark_sent_once("publication_announced_at")
    assert not second.mark_sent_once("publication_announced_at")


def test_moderators_are_told_once_while_a_reader_edits_a_held_reply(moderator, posted, edited):
    reply = posted(comment="Frist post")
    edited(reply, "First post")
    edited(reply, "First post, really")
    assert [m.subject for m in mail_to(moderator.email)] == ["A reply is awaiting moderation"]


def test_urgent_crisis_mail_goes_once_per_reply(moderator, posted, approve, edited):
    reply = posted(comment="Some days I want to die.")
    edited(reply, "Some days I want to die. Sorry.")
    approve(reply)
    edited(reply, "Some days I want to die. Sorry for writing this.")  # back to the queue
    subjects = [m.subject for m in mail_to(moderator.email)]
    assert subjects == [
        "URGENT: a reply mentions self-harm or suicide",
        "A reply is awaiting moderation",
    ]


def test_edit_that_adds_crisis_language_alerts_moderators_urgently(moderator, posted, edited):
    reply = posted(comment="Thank you for the article")
    edited(reply, "Thank you. I took all my pills last night")
    assert [m.subject for m in mail_to(moderator.email)] == [
        "A reply is awaiting moderation",
        "URGENT: a reply mentions self-harm or suicide",
    ]


def test_reports_hiding_a_crisis_reply_again_do_not_resend_the_urgent_mail(
    article, moderator, settings, posted, approve, django_capture_on_commit_callbacks
):
    settings.REPLIES_REPORTS_TO_HIDE = 1
    reply = posted(comment="I want to end my life")
    approve(reply)
    mail.outbox.clear()
    reply = Reply.objects.get(pk=reply.pk)
    ReplyReport.objects.create(reply=reply, reason="harmful", reporter_ip_hash="a")
    with django_capture_on_commit_callbacks(execute=True):
        assert moderation.hide_if_reported_enough(reply)
    assert [m.subject for m in mail_to(moderator.email)] == ["A reply is awaiting moderation"]


def test_replies_announced_before_the_upgrade_are_not_announced_again(article, follower, approve):
    """Migration 0009 marks what the old code had already sent."""
    migration = importlib.import_module("blog.replies.migrations.0009_once_only_reply_emails")
    edited_after_approval = ReplyFactory(
        article=article, status="awaiting", held_reason="edited", parent_id=follower.pk
    )
    never_approved = ReplyFactory(
        article=article, status="awaiting", held_reason="policy", parent_id=follower.pk
    )
    alerted = ReplyFactory(article=article, status="awaiting", mentions_crisis=True)
    migration.mark_sent(django_apps, None)
    approve(edited_after_approval)
    approve(never_approved)
    [follow_up] = mail_to(follower.user_email)
    assert f"/replies/{never_approved.pk}/" in follow_up.body
    assert Reply.objects.get(pk=alerted.pk).crisis_alert_sent_at is not None


# --- Follow-up emails only after the address's owner confirms (double opt-in) --------------------


def test_ticking_notify_sends_one_confirmation_mail_and_no_follow_up_before_it(
    client, article, posted, approve
):
    reply = posted(comment="Tell me about answers", followup="on")
    [message] = mail_to("sam@example.com")
    assert message.subject == CONFIRM_SUBJECT
    assert article.title in message.body
    assert confirmation_path("sam@example.com").startswith("/replies/notify/")
    reply.refresh_from_db()
    assert not reply.followup
    approve(reply)
    answer = posted(comment="An answer", reply_to=reply.pk, email="kim@example.com")
    approve(answer)
    assert [m.subject for m in mail_to("sam@example.com")] == [CONFIRM_SUBJECT]

    confirm("sam@example.com")
    approve(posted(comment="Another answer", reply_to=reply.pk, email="lee@example.com"))
    assert mail_to("sam@example.com")[-1].subject.startswith("A new reply in a conversation")


def test_opening_the_confirmation_link_only_asks(posted):
    reply = posted(comment="Tell me about answers", followup="on")
    path = confirmation_path("sam@example.com")
    for method in (Client().get, Client().head):
        assert method(path).status_code == 200
    page = Client().get(path).content.decode()
    assert '<form method="post"' in page and "Yes, email me about replies" in page
    assert "csrfmiddlewaretoken" in page
    reply.refresh_from_db()
    assert not reply.followup


def test_pressing_the_button_confirms_follow_ups(posted):
    reply = posted(comment="Tell me about answers", followup="on")
    response = Client().post(confirmation_path("sam@example.com"))
    assert response.status_code == 200
    assert "You will get reply notifications" in response.content.decode()
    reply.refresh_from_db()
    assert reply.followup


def test_confirmation_link_names_its_reader_without_their_email_address(posted):
    posted(comment="Tell me about answers", followup="on")
    token = confirmation_path("sam@example.com").rstrip("/").rsplit("/", 1)[-1]
    decoded = signing.b64_decode(token.split(":")[0].encode()).decode()
    assert "sam@example.com" not in decoded and "sam" not in decoded


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_confirmation_link_gets_a_clear_page(db, method):
    response = getattr(Client(), method)("/replies/notify/forged-token/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link no longer works" in page and "Nothing has changed" in page


def test_an_expired_confirmation_link_confirms_nothing(posted):
    reply = posted(comment="Tell me about answers", followup="on")
    path = confirmation_path("sam@example.com")
    later = time.time() + FOLLOWUP_LINK_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = Client().post(path)
    assert response.status_code == 400
    assert "older than 14 days" in response.content.decode()
    reply.refresh_from_db()
    assert not reply.followup


def test_a_link_for_an_address_the_reply_no_longer_holds_confirms_nothing(posted):
    reply = posted(comment="Tell me about answers", followup="on")
    Reply.objects.filter(pk=reply.pk).update(user_email="")  # erased at the reader's request
    assert Client().post(confirmation_path("sam@example.com")).status_code == 400
    reply.refresh_from_db()
    assert not reply.followup


def test_a_confirmed_reader_is_not_asked_again_on_the_same_article(posted):
    posted(comment="Tell me about answers", followup="on")
    confirm("sam@example.com")
    mail.outbox.clear()
    again = posted(comment="And about these too", followup="on")
    assert mail_to("sam@example.com") == []
    again.refresh_from_db()
    assert again.followup


def test_reply_is_stored_when_the_confirmation_mail_fails(
    client, article, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server is down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, comment="Keep me whatever happens", followup="on")
    assert response.status_code == 302
    reply = Reply.objects.get(comment="Keep me whatever happens")
    assert not reply.followup
    assert f"Could not send '{CONFIRM_SUBJECT}'" in caplog.text
