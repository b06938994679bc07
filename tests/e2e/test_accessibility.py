"""Every public page type: zero axe violations (WCAG 2.0/2.1/2.2 A and AA) at phone and
desktop widths, and a screenshot of each in screenshots/ for anyone to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from blog.models import BlogPage
from tests.e2e.conftest import E2E

pytestmark = E2E

WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


def public_pages():
    article = BlogPage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "blog": "/blog/",
        "topic": "/blog/topic/anxiety/",
        "tag": "/blog/tag/ketamine/",
        "article": article.url,
        "search": "/search/?q=ketamine",
        "search-empty": "/search/?q=zzzz",
        "contact": "/contact/",
        "thank-you": "/contact/thank-you/",
        "privacy": "/privacy/",
        "not-found": "/no-such-page/",
    }


def assert_no_violations(page, name):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_have_no_axe_violations(demo_site, visitor_factory, screenshot, width):
    visitor = visitor_factory(width=width)
    for name, path in public_pages().items():
        response = visitor.page.goto(visitor.base_url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        assert_no_violations(visitor.page, name)
        screenshot(visitor.page, name)
