"""The moderators' tools of the queue (issue 17): status views with counts, search in every
status, answering inline, the whole thread on a reply's page, the clinic answering as the
clinic, why a reply was held, blocking a reader, pinning the clinic's answer."""

import hashlib
import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from blog.replies.blocking import block_key
from blog.replies.models import ReaderBlock, Reply
from tests.factories import ReplyFactory
from tests.reply_forms import form_data, post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

QUEUE = "wagtailsnippets_replies_reply"


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def url(name, *args):
    return reverse(f"{QUEUE}:{name}", args=args)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def row_ids(response):
    rows = soup_of(response).select("table.listing tbody tr")
    return {int(row.select_one("[data-object-id]")["data-object-id"]) for row in rows}


def last_log(reply):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Reply), object_id=str(reply.pk)
    ).latest("timestamp", "pk")


def held(article, **fields):
    return ReplyFactory(article=article, **{"status": "awaiting", "held_reason": "policy"} | fields)


# --- Status views --------------------------------------------------------------------------


def status_links(response):
    nav = soup_of(response).select_one("nav[aria-label='Replies by status']")
    return [(a.get_text(strip=True), a.get("aria-current")) for a in nav.select("a")]


def test_status_views_show_counts_and_the_current_view(moderator_client, article):
    for _ in range(2):
        held(article)
    for _ in range(3):
        ReplyFactory(article=article)
    ReplyFactory(article=article, status="spam")
    assert status_links(moderator_client.get(url("list"))) == [
        ("Awaiting (2)", "page"),
        ("Approved (3)", None),
        ("Spam (1)", None),
        ("Removed (0)", None),
        ("All", None),
    ]
    spam_view = moderator_client.get(url("list"), {"status": "spam"})
    assert ("Spam (1)", "page") in status_links(spam_view)


def test_status_counts_are_one_query_however_many_replies(moderator_client, article):
    def counting_queries():
        with CaptureQueriesContext(connection) as queries:
            moderator_client.get(url("list"))
        return [q["sql"] for q in queries if "replies_reply" in q["sql"] and "COUNT" in q["sql"]]

    held(article)
    few = counting_queries()
    for status in ("awaiting", "approved", "spam", "removed") * 5:
        ReplyFactory(article=article, status=status)
    assert len(counting_queries()) == len(few)
    # menu, dashboard badge and the four counts: one aggregate
    assert len([sql for sql in few if 'AS "spam"' in sql]) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("awaiting", "No replies awaiting moderation."),
        ("approved", "No approved replies."),
        ("spam", "No spam."),
        ("removed", "No removed replies."),
        ("all", "No replies."),
    ],
)
def test_an_empty_view_says_which_view_is_empty(moderator_client, db, status, message):
    response = moderator_client.get(url("list"), {"status": status})
    assert message in soup_of(response).get_text(" ", strip=True)


def test_search_with_no_status_chosen_finds_replies_in_every_status(moderator_client, article):
    found = {
        status: ReplyFactory(article=article, status=status, comment=f"Dosing question {status}")
        for status in ("awaiting", "approved", "spam", "removed")
    }
    ReplyFactory(article=article, status="awaiting", comment="Something else")
    response = moderator_client.get(url("list"), {"q": "dosing"})
    assert row_ids(response) == {reply.pk for reply in found.values()}
    assert ("All", "page") in status_links(response)


def test_search_within_a_view_stays_in_that_view(moderator_client, article):
    approved = ReplyFactory(article=article, comment="Dosing question")
    ReplyFactory(article=article, status="spam", comment="Dosing spam")
    response = moderator_client.get(url("list"), {"q": "dosing", "status": "approved"})
    assert row_ids(response) == {approved.pk}
    links = soup_of(response).select("nav[aria-label='Replies by status'] a")
    assert all("q=dosing" in link["href"] for link in links)
    empty = moderator_client.get(url("list"), {"q": "dosing", "status": "removed"})
    assert "No removed replies matching “dosing”." in soup_of(empty).get_text(" ", strip=True)


# --- Why held, and the admin's words -------------------------------------------------------


