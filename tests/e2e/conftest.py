"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every request the browser makes is checked: anything not addressed to the live server on
loopback is blocked and fails the test, so a page that would call a third party is caught.
So does any Content-Security-Policy violation a page of the test reports, public or admin
(`Visitor` collects `securitypolicyviolation` events and console messages).
"""

import os
import shutil
from pathlib import Path

from django.core.management import call_command

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.helpers import Visitor

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# for setup are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium itself tries to reach Google's hosts in the background.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"


@pytest.fixture(scope="session")
def browser(migrated_state):
    """Debian's headless Chromium, one for the whole session."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def visitor_factory(browser, live_server):
    """Makes a `Visitor` of the live server (`width=` in pixels, `javascript=False` for a
    browser without it); each is closed, and checked for outside requests, after the test."""
    visitors = []

    def make(width=1280, javascript=True):
        visitor = Visitor(browser, live_server.url, width, javascript)
        visitors.append(visitor)
        return visitor

    yield make
    for visitor in visitors:
        visitor.close()


@pytest.fixture
def demo_site(migrated_db, settings):
    """The demo site of `make run`: pages, articles, clinic settings and demo users."""
    settings.REPLIES_MIN_SECONDS = 0
    settings.CONTACT_MIN_SECONDS = 0
    call_command("seed_demo", force=True)


@pytest.fixture
def screenshot():
    """Save a full-page screenshot to screenshots/<name>-<width>.png (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        width = page.viewport_size["width"]
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

    return take
