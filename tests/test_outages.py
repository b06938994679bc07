"""Outages: without Redis the site serves from the database and keeps every message; without
the database it says so with a 503 the load balancer and browsers can retry."""

import logging
import time
from unittest import mock

from django.core import signing
from django.db import OperationalError, connections
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission

import pytest

from blog.replies.forms import ReplyForm
from blog.replies.models import Reply, ReplyReport
from home import spam
from home.forms import TIMESTAMP_SALT
from tests.factories import (
    BlogPageFactory,
    ContactPageFactory,
    ImageFactory,
    InformationPageFactory,
    ReplyFactory,
)

pytestmark = pytest.mark.usefixtures("no_minimum_wait")


@pytest.fixture
def whole_site(article, blog_index, home_page, clinic):
    """One page of every public type: the article (tagged), one with pictures, their index,
    contact and privacy pages, and an approved reply to the article."""
    article.tags.add("sleep")
    article.save()
    clinic.contact_page = ContactPageFactory(parent=home_page)
    clinic.privacy_page = InformationPageFactory(parent=home_page, slug="privacy")
    clinic.save()
    # Renditions are looked up in the cache too: a picture in the body and on the cards.
    picture = ImageFactory()
    BlogPageFactory(
        parent=blog_index,
        slug="with-a-picture",
        featured_image=picture,
        featured_image_alt="A calm lake",
        body__0__image__image=picture,
    )
    return {"reply": ReplyFactory(article=article), "contact_page": clinic.contact_page}


def reply_form_data(article):
    """What the Leave a Reply form posts, with valid hidden security fields."""
    form = ReplyForm(article)
    return {
        **form.generate_security_data(),
        "comment": "Thank you, this answered what I was too shy to ask.",
        "name": "Sam",
        "email": "sam@example.com",
        "reply_to": 0,
        "consent": "on",
        spam.TIMESTAMP_FIELD: form[spam.TIMESTAMP_FIELD].value(),
    }


def contact_form_data():
    return {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "preferred_contact_method": "Email",
        "message": "Could ketamine help with my anxiety?",
        "consent": "on",
        spam.TIMESTAMP_FIELD: signing.dumps(time.time() - 60, salt=TIMESTAMP_SALT),
    }


PUBLIC_PAGES = [
    "/",
    "/blog/",
    "/blog/ketamine-and-anxiety/",
    "/blog/with-a-picture/",
    "/blog/topic/anxiety/",
    "/blog/tag/sleep/",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/blog/topic/anxiety/feed/",
    "/contact/",
    "/contact/thank-you/",
    "/privacy/",
    "/search/?q=ketamine",
    "/sitemap.xml",
    "/robots.txt",
]


def test_public_pages_are_served_from_the_database_while_redis_is_down(
    whole_site, redis_down, client
):
    reply = whole_site["reply"]
    for url in [*PUBLIC_PAGES, f"/replies/reply/{reply.pk}/", f"/replies/{reply.pk}/report/"]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/replies/{reply.pk}/").status_code == 302
    assert client.get("/no-such-page/").status_code == 404


def test_replies_messages_and_reports_are_stored_while_redis_is_down(
    whole_site, redis_down, article, client, caplog
):
    reply = whole_site["reply"]
    with caplog.at_level(logging.WARNING):
        posted = client.post(f"/replies/post/{article.pk}/", reply_form_data(article))
        sent = client.post(whole_site["contact_page"].url, contact_form_data())
        reported = client.post(f"/replies/{reply.pk}/report/", {"reason": "spam"})

    assert posted.status_code == 302
    assert Reply.objects.filter(user_email="sam@example.com").exists()
    assert sent.status_code == 302
    assert FormSubmission.objects.filter(page=whole_site["contact_page"]).count() == 1
    assert reported.status_code == 302
    assert ReplyReport.objects.filter(reply=reply).count() == 1
    rate_limit_warnings = [
        record
        for record in caplog.records
        if record.name == "home.spam" and record.levelno == logging.WARNING
    ]
    assert len(rate_limit_warnings) == 4  # replies by address and by email, contact, report


def test_editors_can_publish_and_change_the_site_while_redis_is_down(
    redis_down, blog_index, site, client, reviewer, reviewer_profile
):
    """Saving a site or a page clears Wagtail's cached site roots: that must not fail."""
    site.site_name = "Clinic"
    site.save()
    article = BlogPageFactory(parent=blog_index, slug="published-in-an-outage")
    article.save_revision().publish(user=reviewer)
    assert client.get("/blog/published-in-an-outage/").status_code == 200


# --- The database is unreachable -------------------------------------------------------------


@pytest.fixture
def visitor():
    """A browser: it gets the error page a real one would, not the exception."""
    return Client(raise_request_exception=False)


def test_pages_answer_503_with_retry_after_while_the_database_is_down(
    whole_site, database_down, visitor
):
    reply = whole_site["reply"]
    for url in [
        "/",
        "/blog/ketamine-and-anxiety/",
        "/contact/",
        "/search/?q=ketamine",
        f"/replies/{reply.pk}/",
    ]:
        response = visitor.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "We’ll be back in a moment" in page
        assert "988" in page  # the crisis line, even now


def test_a_reply_posted_while_the_database_is_down_is_told_to_send_again(
    whole_site, article, visitor
):
    data = reply_form_data(article)
    with mock.patch.object(
        connections["default"], "ensure_connection", side_effect=OperationalError("refused")
    ):
        response = visitor.post(f"/replies/post/{article.pk}/", data)
    assert response.status_code == 503
    assert "send it again" in response.content.decode()


def test_a_bug_still_answers_500_without_retry_after(whole_site, visitor):
    with mock.patch("wagtail.models.Site.find_for_request", side_effect=RuntimeError("a bug")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()
