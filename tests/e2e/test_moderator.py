"""A moderator works the queue in the Wagtail admin: approves a reader's reply, which the
reader then sees published, and answers it as the clinic."""

from blog.models import BlogPage
from blog.replies.models import Reply
from tests.e2e.helpers import E2E, log_in

pytestmark = E2E


def test_moderator_approves_and_answers_a_reply(demo_site, visitor_factory, screenshot):
    article = BlogPage.objects.live().order_by("pk").first()
    article_path = article.url
    approved_before = Reply.objects.for_article(article).approved().count()

    reader = visitor_factory()
    reader.goto(article_path)
    reader.page.get_by_label("Your reply").fill("Does the effect last between sessions?")
    reader.page.get_by_role("textbox", name="Name").fill("Alex")
    reader.page.get_by_role("textbox", name="Email").fill("alex@example.com")
    reader.page.get_by_label("I have read the privacy note").check()
    reader.page.get_by_role("button", name="Post reply").click()
    reader.page.wait_for_selector(".reply--held")

    moderator = visitor_factory()
    page = moderator.page
    log_in(page, moderator.base_url, "moderator")
    waiting = f"Replies ({Reply.objects.awaiting_moderation().count()})"  # the demo's too
    page.get_by_role("button", name=waiting).click()
    page.get_by_role("link", name=waiting).click()
    page.get_by_text("Does the effect last between sessions?").wait_for()
    screenshot(page, "admin-moderation-queue")
    row = page.locator("tr", has_text="Does the effect last between sessions?")
    row.get_by_role("button", name="Approve: reply").click()
    page.get_by_text("approved", exact=False).first.wait_for()

    reply = Reply.objects.get(comment="Does the effect last between sessions?")
    assert reply.is_approved

    reader.page.reload()
    published = reader.page.locator(f"#reply-{reply.pk}")
    assert "awaiting moderation" not in published.inner_text()
    assert reader.page.locator("#replies-heading").inner_text() == f"{approved_before + 1} Replies"

    page.goto(moderator.base_url + f"/admin/snippets/replies/reply/edit/{reply.pk}/")
    page.get_by_role("textbox", name="Answer as the clinic").fill(
        "It varies; we plan follow-up sessions with each patient."
    )
    page.get_by_role("button", name="Publish answer").click()
    page.wait_for_load_state()

    reader.page.reload()
    answer = reader.page.locator(f"#reply-{reply.pk} .reply-list--nested .reply").first
    answer.wait_for()
    assert "Clinic" in answer.locator(".reply__badge").inner_text()
    assert "we plan follow-up sessions" in answer.inner_text()
