"""Site search at /search/: finds live public articles by any of their words, never fails."""

from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from tests.factories import BlogPageFactory, ImageFactory, TopicFactory

JANUARY = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def search_page(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    # Not get_text(strip=True): that would glue a <mark>ed word to its neighbours.
    return [" ".join(a.get_text().split()) for a in soup.select(".search-result__title a")]


def indexed(page):
    """Index a page as it is now: tags saved with a page reach the index one save late."""
    get_search_backend().add(page)
    return page


@pytest.fixture
def sleep_article(blog_index, author, ptsd, clinic):
    article = BlogPageFactory(
        parent=blog_index,
        title="Ketamine and sleep",
        slug="ketamine-and-sleep",
        intro="Why nights often get easier during a course of infusions.",
        body__0__paragraph="<p>Insomnia frequently eases after the third infusion.</p>",
        date_published=JANUARY,
        authors=[author],
        topics=[ptsd],
    )
    article.tags.add("nightmares")
    article.save()
    return indexed(article)


@pytest.mark.parametrize(
    "query",
    ["sleep", "Insomnia", "infusions", "nightmares", "PTSD"],
    ids=["title", "body", "intro", "tag", "topic"],
)
def test_search_finds_article_by_any_of_its_words(client, sleep_article, article, query):
    assert result_titles(search_page(client, query)) == ["Ketamine and sleep"]


def test_search_result_shows_title_link_date_and_intro(client, sleep_article):
    soup = BeautifulSoup(search_page(client, "insomnia").content, "html.parser")
    result = soup.select_one("ol.search-results > li.search-result")
    link = result.select_one("h2 a")
    assert link.get_text(strip=True) == "Ketamine and sleep"
    assert link["href"] == sleep_article.url
    assert result.time["datetime"] == localtime(JANUARY).isoformat()
    assert "Why nights often get easier" in result.select_one(".search-result__excerpt").text
    assert "1 article matched “insomnia”" in soup.select_one(".search-count").get_text()


def test_search_leaves_out_drafts_and_private_articles(client, blog_index, clinic):
    indexed(BlogPageFactory(parent=blog_index, title="Esketamine published"))
    indexed(BlogPageFactory(parent=blog_index, title="Esketamine draft", live=False))
    private = indexed(BlogPageFactory(parent=blog_index, title="Esketamine private"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert result_titles(search_page(client, "esketamine")) == ["Esketamine published"]


def test_empty_query_shows_the_form_and_a_hint_but_no_results(client, sleep_article):
    soup = BeautifulSoup(search_page(client, "   ").content, "html.parser")
    assert soup.find("input", id="search-query")["value"] == ""
    assert soup.select_one(".search-hint")
    assert not soup.select(".search-result")
    assert "No articles matched" not in soup.get_text()


def test_query_without_matches_says_so(client, sleep_article, blog_index):
    soup = BeautifulSoup(search_page(client, "zebrafish").content, "html.parser")
    empty = soup.select_one(".search-empty")
    assert "No articles matched “zebrafish”" in empty.get_text()
    assert empty.find("a")["href"] == blog_index.url


@pytest.fixture
def twelve_articles(blog_index, clinic):
    return [
        indexed(
            BlogPageFactory(
                parent=blog_index,
                title=f"Infusion question {number}",
                date_published=JANUARY + timedelta(days=number),
            )
        )
        for number in range(12)
    ]


def test_results_come_ten_to_a_page(client, twelve_articles):
    first = search_page(client, "infusion")
    assert len(result_titles(first)) == 10
    assert "12 articles matched" in first.content.decode()
    second = search_page(client, "infusion", page="2")
    assert len(result_titles(second)) == 2
    soup = BeautifulSoup(second.content, "html.parser")
    assert soup.find("a", rel="prev")["href"] == "?q=infusion&page=1"


@pytest.mark.parametrize("page", ["abc", "", "1.5", "1' OR '1'='1"])
def test_garbled_page_number_shows_the_first_page(client, twelve_articles, page):
    response = search_page(client, "infusion", page=page)
    assert response.context["search_results"].number == 1


@pytest.mark.parametrize("page", ["9999", "0", "-1", "99999999999999999999999"])
def test_page_number_out_of_range_is_404_not_500(client, twelve_articles, page):
    assert client.get("/search/", {"q": "infusion", "page": page}).status_code == 404


def test_second_page_of_no_results_is_still_the_no_results_page(client, sleep_article):
    response = search_page(client, "zebrafish", page="2")
    assert "No articles matched" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'ketamine "sleep',
        'a"b',
        "&",
        "%",
        "100%",
        "R&D",
        "'",
        "ketamine's",
        "!!!",
        "?*()[]{}:-+^~",
        "AND OR NOT",
        "ünïcode ketamina y sueño",
        "睡眠",
        "🙂",
        "nul\x00byte",
        "<script>alert(1)</script>",
        "sleep " * 2000,
    ],
)
def test_odd_and_long_queries_never_fail(client, sleep_article, query):
    response = search_page(client, query)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_long_query_is_cut_to_two_hundred_characters_at_a_word_boundary(client, sleep_article):
    response = search_page(client, "sleep " * 2000)
    assert len(response.context["search_query"]) <= 200
    assert response.context["search_query"].split() == ["sleep"] * 33
    assert "Ketamine and sleep" in result_titles(response)
    assert len(search_page(client, "z" * 5000).context["search_query"]) == 200


def test_search_page_has_a_labelled_field_and_no_inline_script_or_style(client, sleep_article):
    soup = BeautifulSoup(search_page(client, "sleep").content, "html.parser")
    field = soup.find("input", id="search-query")
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert field["value"] == "sleep"
    assert soup.find("form", attrs={"role": "search"})["action"] == "/search/"
    assert soup.h1.get_text(strip=True)
    assert "Search" in soup.title.get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not soup.find_all("script", src=False)
    assert not soup.find_all("style")
    assert not soup.find_all(style=True)


def test_search_query_count_does_not_grow_with_results(client, blog_index, clinic):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            search_page(client, "glutamate")
        return len(queries)

    for _ in range(2):
        indexed(BlogPageFactory(parent=blog_index))
    count_queries()  # warm per-process caches (site root paths, content types)
    with_two = count_queries()
    for _ in range(6):
        indexed(BlogPageFactory(parent=blog_index))
    count_queries()  # the cached main menu, dropped by the new pages, is read again
    assert count_queries() == with_two


def test_tags_and_topics_added_at_publish_are_searchable_straight_away(
    client, blog_index, clinic, reviewer, reviewer_profile
):
    article = BlogPageFactory(parent=blog_index, title="Infusion day", live=False)
    article.tags.add("wombat")
    article.topics.add(TopicFactory(name="Zebrafish"))
    article.save_revision().publish(user=reviewer)
    assert result_titles(search_page(client, "wombat")) == ["Infusion day"]
    assert result_titles(search_page(client, "zebrafish")) == ["Infusion day"]


# --- Partial words, near misses, highlighting, pictures ----------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram search exists on PostgreSQL only"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's behaviour")


@pytest.mark.parametrize(
    "query",
    ["ketamin", "KETAM", "insomn", "nightm", "ketam slee", "infus eas"],
    ids=["title", "capitals", "body", "tag", "two-words", "intro-and-body"],
)
def test_search_finds_the_start_of_a_word(client, sleep_article, query):
    assert result_titles(search_page(client, query)) == ["Ketamine and sleep"]


def test_every_partial_word_must_match(client, sleep_article):
    response = search_page(client, "ketam zebraf")
    # PostgreSQL then offers near misses, and says so; SQLite has nothing more to offer.
    assert response.context["near_misses"] or result_titles(response) == []
    assert response.context["near_misses"] == (connection.vendor == "postgresql")


def test_partial_words_leave_out_drafts_and_private_articles(client, blog_index, clinic):
    indexed(BlogPageFactory(parent=blog_index, title="Esketamine published"))
    indexed(BlogPageFactory(parent=blog_index, title="Esketamine draft", live=False))
    private = indexed(BlogPageFactory(parent=blog_index, title="Esketamine private"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert result_titles(search_page(client, "esket")) == ["Esketamine published"]


def test_ketamin_finds_the_demo_sites_ketamine_articles(client, db, settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off
    call_command("seed_demo")
    ketamine_articles = {
        article.title
        for article in BlogPage.objects.live().public()
        if "ketamine" in f"{article.title} {article.intro}".lower()
    }
    assert len(ketamine_articles) == 4
    assert set(result_titles(search_page(client, "ketamin"))) == ketamine_articles


@on_postgresql
@pytest.mark.parametrize("query", ["ketamne", "insomina", "nihgtmares"])
def test_a_typo_finds_near_misses_on_postgresql(client, sleep_article, query):
    response = search_page(client, query)
    assert result_titles(response) == ["Ketamine and sleep"]
    count = BeautifulSoup(response.content, "html.parser").select_one(".search-count").get_text()
    assert "words spelled close to them" in count
    assert response.context["near_misses"]


@on_sqlite
def test_a_typo_finds_nothing_on_sqlite(client, sleep_article):
    response = search_page(client, "ketamne")
    assert result_titles(response) == []
    assert "No articles matched" in response.content.decode()


def test_results_mark_the_matched_words(client, sleep_article):
    soup = BeautifulSoup(search_page(client, "sleep infus").content, "html.parser")
    result = soup.select_one(".search-result")
    assert [m.get_text() for m in result.select(".search-result__title mark")] == ["sleep"]
    assert [m.get_text() for m in result.select(".search-result__excerpt mark")] == ["infusions"]


def test_marking_escapes_the_articles_text(client, blog_index, clinic):
    indexed(
        BlogPageFactory(
            parent=blog_index,
            title="Scripts <b>bold</b> & more",
            intro='Say <script>alert("x")</script> scripted',
        )
    )
    response = search_page(client, "script")
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>bold" not in html
    soup = BeautifulSoup(html, "html.parser")
    result = soup.select_one(".search-result")
    assert result.select_one(".search-result__title").get_text() == "Scripts <b>bold</b> & more"
    marked = [m.get_text() for m in result.select("mark")]
    assert marked == ["Scripts", "script", "script", "scripted"]
    assert not result.select("b, script")


def test_results_show_the_articles_picture(client, blog_index, clinic):
    image = ImageFactory()
    indexed(BlogPageFactory(parent=blog_index, title="Infusion room", featured_image=image))
    indexed(BlogPageFactory(parent=blog_index, title="Infusion without picture"))
    soup = BeautifulSoup(search_page(client, "infusion").content, "html.parser")
    pictures = {
        " ".join(li.select_one(".search-result__title").get_text().split()): li.select_one("img")
        for li in soup.select(".search-result")
    }
    assert pictures["Infusion without picture"] is None
    img = pictures["Infusion room"]
    assert ".fill-160x120" in img["src"] and img["alt"] == ""


def test_query_count_with_pictures_does_not_grow_with_results(client, blog_index, clinic):
    def add_articles(number):
        for _ in range(number):
            indexed(BlogPageFactory(parent=blog_index, featured_image=ImageFactory()))

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            search_page(client, "articl")
        return len(queries)

    add_articles(2)
    count_queries()  # warm per-process caches; the renditions are made once
    with_two = count_queries()
    add_articles(6)
    count_queries()
    assert count_queries() == with_two
