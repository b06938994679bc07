"""Editor and reviewer: the editor writes an article in the Wagtail page editor and submits
it to Medical review (an editor cannot publish); the medical reviewer approves it, which
publishes it; an anonymous reader then finds it on the blog."""

import re

from wagtail.models import TaskState

from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPage
from tests.e2e.helpers import E2E, log_in

pytestmark = E2E

TITLE = "Sleep after ketamine treatment"
HEADING = "What changes at night"
PARAGRAPH = "Many patients say they sleep more deeply within a week of their first session."
REFERENCE_TITLE = "Ketamine and sleep architecture in depression"


def insert_block(page, body, name):
    """Open the last "+" of the body (after every block so far) and pick a block type.

    Waits until the body counts the new block (its hidden `body-count` field): a "+" clicked
    before that is the previous block's, and the next block would land before this one.
    """
    blocks = page.locator("input[name=body-count]")
    count = int(blocks.input_value())
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(blocks).to_have_value(str(count + 1))


def write_article(page, base_url, blog_index):
    page.goto(base_url + f"/admin/pages/add/blog/blogpage/{blog_index.pk}/")
    page.get_by_role("textbox", name="Title").fill(TITLE)
    page.get_by_role("textbox", name="Intro").fill(
        "Better sleep is one of the first changes patients notice. Here is why."
    )

    page.get_by_role("button", name="Choose author").first.click()
    page.get_by_role("dialog").get_by_role("link", name="Maren Tillbrook, PMHNP-BC").click()
    authors = page.locator("#panel-child-content-author-content")
    authors.get_by_text("Maren Tillbrook, PMHNP-BC").wait_for()

    body = page.locator("#panel-child-content-body-content")
    insert_block(page, body, "Heading")
    body.get_by_role("textbox", name=re.compile(r"^Text")).last.fill(HEADING)

    insert_block(page, body, "Paragraph")
    body.get_by_role("textbox").and_(body.locator("[contenteditable=true]")).last.click()
    page.keyboard.type(PARAGRAPH)

    insert_block(page, body, "Image")
    body.get_by_role("button", name="Choose an image").last.click()
    page.get_by_role("dialog").get_by_role("link", name=re.compile("Sun on a still lake")).click()
    body.get_by_text("Sun on a still lake").wait_for()

    insert_block(page, body, "Call to action")  # its defaults: heading and standard wording

    insert_block(page, body, "References")
    body.get_by_role("textbox", name=re.compile(r"^Authors")).last.fill("Duncan WC, Zarate CA.")
    body.get_by_role("textbox", name=re.compile(r"^Title")).last.fill(REFERENCE_TITLE)
    body.get_by_role("textbox", name=re.compile(r"^Publication")).last.fill(
        "International Journal of Neuropsychopharmacology"
    )
    # Wagtail 8 autosaves the editor every half second. Wait for the save that carries the
    # last field, so the Submit below does not race an autosave still in flight (which can
    # leave an older autosaved body as the latest revision).
    with page.expect_response(
        lambda response: (
            response.request.method == "POST"
            and "2013" in (response.request.post_data or "")
            and REFERENCE_TITLE in (response.request.post_data or "")
        )
    ):
        body.get_by_role("spinbutton", name=re.compile(r"^Year")).last.fill("2013")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )


