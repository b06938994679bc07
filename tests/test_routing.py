"""Pages served without walking the page tree again (home/routing.py): the second request
for an article costs one page query instead of Wagtail's walk (the Site, the home page, the
blog, the article), and every change that moves what a URL leads to shows on the next
request, in this process or any other (the memory is checked against the shared cache's
versions and the page's own row). With the page cache off, as on every cold render."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from home import page_cache, routing
from home.visibility import view_restrictions, with_view_restriction_flag
from tests.factories import BlogPageFactory, ContactPageFactory, InformationPageFactory
from tests.publishing import publish

pytestmark = [pytest.mark.usefixtures("rendered_every_time")]


def get(url, client=None):
    return (client or Client()).get(url)


def page_queries(url):
    """(response, the SQL of its request that read pages or sites)."""
    with CaptureQueriesContext(connection) as queries:
        response = get(url)
    tree = [
        query["sql"]
        for query in queries.captured_queries
        if '"wagtailcore_site"' in query["sql"] or '"wagtailcore_page"' in query["sql"]
    ]
    return response, tree


def breadcrumb_titles(response):
    trail = BeautifulSoup(response.content, "html.parser").select(".breadcrumbs li")
    return [item.get_text(strip=True) for item in trail]


def test_the_second_request_for_an_article_reads_only_the_article(article):
    first, walked = page_queries(article.url)
    assert first.status_code == 200
    assert len(walked) >= 4  # Wagtail's walk: the site, the home page, the blog, the article
    second, remembered = page_queries(article.url)
    assert second.status_code == 200
    assert len(remembered) == 1, remembered
    assert "wagtailcore_site" not in remembered[0]
    # Same page, same trail and links as the walk gave.
    assert breadcrumb_titles(second) == breadcrumb_titles(first)
    assert second.content == first.content


def test_every_request_gets_its_own_ancestors(article, monkeypatch):
    get(article.url)
    seen = []
    original = routing.wagtail_serve

    def serve(request, path):
        parent = Page.route_for_request(request, path)[0].get_parent()
        seen.append((parent, parent.title))
        parent.title = "Changed by one request"
        return original(request, path)

    monkeypatch.setattr(routing, "wagtail_serve", serve)
    get(article.url)
    get(article.url)
    (first, _), (second, title) = seen
    assert first is not second
    assert title == "Blog"


def test_an_unpublished_article_is_gone_on_the_next_request(committed, article):
    get(article.url)
    get(article.url)
    with committed():
        article.unpublish()
    assert get(article.url).status_code == 404


def test_an_article_unpublished_without_a_signal_is_gone_too(article):
    """A row changed by QuerySet.update() bumps no tag; the page's own row still decides."""
    get(article.url)
    Page.objects.filter(pk=article.pk).update(live=False)
    assert get(article.url).status_code == 404


def test_a_new_slug_moves_the_article(committed, article, reviewer, reviewer_profile):
    old_url = article.url
    get(old_url)
    with committed():
        publish(article, reviewer, slug="ketamine-for-anxiety")
    moved = Page.objects.get(pk=article.pk)
    assert moved.url == "/blog/ketamine-for-anxiety/"
    # Wagtail's redirects take the old address to the new one: it is not served any more.
    old = get(old_url)
    assert (old.status_code, old["Location"]) == (301, moved.url)
    assert get(moved.url).status_code == 200


def test_a_page_moved_elsewhere_leaves_its_old_address(committed, home_page, clinic):
    about = InformationPageFactory(parent=home_page, title="About", slug="about")
    team = InformationPageFactory(parent=home_page, title="Our team", slug="team")
    get(team.url)
    assert get(team.url).status_code == 200
    with committed():
        team.move(about, pos="last-child")
    old = get("/team/")
    assert (old.status_code, old["Location"]) == (301, "/about/team/")
    moved = get("/about/team/")
    assert moved.status_code == 200
    assert moved.context["page"].pk == team.pk


def test_a_page_moved_to_the_old_address_is_served_there(committed, article, blog_index):
    """Another page now lives at the remembered path: it is the one served."""
    url = article.url
    get(url)
    with committed():
        article.delete()
        newcomer = BlogPageFactory(
            parent=blog_index, title="A new article here", slug="ketamine-and-anxiety"
        )
    response = get(url)
    assert response.status_code == 200
    assert response.context["page"].pk == newcomer.pk


def test_the_blog_retitled_shows_in_the_trail_at_once(committed, article, blog_index):
    get(article.url)
    assert "Blog" in " ".join(breadcrumb_titles(get(article.url)))
    with committed():
        publish(blog_index, None, title="Articles and news")
    assert "Articles and news" in breadcrumb_titles(get(article.url))


