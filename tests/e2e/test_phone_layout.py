"""What a reader sees at a phone's width (390 px) and a desktop's (1280 px): a header that
leaves room for the article, with the call link one tap away and the menu a keyboard press
away, and a share row that fits one line."""

from playwright.sync_api import expect

from blog.models import BlogPage
from tests.e2e.helpers import E2E, assert_no_violations

pytestmark = E2E

PHONE, DESKTOP = 390, 1280


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


def test_phone_header_is_compact_with_call_link_and_keyboard_menu(
    demo_site, visitor_factory, screenshot
):
    reader = visitor_factory(width=PHONE)
    page = reader.page
    reader.goto("/")
    assert header_height(page) <= 120, header_height(page)
    screenshot(page, "header-phone")
    call = page.locator(".site-header").get_by_role("link", name="Call us")
    expect(call).to_be_visible()
    assert call.get_attribute("href").startswith("tel:")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()

    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Menu":
            break
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    expect(nav.get_by_role("link", name="Blog")).to_be_visible()
    expect(page.get_by_role("search").get_by_label("Search articles")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Home"
    assert_no_violations(page, "phone-menu-open")
    screenshot(page, "header-phone-menu-open")

    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()


def test_phone_menu_without_javascript_is_a_link_to_the_menu(demo_site, browser, live_server):
    context = browser.new_context(
        viewport={"width": PHONE, "height": 900}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_hidden()
        page.get_by_role("link", name="Menu").click()
        expect(nav.get_by_role("link", name="Blog")).to_be_visible()
    finally:
        context.close()


def test_desktop_header_shows_nav_search_and_call_link(demo_site, visitor_factory):
    reader = visitor_factory(width=DESKTOP)
    page = reader.page
    reader.goto("/")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog")
    ).to_be_visible()
    expect(page.get_by_role("search").get_by_label("Search articles")).to_be_visible()
    expect(page.locator(".site-header").get_by_role("link", name="Call us")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Menu")).to_be_hidden()


def share_link_tops(page):
    links = page.get_by_role("region", name="Share this article").get_by_role("link")
    expect(links).to_have_count(6)
    return [round(box["y"]) for box in (link.bounding_box() for link in links.all())]


def test_share_row_is_one_row_of_icons_on_a_phone(demo_site, visitor_factory, screenshot):
    article = BlogPage.objects.live().order_by("pk").first()
    reader = visitor_factory(width=PHONE)
    page = reader.page
    reader.goto(article.url)
    tops = share_link_tops(page)
    assert len(set(tops)) == 1, tops
    share = page.get_by_role("region", name="Share this article")
    expect(
        share.get_by_role("link", name="Share on Facebook, opens in a new window")
    ).to_be_visible()
    expect(share.get_by_role("link", name="Copy link")).to_be_visible()
    icons = share.locator("svg.share__icon")
    expect(icons).to_have_count(6)
    for icon in icons.all():  # the sprite loaded and drew something
        box = icon.bounding_box()
        assert box["width"] == 20 and box["height"] == 20
    share.scroll_into_view_if_needed()
    screenshot(page, "share-row")


def test_share_row_shows_labels_beside_icons_on_a_desktop(demo_site, visitor_factory):
    article = BlogPage.objects.live().order_by("pk").first()
    reader = visitor_factory(width=DESKTOP)
    page = reader.page
    reader.goto(article.url)
    share = page.get_by_role("region", name="Share this article")
    expect(share.locator(".share__label").first).to_be_visible()
    assert len(set(share_link_tops(page))) == 1