def test_editor_submits_and_reviewer_approves(demo_site, visitor_factory, screenshot):
    blog_index = BlogIndexPage.objects.get()

    editor = visitor_factory()
    page = editor.page
    log_in(page, editor.base_url, "editor")
    write_article(page, editor.base_url, blog_index)
    screenshot(page, "admin-article-editor")

    # Submitting is the editor's main button, in sight; Save draft is behind the arrow.
    submit = page.get_by_role("button", name="Submit to Medical review")
    expect(submit).to_be_visible()
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    # Editors cannot publish: the footer offers no Publish action at all.
    assert page.get_by_role("button", name=re.compile("Publish")).count() == 0
    submit.click()
    # Wagtail goes back to the blog index's listing after a submission.
    page.wait_for_url(f"**/admin/pages/{blog_index.pk}/")

    # The editor's dashboard says where the article stands.
    page.goto(editor.base_url + "/admin/")
    in_review = page.locator("#editorial-status-section")
    expect(in_review.get_by_role("row").filter(has_text=TITLE)).to_contain_text(
        "Submitted for review"
    )

    article = BlogPage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"

    reviewer = visitor_factory()
    page = reviewer.page
    log_in(page, reviewer.base_url, "reviewer")
    # Dashboard, "Awaiting your review": the row of this article (the demo has another).
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Comment").fill("Checked against the cited study.")
    # Approving reloads the dashboard; the task has left "Awaiting your review" (the article
    # may still be under "Your most recent edits": the approval saved the review as a revision).
    with page.expect_navigation(url=reviewer.base_url + "/admin/"):
        dialog.get_by_role("button", name="Approve with comment").click()
    awaiting = page.locator("#awaiting-review-section")
    expect(
        awaiting.get_by_role("link", name="Preparing for Your First Ketamine Session")
    ).to_be_visible()
    expect(awaiting.get_by_role("link", name=TITLE)).to_have_count(0)

    article.refresh_from_db()
    assert article.live
    assert article.current_workflow_state is None
    assert [block.block_type for block in article.body] == [
        "heading",
        "paragraph",
        "image",
        "call_to_action",
        "references",
    ]
    assert TaskState.objects.filter(
        workflow_state__object_id=str(article.pk),
        status=TaskState.STATUS_APPROVED,
        comment="Checked against the cited study.",
    ).exists()
    # The approval is the reviewer's medical review (BlogPage.publish, blog/medical_review.py).
    assert article.reviewed_by.name == "Rita Okonkwo-Hale"
    assert article.last_reviewed is not None

    reader = visitor_factory()
    reader.goto("/blog/")
    # A fresh visitor: the article is on the blog and opens at its own address.
    reader.page.get_by_role("link", name=TITLE).first.click()
    reader.page.wait_for_url(f"**/blog/{article.slug}/")
    main = reader.page.get_by_role("main")
    main.get_by_role("heading", name=HEADING).wait_for()
    assert PARAGRAPH in main.inner_text()
    assert REFERENCE_TITLE in main.inner_text()


def test_signed_in_editor_uses_the_userbar_on_a_public_page_within_its_policy(
    demo_site, visitor_factory
):
    """Wagtail's userbar brings its own script and style sheet from this origin, so the
    public policy holds for signed-in staff too (the fixture fails on any violation)."""
    editor = visitor_factory()
    log_in(editor.page, editor.base_url, "editor")
    article = BlogPage.objects.live().first()

    editor.goto(article.url)
    editor.page.get_by_role("button", name="View Wagtail quick actions").click()
    # The content checks (Wagtail's axe run) open their own panel.
    checks = editor.page.get_by_role("menu").get_by_role("menuitem", name=re.compile("Checks"))
    expect(checks).to_be_visible()
    checks.click()
    editor.page.get_by_role("dialog", name="Warnings").wait_for()

    assert editor.csp_violations == []


def test_wagtails_content_checker_finds_no_issue_on_an_article(demo_site, visitor_factory):
    """Wagtail's own accessibility checker (axe with the rules of
    `WAGTAILADMIN_ACCESSIBILITY_CHECKER`'s default, `ContentCheckerItem`) runs in the
    userbar of a signed-in editor: the article with a call to action and a table has no
    issue (the call to action's heading was a styled paragraph, axe's p-as-heading)."""
    article = BlogPage.objects.live().get(slug="ketamine-and-anxiety")
    assert {"call_to_action", "table"} <= {block.block_type for block in article.body}
    editor = visitor_factory()
    log_in(editor.page, editor.base_url, "editor")
    editor.goto(article.url)
    editor.page.get_by_role("button", name="View Wagtail quick actions").click()
    editor.page.get_by_role("menu").get_by_role("menuitem", name=re.compile("Checks")).click()
    dialog = editor.page.get_by_role("dialog", name="Warnings")
    count = dialog.locator("[data-content-checker-count]")
    expect(count).to_have_text(re.compile(r"^\d+$"))
    rows = dialog.locator("[data-content-checker-row]")
    assert count.inner_text() == "0", rows.all_inner_texts()


def test_reviewer_sees_overdue_reviews_first_in_the_report(demo_site, visitor_factory, screenshot):
    """The demo's anxiety article was due for review in July: the report says "Overdue"."""
    reviewer = visitor_factory()
    log_in(reviewer.page, reviewer.base_url, "reviewer")
    reviewer.goto("/admin/reports/review-due/")
    first_row = reviewer.page.locator("table.listing tbody tr").first
    expect(first_row).to_contain_text("Unlocking Relief: Ketamine and Anxiety")
    expect(first_row).to_contain_text("Overdue since Jul 15, 2026")
    screenshot(reviewer.page, "admin-review-due")
