"""Nothing unpublished or protected reaches the public: a draft's words never reach site
search, and an article behind a password or a login shows nothing of itself (title,
replies, link) on any public route until the reader passes its restriction."""

from django.urls import reverse

from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply
from blog.replies.notifications import mute_url
from blog.replies.reader import OWN_REPLIES_COOKIE
from tests.factories import BlogPageFactory, ReplyFactory
from tests.reply_forms import post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

SECRET_TITLE = "Zygomorphic ketamine trial results"
SECRET_REPLY = "Quixotically helpful answer"
PASSWORD = "let-me-in"


def search_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # Not get_text(strip=True): that would glue a <mark>ed word to its neighbours.
    return [" ".join(a.get_text().split()) for a in soup.select(".search-result__title a")]


# --- Drafts and site search ------------------------------------------------------------------


def test_draft_saved_after_publishing_never_reaches_site_search(client, article, editor):
    get_search_backend().add(article)
    article.title = "Xylophonic draft title"
    article.body = [("paragraph", "<p>Unpublishedword appears only in the draft.</p>")]
    article.save_revision(user=editor)  # what the editor's Save draft does

    assert search_titles(client, "unpublishedword") == []
    assert search_titles(client, "xylophonic") == []
    assert search_titles(client, "unlocking") == ["Unlocking Relief: Ketamine and Anxiety"]


def test_publishing_the_draft_brings_its_words_to_site_search(
    client, article, editor, reviewer, reviewer_profile
):
    article.body = [("paragraph", "<p>Nowpublishedword is in the new version.</p>")]
    article.save_revision(user=editor).publish(user=reviewer)  # approved by a medical reviewer
    assert search_titles(client, "nowpublishedword") == ["Unlocking Relief: Ketamine and Anxiety"]


# --- Restricted articles -------------------------------------------------------------------


