"""The blog listing: newest first, ten a page, by topic and tag, and safe with odd paging."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from tests.factories import BlogPageFactory, ImageFactory, TopicFactory


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def card_titles(page):
    return [a.get_text(strip=True) for a in page.select(".article-card__title a")]


def publish_articles(blog_index, author, count, **kwargs):
    """`count` articles, one day apart, the last one newest."""
    start = timezone.now() - datetime.timedelta(days=count)
    return [
        BlogPageFactory(
            parent=blog_index,
            title=f"Article {n:02d}",
            authors=[author],
            first_published_at=start + datetime.timedelta(days=n),
            **kwargs,
        )
        for n in range(count)
    ]


def test_blog_lists_live_articles_newest_first(client, blog_index, author, clinic):
    publish_articles(blog_index, author, 3)
    draft = BlogPageFactory(parent=blog_index, title="Draft", authors=[author], live=False)
    page = soup_of(client.get("/blog/"))
    assert card_titles(page) == ["Article 02", "Article 01", "Article 00"]
    assert draft.title not in card_titles(page)
    assert page.h1.get_text(strip=True) == "Blog"


def test_publication_date_set_by_editor_wins_over_first_publish(client, blog_index, author, clinic):
    publish_articles(blog_index, author, 2)
    BlogPageFactory(
        parent=blog_index,
        title="Backdated",
        authors=[author],
        date_published=timezone.now() - datetime.timedelta(days=100),
    )
    assert card_titles(soup_of(client.get("/blog/")))[-1] == "Backdated"


def test_cards_show_title_date_excerpt_reading_time_and_image(client, blog_index, author, clinic):
    BlogPageFactory(
        parent=blog_index,
        title="With a picture",
        intro="A short excerpt.",
        authors=[author],
        featured_image=ImageFactory(),
        featured_image_alt="Lake",
        first_published_at=datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC),
    )
    card = soup_of(client.get("/blog/")).select_one(".article-card")
    assert card.select_one(".article-card__excerpt").get_text() == "A short excerpt."
    meta = card.select_one(".article-card__meta").get_text(" ", strip=True)
    assert "March 4, 2026" in meta and "1 min read" in meta
    assert card.img["loading"] == "lazy"
    assert card.img["alt"] == ""  # decorative: the title right below names the article


def test_ten_articles_a_page_with_working_next_link(client, blog_index, author, clinic):
    publish_articles(blog_index, author, 12)
    first = soup_of(client.get("/blog/"))
    assert len(card_titles(first)) == 10
    assert first.find("a", rel="next")["href"] == "?page=2"
    second = soup_of(client.get("/blog/?page=2"))
    assert card_titles(second) == ["Article 01", "Article 00"]
    assert second.find("a", rel="prev")


@pytest.mark.parametrize("bad_page", ["abc", "99999", "-1", "0", "1.5", "", "%00"])
def test_bad_page_numbers_are_a_clean_404_never_a_500(client, blog_index, author, clinic, bad_page):
    publish_articles(blog_index, author, 2)
    response = client.get("/blog/", {"page": bad_page})
    assert response.status_code == 404
    assert b"We couldn" in response.content  # the styled 404 page


def test_topic_page_lists_only_that_topic_with_its_own_heading(
    client, blog_index, author, anxiety, clinic
):
    ptsd = TopicFactory(name="PTSD", slug="ptsd", description="Trauma and recovery.")
    BlogPageFactory(parent=blog_index, title="On anxiety", authors=[author], topics=[anxiety])
    BlogPageFactory(parent=blog_index, title="On PTSD", authors=[author], topics=[ptsd])
    page = soup_of(client.get("/blog/topic/ptsd/"))
    assert page.h1.get_text() == "Articles about PTSD"
    assert card_titles(page) == ["On PTSD"]
    assert "Trauma and recovery." in page.get_text()
    assert page.find("link", type="application/rss+xml", href="/blog/topic/ptsd/feed/")
    assert client.get("/blog/topic/no-such-topic/").status_code == 404


def test_tag_page_lists_only_tagged_articles(client, blog_index, author, clinic):
    BlogPageFactory(parent=blog_index, title="Tagged", authors=[author], tags=["sleep"])
    BlogPageFactory(parent=blog_index, title="Untagged", authors=[author])
    page = soup_of(client.get("/blog/tag/sleep/"))
    assert page.h1.get_text() == "Articles tagged “sleep”"
    assert card_titles(page) == ["Tagged"]
    assert client.get("/blog/tag/nothing/").status_code == 404


def test_topic_links_on_articles_lead_to_topic_pages(client, article):
    page = soup_of(client.get(article.url))
    assert page.select_one(".article__topics a")["href"] == "/blog/topic/anxiety/"


def test_listing_query_count_does_not_grow_with_articles(client, blog_index, author, clinic):
    def count():
        client.get("/blog/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/blog/").status_code == 200
        return len(queries)

    publish_articles(blog_index, author, 2, featured_image=ImageFactory())
    few = count()
    publish_articles(blog_index, author, 8, featured_image=ImageFactory())
    assert count() == few


def test_home_page_shows_latest_three_articles_and_links_to_blog(
    client, blog_index, author, clinic
):
    publish_articles(blog_index, author, 4)
    page = soup_of(client.get("/"))
    strip = page.select_one(".latest-articles")
    assert card_titles(strip) == ["Article 03", "Article 02", "Article 01"]
    assert strip.find("a", string="All articles")["href"] == "/blog/"
    nav = [a.get_text() for a in page.select(".main-nav a")]
    assert nav == ["Home", "Blog"]
