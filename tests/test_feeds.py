"""The blog's RSS and Atom feeds: valid XML, absolute links, right dates, a fixed query cost."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from defusedxml import ElementTree

from tests.factories import AuthorFactory, BlogPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
JANUARY = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
MARCH = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)


def feed_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


@pytest.fixture
def anxiety_article(blog_index, author, anxiety, clinic):
    article = BlogPageFactory(
        parent=blog_index,
        title="Ketamine & anxiety: what to expect",
        slug="ketamine-anxiety-what-to-expect",
        intro="Doses < 1 mg/kg & <b>close</b> monitoring.",
        date_published=JANUARY,
        authors=[author, AuthorFactory(name="Sam Okafor")],
        topics=[anxiety],
    )
    article.tags.add("first visit")
    article.save()
    return article


@pytest.fixture
def ptsd_article(blog_index, author, ptsd, clinic):
    return BlogPageFactory(
        parent=blog_index,
        title="PTSD and ketamine",
        slug="ptsd-and-ketamine",
        date_published=MARCH,
        authors=[author],
        topics=[ptsd],
    )


@pytest.fixture
def feed_articles(anxiety_article, ptsd_article):
    """Two live articles, newest first, with the publish times the database gave them."""
    for article in (ptsd_article, anxiety_article):
        article.refresh_from_db()
    return [ptsd_article, anxiety_article]


@pytest.fixture
def rss_channel(client, feed_articles):
    rss = feed_xml(client, "/blog/feed/")
    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    return rss.find("channel")


@pytest.fixture
def atom_feed(client, feed_articles):
    return feed_xml(client, "/blog/feed/atom/")


def test_rss_feed_has_channel_title_link_and_description(client, rss_channel, blog_index):
    assert client.get("/blog/feed/")["Content-Type"].startswith("application/rss+xml")
    assert rss_channel.findtext("title") == "Ashford Ketamine Clinic — Blog"
    assert rss_channel.findtext("link") == blog_index.get_full_url()
    assert rss_channel.findtext("description") == blog_index.intro


def test_rss_items_have_title_link_guid_date_and_description(rss_channel):
    items = rss_channel.findall("item")
    assert len(items) == 2
    for item in items:
        for element in ("title", "link", "guid", "pubDate", "description"):
            assert item.findtext(element), element
        assert item.find("guid").get("isPermaLink") == "true"


def test_rss_items_are_newest_first_with_their_publication_dates(rss_channel, feed_articles):
    items = rss_channel.findall("item")
    assert [unescape(item.findtext("title")) for item in items] == [
        article.title for article in feed_articles
    ]
    assert [parsedate_to_datetime(item.findtext("pubDate")) for item in items] == [MARCH, JANUARY]


def test_feed_links_and_guids_are_absolute_article_urls(rss_channel, feed_articles):
    for item, article in zip(rss_channel.findall("item"), feed_articles, strict=True):
        assert item.findtext("link").startswith("http://")
        assert item.findtext("link") == article.get_full_url()
        assert item.findtext("guid") == article.get_full_url()


def test_rss_item_carries_authors_and_topics_and_tags_as_categories(rss_channel):
    anxiety_item = rss_channel.findall("item")[1]
    assert anxiety_item.findtext(f"{DUBLIN_CORE}creator") == "Dana Reyes and Sam Okafor"
    assert [category.text for category in anxiety_item.findall("category")] == [
        "Anxiety",
        "first visit",
    ]


def test_intro_reaches_feed_readers_as_text_never_as_markup(rss_channel, atom_feed):
    """Readers render descriptions as HTML: the intro's "<" and "&" must arrive escaped."""
    description = rss_channel.findall("item")[1].findtext("description")
    assert description == "Doses &lt; 1 mg/kg &amp; &lt;b&gt;close&lt;/b&gt; monitoring."
    assert unescape(description) == "Doses < 1 mg/kg & <b>close</b> monitoring."
    summary = atom_feed.findall(f"{ATOM}entry")[1].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == description


def test_titles_are_escaped_once_for_rss_and_left_as_text_for_atom(rss_channel, atom_feed):
    assert rss_channel.findall("item")[1].findtext("title") == (
        "Ketamine &amp; anxiety: what to expect"
    )
    assert atom_feed.findall(f"{ATOM}entry")[1].findtext(f"{ATOM}title") == (
        "Ketamine & anxiety: what to expect"
    )


