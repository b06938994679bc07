"""Parts of an article kept rendered between requests (home/fragment_cache.py): the head's
meta tags and structured data, the header, the body, the authors, the related cards. With
the page cache off, as on every cold render, each change a reader could see still shows on
the next request; and the demo article, with every kind of block, a picture, authors with
photos and a reviewer, costs at most 12 queries whatever the number of replies (issue 14).
Timings are never asserted: `make bench` prints them."""

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from blog.models import Author, BlogPage
from home import fragment_cache
from home.models import ClinicSettings
from tests.factories import (
    ImageFactory,
    InformationPageFactory,
    ReplyFactory,
)
from tests.publishing import publish

pytestmark = [pytest.mark.usefixtures("no_minimum_wait", "rendered_every_time")]


def html_of(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published(committed, article, other_article, reviewer_profile, reviewer):
    """`article` published through a revision (fragments are kept by its id), with a
    picture, and rendered once, so its fragments are in the cache."""
    with committed():
        page = publish(article, reviewer, featured_image=ImageFactory(description="A quiet room"))
    html_of(page.url)
    return page


def test_a_kept_fragment_is_served_without_rendering_again(published, monkeypatch):
    first = html_of(published.url)
    monkeypatch.setattr(
        "blog.models.BlogPage.related_articles",
        lambda self, limit=3: pytest.fail("the related cards were kept rendered"),
    )
    assert html_of(published.url) == first


def test_a_body_edit_published_shows_at_once(committed, published, reviewer):
    body = [{"type": "paragraph", "value": "<p>A wholly new first paragraph.</p>"}]
    with committed():
        publish(published, reviewer, body=body, intro="A new introduction.")
    html = html_of(published.url)
    assert "A wholly new first paragraph." in html
    assert "A new introduction." in html


def test_a_draft_never_shows(published, reviewer):
    page = Page.objects.get(pk=published.pk).specific
    page.title = "An unpublished title"
    page.save_revision(user=reviewer)
    assert "An unpublished title" not in html_of(published.url)


def test_a_clinic_settings_change_shows_at_once(committed, published, site):
    clinic = ClinicSettings.for_site(site)
    clinic.clinic_name = "Ashford Wellness Clinic"
    with committed():
        clinic.save()
    head = BeautifulSoup(html_of(published.url), "html.parser")
    assert head.find("meta", property="og:site_name")["content"] == "Ashford Wellness Clinic"
    assert "Ashford Wellness Clinic" in head.find("script", type="application/ld+json").string
    assert "Ashford Wellness Clinic" in head.select_one("footer .site-footer__heading").text


def test_the_footer_follows_a_linked_page_going_offline(committed, published, site):
    privacy = InformationPageFactory(parent=site.root_page, title="Privacy", slug="privacy")
    clinic = ClinicSettings.for_site(site)
    clinic.privacy_page = privacy
    with committed():
        clinic.save()
    assert 'href="/privacy/"' in str(footer_of(published.url))
    with committed():
        privacy.unpublish()
    assert 'href="/privacy/"' not in str(footer_of(published.url))


def footer_of(url):
    return BeautifulSoup(html_of(url), "html.parser").select_one("footer")


def test_an_image_change_shows_at_once(committed, published):
    image = published.featured_image
    image.description = "A calm consulting room"
    with committed():
        image.save()
    assert 'alt="A calm consulting room"' in html_of(published.url)


def test_an_author_change_shows_at_once(committed, published, author):
    author.name = "Dana Reyes-Lopez"
    with committed():
        author.save()
    html = html_of(published.url)
    assert "By Dana Reyes-Lopez" in html
    assert "Dana Reyes-Lopez" in BeautifulSoup(html, "html.parser").select_one(".authors").text


def test_a_related_article_published_again_shows_on_its_card(
    committed, published, other_article, reviewer
):
    with committed():
        publish(other_article, reviewer, title="Ketamine and PTSD, revised")
    related = BeautifulSoup(html_of(published.url), "html.parser").select_one(".related")
    assert "Ketamine and PTSD, revised" in related.text


def test_a_reply_shows_in_the_count_at_once(published):
    before = BeautifulSoup(html_of(published.url), "html.parser")
    assert "0 replies" in before.select_one(".article__byline").text
    ReplyFactory(article=published)
    after = BeautifulSoup(html_of(published.url), "html.parser")
    assert "1 reply" in after.select_one(".article__byline").text


def test_a_preview_never_reads_or_keeps_fragments(rf):
    """A preview shows a draft under the live revision's id: it must render every time."""
    request = rf.get("/")
    request.is_preview = True
    renders = []
    for text in ("first", "second"):
        html = fragment_cache.cached(request, "part", [1], lambda t=text: renders.append(t) or t)
        assert html == text
    assert renders == ["first", "second"]
    request.is_preview = False  # nothing was kept: a reader's render renders too
    assert fragment_cache.cached(request, "part", [1], lambda: "third") == "third"
    assert fragment_cache.cached(request, "part", [1], lambda: "fourth") == "third"


# --- The demo article's query budget -------------------------------------------------------


@pytest.fixture
def demo_article(db, settings):
    """The demo's first article ("Ketamine and Anxiety": a picture, authors with photos, a
    medical reviewer, every block type, references, related articles), from `seed_demo`."""
    settings.DEBUG = True  # seed_demo refuses to run without it
    call_command("seed_demo")
    settings.DEBUG = False  # requests as in production
    return BlogPage.objects.live().get(slug="ketamine-and-anxiety")


def add_replies(article, count):
    """`count` approved replies, a third top-level, each followed by two answers."""
    made = 0
    while made < count:
        parent = ReplyFactory(article=article)
        made += 1
        for _ in range(2):
            if made < count:
                parent = ReplyFactory(article=article, parent_id=parent.pk)
                made += 1


@pytest.mark.parametrize("replies", [0, 50, 200])
def test_the_demo_article_costs_at_most_12_queries(demo_article, replies):
    assert demo_article.featured_image and demo_article.reviewed_by
    authors = Author.objects.filter(pk__in=demo_article.article_authors.values("author"))
    assert authors.filter(photo__isnull=False).exists()
    add_replies(demo_article, replies)
    client = Client()
    html_of(demo_article.url)  # the object caches and the fragments, as in production
    with CaptureQueriesContext(connection) as queries:
        response = client.get(demo_article.url)
    assert response.status_code == 200
    assert len(queries) <= 12, "\n".join(q["sql"][:120] for q in queries.captured_queries)
    shown = BeautifulSoup(response.content, "html.parser").select("li.reply")
    assert len(shown) >= min(replies, 150)  # the demo seeds a few replies of its own
