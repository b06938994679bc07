"""One HTML for every anonymous reader: the article holds nothing personal, and the reader's
part (their held replies, remembered name, the form's CSRF token, security hash and
timestamp) comes from a request of its own, with or without JavaScript."""

import time
from unittest import mock

from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply
from tests.factories import ReplyFactory
from tests.reply_forms import post, reader_part, reader_view

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

HOURS = 60 * 60


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def reader(article, name, comment):
    """A browser that posted a held reply under `name` and asked to be remembered."""
    browser = Client()
    response = post(
        browser,
        article,
        name=name,
        email=f"{name.lower()}@example.com",
        comment=comment,
        remember="on",
    )
    assert response.status_code == 302
    return browser


def test_two_readers_get_byte_identical_article_html_and_only_their_own_part(article, settings):
    settings.PAGE_CACHE_ENABLED = False  # two real renders, not one stored copy
    alice = reader(article, "Alice", "Alice's words, waiting for a moderator.")
    bob = reader(article, "Bob", "Bob's words, waiting too.")

    seen_by_alice = alice.get(article.url)
    seen_by_bob = bob.get(article.url)
    assert seen_by_alice.content == seen_by_bob.content
    assert seen_by_alice.content == Client().get(article.url).content
    html = seen_by_alice.content.decode()
    for personal in ("Alice", "Bob", "waiting", "csrfmiddlewaretoken", "security_hash"):
        assert personal not in html

    alices_part = reader_part(alice, article.url).content.decode()
    bobs_part = reader_part(bob, article.url).content.decode()
    assert "Alice&#x27;s words" in alices_part and 'value="Alice"' in alices_part
    assert "Bob" not in alices_part
    assert "Bob&#x27;s words" in bobs_part and 'value="Bob"' in bobs_part
    assert "Alice" not in bobs_part


def test_article_for_an_anonymous_reader_sets_no_cookie_and_does_not_vary_on_cookie(article):
    browser = reader(article, "Alice", "Held words.")
    for client in (browser, Client()):
        response = client.get(article.url)
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in response
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"]