def test_why_a_reply_was_held_stays_visible_after_approval(moderator_client, article):
    reply = held(article, mentions_crisis=True, held_reason="crisis")
    moderator_client.post(url("approve", reply.pk))
    reply.refresh_from_db()
    assert reply.is_approved and reply.held_reason == "crisis"
    approved = soup_of(moderator_client.get(url("list"), {"status": "approved"}))
    row = approved.select_one(f"tr:has([data-object-id='{reply.pk}'])")
    assert "Mentions self-harm or suicide" in row.get_text(" ", strip=True)
    page = soup_of(moderator_client.get(url("edit", reply.pk))).get_text(" ", strip=True)
    assert "Why it was held Mentions self-harm or suicide" in page


def visible_words(response):
    soup = soup_of(response)
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    labels = [
        value
        for tag in soup.find_all(True)
        for name, value in tag.attrs.items()
        if name in ("aria-label", "title", "placeholder", "alt")
    ]
    return " ".join([soup.get_text(" ", strip=True), *map(str, labels)])


def test_the_admin_says_reply_never_snippet(moderator_client, article):
    reply = held(article)
    bulk = reverse("wagtail_bulk_action", args=("replies", "reply", "approve"))
    bulk_delete = reverse("wagtail_bulk_action", args=("replies", "reply", "delete"))
    pages = [
        moderator_client.get(url("list")),
        moderator_client.get(url("list"), {"q": "nothing like it"}),
        moderator_client.get(url("edit", reply.pk)),
        moderator_client.get(url("history", reply.pk)),
        moderator_client.get(url("delete", reply.pk)),
        moderator_client.get(f"{bulk}?id={reply.pk}"),
        moderator_client.get(f"{bulk_delete}?id={reply.pk}"),
        moderator_client.post(url("approve", reply.pk), follow=True),
        moderator_client.post(url("delete", reply.pk), follow=True),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "snippet" not in visible_words(response).lower(), response.request["PATH_INFO"]
    footer = soup_of(pages[0]).select_one("[data-bulk-action-footer]")
    assert footer["data-bulk-action-footer"] != "SNIPPET"  # "1 snippet selected"


# --- The clinic answers as the clinic ------------------------------------------------------


def test_the_clinic_answers_under_its_name_with_a_badge_and_no_report_link(
    moderator_client, client, article
):
    question = ReplyFactory(article=article, user_name="Ana")
    moderator_client.post(
        url("answer", question.pk),
        {"answer": "Call us on (706) 286-8344 or +44 20 7946 0958, any weekday in 2025-26."},
    )
    answer = Reply.objects.get(is_clinic_reply=True)
    assert answer.user_name == "Ashford Ketamine Clinic"  # Clinic settings, not Morgan Lee
    shown = soup_of(client.get(article.url)).select_one(f"#reply-{answer.pk}")
    author = shown.select_one(".reply__author").get_text(" ", strip=True)
    assert author == "Ashford Ketamine Clinic Clinic" and "Morgan" not in shown.get_text()
    assert shown.select_one(".reply__badge").get_text() == "Clinic"
    assert not shown.select_one(".reply__report")
    assert client.get(reverse("replies:report", args=[answer.pk])).status_code == 404
    links = {a.get_text(): a["href"] for a in shown.select(".reply__text a")}
    assert links == {"(706) 286-8344": "tel:+17062868344", "+44 20 7946 0958": "tel:+442079460958"}


def test_a_readers_phone_number_stays_plain_text(client, article):
    reply = ReplyFactory(article=article, comment="Call me on (706) 555-0100")
    shown = soup_of(client.get(article.url)).select_one(f"#reply-{reply.pk}")
    assert not shown.select(".reply__text a")
    assert shown.select_one(".reply__report")


def test_a_phone_number_inside_a_link_of_the_clinic_is_left_alone(article):
    from blog.replies.templatetags.replies_tags import clinic_text

    html = str(clinic_text("See https://example.com/706-286-8344 or 706-286-8344."))
    assert html.count("tel:") == 1 and 'href="https://example.com/706-286-8344"' in html


# --- Blocking a reader ---------------------------------------------------------------------


@pytest.fixture
def troll(article):
    return ReplyFactory(
        article=article, user_email="Troll@Example.com", ip_address="203.0.113.9", comment="Hi"
    )


def block(moderator_client, reply, **choices):
    return moderator_client.post(url("block", reply.pk), choices, follow=True)


def test_a_blocked_email_sends_the_next_replies_to_spam(moderator_client, article, troll):
    reader = Client()
    response = block(moderator_client, troll, email="on", note="Abusive")
    assert "Blocked by email address" in response.content.decode()
    post(reader, article, email="troll@example.com", comment="Again")
    again = Reply.objects.get(comment="Again")
    assert again.is_spam and again.spam_rule == "blocked_reader"
    post(reader, article, email="someone@example.com", comment="Someone else")
    assert not Reply.objects.get(comment="Someone else").is_spam
    assert last_log(troll).action == "replies.block"


def test_a_blocked_network_address_keeps_only_a_keyed_hash_and_expires_with_ips(
    moderator_client, article, troll, settings
):
    settings.REPLIES_BLOCK_DAYS = 90
    block(moderator_client, troll, address="on")
    stored = ReaderBlock.objects.get()
    assert stored.kind == "address" and "203.0.113.9" not in str(vars(stored).values())
    assert stored.key == block_key("203.0.113.9") != hashlib.sha256(b"203.0.113.9").hexdigest()
    days = (stored.expires_at - timezone.now()).days
    assert days < settings.REPLIES_IP_KEPT_DAYS <= 30
    Client().post(
        f"/replies/post/{article.pk}/",
        form_data(article, email="new@example.com", comment="From the same place"),
        REMOTE_ADDR="203.0.113.9",
    )
    assert Reply.objects.get(comment="From the same place").is_spam


def test_blocks_are_listed_masked_and_can_be_lifted(moderator_client, article, troll):
    block(moderator_client, troll, email="on")
    listing = moderator_client.get(reverse("wagtailsnippets_replies_readerblock:list"))
    text = soup_of(listing).get_text(" ", strip=True)
    assert "T•••@Example.com" in text and "Troll@Example.com" not in text
    stored = ReaderBlock.objects.get()
    lift = reverse("wagtailsnippets_replies_readerblock:delete", args=[stored.pk])
    confirm = moderator_client.get(lift)
    assert "Lift this block" in confirm.content.decode()
    bulk_lift = reverse("wagtail_bulk_action", args=("replies", "readerblock", "delete"))
    bulk = moderator_client.get(f"{bulk_lift}?id={stored.pk}")
    for page in (listing, confirm, bulk, moderator_client.get(url("edit", troll.pk))):
        words = visible_words(page).lower()
        assert "snippet" not in words, words[
            words.find("snippet") - 200 : words.find("snippet") + 50
        ]
    moderator_client.post(lift)
    assert not ReaderBlock.objects.exists()
    post(Client(), article, email="troll@example.com", comment="After the lift")
    assert not Reply.objects.get(comment="After the lift").is_spam


def test_expired_blocks_stop_and_are_purged(moderator_client, article, troll):
    block(moderator_client, troll, email="on")
    ReaderBlock.objects.update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    post(Client(), article, email="troll@example.com", comment="Later")
    assert not Reply.objects.get(comment="Later").is_spam
    assert not soup_of(
        moderator_client.get(reverse("wagtailsnippets_replies_readerblock:list"))
    ).select("table.listing tbody tr")
    call_command("purge_comment_ips", stdout=io.StringIO())
    assert not ReaderBlock.objects.exists()


def test_blocking_needs_a_choice(moderator_client, troll):
    response = moderator_client.post(url("block", troll.pk), {})
    assert "Choose the email address, the network address or both." in response.content.decode()
    assert not ReaderBlock.objects.exists()


# --- Pinning the clinic's answer -----------------------------------------------------------


def clinic_answer(moderator_client, question, text):
    moderator_client.post(url("answer", question.pk), {"answer": text})
    return Reply.objects.get(is_clinic_reply=True, comment=text)


def test_a_pinned_clinic_answer_is_shown_first_labelled(moderator_client, article):
    question = ReplyFactory(article=article, comment="How many sessions?")
    later = ReplyFactory(article=article, comment="A later thread")
    answer = clinic_answer(moderator_client, question, "Usually six, call 706-286-8344.")
    moderator_client.post(url("pin", answer.pk))
    page = soup_of(Client().get(article.url))
    pinned = page.select_one("#replies .replies__pinned")
    assert pinned.select_one(".replies__pinned-label").get_text() == "Pinned by the clinic"
    assert "Usually six" in pinned.get_text() and pinned.select_one("a[href^='tel:']")
    assert pinned.select_one(".reply__badge").get_text() == "Clinic"
    link = pinned.select_one(".reply__actions a")
    assert "See it in the conversation" in link.get_text()
    assert link["href"].endswith(f"#reply-{answer.pk}")
    first, *threads = page.select("#replies .replies__pinned, #replies li.reply")
    assert first is pinned and f"reply-{later.pk}" in [li["id"] for li in threads]


def test_pinning_another_answer_unpins_the_first(moderator_client, article):
    first = clinic_answer(moderator_client, ReplyFactory(article=article), "First word")
    second = clinic_answer(moderator_client, ReplyFactory(article=article), "Second word")
    moderator_client.post(url("pin", first.pk))
    moderator_client.post(url("pin", second.pk))
    assert list(Reply.objects.exclude(pinned_on=None).values_list("pk", flat=True)) == [second.pk]
    assert last_log(first).action == "replies.unpin"
    moderator_client.post(url("unpin", second.pk))
    assert not Reply.objects.exclude(pinned_on=None).exists()
    assert not soup_of(Client().get(article.url)).select(".replies__pinned")


def test_the_database_keeps_one_pinned_answer_per_article(moderator_client, article):
    first = clinic_answer(moderator_client, ReplyFactory(article=article), "One")
    second = clinic_answer(moderator_client, ReplyFactory(article=article), "Two")
    Reply.objects.filter(pk=first.pk).update(pinned_on=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.filter(pk=second.pk).update(pinned_on=article)
    Reply.objects.filter(pk=first.pk).update(pinned_on=None)
    reader = ReplyFactory(article=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reply.objects.filter(pk=reader.pk).update(pinned_on=article)  # not the clinic's


def test_only_an_approved_clinic_answer_can_be_pinned(moderator_client, article):
    reader = ReplyFactory(article=article)
    response = moderator_client.post(url("pin", reader.pk), follow=True)
    assert "Only an approved answer of the clinic can be pinned." in response.content.decode()
    assert not Reply.objects.exclude(pinned_on=None).exists()


def test_the_pinned_answer_costs_no_query_of_its_own(moderator_client, article, settings):
    settings.PAGE_CACHE_ENABLED = False  # counts the queries of a render, not of a cached copy
    answer = clinic_answer(moderator_client, ReplyFactory(article=article), "Pinned")
    reader = Client()
    reader.get(article.url)
    with CaptureQueriesContext(connection) as before:
        reader.get(article.url)
    moderator_client.post(url("pin", answer.pk))
    with CaptureQueriesContext(connection) as after:
        response = reader.get(article.url)
    # The thread's own query says which answer is pinned, and this one is on the page shown.
    assert len(after) == len(before)
    assert "Pinned by the clinic" in response.content.decode()


def test_the_pinned_answer_shows_on_every_page_of_the_thread(moderator_client, article, settings):
    settings.REPLIES_PER_PAGE = 1
    answer = clinic_answer(moderator_client, ReplyFactory(article=article), "Pinned on page 1")
    ReplyFactory(article=article, comment="A second thread, on page 2")
    moderator_client.post(url("pin", answer.pk))

    page_two = Client().get(article.url, {"replies_page": 2}).content.decode()
    assert "A second thread, on page 2" in page_two
    pinned = soup_of_html(page_two).select_one(".replies__pinned")
    assert "Pinned on page 1" in pinned.get_text()
    assert pinned.select_one("a")["href"] == f"{article.url}#reply-{answer.pk}"


def soup_of_html(html):
    return BeautifulSoup(html, "html.parser")


# --- Answering inline ----------------------------------------------------------------------


def test_each_answerable_row_offers_an_answer_box(moderator_client, article):
    waiting = held(article, user_name="Ana")
    spam = ReplyFactory(article=article, status="spam")
    page = soup_of(moderator_client.get(url("list"), {"status": "all"}))
    row = page.select_one(f"tr[data-reply-row='{waiting.pk}']")
    assert row["tabindex"] == "0"
    toggle = row.select_one("[data-reply-answer]")
    assert toggle.get_text(" ", strip=True).startswith("Reply")
    assert toggle["href"] == url("edit", waiting.pk) + "#answer-heading"  # without script
    form = row.select_one(f"template[data-reply-answer-form='{waiting.pk}'] form")
    assert form["action"] == url("answer", waiting.pk)
    assert form.select_one("textarea[name=answer]")
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert "Approve and publish answer" in str(form)
    assert not page.select_one(f"tr[data-reply-row='{spam.pk}'] [data-reply-answer]")
    assert page.find("script", src=lambda src: src and "reply_queue.js" in src)


def test_an_answer_from_the_queue_goes_back_to_the_queue(moderator_client, article):
    question = held(article)
    queue = url("list") + "?status=all"
    response = moderator_client.post(
        url("answer", question.pk), {"answer": "We can help.", "next": queue}
    )
    assert response.status_code == 302 and response["Location"] == queue
    answer = Reply.objects.get(is_clinic_reply=True)
    assert answer.parent_id == question.pk and answer.is_approved
    question.refresh_from_db()
    assert question.is_approved
    refused = moderator_client.post(url("answer", question.pk), {"answer": " ", "next": queue})
    assert refused.status_code == 200  # the reply's page, with the error by the field
    assert Reply.objects.filter(is_clinic_reply=True).count() == 1


def test_a_replys_page_shows_its_whole_thread_with_statuses(moderator_client, article):
    root = ReplyFactory(article=article, comment="Root question")
    sibling = ReplyFactory(article=article, parent_id=root.pk, status="spam", comment="Buy pills")
    middle = held(article, parent_id=root.pk, comment="Me too")
    below = ReplyFactory(article=article, parent_id=middle.pk, status="removed", comment="Gone")
    ReplyFactory(article=article, comment="Another thread")
    page = soup_of(moderator_client.get(url("edit", middle.pk)))
    thread = page.select_one("section[aria-labelledby=thread-heading]")
    shown = [int(li["data-thread-reply"]) for li in thread.select("li")]
    assert sorted(shown) == sorted([root.pk, sibling.pk, middle.pk, below.pk])
    top = thread.select_one(f"li[data-thread-reply='{root.pk}']")
    assert "Approved" in top.get_text() and top.select_one(f"li[data-thread-reply='{below.pk}']")
    assert "Spam" in thread.select_one(f"li[data-thread-reply='{sibling.pk}']").get_text()
    current = thread.select_one(f"li[data-thread-reply='{middle.pk}']")
    assert current.select_one("[aria-current]") and "Awaiting moderation" in current.get_text()
    assert top.select_one("a")["href"] == url("edit", root.pk)


@pytest.mark.django_db(transaction=True)
def test_migrating_signs_earlier_clinic_answers_with_the_clinic_name(migrated_db):
    before, after = (
        ("replies", "0009_once_only_reply_emails"),
        [("replies", "0010_clinic_answers_signed_by_the_clinic")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state(
        [before, ("home", "0005_medical_disclaimer_without_crisis_line")]
    ).apps
    site = old.get_model("wagtailcore", "Site").objects.get(is_default_site=True)
    old.get_model("home", "ClinicSettings").objects.create(
        site=site, clinic_name="Ashford Ketamine Clinic", phone="1", email="a@example.com"
    )
    content_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="blog", model="blogpage"
    )
    fields = {"content_type": content_type, "object_pk": "1", "site_id": 1, "comment": "Hi"}
    old_reply = old.get_model("replies", "Reply")
    answer = old_reply.objects.create(
        user_name="Morgan Lee", is_clinic_reply=True, submit_date=timezone.now(), **fields
    )
    reader = old_reply.objects.create(user_name="Ana", submit_date=timezone.now(), **fields)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    names = dict(Reply.objects.filter(pk__in=[answer.pk, reader.pk]).values_list("pk", "user_name"))
    assert names == {answer.pk: "Ashford Ketamine Clinic", reader.pk: "Ana"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
