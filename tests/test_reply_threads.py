"""Threads keep every approved reply: a reply that leaves with approved answers under it
stays as a "(removed)" placeholder, counts equal what is shown, every link to a reply lands
on the page of the thread that holds it, a refused post lands at its form, and only a true
repeat is refused as one."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from blog.replies import moderation
from blog.replies.models import Reply, ReplyReport
from home import spam
from tests.factories import ReplyFactory
from tests.reply_forms import post, reader_view

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

QUEUE = "wagtailsnippets_replies_reply"
THANKS = "Thank you for sharing this!"


@pytest.fixture
def moderator_client(moderator):
    """A browser signed in to the admin as the moderator."""
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def answered(article):
    """An approved reply by Pat and Quinn's approved answer to it: (reply, answer)."""
    reply = ReplyFactory(article=article, user_name="Pat", comment="My first session was hard.")
    answer = ReplyFactory(
        article=article, parent_id=reply.pk, user_name="Quinn", comment="It gets easier."
    )
    return reply, answer


@pytest.fixture
def crowded(article, settings):
    """One approved top-level reply more than a page of the thread holds, oldest first."""
    return [ReplyFactory(article=article) for _ in range(settings.REPLIES_PER_PAGE + 1)]


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def heading(page):
    return page.select_one("#replies-heading").get_text()


def back_link(page, article):
    """Where the page's "Back to “<article title>”" link leads."""
    return page.find("a", string=f"Back to “{article.title}”")["href"]


def assert_answer_kept_under_placeholder(page, reply, answer):
    placeholder = page.select_one(f"#reply-{reply.pk}")
    assert placeholder is not None, "the reply that left has no placeholder"
    kept = placeholder.select_one(f":scope > .reply-list--nested > #reply-{answer.pk}")
    assert kept.select_one(".reply__text").get_text(strip=True) == answer.comment
    assert "No replies yet" not in page.get_text()


def page_two(article, reply, **query):
    """The address of `reply` on the second page of `article`'s thread."""
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    return f"{article.url}?replies_page=2{extra}#reply-{reply.pk}"


# --- Placeholders --------------------------------------------------------------------------


def test_answer_keeps_its_place_when_a_moderator_deletes_its_parent_permanently(
    client, article, answered, moderator_client
):
    reply, answer = answered
    response = moderator_client.post(reverse(f"{QUEUE}:delete", args=[reply.pk]))
    assert response.status_code == 302
    page = soup_of(client.get(article.url))
    assert heading(page) == "1 Reply"
    assert_answer_kept_under_placeholder(page, reply, answer)


def test_answer_keeps_its_place_when_the_reader_withdraws_its_parent(client, article, moderator):
    post(client, article, comment="My first session was hard.")
    reply = Reply.objects.get()
    moderation.approve(reply, moderator)
    answer = ReplyFactory(article=article, parent_id=reply.pk, comment="It gets easier.")
    response = client.post(f"/replies/{reply.pk}/edit/", {"withdraw": "1", "comment": ""})
    assert response.status_code == 302
    page = soup_of(Client().get(article.url))
    assert heading(page) == "1 Reply"
    assert_answer_kept_under_placeholder(page, reply, answer)


def hide_after_reports(reply, moderator):
    for n in range(3):
        ReplyReport.objects.create(reply=reply, reason="harmful", reporter_ip_hash=f"h{n}")
    assert moderation.hide_if_reported_enough(reply)


def purge_as_old_spam(reply, moderator):
    moderation.mark_spam(reply, moderator)
    Reply.objects.filter(pk=reply.pk).update(
        submit_date=timezone.now() - timezone.timedelta(days=40)
    )
    call_command("purge_spam_replies", days=30, stdout=StringIO())


WAYS_TO_LEAVE = {
    "erased on request": lambda reply, moderator: moderation.erase(reply),
    "removed": moderation.remove,
    "marked as spam": moderation.mark_spam,
    "held again after reports": hide_after_reports,
    "edited by its author": lambda reply, moderator: moderation.edit(reply, "On second thought"),
    "purged as old spam": purge_as_old_spam,
}


@pytest.mark.parametrize("leave", WAYS_TO_LEAVE.values(), ids=WAYS_TO_LEAVE.keys())
def test_answer_keeps_its_place_whatever_takes_its_parent_off_the_thread(
    client, article, answered, moderator, leave
):
    reply, answer = answered
    leave(Reply.objects.get(pk=reply.pk), moderator)
    page = soup_of(client.get(article.url))
    assert heading(page) == "1 Reply"
    assert_answer_kept_under_placeholder(page, reply, answer)


