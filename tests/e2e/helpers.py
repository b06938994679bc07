"""What the browser tests share besides fixtures: the mark every module sets, one person's
browser, logging in to the admin, writing a reply, and the accessibility standard pages are
checked against."""

from urllib.parse import urlsplit

from django.conf import settings

import pytest
from axe_playwright_python.sync_playwright import Axe

# Every e2e module sets `pytestmark = E2E`: the live server sees only committed data, so
# these tests commit, and the database is emptied after each of them (see `demo_site`).
E2E = pytest.mark.django_db(transaction=True)

LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}

# axe-core rules of WCAG 2.0, 2.1 and 2.2, levels A and AA; violations only.
WCAG_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}


# Added to every page before its own scripts run (Playwright's init scripts are not subject
# to the page's Content-Security-Policy): each violation the browser reports is passed on.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation({
        page: document.URL,
        directive: event.effectiveDirective || event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
        line: event.lineNumber,
        sample: event.sample,
    });
});
"""


class Visitor:
    """One person's browser (its own cookies; no JavaScript with `javascript=False`), with a
    record of blocked outside requests and of Content-Security-Policy violations, from the
    `securitypolicyviolation` event and from the console (where Chromium also reports what
    the event cannot, e.g. in frames)."""

    def __init__(self, browser, base_url, width=1280, javascript=True):
        self.base_url = base_url
        self.blocked = []
        self.csp_violations = []
        self.context = browser.new_context(
            viewport={"width": width, "height": 900},
            base_url=base_url,
            java_script_enabled=javascript,
        )
        self.context.route("**/*", self._only_loopback)
        self.context.expose_binding("reportCspViolation", self._record_violation)
        self.context.add_init_script(REPORT_CSP_VIOLATIONS)
        self.context.on("page", self._watch_console)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def _record_violation(self, source, violation):
        self.csp_violations.append(violation)

    def _watch_console(self, page):
        page.on("console", self._record_console_violation)

    def _record_console_violation(self, message):
        if "Content Security Policy" in message.text:
            page = message.page.url if message.page else ""
            self.csp_violations.append({"page": page, "console": message.text})

    def _only_loopback(self, route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def goto(self, path):
        """Open `path` on the live server; fail unless it answers 2xx."""
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        return response

    def close(self):
        """Close the browser context; fail if the pages tried to reach another host or broke
        the Content-Security-Policy."""
        self.context.close()
        assert not self.blocked, f"the page tried to reach other hosts: {self.blocked}"
        assert not self.csp_violations, f"Content-Security-Policy violations: {self.csp_violations}"


def log_in(page, base_url, username):
    """Sign `username` (a demo user, with the demo password) in to the Wagtail admin."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


def write_reply(page, text, name, email):
    """Fill the Leave a Reply form on `page` as a reader does, privacy note accepted."""
    page.get_by_label("Your reply").fill(text)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_label("I have read the privacy note").check()


def assert_no_violations(page, name):
    """Run axe on the page as it is now; fail with axe's report, under `name`, on a violation."""
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