def test_atom_feed_has_title_id_updated_and_entries(client, atom_feed, feed_articles, blog_index):
    assert client.get("/blog/feed/atom/")["Content-Type"].startswith("application/atom+xml")
    assert atom_feed.tag == f"{ATOM}feed"
    assert atom_feed.findtext(f"{ATOM}title") == "Ashford Ketamine Clinic — Blog"
    assert atom_feed.findtext(f"{ATOM}id") == blog_index.get_full_url()
    latest_publish = max(article.last_published_at for article in feed_articles)
    assert datetime.fromisoformat(atom_feed.findtext(f"{ATOM}updated")) == latest_publish
    entries = atom_feed.findall(f"{ATOM}entry")
    assert len(entries) == len(feed_articles)
    for entry, article in zip(entries, feed_articles, strict=True):
        assert entry.findtext(f"{ATOM}title") == article.title
        assert entry.find(f"{ATOM}link").get("href") == article.get_full_url()
        assert entry.findtext(f"{ATOM}id") == article.get_full_url()
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == article.published_at
        updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert updated == article.last_published_at


def test_atom_entry_is_never_updated_before_it_was_published(client, blog_index, clinic):
    """An editor may date an article later than its last publish; `updated` follows suit."""
    later = datetime.now(UTC) + timedelta(days=3)
    BlogPageFactory(parent=blog_index, date_published=later)
    entry = feed_xml(client, "/blog/feed/atom/").find(f"{ATOM}entry")
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == later
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == later


def test_topic_feed_lists_only_that_topics_articles(client, feed_articles, blog_index):
    channel = feed_xml(client, "/blog/topic/ptsd/feed/").find("channel")
    assert channel.findtext("title") == "Ashford Ketamine Clinic — PTSD"
    assert channel.findtext("link") == f"{blog_index.get_full_url()}topic/ptsd/"
    assert [item.findtext("title") for item in channel.findall("item")] == ["PTSD and ketamine"]


def test_feed_of_unknown_topic_is_404(client, feed_articles):
    assert client.get("/blog/topic/no-such-topic/feed/").status_code == 404


def test_drafts_and_private_articles_stay_out_of_feeds(client, feed_articles, blog_index):
    BlogPageFactory(parent=blog_index, title="Draft", live=False, date_published=MARCH)
    private = BlogPageFactory(parent=blog_index, title="Private", date_published=MARCH)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for url in ("/blog/feed/", "/blog/topic/ptsd/feed/"):
        titles = [item.findtext("title") for item in feed_xml(client, url).iter("item")]
        assert "Draft" not in titles
        assert "Private" not in titles


def test_feed_holds_the_latest_twenty_articles(client, blog_index, clinic):
    for day in range(22):
        BlogPageFactory(parent=blog_index, date_published=JANUARY + timedelta(days=day))
    items = feed_xml(client, "/blog/feed/").find("channel").findall("item")
    assert len(items) == 20
    newest = parsedate_to_datetime(items[0].findtext("pubDate"))
    assert newest == JANUARY + timedelta(days=21)


def test_empty_blog_still_has_a_valid_feed(client, blog_index, clinic):
    channel = feed_xml(client, "/blog/feed/").find("channel")
    assert channel.findtext("title") == "Ashford Ketamine Clinic — Blog"
    assert channel.findall("item") == []


def build_articles(blog_index, count, topic):
    """`count` articles, each with two authors, a topic and two tags, as editors make them."""
    authors = [AuthorFactory(), AuthorFactory()]
    for day in range(count):
        article = BlogPageFactory(
            parent=blog_index,
            date_published=JANUARY + timedelta(days=day),
            authors=authors,
            topics=[topic],
        )
        article.tags.add(f"tag {day}", "ketamine")
        article.save()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/blog/feed/", "/blog/feed/atom/", "/blog/topic/ptsd/feed/"])
def test_feed_query_count_does_not_grow_with_articles(client, blog_index, clinic, ptsd, url):
    build_articles(blog_index, 2, ptsd)
    count_queries(client, url)  # warm per-process caches (site root paths, content types)
    with_two = count_queries(client, url)
    build_articles(blog_index, 6, ptsd)
    assert count_queries(client, url) == with_two
    # Wagtail's routing and privacy checks (8), clinic settings, the topic when there is one,
    # then one query each for articles, their topics, tags and authors.
    assert with_two <= 13


def test_the_feed_is_titled_as_editors_named_the_blog(client, blog_index, clinic):
    blog_index.title = "Journal"
    blog_index.save_revision().publish()
    channel = ElementTree.fromstring(client.get("/blog/feed/").content).find("channel")
    assert channel.findtext("title") == "Ashford Ketamine Clinic — Journal"
