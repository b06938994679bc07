"""The page cache: what is stored, what never is, and that every change a reader could see
drops exactly the cached pages that show it (a stale page is a bug), on the request that
made the change. The CDN purge is checked with a recording frontend-cache backend."""

import subprocess
import sys

from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from blog.replies import moderation
from blog.replies.models import Reply
from clinicsite.settings.environment import cache_settings
from home import page_cache
from home.models import ClinicSettings
from tests.contact_forms import contact_form_data
from tests.factories import (
    BlogPageFactory,
    ContactPageFactory,
    ImageFactory,
    InformationPageFactory,
    ReplyFactory,
)
from tests.frontend_cache import RecordingBackend
from tests.publishing import publish
from tests.reply_forms import post
from tests.site_process import clean_environment

pytestmark = [
    pytest.mark.usefixtures("no_minimum_wait"),
    pytest.mark.django_db,
]


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def fetch(url, client=None):
    """GET `url` as an anonymous reader: (response, "hit" / "miss" / None)."""
    response = (client or Client()).get(url)
    return response, response.get("X-Page-Cache")


def warm(*urls):
    """Put `urls` in the page cache, and check that they are served from it now."""
    for url in urls:
        assert fetch(url)[0].status_code == 200, url
        assert fetch(url)[1] == "hit", url


def text_of(url):
    return soup_of(Client().get(url)).get_text(" ", strip=True)


@pytest.fixture
def listings(article, other_article, blog_index, home_page):
    """Every URL that shows `article` or its card: the article, the other article (related),
    the blog, its topic page, its feeds, the home page and the sitemap."""
    return [
        article.url,
        other_article.url,
        blog_index.url,
        f"{blog_index.url}topic/anxiety/",
        f"{blog_index.url}feed/",
        f"{blog_index.url}feed/atom/",
        home_page.url,
        "/sitemap.xml",
    ]


@pytest.fixture
def recorded_purges(settings):
    """Wagtail's frontend cache on, with a backend that records the URLs it is asked to
    purge (a list, emptied when read by `purged`)."""
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "tests.frontend_cache.RecordingBackend"}
    }
    RecordingBackend.purged.clear()
    yield RecordingBackend.purged
    RecordingBackend.purged.clear()


# --- What is stored, and how it answers --------------------------------------------------


def test_warm_hit_runs_no_query_and_is_the_same_response(article, django_assert_num_queries):
    first, state = fetch(article.url)
    assert state == "miss"
    with django_assert_num_queries(0):
        second, state = fetch(article.url)
    assert state == "hit"
    assert second.content == first.content
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    assert second["Cache-Control"] == first["Cache-Control"]


