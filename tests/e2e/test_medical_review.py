"""The medical review cannot be skipped: in the page editor, "Publish" (cancelling the
workflow) of an article waiting for review is refused to an administrator who is not a
medical reviewer, and by the medical reviewer it records their review."""

import re

from playwright.sync_api import expect

from blog.models import BlogPage
from tests.e2e.helpers import E2E, log_in

pytestmark = E2E

WAITING = "preparing-for-your-first-ketamine-session"  # the demo's article in review
REFUSAL = "This article needs a medical review before it goes live."


def publish_from_the_editor(page, base_url, article):
    """Open the article in the editor, choose Publish from the menu and confirm Wagtail's
    "this will cancel the workflow"."""
    page.goto(base_url + f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("cancel")
    with page.expect_navigation():
        dialog.get_by_role("button", name=re.compile("Continue|Publish|Yes")).click()


def test_publish_in_the_editor_needs_a_medical_reviewer(demo_site, visitor_factory):
    article = BlogPage.objects.get(slug=WAITING)

    admin = visitor_factory()
    log_in(admin.page, admin.base_url, "admin")
    publish_from_the_editor(admin.page, admin.base_url, article)
    expect(admin.page.get_by_text(REFUSAL)).to_be_visible()
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"

    reviewer = visitor_factory()
    log_in(reviewer.page, reviewer.base_url, "reviewer")
    publish_from_the_editor(reviewer.page, reviewer.base_url, article)
    article.refresh_from_db()
    assert article.live
    assert article.reviewed_by.name == "Rita Okonkwo-Hale"

    reader = visitor_factory()
    reader.goto(f"/blog/{WAITING}/")
    expect(
        reader.page.get_by_text(re.compile("Medically reviewed by Rita Okonkwo-Hale"))
    ).to_be_visible()
