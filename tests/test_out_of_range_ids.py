"""No 500 for an id: every id taken from a URL or a form is range-checked, so one that no
row can have (beyond SQLite's and PostgreSQL's 2**63 - 1) is a 404 or a form error, never
an OverflowError."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply
from home.converters import MAX_DATABASE_ID
from tests.factories import ReplyFactory
from tests.reply_forms import post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

HUGE_IDS = ["99999999999999999999999", str(MAX_DATABASE_ID + 1)]


@pytest.fixture
def reply(article):
    return ReplyFactory(article=article)


@pytest.mark.parametrize("huge_id", HUGE_IDS)
@pytest.mark.parametrize(
    "url", ["/replies/{}/", "/replies/reply/{}/", "/replies/{}/edit/", "/replies/{}/report/"]
)
def test_reply_route_with_an_id_no_row_can_have_is_404(client, reply, url, huge_id):
    assert client.get(url.format(huge_id)).status_code == 404
    assert client.post(url.format(huge_id), {"reason": "spam"}).status_code == 404


@pytest.mark.parametrize("huge_id", HUGE_IDS)
def test_posting_to_an_article_id_no_row_can_have_is_404(client, article, huge_id):
    assert client.post(f"/replies/post/{huge_id}/", {"comment": "Hello"}).status_code == 404


def test_largest_id_a_row_can_have_is_looked_up_and_not_found(client, reply):
    assert client.get(f"/replies/{MAX_DATABASE_ID}/").status_code == 404


def test_reply_routes_still_take_real_ids(client, reply):
    assert client.get(reverse("replies:permalink", args=[reply.pk])).status_code == 302
    assert client.get(reverse("replies:reply_to", args=[reply.pk])).status_code == 200


@pytest.mark.parametrize("reply_to", [*HUGE_IDS, "-1", "-99999999999999999999999"])
def test_reply_form_answering_an_id_no_row_can_have_is_a_form_error(client, article, reply_to):
    response = post(client, article, reply_to=reply_to)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert "The reply you are answering is no longer available." in soup.get_text()
    # What the reader wrote is kept, to send again.
    assert "Ketamine helped my sister" in soup.get_text()
    assert not Reply.objects.exists()


@pytest.mark.parametrize("huge_id", HUGE_IDS)
@pytest.mark.parametrize("action", ["approve", "remove", "spam", "answer"])
def test_moderation_urls_with_an_id_no_row_can_have_are_404(client, moderator, action, huge_id):
    client.force_login(moderator)
    url = f"/admin/snippets/replies/reply/{action}/{huge_id}/"
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("huge_id", HUGE_IDS)
@pytest.mark.parametrize("view", ["edit", "history", "delete"])
def test_reply_admin_pages_with_an_id_no_row_can_have_are_404(client, moderator, view, huge_id):
    client.force_login(moderator)
    assert client.get(f"/admin/snippets/replies/reply/{view}/{huge_id}/").status_code == 404


def test_reply_admin_pages_still_take_real_ids(client, moderator, reply):
    client.force_login(moderator)
    for view in ["edit", "history", "delete"]:
        url = f"/admin/snippets/replies/reply/{view}/{reply.pk}/"
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("ids", [HUGE_IDS[:1], HUGE_IDS[1:], ["abc"], ["-3"]])
@pytest.mark.parametrize("action", ["approve", "spam", "remove", "delete"])
def test_bulk_action_on_ids_no_row_can_have_is_404(client, moderator, reply, action, ids):
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("replies", "reply", action))
    query = "&".join(f"id={value}" for value in ids)
    assert client.get(f"{url}?{query}").status_code == 404


def test_bulk_action_leaves_out_ids_no_row_can_have_and_acts_on_the_rest(
    client, moderator, article
):
    held = ReplyFactory(article=article, status=Reply.Status.AWAITING)
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("replies", "reply", "approve"))
    response = client.post(f"{url}?id={held.pk}&id={HUGE_IDS[0]}")
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Reply.Status.APPROVED


HUGE_PAGE_NUMBERS = ["9999999999999999999", "99999999999999999999999", str(MAX_DATABASE_ID)]


@pytest.mark.parametrize("number", [*HUGE_PAGE_NUMBERS, "1000000", "٣", "-1", "abc", ""])
def test_a_replies_page_no_thread_can_have_shows_the_first(client, reply, number):
    """A page's OFFSET grows with its number: unbounded, it overflowed the database's
    integers (a 500). Anything but a page number of up to six digits is the first page."""
    response = client.get(f"{reply.content_object.url}?replies_page={number}")
    assert response.status_code == 200
    assert f'id="reply-{reply.pk}"' in response.content.decode()


@pytest.mark.parametrize("number", HUGE_PAGE_NUMBERS)
def test_a_listing_page_no_listing_can_have_is_404(client, blog_index, article, number):
    assert client.get(f"{blog_index.url}?page={number}").status_code == 404
    assert client.get(f"{blog_index.url}topic/anxiety/?page={number}").status_code == 404


@pytest.mark.parametrize("number", HUGE_PAGE_NUMBERS)
def test_a_page_of_search_results_no_search_can_have_is_404(client, article, number):
    """Past the last page, as for any page of results that does not exist."""
    assert client.get(f"/search/?q=ketamine&page={number}").status_code == 404
