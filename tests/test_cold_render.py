"""An article page renders little per reply (issue 14, the cold render): a reply's text is
rendered once, when it is saved, and refreshed on every path that changes it; the links and
dates under each reply are made without a URL reverse or a date formatter per reply and
read exactly as before; only the page of the thread shown is loaded; the page costs at most
12 queries whatever the number of replies and articles; and 200 replies stay under 50 KB
gzipped. Timings are never asserted here: `make bench` prints them."""

import datetime
import gzip
import importlib
import importlib.resources
import random

from django.apps import apps
from django.db import connection
from django.db.models.signals import post_init
from django.template import Context, Template, engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from blog.replies import moderation, thread
from blog.replies.models import Reply
from blog.replies.text import render_text
from blog.replies.thread import posted_at, public_thread
from home.templatetags.navigation_tags import breadcrumb_ancestors
from home.visibility import public_pages, public_pages_in_one_query, view_restrictions
from tests.factories import (
    BlogPageFactory,
    ImageFactory,
    InformationPageFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.usefixtures("no_minimum_wait", "rendered_every_time")


TEXT = 'See https://example.org/a?b=1&c=<2> and <b onmouseover="x()">this</b>\n\nSecond part.'
EDITED = "Edited: visit www.example.com/next\nthen <script>alert(1)</script>"

# Words of replies like the demo's, to make texts that compress as real ones do.
VOCABULARY = str.split(
    "ketamine session nurse anxiety sleep week month first second third treatment doctor "
    "felt better worse calm tired dizzy driving home partner therapy journal morning night "
    "appointment dose infusion nasal spray depression years medication side effects helped "
    "questions clinic waiting room blood pressure checked music eyes closed strange warm "
    "heavy light floating afterwards lunch rest day work family honest hopeful careful slow "
    "progress small steps notice change mood energy appetite thank you article sharing"
)


def thread_texts(page):
    """{entry id: its text's HTML as html.parser writes it} of the thread on `page`."""
    return {
        item["id"]: str(item.select_one(".reply__text").decode_contents())
        for item in page.select("li.reply:not(.reply--removed)")
    }


def parsed(html):
    """`html` written as html.parser writes it (attributes sorted, <br/>), to compare."""
    return str(BeautifulSoup(html, "html.parser"))


def realistic_text(rng, words=60):
    """About `words` words in two paragraphs, sometimes with an address."""
    chosen = [rng.choice(VOCABULARY) for _ in range(words)]
    text = " ".join(chosen[: words // 2]).capitalize() + ".\n\n"
    text += " ".join(chosen[words // 2 :]).capitalize() + "."
    if rng.random() < 0.2:
        text += f" https://example.org/notes/{rng.randint(1, 999)}"
    return text


def add_threaded_replies(article, count, seed=14):
    """`count` approved replies on `article`: about a third top-level, each followed by up to
    two answers (one under it, one under that)."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        parent = ReplyFactory(article=article, comment=realistic_text(rng))
        made += 1
        for _ in range(rng.choice((0, 1, 2, 2))):
            if made >= count:
                break
            parent = ReplyFactory(article=article, parent_id=parent.pk, comment=realistic_text(rng))
            made += 1


def queries_of(client, url):
    """The number of queries of an anonymous reader's GET of `url`, after a first one that
    creates image renditions and fills per-process caches (content types, site roots)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The text, rendered once -----------------------------------------------------------------


def test_stored_html_is_what_the_reader_text_filter_makes(article):
    reply = ReplyFactory(article=article, comment=TEXT)

    reply.refresh_from_db()
    assert reply.text_html == str(render_text(TEXT))
    rendered = Template("{% load replies_tags %}{{ text|reader_text }}").render(
        Context({"text": TEXT})
    )
    assert reply.text_html == rendered
    assert "<b" not in reply.text_html and 'rel="nofollow ugc noopener"' in reply.text_html


def test_the_thread_shows_the_stored_html_without_rendering_again(client, article):
    reply = ReplyFactory(article=article, comment="What the reader wrote.")
    # Stored HTML that the filter would not make proves the page copies the stored field.
    Reply.objects.filter(pk=reply.pk).update(text_html="<p>As stored.</p>")

    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert thread_texts(page)[f"reply-{reply.pk}"] == "<p>As stored.</p>"


def test_a_row_written_without_its_html_still_shows_its_text(client, article):
    reply = ReplyFactory(article=article, comment="Written by an update().")
    Reply.objects.filter(pk=reply.pk).update(text_html="")

    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert thread_texts(page)[f"reply-{reply.pk}"] == "<p>Written by an update().</p>"


def test_a_readers_edit_renders_the_new_text(client, article):
    reply = ReplyFactory(article=article, comment=TEXT)

    moderation.edit(reply, EDITED)

    reply.refresh_from_db()
    assert reply.text_html == str(render_text(EDITED))
    assert "<script" not in reply.text_html


def test_a_moderators_edit_renders_the_new_text_on_the_page(client, article, moderator):
    reply = ReplyFactory(article=article, comment=TEXT)

    moderation.edit_text(reply, EDITED, moderator)

    reply.refresh_from_db()
    assert reply.text_html == str(render_text(EDITED))
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert thread_texts(page)[f"reply-{reply.pk}"] == parsed(render_text(EDITED))


def test_an_erased_reply_keeps_none_of_its_html(article, moderator):
    reply = ReplyFactory(article=article, comment=TEXT)
    ReplyFactory(article=article, parent_id=reply.pk)

    assert moderation.delete_permanently(reply, moderator) is False

    reply.refresh_from_db()
    assert reply.comment == "" and reply.text_html == ""


def test_saving_only_the_text_saves_its_html_too(article):
    """The admin's edit form and imports save through the model, naming fields or not."""
    reply = ReplyFactory(article=article, comment=TEXT)

    reply.comment = EDITED
    reply.save(update_fields=["comment"])

    reply.refresh_from_db()
    assert reply.text_html == str(render_text(EDITED))


def test_the_migration_renders_the_text_of_existing_replies(article):
    replies = [ReplyFactory(article=article, comment=TEXT), ReplyFactory(article=article)]
    Reply.objects.update(text_html="")
    migration = importlib.import_module("blog.replies.migrations.0013_reply_text_html")

    migration.render_stored_texts(apps, None)

    for reply in replies:
        reply.refresh_from_db()
        assert reply.text_html == str(render_text(reply.comment))


# --- Links and dates, made once per page -----------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 1, 5, 0, 7, 3, tzinfo=datetime.UTC),  # the evening before there
        datetime.datetime(2026, 7, 14, 16, 0, 0, 123456, tzinfo=datetime.UTC),  # noon, summer
        datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.UTC),  # 1:30 a.m., DST ends
        datetime.datetime(2026, 3, 9, 17, 59, 59, tzinfo=datetime.UTC),  # p.m.
    ],
)
def test_reply_dates_read_as_the_date_filter_wrote_them(moment):
    expected = Template("""{{ moment|date:'c' }}|{{ moment|date:"F j, Y \\a\\t g:i a" }}""").render(
        Context({"moment": moment})
    )

    assert "|".join(posted_at(moment)) == expected


def test_links_under_each_reply_are_the_reply_and_report_pages(client, article):
    replies = [ReplyFactory(article=article) for _ in range(3)]
    replies.append(ReplyFactory(article=article, parent_id=replies[0].pk))

    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    for reply in replies:
        entry = page.select_one(f"#reply-{reply.pk}")
        respond = entry.select_one(".reply__respond")
        assert respond["href"] == reverse("replies:reply_to", args=[reply.pk])
        assert respond["data-reply-to"] == str(reply.pk)
        report = entry.select_one(".reply__report")
        assert report["href"] == reverse("replies:report", args=[reply.pk])
        assert report.get_text() == f"Report the reply by {reply.user_name}"
        when = entry.select_one(".reply__permalink time")
        local = timezone.localtime(reply.submit_date)
        assert when["datetime"] == local.isoformat()
        assert when.get_text() == posted_at(reply.submit_date)[1]


def test_reply_ids_are_printed_without_number_formatting(client, article, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    reply = ReplyFactory(article=article, id=12345)

    html = client.get(article.url).content.decode()

    assert reply.pk == 12345
    assert 'id="reply-12345"' in html and 'data-reply-to="12345"' in html
    assert "12,345" not in html


# --- Only the page shown ---------------------------------------------------------------------


@pytest.fixture
def loaded_replies(monkeypatch):
    """The replies read while the test runs, as Reply objects or as the thread's rows
    (thread.ShownReply): [Reply | ShownReply]."""
    made = []

    def record(sender, instance, **kwargs):
        made.append(instance)

    class RecordedRow(thread.ShownReply):
        __slots__ = ()

        def __init__(self, row, deepest):
            super().__init__(row, deepest)
            made.append(self)

    monkeypatch.setattr(thread, "ShownReply", RecordedRow)
    post_init.connect(record, sender=Reply)
    yield made
    post_init.disconnect(record, sender=Reply)


def test_only_the_replies_of_the_page_shown_are_loaded(client, article, settings, loaded_replies):
    settings.REPLIES_PER_PAGE = 4
    threads = []
    for _ in range(10):
        root = ReplyFactory(article=article)
        threads.append([root, ReplyFactory(article=article, parent_id=root.pk)])
    ReplyFactory(article=article, status="awaiting")
    loaded_replies.clear()

    page = BeautifulSoup(client.get(f"{article.url}?replies_page=2").content, "html.parser")

    shown = [reply for thread in threads[4:8] for reply in thread]
    assert sorted(reply.pk for reply in loaded_replies) == sorted(reply.pk for reply in shown)
    assert [item["id"] for item in page.select("li.reply")] == [f"reply-{r.pk}" for r in shown]
    assert page.select_one("#replies-heading").get_text() == "20 Replies"
    assert "Page 2 of 3" in page.get_text()


def test_a_page_beyond_the_last_shows_the_first(client, article, settings):
    settings.REPLIES_PER_PAGE = 2
    replies = [ReplyFactory(article=article) for _ in range(3)]

    page = BeautifulSoup(client.get(f"{article.url}?replies_page=9").content, "html.parser")

    assert [item["id"] for item in page.select("li.reply")] == [
        f"reply-{reply.pk}" for reply in replies[:2]
    ]


# --- What the page reads, folded --------------------------------------------------------


@pytest.fixture
def alias_of_article(article, home_page):
    """An alias of `article` published under the home page."""
    return article.create_alias(parent=home_page, update_slug="alias-of-article")


@pytest.mark.parametrize("restricted", [None, "blog_index", "article"])
def test_view_restrictions_in_one_query_are_wagtails(
    article, blog_index, alias_of_article, restricted, django_assert_num_queries
):
    """Wagtail's own rule, an alias's restrictions taken from its source included."""
    pages = {"blog_index": blog_index, "article": article}
    if restricted:
        PageViewRestriction.objects.create(
            page=pages[restricted], restriction_type=PageViewRestriction.LOGIN
        )

    for page in (article, alias_of_article):
        wagtails = set(Page.get_view_restrictions(page))
        with django_assert_num_queries(1):
            assert set(view_restrictions(page)) == wagtails
    assert bool(set(view_restrictions(alias_of_article))) == (restricted == "article")


def test_public_pages_in_one_query_are_wagtails_public_pages(article, blog_index, home_page):
    other = BlogPageFactory(parent=blog_index)
    elsewhere = BlogPageFactory(parent=home_page)
    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    pages = Page.objects.all()

    assert set(public_pages_in_one_query(pages)) == set(public_pages(pages))
    assert elsewhere.page_ptr in set(public_pages_in_one_query(pages))
    PageViewRestriction.objects.create(page=blog_index, restriction_type=PageViewRestriction.LOGIN)
    assert set(public_pages_in_one_query(pages)) == set(public_pages(pages))
    assert article.page_ptr not in set(public_pages_in_one_query(pages))


def test_changed_clinic_settings_show_at_once_though_pages_read_them_from_the_cache(
    client, article, clinic
):
    client.get(article.url)  # the settings are cached now

    clinic.clinic_name = "Lakeside Clinic"
    clinic.save()

    assert "| Lakeside Clinic</title>" in client.get(article.url).content.decode()


def menu_of(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return [link.get_text() for link in page.select(".main-nav__link")]


def test_the_cached_menu_follows_pages_published_unpublished_moved_and_deleted(
    client, article, home_page, blog_index, reviewer_profile
):
    assert menu_of(client, article.url) == [home_page.title, blog_index.title]  # cached now
    about = InformationPageFactory(parent=home_page, title="About us", show_in_menus=True)
    about.save_revision().publish()
    assert menu_of(client, article.url) == [home_page.title, blog_index.title, "About us"]

    about.unpublish()
    assert menu_of(client, article.url) == [home_page.title, blog_index.title]

    about.save_revision().publish()
    about.move(blog_index, pos="last-child")
    assert menu_of(client, article.url) == [home_page.title, blog_index.title]

    blog_index.delete()
    assert menu_of(client, home_page.url) == [home_page.title]


def test_breadcrumbs_of_a_served_article_cost_no_query_and_name_its_ancestors(
    client, article, blog_index, home_page
):
    page = BeautifulSoup(client.get(article.url).content, "html.parser")

    crumbs = [(a.get_text(), a["href"]) for a in page.select(".breadcrumbs li a")]
    assert crumbs == [
        (home_page.title, home_page.url),
        (blog_index.title, blog_index.url),
        (article.title, article.url),
    ]
    fresh = Page.objects.get(pk=article.pk).specific  # not routed: its parents unknown
    assert breadcrumb_ancestors(fresh) == [home_page.page_ptr, blog_index.page_ptr]


# --- Query budget and size -------------------------------------------------------------------


def test_article_page_costs_at_most_12_queries_however_many_replies(
    client, article, django_assert_max_num_queries
):
    add_threaded_replies(article, 5)
    with_five = queries_of(client, article.url)

    add_threaded_replies(article, 195, seed=200)
    with_two_hundred = queries_of(client, article.url)

    assert with_two_hundred == with_five
    with django_assert_max_num_queries(12):
        client.get(article.url)


def test_article_page_costs_the_same_queries_with_3_or_30_articles(
    client, article, blog_index, author, anxiety
):
    def more_articles(count):
        for _ in range(count):
            BlogPageFactory(
                parent=blog_index, authors=[author], topics=[anxiety], featured_image=ImageFactory()
            )

    add_threaded_replies(article, 20)
    more_articles(2)
    with_three = queries_of(client, article.url)

    more_articles(27)

    assert queries_of(client, article.url) == with_three <= 12


def test_article_with_200_replies_is_at_most_50_kb_gzipped(client, article):
    add_threaded_replies(article, 200)

    response = client.get(article.url)

    page = BeautifulSoup(response.content, "html.parser")
    assert len(page.select(".reply__text")) >= 100  # the first page of a long thread
    assert len(gzip.compress(response.content)) <= 50 * 1024


# The entry template before the thread was rendered in one loop: an include per entry,
# recursing into the answers. The loop must print the same document.
RECURSIVE_ENTRY = (
    importlib.resources.files("tests") / "fixtures" / "recursive_reply.html"
).read_text()


def without_blank_text(html):
    """`html` parsed, with whitespace-only text between tags dropped: the document, not its
    indentation."""
    soup = BeautifulSoup(html, "html.parser")
    for text in soup.find_all(string=True):
        if not text.strip():
            text.extract()
    return str(soup)


def test_the_thread_loop_prints_what_an_include_per_entry_printed(client, article, moderator, rf):
    first = ReplyFactory(article=article, user_url="https://example.org/me")
    answer = ReplyFactory(article=article, parent_id=first.pk)
    ReplyFactory(article=article, parent_id=answer.pk)
    ReplyFactory(article=article, parent_id=first.pk)
    removed = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=removed.pk)
    moderation.remove(removed, moderator)
    ReplyFactory(article=article, is_clinic_reply=True)
    ReplyFactory(article=article)

    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    shown = page.select_one("section.replies > ol.reply-list")
    assert shown.select("li.reply--removed") and shown.select("ol.reply-list--nested ol")

    entry = engines["django"].from_string(RECURSIVE_ENTRY)
    thread = public_thread(article, rf.get(article.url))
    before = "".join(
        entry.render({"node": node, "replies_open": article.replies_are_open, "entry": entry})
        for node in thread.page.object_list
    )
    assert without_blank_text(shown.decode_contents()) == without_blank_text(before)


def test_the_links_under_a_reply_are_apart(client, article):
    """Text-only readers and copied text read "Reply to … Report …", not "…Report" run on:
    Jinja2's trimming must leave the white space between the two links."""
    ReplyFactory(article=article, user_name="Jo")
    actions = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(
        ".reply__actions"
    )
    respond, report = actions.find_all("a")
    assert respond.next_sibling.isspace()
    assert " ".join(actions.get_text(" ").split()) == "Reply to Jo Report the reply by Jo"