def test_reader_part_is_private_and_holds_a_fresh_form(client, article):
    response = reader_part(client, article.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    form = soup_of(response).select_one("#leave-a-reply form")
    for field in ("csrfmiddlewaretoken", "security_hash", "timestamp"):
        assert form.select_one(f"input[name={field}]")["value"]
    assert response.cookies["csrftoken"].value


def test_reader_part_shows_the_notice_after_posting(client, article):
    response = post(client, article, comment="Mine, held.")
    page = reader_view(client, response["Location"])
    assert "awaiting moderation" in page.select_one(".reply-notice").get_text()
    reply = Reply.objects.get()
    assert page.select_one(f"#reply-{reply.pk} .reply__held")


def test_reader_part_of_an_unpublished_article_is_404(client, article):
    url = f"/replies/reader/{article.pk}/"
    article.unpublish()
    assert client.get(url).status_code == 404


def test_article_links_to_the_form_page_for_readers_without_javascript(client, article):
    place = soup_of(client.get(article.url)).select_one("#replies-reader")
    link = place.select_one("a")["href"]
    assert link == f"/replies/leave/{article.pk}/"
    response = client.get(link)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert soup_of(response).select_one("#leave-a-reply form input[name=security_hash]")


def form_fields(response):
    """The fields a browser sends from the Leave a Reply form in `response`."""
    form = soup_of(response).select_one("#leave-a-reply form")
    fields = {
        field["name"]: field.get("value", "")
        for field in form.select("input")
        if field.get("type") not in ("checkbox", "submit")
    }
    fields.update(comment="Posted from a page cached hours ago.", consent="on")
    fields.update(name="Cleo", email="cleo@example.com")
    return form["action"], fields


@pytest.mark.parametrize("javascript", [True, False])
def test_article_served_from_cache_hours_later_still_accepts_a_reply(article, javascript):
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(article.url)["X-Page-Cache"] == "miss"
    later = time.time() + 5 * HOURS  # past REPLIES_FORM_MAX_AGE (2 hours)
    with mock.patch("time.time", return_value=later):
        cached = browser.get(article.url)
        assert cached["X-Page-Cache"] == "hit"
        place = soup_of(cached).select_one("#replies-reader")
        if javascript:
            part = browser.get(place["data-reader-url"])
        else:
            part = browser.get(place.select_one("a")["href"])
        action, fields = form_fields(part)
        response = browser.post(action, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Reply.objects.get().comment == "Posted from a page cached hours ago."


def test_without_javascript_the_reader_comes_back_to_the_form_page_and_is_told(article):
    """Found by a fresh reader without JavaScript: posting from the form's own page led back
    to the article, whose cached HTML shows no notice, so the reply seemed lost."""
    browser = Client(enforce_csrf_checks=True)
    place = soup_of(browser.get(article.url)).select_one("#replies-reader")
    action, fields = form_fields(browser.get(place.select_one("a")["href"]))
    assert fields["after_posting"] == "own_page"

    response = browser.post(action, fields, follow=True)

    reply = Reply.objects.get()
    assert response.redirect_chain[-1][0] == (
        reverse("replies:leave", args=[article.pk]) + f"?replied={reply.pk}"
    )
    text = soup_of(response).get_text(" ", strip=True)
    assert "Thank you. Your reply is awaiting moderation." in text


def test_with_javascript_the_reader_comes_back_to_the_article(article):
    browser = Client(enforce_csrf_checks=True)
    action, fields = form_fields(reader_part(browser, article.url))
    assert "after_posting" not in fields

    response = browser.post(action, fields)

    assert response["Location"].startswith(article.url + "?replied=")


def test_a_form_from_before_its_max_age_is_refused_so_the_test_above_means_something(article):
    browser = Client(enforce_csrf_checks=True)
    action, fields = form_fields(reader_part(browser, article.url))
    with mock.patch("time.time", return_value=time.time() + 5 * HOURS):
        response = browser.post(action, fields)
    assert response.status_code != 302
    assert not Reply.objects.exists()


# --- Headings: each page says "Leave a Reply" once, in a sound outline --------------------------


def outline(soup):
    """The headings a reader meets in `soup`, in order: [(level, text)], hidden ones left out."""
    return [
        (int(heading.name[1]), heading.get_text(" ", strip=True))
        for heading in soup.select("h1, h2, h3, h4, h5, h6")
        if not heading.has_attr("hidden")
    ]


def assert_sound(headings):
    """One h1 first, and no level skipped on the way down."""
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1, headings
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, headings


def form_name(soup):
    """The text of the element that names the Leave a Reply form (its aria-labelledby)."""
    form = soup.select_one("#leave-a-reply form")
    return soup.find(id=form["aria-labelledby"]).get_text(strip=True)


def test_article_without_replies_says_leave_a_reply_once(client, article):
    soup = reader_view(client, article.url)
    headings = outline(soup)
    assert [text for _, text in headings].count("Leave a Reply") == 1
    assert (2, "Leave a Reply") in headings
    assert_sound(headings)
    # The form keeps its own heading for replies.js to rewrite ("Reply to …"), hidden.
    assert soup.select_one("#reply-form-heading").has_attr("hidden")
    assert form_name(soup) == "Leave a Reply"


def test_article_with_replies_heads_the_form_under_the_count(client, article):
    ReplyFactory(article=article)
    post(client, article, comment="Mine, held.")  # "Your recent replies" too
    soup = reader_view(client, article.url)
    headings = outline(soup)
    start = headings.index((2, "1 Reply"))
    assert headings[start : start + 3] == [
        (2, "1 Reply"),
        (3, "Your recent replies"),
        (3, "Leave a Reply"),
    ]
    assert_sound(headings)
    assert form_name(soup) == "Leave a Reply"


def test_form_page_says_leave_a_reply_once_in_its_h1(client, article):
    post(client, article, comment="Mine, held.")
    soup = soup_of(client.get(f"/replies/leave/{article.pk}/"))
    headings = outline(soup)
    assert [text for _, text in headings].count("Leave a Reply") == 1
    assert (1, "Leave a Reply") in headings and (2, "Your recent replies") in headings
    assert_sound(headings)
    assert form_name(soup) == "Leave a Reply"
    assert soup.select_one("#reply-form-heading").name == "h1"


def test_form_page_for_a_reply_says_reply_to_once_in_its_h1(client, article):
    question = ReplyFactory(article=article, user_name="Pat")
    soup = soup_of(client.get(f"/replies/reply/{question.pk}/"))
    headings = outline(soup)
    assert [text for _, text in headings].count("Reply to Pat") == 1
    assert (1, "Reply to Pat") in headings
    assert_sound(headings)
    assert form_name(soup) == "Reply to Pat"


# --- After posting with "Notify me": check your email to confirm ---------------------------------


def test_notice_after_posting_with_notify_me_asks_to_confirm_by_email(client, article, mailoutbox):
    response = post(client, article, comment="Please tell me of answers.", followup="on")
    assert "followups=confirm" in response["Location"]
    notice = reader_view(client, response["Location"]).select_one(".reply-notice").get_text()
    assert "awaiting moderation" in notice
    assert "check your email to confirm follow-up emails" in notice


def test_notice_after_posting_without_notify_me_does_not_mention_confirming(client, article):
    response = post(client, article, comment="No emails, thanks.")
    assert "followups" not in response["Location"]
    notice = reader_view(client, response["Location"]).select_one(".reply-notice").get_text()
    assert "confirm" not in notice


def test_no_confirmation_to_ask_for_once_the_reader_follows_the_article(client, article):
    ReplyFactory(article=article, user_email="sam@example.com", followup=True)  # confirmed
    response = post(client, article, comment="Again, please.", followup="on")
    assert "followups" not in response["Location"]
    notice = reader_view(client, response["Location"]).select_one(".reply-notice").get_text()
    assert "confirm" not in notice


def test_confirming_before_reloading_the_page_removes_the_notice(client, article):
    response = post(client, article, comment="Please tell me of answers.", followup="on")
    Reply.objects.update(followup=True)  # confirmed by the emailed link meanwhile
    assert not reader_view(client, response["Location"]).select_one(".reply-notice__followups")