def test_placeholder_shows_nothing_of_the_reply_and_says_it_was_removed(client, article, moderator):
    reply = ReplyFactory(
        article=article, user_name="Pat", comment="Private words", user_url="https://pat.example"
    )
    ReplyFactory(article=article, parent_id=reply.pk, comment="An answer")
    moderation.remove(reply, moderator)
    page = soup_of(client.get(article.url))
    own = page.select_one(f"#reply-{reply.pk} > .reply__body")
    assert own.get_text(strip=True) == "(removed)"
    assert own["aria-label"] == "Removed reply"
    assert not own.select("a, time, button, .reply__author, .reply__text, .reply__actions")
    assert "Pat" not in own.get_text()
    html = str(page.select_one("#replies"))
    assert "Private words" not in html and "pat.example" not in html


def test_placeholders_nest_as_deep_as_the_answer_they_keep(client, article, moderator):
    top = ReplyFactory(article=article)
    middle = ReplyFactory(article=article, parent_id=top.pk)
    deepest = ReplyFactory(article=article, parent_id=middle.pk, comment="Still here")
    moderation.remove(top, moderator)
    moderation.mark_spam(middle, moderator)
    page = soup_of(client.get(article.url))
    kept = page.select_one(
        f"#reply-{top.pk} > .reply-list--nested > #reply-{middle.pk}"
        f" > .reply-list--nested > #reply-{deepest.pk}"
    )
    assert kept.select_one(".reply__text").get_text(strip=True) == "Still here"
    assert heading(page) == "1 Reply"


def test_a_reply_that_leaves_with_no_approved_answer_leaves_nothing_behind(
    client, article, moderator
):
    reply = ReplyFactory(article=article, comment="Gone")
    ReplyFactory(article=article, parent_id=reply.pk, status="awaiting", comment="Held answer")
    moderation.remove(reply, moderator)
    page = soup_of(client.get(article.url))
    assert heading(page) == "Leave a Reply"
    assert not page.select_one(f"#reply-{reply.pk}")
    assert "Held answer" not in page.get_text()


def test_answer_whose_parent_row_is_gone_is_still_shown_and_counted(client, article, answered):
    reply, answer = answered
    # What an older purge of spam did to the answers of a reply it deleted.
    Reply.objects.filter(pk=reply.pk).delete()
    page = soup_of(client.get(article.url))
    assert heading(page) == "1 Reply"
    assert_answer_kept_under_placeholder(page, reply, answer)


def test_every_count_equals_the_replies_shown(client, article, moderator):
    reply = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=reply.pk)
    ReplyFactory(article=article, parent_id=reply.pk)
    ReplyFactory(article=article, status="awaiting")
    moderation.remove(reply, moderator)
    page = soup_of(client.get(article.url))
    assert len(page.select("#replies .reply__text")) == 2
    assert heading(page) == "2 Replies"
    assert "2 replies" in page.select_one(".article__byline").get_text()
    card = soup_of(client.get("/blog/")).select_one(".article-card__meta").get_text()
    assert "2 replies" in card


# --- Every link to a reply lands on the page that holds it ---------------------------------


def test_new_top_level_reply_lands_on_the_last_page_where_it_will_appear(client, article, crowded):
    response = post(client, article, comment="Late to the conversation")
    reply = Reply.objects.get(comment="Late to the conversation")
    assert response["Location"] == page_two(article, reply, replied=reply.pk)
    page = reader_view(client, response["Location"])
    assert "Page 2 of 2" in page.select_one("#replies .pagination").get_text()
    assert page.select_one(f"#reply-{reply.pk}.reply--held")


def test_published_top_level_reply_lands_on_the_page_that_shows_it(
    moderator_client, article, crowded
):
    response = post(moderator_client, article, comment="From the clinic team")
    reply = Reply.objects.get(comment="From the clinic team")
    assert reply.is_approved
    assert response["Location"] == page_two(article, reply, replied=reply.pk)
    page = soup_of(moderator_client.get(response["Location"]))
    assert page.select_one(f"#replies > .reply-list > #reply-{reply.pk}")


def test_answer_to_a_reply_on_page_two_lands_on_page_two(client, article, crowded):
    parent = crowded[-1]
    response = post(client, article, comment="Same here", reply_to=parent.pk)
    reply = Reply.objects.get(comment="Same here")
    assert response["Location"] == page_two(article, reply, replied=reply.pk)
    page = soup_of(client.get(response["Location"]))
    assert page.select_one(f"#replies > .reply-list > #reply-{parent.pk}")


