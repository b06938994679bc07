"""A form sent without its security cookie (CSRF) gets a friendly page in the site's layout,
not Django's bare 403: it says why, and gives back the text the reader typed, to copy."""

from django.test import Client

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply
from tests.factories import ContactPageFactory, ReplyFactory
from tests.reply_forms import form_data

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

TYPED = "My words <b>matter</b> & I want them back"


@pytest.fixture
def cookieless_client():
    """A browser whose csrftoken cookie was dropped: the CSRF check runs, as in production."""
    return Client(enforce_csrf_checks=True)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def given_back(response):
    return {area["id"]: area.get_text() for area in soup_of(response).select("textarea[readonly]")}


def test_reply_without_its_csrf_cookie_gets_a_friendly_page_with_the_text_back(
    cookieless_client, article
):
    response = cookieless_client.post(
        f"/replies/post/{article.pk}/",
        form_data(article, comment=TYPED),
        HTTP_REFERER=f"http://testserver{article.url}",
    )
    assert response.status_code == 403
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Your message was not sent"
    assert "cookies are blocked" in soup.get_text()
    assert given_back(response) == {"given-back-comment": TYPED}
    assert "<b>matter</b>" not in response.content.decode()  # escaped, never markup
    assert soup.find("label", attrs={"for": "given-back-comment"})
    assert soup.find("a", href=f"http://testserver{article.url}")
    assert soup.select_one("header") and soup.select_one("footer")  # the site's layout
    assert not Reply.objects.exists()


def test_csrf_page_has_no_inline_script_or_style_and_is_not_indexed(cookieless_client, article):
    response = cookieless_client.post(f"/replies/post/{article.pk}/", form_data(article))
    soup = soup_of(response)
    assert not soup.find_all("script", src=False)
    assert not soup.find_all("style") and not soup.find_all(style=True)
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_contact_message_without_its_csrf_cookie_is_given_back(
    cookieless_client, home_page, clinic
):
    page = ContactPageFactory(parent=home_page)
    response = cookieless_client.post(
        page.url, {"name": "Jo", "email": "jo@example.com", "message": TYPED}
    )
    assert response.status_code == 403
    assert given_back(response) == {"given-back-message": TYPED}


def test_report_note_without_its_csrf_cookie_is_given_back(cookieless_client, article):
    reply = ReplyFactory(article=article)
    response = cookieless_client.post(
        f"/replies/{reply.pk}/report/", {"reason": "harmful", "note": TYPED}
    )
    assert response.status_code == 403
    assert given_back(response) == {"given-back-note": TYPED}
    assert not reply.reports.exists()


def test_csrf_page_never_gives_back_passwords_or_tokens(cookieless_client, article):
    response = cookieless_client.post(
        "/admin/login/",
        {"username": "erin", "password": "hunter2-secret", "csrfmiddlewaretoken": "x"},
    )
    assert response.status_code == 403
    assert "hunter2-secret" not in response.content.decode()
    assert given_back(response) == {}


def test_outdated_csrf_token_says_the_page_was_out_of_date(cookieless_client, article):
    cookieless_client.cookies["csrftoken"] = "a" * 32
    response = cookieless_client.post(
        f"/replies/post/{article.pk}/",
        {**form_data(article, comment=TYPED), "csrfmiddlewaretoken": "b" * 32},
    )
    assert response.status_code == 403
    assert "out of date" in soup_of(response).get_text()
    assert given_back(response) == {"given-back-comment": TYPED}


def test_back_link_is_left_out_when_the_form_came_from_another_site(cookieless_client, article):
    response = cookieless_client.post(
        f"/replies/post/{article.pk}/", form_data(article), HTTP_REFERER="https://evil.example/x"
    )
    assert not soup_of(response).find("a", href="https://evil.example/x")
