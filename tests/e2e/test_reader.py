"""A reader, as a person: finds an article, checks the share row, replies, sees the reply
held for moderation, and nobody else sees it. Then the same by keyboard alone, without
JavaScript, and an answer the server refuses, which lands at its form. The article is one
cached HTML for everyone: the form and the reader's own replies arrive after load."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from blog.models import BlogPage
from blog.replies.models import Reply
from tests.e2e.helpers import E2E, assert_no_violations, write_reply
from tests.factories import ReplyFactory

pytestmark = E2E


def open_first_article(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    page.locator(".article-card__title a").first.click()
    page.wait_for_selector("article.article h1")


def test_reader_finds_an_article_shares_and_replies(demo_site, visitor_factory, screenshot):
    reader = visitor_factory()
    page = reader.page
    reader.goto("/")
    open_first_article(page)
    title = page.locator("article.article h1").inner_text()
    article_url = page.url

    share = page.get_by_role("region", name="Share this article")
    facebook = share.get_by_role("link", name="Share on Facebook, opens in a new window")
    target = urlsplit(facebook.get_attribute("href"))
    assert target.netloc == "www.facebook.com"
    # The shared address is the article's canonical one (the Wagtail site's host).
    assert urlsplit(parse_qs(target.query)["u"][0]).path == urlsplit(article_url).path
    assert facebook.get_attribute("target") == "_blank"
    pinterest = share.get_by_role("link", name="Share on Pinterest, opens in a new window")
    pin = urlsplit(pinterest.get_attribute("href"))
    assert parse_qs(pin.query)["description"]
    assert parse_qs(pin.query)["media"][0].startswith("http")
    x_link = share.get_by_role("link", name="Share on X (Twitter), opens in a new window")
    assert parse_qs(urlsplit(x_link.get_attribute("href")).query)["text"] == [title]

    # The article itself is the page every reader gets; the form came with the reader's part.
    response = reader.goto(urlsplit(article_url).path)
    assert "public" in response.headers["cache-control"]
    assert "set-cookie" not in response.headers
    write_reply(
        page, "This explained the glutamate part well.\nThank you!", "Robin", "robin@example.com"
    )
    page.get_by_role("button", name="Post reply").click()

    page.wait_for_selector(".reply-notice")
    assert "awaiting moderation" in page.locator(".reply-notice").inner_text()
    held = page.locator(".reply--held")
    assert "This explained the glutamate part well." in held.inner_text()
    reply = Reply.objects.get(user_email="robin@example.com")
    assert not reply.is_approved
    assert page.url.endswith(f"#reply-{reply.pk}")

    assert_no_violations(page, "article-with-held-reply")
    screenshot(page, "article-with-held-reply")

    stranger = visitor_factory()
    stranger.goto(urlsplit(article_url).path)
    assert stranger.page.locator(".reply").count() == 0
    assert "glutamate part well" not in stranger.page.content()


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, id: e.id, text: e.innerText || '', name: e.name || '',"
        " outline: getComputedStyle(e).outlineStyle, cls: e.className}; }"
    )


def tab_until(page, predicate, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError("never reached the element by pressing Tab")


def test_keyboard_only_reader_can_read_share_and_reply(demo_site, visitor_factory):
    reader = visitor_factory()
    page = reader.page
    reader.goto("/blog/")
    page.locator(".article-card__title a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("article.article h1")

    page.wait_for_selector("#leave-a-reply")  # the reader's part, fetched after load
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["cls"] == "skip-link" and skip["outline"] != "none"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    share = tab_until(page, lambda e: "share__link" in e["cls"])
    assert share["outline"] != "none", "share links need a visible focus style"

    comment = tab_until(page, lambda e: e["name"] == "comment")
    assert comment["outline"] != "none"
    page.keyboard.type("Typed with the keyboard only.")
    tab_until(page, lambda e: e["name"] == "name")
    page.keyboard.type("Kim")
    tab_until(page, lambda e: e["name"] == "email")
    page.keyboard.type("kim@example.com")
    tab_until(page, lambda e: e["name"] == "consent")
    page.keyboard.press("Space")
    tab_until(page, lambda e: e["tag"] == "BUTTON" and "Post reply" in e["text"])
    page.keyboard.press("Enter")
    page.wait_for_selector(".reply-notice")
    assert (
        Reply.objects.get(user_email="kim@example.com").comment == "Typed with the keyboard only."
    )


def test_refused_answer_lands_at_its_form_with_the_reason_focused(
    demo_site, visitor_factory, screenshot
):
    article = BlogPage.objects.live().order_by("pk").first()
    question = ReplyFactory(article=article, user_name="Pat", comment="Does it hurt?")
    reader = visitor_factory()
    page = reader.page
    reader.goto(article.url)
    page.get_by_role("link", name="Reply to Pat").click()
    # The browser accepts this address; the server does not.
    write_reply(page, "It did not hurt me at all.", "Jane", "jane@example")
    page.get_by_role("button", name="Post reply").click()

    # A locator assertion, not wait_for_function: that evaluates a string in the page, which
    # the public pages' policy (no 'unsafe-eval') rightly refuses.
    expect(page.locator("#reply-form-errors")).to_be_focused()
    assert page.get_by_role("heading", level=1).inner_text() == "Reply to Pat"
    assert "Does it hurt?" in page.locator(".reply-page__quote").inner_text()
    assert "valid email address" in page.locator("#reply-form-errors").inner_text()
    assert page.get_by_label("Your reply").input_value() == "It did not hurt me at all."
    cancel = page.get_by_role("link", name="Cancel reply")
    assert cancel.get_attribute("href").endswith(f"#reply-{question.pk}")
    assert_no_violations(page, "refused-reply")
    screenshot(page, "refused-reply")

    errors = page.locator("#reply-form-errors")
    errors.get_by_role("link", name="Email").click()  # the summary links to the field
    assert page.evaluate("document.activeElement.name") == "email"
    page.keyboard.press("Control+A")
    page.keyboard.type("jane@example.com")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_selector(".reply-notice")
    answer = Reply.objects.get(comment="It did not hurt me at all.")
    assert answer.parent_id == question.pk
    # Sent from the form's own page, it comes back there, where the notice is.
    assert page.url.endswith(f"/replies/leave/{article.pk}/?replied={answer.pk}")


def test_reader_without_javascript_replies_through_the_form_page(demo_site, visitor_factory):
    article = BlogPage.objects.live().order_by("pk").first()
    reader = visitor_factory(javascript=False)
    page = reader.page
    reader.goto(article.url)
    assert page.locator("#leave-a-reply").count() == 0  # not in the cached article
    page.get_by_role("link", name="Leave a reply").click()
    write_reply(page, "Replying without scripts.", "Noor", "noor@example.com")
    page.get_by_role("button", name="Post reply").click()
    # Back on the form's page (the cached article could not say anything to this reader).
    page.wait_for_url(f"**/replies/leave/{article.pk}/?replied=*")
    reply = Reply.objects.get(user_email="noor@example.com")
    assert reply.comment == "Replying without scripts." and not reply.is_approved
    assert "Your reply is awaiting moderation" in page.locator(".reply-notice").inner_text()
    assert "Replying without scripts." in page.locator(".reply--held").inner_text()


def test_reply_in_place_says_whom_it_answers_and_cancel_restores_the_form(
    demo_site, visitor_factory
):
    article = BlogPage.objects.live().order_by("pk").first()
    ReplyFactory(article=article, user_name="Pat", comment="Does it hurt?")
    reader = visitor_factory()
    page = reader.page
    reader.goto(article.url)
    page.wait_for_selector("#leave-a-reply")
    heading = page.locator("#reply-form-heading")
    expect(heading).to_have_text("Leave a Reply")
    opener = page.get_by_role("link", name="Reply to Pat")
    opener.click()
    expect(heading).to_be_visible()
    expect(heading).to_have_text("Reply to Pat")
    expect(page.get_by_role("form", name="Reply to Pat")).to_be_visible()
    page.get_by_role("button", name="Cancel reply").click()
    expect(heading).to_have_text("Leave a Reply")
    expect(opener).to_be_focused()


def test_article_without_replies_says_leave_a_reply_once(demo_site, visitor_factory):
    article = BlogPage.objects.live().order_by("pk").first()
    Reply.objects.filter(object_pk=str(article.pk)).delete()
    reader = visitor_factory()
    page = reader.page
    reader.goto(article.url)
    page.wait_for_selector("#leave-a-reply")
    expect(page.get_by_role("heading", name="Leave a Reply")).to_have_count(1)
    expect(page.locator("#reply-form-heading")).to_be_hidden()
    # The form is still named for assistive technology, by the hidden heading.
    expect(page.get_by_role("form", name="Leave a Reply")).to_be_visible()
