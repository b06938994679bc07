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