def test_public_page_says_public_with_max_age_and_s_maxage(article, settings):
    settings.PAGE_CACHE_MAX_AGE = 30
    settings.PAGE_CACHE_S_MAXAGE = 600
    response, _ = fetch(article.url)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=30", "s-maxage=600"}
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_head_is_answered_from_the_cache(article, django_assert_num_queries):
    fetch(article.url)
    with django_assert_num_queries(0):
        response = Client().head(article.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_pages_of_listings_and_threads_are_cached_apart(article, blog_index):
    for _ in range(12):
        BlogPageFactory(parent=blog_index)
    second_page = fetch(f"{blog_index.url}?page=2")[0]
    first_page = fetch(blog_index.url)[0]
    assert first_page.content != second_page.content
    assert fetch(f"{blog_index.url}?page=2")[1] == "hit"
    assert fetch(f"{article.url}?replies_page=1")[1] == "miss"


@pytest.mark.parametrize(
    "query", ["?utm_source=newsletter", "?page=abc", "?page=2&page=3", "?replied=5", "?q=x"]
)
def test_unknown_query_strings_are_not_cached_and_stay_private(article, query):
    for _ in range(2):
        response, state = fetch(article.url + query)
        assert state is None
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_search_is_never_cached(article):
    for url in ("/search/", "/search/?q=ketamine"):
        fetch(url)
        response, state = fetch(url)
        assert state is None and response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_reader_part_reply_form_and_posts_are_never_cached(client, article):
    reply = ReplyFactory(article=article)
    for url in (
        f"/replies/reader/{article.pk}/",
        f"/replies/leave/{article.pk}/",
        f"/replies/reply/{reply.pk}/",
    ):
        fetch(url)
        response, state = fetch(url)
        assert state is None and "no-store" in response["Cache-Control"], url
    response = post(client, article)
    assert response.status_code == 302 and response.get("X-Page-Cache") is None


def test_signed_in_staff_never_get_or_fill_the_cache(article, moderator):
    staff = Client()
    staff.force_login(moderator)
    response = staff.get(article.url)
    assert response.get("X-Page-Cache") is None
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert fetch(article.url)[1] == "miss"  # the staff's page was not stored
    assert staff.get(article.url).get("X-Page-Cache") is None  # nor served to them


def test_errors_and_redirects_are_not_cached(article):
    for url in ("/no-such-page/", article.url.rstrip("/")):
        fetch(url)
        response, state = fetch(url)
        assert response.status_code in (301, 404) and state is None


def test_a_server_error_is_not_cached(article, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(BlogPage, "get_context", broken)
    response = Client(raise_request_exception=False).get(article.url)
    assert response.status_code == 500 and response.get("X-Page-Cache") is None
    monkeypatch.undo()
    response, state = fetch(article.url)
    assert response.status_code == 200 and state == "miss"


def test_restricted_page_is_never_cached_for_anyone(article, moderator):
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    response, state = fetch(article.url)
    assert response.status_code == 302 and state is None
    reader = Client()
    reader.force_login(moderator)
    assert reader.get(article.url).status_code == 200
    assert fetch(article.url)[0].status_code == 302  # the signed-in copy was not stored


def test_a_page_made_private_leaves_the_cache_and_its_listings(committed, article, listings):
    warm(*listings)
    with committed():  # what the admin's Privacy dialog saves
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert fetch(article.url)[0].status_code == 302
    assert "Ketamine and Anxiety" not in text_of(listings[2])  # the blog


def test_preview_is_never_cached(article, admin_client):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    response = admin_client.get(url)
    assert response.get("X-Page-Cache") is None


def test_contact_page_is_not_cached_and_its_form_works_with_its_own_token(
    home_page, clinic, settings
):
    settings.CONTACT_MIN_SECONDS = 0
    contact = ContactPageFactory(parent=home_page)
    browser = Client(enforce_csrf_checks=True)
    for _ in range(2):
        response = browser.get(contact.url)
        assert response.get("X-Page-Cache") is None
        assert "no-store" in response["Cache-Control"]
    form = soup_of(response).select_one("form.contact-form")
    hidden = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert "csrfmiddlewaretoken" in hidden
    data = contact_form_data(**dict.fromkeys(hidden))
    response = browser.post(contact.url, {**data, **hidden})
    assert response.status_code == 302 and response["Location"].endswith("/thank-you/")


def test_a_render_that_overlaps_an_invalidation_is_not_stored(article, monkeypatch):
    original = BlogPage.get_context

    def changed_while_rendering(self, request, *args, **kwargs):
        page_cache.bump({"anything"})  # as a reply approved in another process would
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(BlogPage, "get_context", changed_while_rendering)
    fetch(article.url)
    monkeypatch.setattr(BlogPage, "get_context", original)
    assert fetch(article.url)[1] == "miss"


def test_a_lost_tag_counter_drops_the_entries_that_depend_on_it(article):
    warm(article.url)
    cache.delete(f"{page_cache.KEY_PREFIX}:tag:{page_cache.page_tag(article.pk)}")
    assert fetch(article.url)[1] == "miss"


def test_a_bump_that_cannot_reach_the_cache_is_logged(monkeypatch, caplog):
    monkeypatch.setattr(cache, "incr", lambda key, delta=1: None)  # django-redis, Redis down
    page_cache.bump({page_cache.page_tag(1)})
    assert "could not drop 'page:1'" in caplog.text


def test_a_deploy_never_serves_the_previous_codes_copies(article, monkeypatch):
    """Redis outlives a deploy; a copy rendered by the previous templates may name static
    files the new release no longer has. The key holds the code's version."""
    assert fetch(article.url)[1] == "miss"
    assert fetch(article.url)[1] == "hit"
    monkeypatch.setattr(page_cache, "code_version", lambda: "the-next-release")
    assert fetch(article.url)[1] == "miss"


def test_the_codes_version_is_the_same_on_every_server_of_a_release(tmp_path, settings):
    """Servers of one release check their files out at different times: the version reads
    the templates' contents, so they share one another's copies."""
    for name in ("first", "second"):
        folder = tmp_path / name / "templates"
        folder.mkdir(parents=True)
        (folder / "base.html").write_text("<html>{% block content %}{% endblock %}</html>")
    versions = []
    for name in ("first", "second"):
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / name / "templates"]}]
        page_cache.code_version.cache_clear()
        versions.append(page_cache.code_version())
    page_cache.code_version.cache_clear()
    assert versions[0] == versions[1]


