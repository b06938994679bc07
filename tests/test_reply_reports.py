"""Readers report a reply: no account needed, counted per address, rate-limited; enough
reports hide the reply until a moderator has looked at it."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from blog.replies import moderation
from blog.replies.models import Reply, ReplyReport
from tests.factories import ReplyFactory
from tests.reply_forms import reader_view


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def report(reply, address="203.0.113.1", **fields):
    data = {"reason": "harmful", "note": "", **fields}
    return Client(REMOTE_ADDR=address).post(f"/replies/{reply.pk}/report/", data)


@pytest.fixture
def reply(article):
    return ReplyFactory(article=article, user_name="Ana", comment="Something hurtful")


def test_every_public_reply_has_a_report_link(client, article, reply):
    ReplyFactory(article=article, status="awaiting", comment="Held")
    page = soup_of(client.get(article.url))
    links = page.select(".reply__report")
    assert [link["href"] for link in links] == [f"/replies/{reply.pk}/report/"]
    assert links[0].get_text(" ", strip=True) == "Report the reply by Ana"


def test_report_form_is_an_accessible_page(client, reply):
    page = soup_of(client.get(f"/replies/{reply.pk}/report/"))
    assert page.h1.get_text() == "Report a reply"
    assert (
        page.select_one("fieldset legend")
        .get_text(" ", strip=True)
        .startswith("What is wrong with this reply?")
    )
    assert len(page.select("input[name=reason][type=radio]")) == 4
    assert page.select_one("label[for=id_note]")
    assert page.select_one("form input[name=csrfmiddlewaretoken]")


def test_anonymous_report_is_stored_without_the_address(client, article, reply):
    response = report(reply, note="Please check this")
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?reported={reply.pk}#reply-{reply.pk}"
    stored = ReplyReport.objects.get()
    assert stored.reply == reply and stored.reason == "harmful"
    assert stored.note == "Please check this"
    assert stored.reporter_ip_hash and "203.0.113.1" not in stored.reporter_ip_hash
    notice = reader_view(client, response["Location"]).select_one(".reply-notice")
    assert "Thank you for your report" in notice.get_text()


def test_report_needs_a_reason(reply):
    response = report(reply, reason="")
    assert response.status_code == 400
    assert "Please choose what is wrong" in soup_of(response).get_text()
    assert not ReplyReport.objects.exists()


def test_report_needs_csrf(reply):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/replies/{reply.pk}/report/", {"reason": "spam"})
    assert response.status_code == 403
    assert not ReplyReport.objects.exists()


@pytest.mark.parametrize(
    "state", [{"status": "awaiting"}, {"status": "spam"}, {"status": "removed"}]
)
def test_only_public_replies_can_be_reported(client, article, state):
    hidden = ReplyFactory(article=article, **state)
    assert client.get(f"/replies/{hidden.pk}/report/").status_code == 404
    assert report(hidden).status_code == 404
    assert client.get("/replies/999999/report/").status_code == 404
    assert not ReplyReport.objects.exists()


def test_reports_are_rate_limited_per_address(article, settings):
    settings.REPLIES_REPORT_RATE_LIMIT = (2, 600)
    replies = [ReplyFactory(article=article) for _ in range(3)]
    assert report(replies[0]).status_code == 302
    assert report(replies[1]).status_code == 302
    response = report(replies[2])
    assert response.status_code == 429
    assert "several reports in a short time" in soup_of(response).get_text()
    assert ReplyReport.objects.count() == 2
    assert report(replies[2], address="203.0.113.99").status_code == 302


def test_one_address_reporting_again_counts_once(reply, settings):
    settings.REPLIES_REPORTS_TO_HIDE = 2
    for _ in range(3):
        assert report(reply).status_code == 302
    assert ReplyReport.objects.count() == 1
    reply.refresh_from_db()
    assert reply.is_approved


def test_enough_reports_hide_the_reply_for_moderators_to_review(
    client, article, reply, moderator, settings, django_capture_on_commit_callbacks
):
    settings.REPLIES_REPORTS_TO_HIDE = 3
    for n in range(2):
        report(reply, address=f"203.0.113.{n}")
    reply.refresh_from_db()
    assert reply.is_approved
    with django_capture_on_commit_callbacks(execute=True):
        report(reply, address="203.0.113.9", reason="personal_info")
    reply.refresh_from_db()
    assert not reply.is_approved and reply.held_reason == "reports"
    assert reply.status == "awaiting"
    assert "Something hurtful" not in client.get(article.url).content.decode()

    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Reply), object_id=str(reply.pk)
    )
    assert entry.action == "replies.hidden_by_reports" and entry.user is None
    assert entry.data == {"previous_status": "approved", "status": "awaiting", "reports": 3}
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "Reported by readers" in mail.outbox[0].body

    client.force_login(moderator)
    queue = reverse("wagtailsnippets_replies_reply:list")
    for status in ("awaiting", "flagged"):
        rows = soup_of(client.get(queue, {"status": status})).select("table.listing tbody tr")
        assert len(rows) == 1
        text = rows[0].get_text(" ", strip=True)
        assert "Reported by readers" in text and "Something hurtful" in text
    page = soup_of(client.get(reverse("wagtailsnippets_replies_reply:edit", args=[reply.pk])))
    assert "Reader reports (3)" in page.get_text(" ", strip=True)


def test_after_a_moderator_approves_it_reports_count_afresh(reply, moderator, settings):
    settings.REPLIES_REPORTS_TO_HIDE = 2
    report(reply, address="203.0.113.1")
    report(reply, address="203.0.113.2")
    reply.refresh_from_db()
    assert not reply.is_approved
    moderation.approve(reply, moderator)
    report(reply, address="203.0.113.3")
    reply.refresh_from_db()
    assert reply.is_approved
    report(reply, address="203.0.113.4")
    reply.refresh_from_db()
    assert not reply.is_approved and reply.held_reason == "reports"
