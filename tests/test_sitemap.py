"""What crawlers read: /sitemap.xml lists every public page, /robots.txt points at it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from defusedxml import ElementTree

from tests.factories import BlogPageFactory, TopicFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urlset = ElementTree.fromstring(response.content)
    assert urlset.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")]


@pytest.fixture
def robots_lines(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_sitemap_lists_home_blog_and_articles_with_absolute_urls(
    client, home_page, blog_index, article
):
    locations = sitemap_locations(client)
    for page in (home_page, blog_index, article):
        assert page.get_full_url() in locations
    assert all(location.startswith("http://") for location in locations)


def test_sitemap_leaves_out_drafts_and_private_articles(client, blog_index, article):
    draft = BlogPageFactory(parent=blog_index, live=False)
    private = BlogPageFactory(parent=blog_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    locations = sitemap_locations(client)
    assert article.get_full_url() in locations
    assert draft.get_full_url() not in locations
    assert private.get_full_url() not in locations


def test_sitemap_query_count_does_not_grow_with_articles(client, blog_index, clinic):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            sitemap_locations(client)
        return len(queries)

    BlogPageFactory.create_batch(2, parent=blog_index)
    count_queries()  # warm per-process caches (site root paths, content types)
    with_two = count_queries()
    BlogPageFactory.create_batch(6, parent=blog_index)
    assert count_queries() == with_two


def test_robots_txt_keeps_crawlers_out_of_the_admin(robots_lines):
    assert "User-agent: *" in robots_lines
    assert "Disallow: /admin/" in robots_lines


def test_robots_txt_points_at_the_absolute_sitemap_url(robots_lines):
    assert "Sitemap: http://testserver/sitemap.xml" in robots_lines


def test_robots_txt_sitemap_line_follows_the_host_and_scheme_asked_for(client, site):
    response = client.get("/robots.txt", HTTP_HOST="localhost", secure=True)
    assert "Sitemap: https://localhost/sitemap.xml" in response.content.decode().splitlines()


def test_sitemap_lists_topic_pages_that_have_articles(client, article, anxiety):
    TopicFactory(name="Empty topic", slug="empty-topic")
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/blog/topic/anxiety/" in xml
    assert "empty-topic" not in xml


def test_favicon_ico_leads_to_the_sites_own_icon(client, site):
    # Browsers ask for it on pages that name no icon (feeds, this sitemap); a 404 there is a
    # console error for every reader.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get(response["Location"]).status_code == 200