def test_page_cache_can_be_switched_off(article, settings):
    settings.PAGE_CACHE_ENABLED = False
    fetch(article.url)
    response, state = fetch(article.url)
    assert state is None and "public" in response["Cache-Control"]


# --- Invalidation: pages --------------------------------------------------------------------


def test_publishing_a_new_revision_updates_the_article_and_every_listing_of_it(
    committed, article, listings, reviewer_profile, reviewer
):
    warm(*listings)
    with committed():
        publish(article, reviewer, title="Ketamine and anxiety, revised")
    for url in listings[:-1]:
        assert "Ketamine and anxiety, revised" in Client().get(url).content.decode(), url
    assert fetch("/sitemap.xml")[1] == "miss"  # its last-modified dates


def test_publishing_one_article_keeps_unrelated_pages_cached(
    committed, article, home_page, reviewer_profile, reviewer
):
    about = InformationPageFactory(parent=home_page, title="About us", show_in_menus=False)
    warm(about.url)
    with committed():
        publish(article, reviewer, title="Revised")
    assert fetch(about.url)[1] == "hit"


def test_a_draft_changes_nothing_and_drops_nothing(article, listings, reviewer):
    warm(*listings)
    page = Page.objects.get(pk=article.pk).specific
    page.title = "Draft title"
    page.save_revision(user=reviewer)
    for url in listings:
        response, state = fetch(url)
        assert state == "hit" and "Draft title" not in response.content.decode()


def test_publishing_a_new_article_adds_it_to_every_listing(
    committed, article, blog_index, anxiety, listings, author, reviewer_profile, reviewer
):
    warm(*listings)
    new = BlogPageFactory.build(title="Brand new article", slug="brand-new", live=False)
    with committed():
        blog_index.add_child(instance=new)
        new.topics.set([anxiety])
        new.save()
    for url in listings:
        assert fetch(url)[1] == "hit", url  # a draft is seen by nobody: nothing dropped
    with committed():
        publish(new, reviewer)
    for url in listings[:-1]:
        assert "Brand new article" in Client().get(url).content.decode(), url
    assert "/blog/brand-new/" in Client().get("/sitemap.xml").content.decode()


def test_unpublishing_an_article_removes_it_everywhere(
    committed, article, other_article, listings, reviewer_profile
):
    warm(*listings)
    with committed():
        article.unpublish()
    assert fetch(article.url)[0].status_code == 404
    for url in listings[1:]:
        assert "Ketamine and Anxiety" not in Client().get(url).content.decode(), url


def test_deleting_an_article_removes_it_everywhere(committed, article, listings):
    warm(*listings)
    url = article.url
    with committed():
        Page.objects.get(pk=article.pk).delete()
    assert fetch(url)[0].status_code == 404
    for other in listings[1:]:
        assert "Ketamine and Anxiety" not in Client().get(other).content.decode(), other


def test_moving_a_page_updates_the_links_to_it(committed, home_page, clinic):
    about = InformationPageFactory(parent=home_page, title="About", slug="about")
    team = InformationPageFactory(parent=home_page, title="Our team", slug="team")
    team.show_in_menus = True
    team.save()
    warm(home_page.url, about.url)
    assert 'href="/team/"' in Client().get(about.url).content.decode()
    with committed():
        team.move(about, pos="last-child")
    for url in (home_page.url, about.url):
        assert 'href="/team/"' not in Client().get(url).content.decode(), url


def test_renaming_a_menu_page_updates_the_menu_on_every_page(
    committed, home_page, article, admin_user
):
    about = InformationPageFactory(parent=home_page, title="About us", show_in_menus=True)
    warm(article.url, home_page.url)
    with committed():
        publish(about, admin_user, title="Who we are")
    assert "Who we are" in text_of(article.url)
    assert "Who we are" in text_of(home_page.url)


# --- Invalidation: replies -----------------------------------------------------------------


@pytest.fixture
def held(client, article):
    post(client, article, comment="A reply waiting for a moderator.")
    return Reply.objects.get()


def reply_count_everywhere(listings):
    """Each listing URL's text, for the reply counts it shows."""
    return {url: text_of(url) for url in listings}


def test_approving_a_reply_shows_it_and_updates_the_counts_on_cards(
    committed, article, other_article, blog_index, home_page, held, moderator
):
    card_urls = [other_article.url, blog_index.url, home_page.url]
    warm(article.url, *card_urls)
    with committed():
        moderation.approve(held, moderator)
    assert "A reply waiting for a moderator." in text_of(article.url)
    assert "1 Reply" in text_of(article.url)
    for url in card_urls:
        assert "1 reply" in text_of(url), url