def test_a_site_moved_to_another_root_routes_from_there(committed, article, site, blog_index):
    get(article.url)
    with committed():
        site.root_page = blog_index
        site.save()
    # The blog is the root now: the article lives at /ketamine-and-anxiety/.
    assert get("/blog/ketamine-and-anxiety/").status_code == 404
    assert get("/ketamine-and-anxiety/").status_code == 200


def test_another_host_has_its_own_site(committed, article, site, blog_index, settings):
    settings.ALLOWED_HOSTS = ["testserver", "clinic.example"]
    get(article.url)
    with committed():
        Site.objects.create(hostname="clinic.example", port=80, root_page=blog_index)
    other = Client(HTTP_HOST="clinic.example").get("/ketamine-and-anxiety/")
    assert other.status_code == 200
    assert get(article.url).status_code == 200


def test_a_page_made_private_after_it_was_remembered_asks_for_a_login(committed, article):
    get(article.url)
    get(article.url)
    with committed():
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    response = get(article.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_routes_of_a_routable_page_are_walked_as_wagtail_does(article, blog_index):
    """The blog's own routes (its feeds, topic pages) end on the blog with a view to run:
    never remembered, always right."""
    for _ in range(2):
        feed = get(f"{blog_index.url}feed/")
        assert feed.status_code == 200
        assert "ketamine-and-anxiety" in feed.content.decode()
    assert get(f"{blog_index.url}topic/anxiety/").status_code == 200


def test_the_contact_pages_thank_you_route_still_works(home_page):
    contact = ContactPageFactory(parent=home_page)
    for _ in range(2):
        assert get(f"{contact.url}thank-you/").status_code == 200
        assert get(contact.url).status_code == 200


def test_with_the_cache_unreachable_every_request_walks(article, monkeypatch):
    """No version can be read: nothing could say a remembered walk is stale."""
    get(article.url)
    monkeypatch.setattr(
        page_cache, "tag_versions", lambda tags: dict.fromkeys(tags, None), raising=True
    )
    monkeypatch.setattr(routing.page_cache, "tag_versions", page_cache.tag_versions)
    response, walked = page_queries(article.url)
    assert response.status_code == 200
    assert len(walked) >= 4


def test_a_walk_remembered_by_another_process_is_dropped_by_its_tags(article):
    """Another process bumping a tag (the shared cache is all they share) is enough."""
    get(article.url)
    page_cache.bump([page_cache.SITE])
    response, walked = page_queries(article.url)
    assert response.status_code == 200
    assert len(walked) >= 4
    assert len(page_queries(article.url)[1]) == 1


def test_a_remembered_article_costs_no_query_for_its_view_restrictions(article):
    get(article.url)
    with CaptureQueriesContext(connection) as queries:
        assert get(article.url).status_code == 200
    own_queries = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split(" FROM ")[0].count("wagtailcore_pageviewrestriction")
    ]
    assert not own_queries


@pytest.mark.parametrize("restricted", ["none", "the page", "an ancestor", "an alias's source"])
def test_the_view_restriction_flag_says_what_the_restrictions_say(
    restricted, article, blog_index, home_page
):
    """`with_view_restriction_flag` and `view_restrictions` are one rule in two forms."""
    page = article
    if restricted == "the page":
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    elif restricted == "an ancestor":
        PageViewRestriction.objects.create(page=blog_index, restriction_type="login")
    elif restricted == "an alias's source":
        source = InformationPageFactory(parent=home_page, title="Private", slug="private")
        PageViewRestriction.objects.create(page=source, restriction_type="login")
        page = source.create_alias(parent=blog_index, update_slug="private-alias")
    flagged = with_view_restriction_flag(Page.objects.filter(pk=page.pk)).get()
    expected = bool(list(view_restrictions(Page.objects.get(pk=page.pk))))
    assert flagged.has_view_restrictions is expected
    assert expected is (restricted != "none")


def test_a_walk_during_which_a_change_was_made_is_not_remembered(article, monkeypatch):
    """The walk may have read the tree before the change committed: were it remembered with
    the versions read after it, the old route would outlive the change."""
    walk = Page.route_for_request
    changes = []

    def walk_then_change(request, path):
        route = walk(request, path)
        if not changes:  # Wagtail's view asks again (answered from the request): once only
            page_cache.bump([page_cache.SITE])  # another process's change, meanwhile
            changes.append(path)
        return route

    monkeypatch.setattr(Page, "route_for_request", staticmethod(walk_then_change))
    get(article.url)
    monkeypatch.setattr(Page, "route_for_request", staticmethod(walk))
    response, walked = page_queries(article.url)
    assert response.status_code == 200
    assert len(walked) >= 4
