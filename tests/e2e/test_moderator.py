"""A moderator works the queue in the Wagtail admin: approves a reader's reply, which the
reader then sees published, and answers it as the clinic."""

from blog.models import BlogPage
from blog.replies.models import Reply
from tests.e2e.helpers import E2E, log_in
from tests.factories import ReplyFactory

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


def test_moderator_works_the_queue_from_the_keyboard_and_answers_inline(demo_site, visitor_factory):
    article = BlogPage.objects.live().order_by("pk").first()
    waiting = {
        name: ReplyFactory(
            article=article, status="awaiting", held_reason="policy", comment=f"Keyboard {name}"
        )
        for name in ("answer", "approve", "spam", "remove")
    }
    moderator = visitor_factory()
    page = moderator.page
    log_in(page, moderator.base_url, "moderator")
    page.goto(moderator.base_url + "/admin/snippets/replies/reply/")
    hint = page.locator("[data-reply-queue-keys]")
    assert hint.is_visible() and "a to approve" in hint.inner_text()

    def row(name):
        return page.locator(f"tr[data-reply-row='{waiting[name].pk}']")

    def status(name):
        return Reply.objects.get(pk=waiting[name].pk).status

    # Answer inline: keys typed in the answer box are words, not actions.
    row("answer").get_by_role("link", name="Reply").click()
    box = page.get_by_role("textbox", name="Answer")
    assert box.evaluate("element => element === document.activeElement")
    box.press_sequentially("a s d: we will call you.")
    assert status("answer") == "awaiting"
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and publish answer").click()
    answer = Reply.objects.get(is_clinic_reply=True, parent_id=waiting["answer"].pk)
    assert answer.comment == "a s d: we will call you." and status("answer") == "approved"

    # Arrow keys move between rows; single keys act on the focused row.
    row("approve").focus()
    page.keyboard.press("ArrowDown")
    assert row("spam").evaluate("element => element === document.activeElement")
    page.keyboard.press("ArrowUp")
    for name, key, expected in (("approve", "a", "approved"), ("spam", "s", "spam")):
        row(name).focus()
        with page.expect_navigation():
            page.keyboard.press(key)
        assert status(name) == expected
        # The row that took its place has the focus, ready for the next key.
        assert page.evaluate("document.activeElement.matches('tr[data-reply-row]')")
    row("remove").focus()
    with page.expect_navigation():
        page.keyboard.press("d")
    assert status("remove") == "removed"
    # Wagtail's own shortcut keys still belong to Wagtail: "?" opens its dialog.
    page.locator("tr[data-reply-row]").first.focus()
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
