"""Every public page type: zero axe violations (WCAG 2.0/2.1/2.2 A and AA) at phone and
desktop widths, and a screenshot of each in screenshots/ for anyone to look at."""

import pytest

from blog.models import BlogPage
from tests.e2e.helpers import E2E, assert_no_violations

pytestmark = E2E


def public_pages():
    article = BlogPage.objects.live().order_by("pk").first()
    return {
        "home": "/",
        "blog": "/blog/",
        "topic": "/blog/topic/anxiety/",
        "tag": "/blog/tag/ketamine/",
        "article": article.url,
        "leave-a-reply": f"/replies/leave/{article.pk}/",
        "search": "/search/?q=ketamine",
        "search-empty": "/search/?q=zzzz",
        "contact": "/contact/",
        "thank-you": "/contact/thank-you/",
        "privacy": "/privacy/",
        "not-found": "/no-such-page/",
    }


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_have_no_axe_violations(demo_site, visitor_factory, screenshot, width):
    visitor = visitor_factory(width=width)
    for name, path in public_pages().items():
        response = visitor.page.goto(visitor.base_url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        if name == "article":
            visitor.page.wait_for_selector("#leave-a-reply")  # the reader's part, after load
        assert_no_violations(visitor.page, name)
        screenshot(visitor.page, name)