@pytest.fixture(params=[PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def restriction_type(request):
    return request.param


@pytest.fixture
def secret_article(blog_index, author, anxiety, clinic):
    article = BlogPageFactory(
        parent=blog_index, title=SECRET_TITLE, authors=[author], topics=[anxiety]
    )
    get_search_backend().add(article)
    return article


@pytest.fixture
def secret_reply(secret_article):
    return ReplyFactory(article=secret_article, comment=SECRET_REPLY)


def restrict(page, restriction_type):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password=PASSWORD
    )


def assert_answers_as_the_article(client, response, article, restriction_type):
    """The response a reply route gave is what the article itself answers: the password form
    (nothing of the article in it) or a redirect to log in, never cached."""
    page_response = client.get(article.url)
    assert response.status_code == page_response.status_code
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert SECRET_TITLE not in body and SECRET_REPLY not in body
    assert article.slug not in response.get("Location", "").split("?")[0]
    if restriction_type == PageViewRestriction.PASSWORD:
        assert response.status_code == 200
        assert "/_util/authenticate_with_password/" in body
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailcore_login"))


def pass_restriction(client, restriction, article, editor):
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
        client.post(url, {"password": PASSWORD, "return_url": article.url})
    else:
        client.force_login(editor)


@pytest.mark.parametrize(
    "route", ["replies:reply_to", "replies:permalink", "replies:report"], ids=str
)
def test_reply_routes_of_a_restricted_article_answer_as_the_article(
    client, secret_article, secret_reply, restriction_type, route
):
    restrict(secret_article, restriction_type)
    response = client.get(reverse(route, args=[secret_reply.pk]))
    assert_answers_as_the_article(client, response, secret_article, restriction_type)


def test_reply_routes_of_an_article_under_a_restricted_blog_answer_as_the_article(
    client, blog_index, secret_article, secret_reply, restriction_type
):
    restrict(blog_index, restriction_type)
    response = client.get(reverse("replies:reply_to", args=[secret_reply.pk]))
    assert_answers_as_the_article(client, response, secret_article, restriction_type)


def test_reporting_a_reply_of_a_restricted_article_is_refused(
    client, secret_article, secret_reply, restriction_type
):
    restrict(secret_article, restriction_type)
    response = client.post(
        reverse("replies:report", args=[secret_reply.pk]), {"reason": "spam", "note": ""}
    )
    assert_answers_as_the_article(client, response, secret_article, restriction_type)
    assert not secret_reply.reports.exists()


def test_posting_to_a_restricted_article_answers_as_the_article_and_stores_nothing(
    client, secret_article, restriction_type
):
    restrict(secret_article, restriction_type)
    response = post(client, secret_article)
    assert_answers_as_the_article(client, response, secret_article, restriction_type)
    assert not Reply.objects.exists()


def test_editing_your_reply_after_the_article_was_restricted_answers_as_the_article(
    client, secret_article, restriction_type
):
    assert post(client, secret_article).status_code == 302
    assert client.cookies[OWN_REPLIES_COOKIE]
    reply = Reply.objects.get()
    restrict(secret_article, restriction_type)
    response = client.get(reverse("replies:edit", args=[reply.pk]))
    assert_answers_as_the_article(client, response, secret_article, restriction_type)


def test_reply_routes_work_once_the_reader_passed_the_restriction(
    client, secret_article, secret_reply, restriction_type, editor
):
    restriction = restrict(secret_article, restriction_type)
    pass_restriction(client, restriction, secret_article, editor)
    reply_page = client.get(reverse("replies:reply_to", args=[secret_reply.pk]))
    assert reply_page.status_code == 200
    assert SECRET_REPLY in reply_page.content.decode()
    permalink = client.get(reverse("replies:permalink", args=[secret_reply.pk]))
    assert permalink.status_code == 302
    assert permalink["Location"].startswith(secret_article.url)
    assert post(client, secret_article, comment="Reply after the password.").status_code == 302


def test_mute_link_of_a_restricted_article_mutes_without_naming_it(
    client, secret_article, restriction_type
):
    reply = ReplyFactory(article=secret_article, followup=True, user_email="sam@example.com")
    restrict(secret_article, restriction_type)
    address = mute_url(reply).removeprefix("http://localhost")
    for response in (client.get(address), client.post(address)):  # the question, then the mute
        assert response.status_code == 200
        assert SECRET_TITLE not in response.content.decode()
        assert secret_article.url not in response.content.decode()
    reply.refresh_from_db()
    assert not reply.followup


def test_unpublished_article_reply_routes_are_404(client, secret_article, secret_reply):
    secret_article.unpublish()
    for route in ["replies:reply_to", "replies:permalink", "replies:report"]:
        assert client.get(reverse(route, args=[secret_reply.pk])).status_code == 404
    assert post(client, secret_article).status_code == 404


# --- Listings ------------------------------------------------------------------------------


@pytest.fixture
def restricted(secret_article, secret_reply, restriction_type):
    """The secret article behind a password or a login, with an approved reply."""
    restrict(secret_article, restriction_type)
    return secret_article


def test_restricted_article_is_not_in_site_search(client, restricted):
    assert search_titles(client, "zygomorphic") == []


@pytest.mark.parametrize(
    "feed", ["/blog/feed/", "/blog/feed/atom/", "/blog/topic/anxiety/feed/"], ids=str
)
def test_restricted_article_is_not_in_feeds(client, restricted, article, feed):
    response = client.get(feed)
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert SECRET_TITLE not in response.content.decode()


def test_restricted_article_is_not_in_the_sitemap(client, restricted, article):
    xml = client.get("/sitemap.xml").content.decode()
    assert article.slug in xml and restricted.slug not in xml


def test_restricted_article_is_not_on_cards_listings_or_related(
    client, restricted, article, home_page, blog_index
):
    for url in [article.url, home_page.url, blog_index.url, blog_index.url + "topic/anxiety/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET_TITLE not in response.content.decode(), url


def test_restricted_article_page_shows_no_structured_data(client, restricted):
    response = client.get(restricted.url)
    body = response.content.decode()
    assert "ld+json" not in body and SECRET_TITLE not in body and SECRET_REPLY not in body


def test_restricted_blog_is_not_linked_from_the_home_page(client, home_page, blog_index, article):
    restrict(blog_index, PageViewRestriction.LOGIN)
    soup = BeautifulSoup(client.get(home_page.url).content, "html.parser")
    assert not soup.select(".latest-articles__more")
    assert article.title not in soup.get_text()


def test_private_article_asks_readers_to_sign_in_in_the_sites_layout(
    client, secret_article, editor
):
    restrict(secret_article, PageViewRestriction.LOGIN)
    login = client.get(client.get(secret_article.url)["Location"])
    assert login.status_code == 200
    page = BeautifulSoup(login.content, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Sign in"
    assert page.select_one("header") and page.select_one("footer")  # the site's own layout
    assert page.select_one("label[for=id_username]") and page.select_one("label[for=id_password]")
    assert SECRET_TITLE not in login.content.decode()
    editor.set_password(PASSWORD)
    editor.save()
    signed_in = client.post(
        reverse("wagtailcore_login"),
        {"username": editor.username, "password": PASSWORD, "next": secret_article.url},
        REMOTE_ADDR="127.0.0.1",
    )
    assert signed_in["Location"] == secret_article.url
    assert SECRET_TITLE in client.get(secret_article.url).content.decode()