def test_posting_a_held_reply_drops_nothing(committed, article, other_article, client):
    warm(article.url, other_article.url)
    with committed():
        post(client, article, comment="Held, seen by nobody else.")
    assert fetch(article.url)[1] == "hit"
    assert fetch(other_article.url)[1] == "hit"


def test_a_reply_on_one_article_keeps_unrelated_articles_cached(
    committed, article, blog_index, ptsd, held, moderator
):
    unrelated = BlogPageFactory(parent=blog_index, topics=[ptsd], slug="unrelated")
    warm(unrelated.url)
    with committed():
        moderation.approve(held, moderator)
    assert fetch(unrelated.url)[1] == "hit"


@pytest.mark.parametrize("action", ["remove", "mark_spam"])
def test_removing_a_reply_hides_it(committed, article, moderator, action):
    reply = ReplyFactory(article=article, comment="Soon to be removed.")
    warm(article.url)
    with committed():
        getattr(moderation, action)(reply, moderator)
    assert "Soon to be removed." not in text_of(article.url)


def test_a_moderators_edit_shows_at_once(committed, article, moderator):
    reply = ReplyFactory(article=article, comment="Call me on 555 0100.")
    warm(article.url)
    with committed():
        moderation.edit_text(reply, "Call me.", moderator)
    assert "555 0100" not in text_of(article.url)
    assert "Call me." in text_of(article.url)


def test_a_readers_edit_of_a_published_reply_takes_it_off_the_page(
    committed, client, article, moderator
):
    post(client, article, comment="Published words.")
    reply = Reply.objects.get()
    with committed():
        moderation.approve(reply, moderator)
    warm(article.url)
    with committed():
        client.post(f"/replies/{reply.pk}/edit/", {"comment": "Edited words."})
    page = text_of(article.url)
    assert "Published words." not in page and "Edited words." not in page


def test_a_withdrawn_reply_leaves_the_page(committed, client, article, moderator):
    post(client, article, comment="I take it back.")
    reply = Reply.objects.get()
    with committed():
        moderation.approve(reply, moderator)
    warm(article.url)
    with committed():
        client.post(f"/replies/{reply.pk}/edit/", {"withdraw": "1", "comment": ""})
    assert "I take it back." not in text_of(article.url)


@pytest.mark.parametrize("answered", [False, True])
def test_erasing_a_reply_on_request_leaves_the_page(committed, article, answered):
    reply = ReplyFactory(article=article, comment="Erase me, please.")
    if answered:
        ReplyFactory(article=article, parent_id=reply.pk, comment="An answer that stays.")
    warm(article.url)
    with committed():
        moderation.erase(Reply.objects.get(pk=reply.pk))
    assert "Erase me, please." not in text_of(article.url)


def test_deleting_a_reply_for_good_leaves_the_page(committed, article, moderator):
    reply = ReplyFactory(article=article, comment="Delete me for good.")
    warm(article.url)
    with committed():
        moderation.delete_permanently(reply, moderator)
    assert "Delete me for good." not in text_of(article.url)


def test_a_reply_hidden_by_reports_leaves_the_page(committed, article, settings):
    settings.REPLIES_REPORTS_TO_HIDE = 1
    reply = ReplyFactory(article=article, comment="Reported words.")
    warm(article.url)
    with committed():
        Client().post(f"/replies/{reply.pk}/report/", {"reason": "spam"})
    assert "Reported words." not in text_of(article.url)


def test_a_clinic_answer_shows_at_once(committed, article, moderator):
    reply = ReplyFactory(article=article)
    warm(article.url)
    with committed():
        moderation.reply_as_clinic(reply, moderator, "The clinic answers.")
    assert "The clinic answers." in text_of(article.url)


def test_pinning_and_unpinning_a_clinic_answer_shows_at_once(committed, article, moderator):
    reply = ReplyFactory(article=article)
    with committed():
        answer, _ = moderation.reply_as_clinic(reply, moderator, "The clinic's word on this.")
    warm(article.url)
    with committed():
        moderation.pin(answer, moderator)
    assert "Pinned by the clinic" in text_of(article.url)
    with committed():
        moderation.unpin(answer, moderator)
    assert "Pinned by the clinic" not in text_of(article.url)


# --- Invalidation: settings, snippets, images --------------------------------------------


def test_clinic_settings_change_every_page(committed, article, listings, site):
    warm(*listings)
    clinic = ClinicSettings.for_site(site)
    clinic.clinic_name = "Ashford Wellness Clinic"
    with committed():
        clinic.save()
    for url in listings[:-1]:  # the sitemap names no clinic
        assert "Ashford Wellness Clinic" in Client().get(url).content.decode(), url