def test_permalink_counts_placeholder_threads_as_the_thread_pages_them(
    client, article, moderator, settings
):
    settings.REPLIES_PER_PAGE = 2
    removed = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=removed.pk)
    moderation.remove(removed, moderator)
    ReplyFactory(article=article)
    third = ReplyFactory(article=article)
    answer = ReplyFactory(article=article, parent_id=third.pk)
    for reply in (third, answer):
        response = client.get(f"/replies/{reply.pk}/")
        assert response["Location"] == page_two(article, reply)
        assert soup_of(client.get(response["Location"])).select_one(f"#reply-{reply.pk}")


def test_email_link_leads_to_the_page_that_holds_the_reply(
    client, article, moderator, settings, django_capture_on_commit_callbacks
):
    settings.REPLIES_PER_PAGE = 2
    removed = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=removed.pk)
    moderation.remove(removed, moderator)
    ReplyFactory(article=article)
    follower = ReplyFactory(article=article, followup=True, user_email="fan@example.com")
    answer = ReplyFactory(article=article, parent_id=follower.pk, status="awaiting")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(answer, moderator)
    [email] = [m for m in mail.outbox if m.to == ["fan@example.com"]]
    link = next(line for line in email.body.splitlines() if "/replies/" in line)
    response = client.get(link[link.index("/replies/") :])
    assert response["Location"] == page_two(article, answer)


def test_moderation_links_lead_to_the_page_that_holds_the_reply(moderator_client, article, crowded):
    held = ReplyFactory(article=article, parent_id=crowded[-1].pk, status="awaiting")
    queue = soup_of(moderator_client.get(reverse(f"{QUEUE}:list")))
    row = queue.select_one(f"tr:has([data-object-id='{held.pk}'])")
    assert row.find("a", string=article.title)["href"] == page_two(article, held)
    reply_page = soup_of(moderator_client.get(reverse(f"{QUEUE}:edit", args=[held.pk])))
    assert reply_page.find("a", string=article.title)["href"] == page_two(article, held)

    answered = moderator_client.post(
        reverse(f"{QUEUE}:answer", args=[held.pk]), {"answer": "Thank you."}, follow=True
    )
    answer = Reply.objects.get(is_clinic_reply=True)
    assert soup_of(answered).find("a", string="View")["href"] == page_two(article, answer)


def test_reply_pages_lead_back_to_the_page_that_holds_the_reply(client, article, crowded):
    last = crowded[-1]
    for address in (f"/replies/reply/{last.pk}/", f"/replies/{last.pk}/report/"):
        page = soup_of(client.get(address))
        assert back_link(page, article) == page_two(article, last)
    post(client, article, comment="Me too", reply_to=last.pk)
    mine = Reply.objects.get(comment="Me too")
    page = soup_of(client.get(f"/replies/{mine.pk}/edit/"))
    assert back_link(page, article) == page_two(article, mine)


def test_editing_and_reporting_land_on_the_page_that_holds_the_reply(client, article, crowded):
    post(client, article, comment="Me tooo", reply_to=crowded[-1].pk)
    mine = Reply.objects.get(comment="Me tooo")
    response = client.post(f"/replies/{mine.pk}/edit/", {"comment": "Me too"})
    assert response["Location"] == page_two(article, mine, replied=mine.pk)
    report = Client().post(f"/replies/{crowded[-1].pk}/report/", {"reason": "spam"})
    assert report["Location"] == page_two(article, crowded[-1], reported=crowded[-1].pk)


def test_own_published_reply_links_to_the_page_that_shows_it(moderator_client, article, crowded):
    post(moderator_client, article, comment="Glad it helped", reply_to=crowded[-1].pk)
    mine = Reply.objects.get(comment="Glad it helped")
    page = reader_view(moderator_client, article.url)
    link = page.select_one(".reply--own").find("a", string="is published")
    assert link["href"] == page_two(article, mine)


# --- Refusals land at the form -------------------------------------------------------------


def with_an_email_browsers_accept(article, settings, parent):
    return {"email": "jane@example"}, 400, "Please give a valid email address"


def as_a_bot_would(article, settings, parent):
    return {spam.HONEYPOT_FIELD: "http://spam.example"}, 400, spam.REFUSALS[spam.AUTOMATED]


def over_the_rate_limit(article, settings, parent):
    settings.REPLIES_RATE_LIMIT_PER_IP = (0, 600)
    return {}, 429, "You have sent several replies in a short time."


def as_a_repeat(article, settings, parent):
    ReplyFactory(
        article=article,
        parent_id=parent.pk,
        status="awaiting",
        user_email="sam@example.com",
        comment=THANKS,
    )
    return {}, 409, "You have already sent this reply. It is waiting for a moderator."


