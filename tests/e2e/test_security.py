"""The browser tests' guard: a Content-Security-Policy violation fails the test."""

from tests.e2e.helpers import E2E

pytestmark = E2E


def test_an_inline_script_on_a_public_page_is_blocked_and_reported(migrated_db, visitor_factory):
    visitor = visitor_factory()
    visitor.page.goto(visitor.base_url + "/no-such-page/")

    visitor.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.ran = 'yes'";
            document.body.append(script);
        }"""
    )
    visitor.page.evaluate("document.body.setAttribute('style', 'color: red')")
    visitor.page.wait_for_timeout(200)

    assert visitor.page.evaluate("document.body.dataset.ran") is None
    directives = {v.get("directive") for v in visitor.csp_violations}
    assert {"script-src-elem", "style-src-attr"} <= directives
    visitor.csp_violations.clear()  # caught, as every other test's would be


def test_an_articles_structured_data_is_no_violation(migrated_db, article, visitor_factory):
    """JSON-LD is a data block: Chromium never runs it, so the strict policy allows it."""
    visitor = visitor_factory()
    visitor.goto(article.url)
    visitor.page.wait_for_load_state("networkidle")

    assert visitor.page.locator('script[type="application/ld+json"]').count() == 1
    assert visitor.csp_violations == []


def test_a_locked_out_sign_in_shows_the_lockout_page_within_the_admin_policy(
    migrated_db, admin_user, visitor_factory, settings
):
    visitor = visitor_factory()
    page = visitor.page
    visitor.goto("/admin/login/")
    for n in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill(f"guess-{n}")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if n < settings.AXES_FAILURE_LIMIT - 1:
            page.get_by_label("Password").wait_for()

    page.get_by_role("heading", name="Sign-in locked").wait_for()
    assert "Try again after" in page.get_by_role("main").inner_text()
    visitor.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Sign-in locked").wait_for()
    assert visitor.csp_violations == []