def test_an_author_edit_shows_on_the_articles(committed, article, author):
    warm(article.url)
    author.name = "Dana Reyes-Lopez"
    with committed():
        author.save()
    assert "Dana Reyes-Lopez" in text_of(article.url)


def test_a_topic_rename_shows_on_articles_and_listings(committed, article, blog_index, anxiety):
    warm(article.url, blog_index.url, f"{blog_index.url}topic/anxiety/")
    anxiety.name = "Anxiety disorders"
    with committed():
        anxiety.save()
    assert "Anxiety disorders" in text_of(article.url)
    assert "Anxiety disorders" in text_of(f"{blog_index.url}topic/anxiety/")


def test_an_image_change_drops_the_pages_showing_it(committed, article, reviewer_profile, reviewer):
    image = ImageFactory()
    with committed():
        publish(article, reviewer, featured_image=image, featured_image_alt="A calm room")
    warm(article.url)
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width = image.focal_point_height = 5
    with committed():
        image.save()
    assert fetch(article.url)[1] == "miss"


def test_deleting_a_rendition_drops_the_pages(committed, article, reviewer_profile, reviewer):
    image = ImageFactory()
    with committed():
        publish(article, reviewer, featured_image=image, featured_image_alt="A calm room")
    warm(article.url)
    with committed():
        image.renditions.first().delete()
    assert fetch(article.url)[1] == "miss"


# --- The CDN (Wagtail's frontend cache) ---------------------------------------------------


def test_no_purge_when_no_frontend_cache_is_configured(committed, article, moderator, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    RecordingBackend.purged.clear()
    reply = ReplyFactory(article=article)
    with committed():
        moderation.remove(reply, moderator)
    assert RecordingBackend.purged == []


def test_approving_a_reply_purges_the_article_and_the_pages_with_its_card(
    committed, article, other_article, blog_index, home_page, held, moderator, recorded_purges
):
    with committed():
        moderation.approve(held, moderator)
    purged = set(recorded_purges)
    base = "http://localhost"
    for page in (article, other_article, blog_index, home_page):
        assert base + page.url in purged, page.url
    assert f"{base}{blog_index.url}topic/anxiety/" in purged
    assert f"{base}{blog_index.url}feed/" in purged


def test_publishing_purges_every_public_page_and_the_sitemap(
    committed,
    article,
    other_article,
    blog_index,
    home_page,
    reviewer_profile,
    reviewer,
    recorded_purges,
):
    with committed():
        publish(article, reviewer, title="Revised")
    purged = set(recorded_purges)
    base = "http://localhost"
    for page in (article, other_article, blog_index, home_page):
        assert base + page.url in purged
    assert f"{base}/sitemap.xml" in purged


def test_clinic_settings_purge_every_public_page(committed, article, site, recorded_purges):
    clinic = ClinicSettings.for_site(site)
    clinic.phone = "(555) 999-0000"
    with committed():
        clinic.save()
    assert "http://localhost" + article.url in set(recorded_purges)


def test_a_site_changed_drops_every_page(committed, article, home_page, site):
    """A Site's host name, port or root page is in every link and route under it."""
    warm(article.url, home_page.url)
    with committed():
        site.site_name = "Ashford Ketamine Clinic"
        site.save()
    assert fetch(article.url)[1] == "miss"
    assert fetch(home_page.url)[1] == "miss"


def test_without_redis_a_change_in_another_process_drops_the_page(settings, tmp_path):
    """Without REDIS_URL the cache is files every process of the machine shares: a change
    made by another gunicorn worker or by the publish_scheduled timer (another process)
    drops what this one keeps. Local memory, as before, kept each process's own counters,
    and a page unpublished or made private stayed served by the other workers."""
    settings.CACHES = {"default": cache_settings("", key_prefix="t", directory=tmp_path)}
    entry_versions = page_cache.tag_versions([page_cache.SITE])
    other_process = (
        "import django; django.setup()\n"
        "from home import page_cache\n"
        "page_cache.bump([page_cache.SITE])\n"
    )
    environment = clean_environment("REDIS_URL")
    environment.update(
        DJANGO_SETTINGS_MODULE="clinicsite.settings.dev",
        CACHE_DIR=str(tmp_path),
        CACHE_KEY_PREFIX="t",
    )
    subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", other_process],
        env=environment,
        cwd=django_settings.BASE_DIR,
        check=True,
        capture_output=True,
    )
    assert page_cache.tag_versions([page_cache.SITE]) != entry_versions