def after_replies_closed(article, settings, parent):
    article.replies_open = False
    article.save()
    return {}, 403, "Replies are closed."


REFUSALS = {
    "field error": with_an_email_browsers_accept,
    "anti-bot": as_a_bot_would,
    "rate limit": over_the_rate_limit,
    "duplicate": as_a_repeat,
    "replies closed": after_replies_closed,
}


@pytest.mark.parametrize("refuse", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused_answer_lands_at_its_form_with_the_reason_focused_and_the_text_kept(
    client, article, settings, refuse
):
    parent = ReplyFactory(article=article, user_name="Pat", comment="Does it hurt?")
    fields, status, reason = refuse(article, settings, parent)
    response = post(client, article, reply_to=parent.pk, comment=THANKS, **fields)
    assert response.status_code == status
    page = soup_of(response)
    assert not page.select_one("article.article, #replies")  # not the article again
    assert page.h1.get_text() == "Reply to Pat"
    assert "Does it hurt?" in page.select_one(".reply-page__quote").get_text()
    back = back_link(page, article)
    assert back == f"{article.url}#reply-{parent.pk}"
    summary = page.select_one("#reply-form-errors")
    assert reason in summary.get_text()
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    assert len(page.select("[autofocus]")) == 1
    assert page.select_one("textarea").get_text().strip() == THANKS
    if article.replies_open:
        assert page.find("a", string="Cancel reply")["href"] == back
        assert page.select_one("input[name=reply_to]")["value"] == str(parent.pk)
    assert not Reply.objects.filter(comment=THANKS, status="approved").exists()


def test_refused_new_reply_lands_at_the_form_with_each_problem_linked(client, article):
    response = post(client, article, comment="", email="jane@example")
    assert response.status_code == 400
    page = soup_of(response)
    assert page.h1.get_text() == "Leave a Reply"
    assert back_link(page, article) == article.url
    summary = page.select_one("#reply-form-errors")
    links = {link["href"]: link.get_text() for link in summary.select("a")}
    assert set(links) == {"#id_comment", "#id_email"}
    assert page.select_one("#id_email")["value"] == "jane@example"


# --- Repeats -------------------------------------------------------------------------------


def test_same_words_to_another_reply_are_a_new_reply(client, article):
    first, second = ReplyFactory(article=article), ReplyFactory(article=article)
    assert post(client, article, reply_to=first.pk, comment=THANKS).status_code == 302
    assert post(client, article, reply_to=second.pk, comment=THANKS).status_code == 302
    assert Reply.objects.filter(comment=THANKS).count() == 2


@pytest.mark.parametrize(
    "leave", [moderation.mark_spam, moderation.remove], ids=["spam", "removed"]
)
def test_same_words_after_the_first_was_taken_off_are_a_new_reply(
    client, article, moderator, leave
):
    parent = ReplyFactory(article=article)
    post(client, article, reply_to=parent.pk, comment=THANKS)
    leave(Reply.objects.get(comment=THANKS), moderator)
    assert post(client, article, reply_to=parent.pk, comment=THANKS).status_code == 302
    assert Reply.objects.filter(comment=THANKS).count() == 2


def test_same_words_to_the_same_reply_while_the_first_waits_are_refused(client, article):
    parent = ReplyFactory(article=article)
    post(client, article, reply_to=parent.pk, comment=THANKS)
    response = post(client, article, reply_to=parent.pk, comment="  Thank you  for sharing\nthis! ")
    assert response.status_code == 409
    assert (
        soup_of(response).select_one("#reply-form-error").get_text()
        == "You have already sent this reply. It is waiting for a moderator."
    )
    assert Reply.objects.count() == 2


def test_same_words_already_published_there_are_refused_as_published(client, article, moderator):
    parent = ReplyFactory(article=article)
    post(client, article, reply_to=parent.pk, comment=THANKS)
    moderation.approve(Reply.objects.get(comment=THANKS), moderator)
    response = post(client, article, reply_to=parent.pk, comment=THANKS)
    assert response.status_code == 409
    reason = soup_of(response).select_one("#reply-form-error").get_text()
    assert "published" in reason and "waiting" not in reason
    assert Reply.objects.filter(comment=THANKS).count() == 1


def test_same_words_from_another_reader_are_a_new_reply(client, article):
    parent = ReplyFactory(article=article)
    post(client, article, reply_to=parent.pk, comment=THANKS)
    other = post(Client(), article, reply_to=parent.pk, comment=THANKS, email="kim@example.com")
    assert other.status_code == 302
