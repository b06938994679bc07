"""A visitor sends the contact form (a page never cached) and sees the thank-you page; the
clinic finds the message in the admin."""

from tests.e2e.helpers import E2E, log_in

pytestmark = E2E


def test_visitor_sends_a_message_and_the_clinic_sees_it(demo_site, visitor_factory, screenshot):
    visitor = visitor_factory()
    page = visitor.page
    visitor.goto("/")
    # Never from the page cache: the form's CSRF token and timestamp are this visitor's.
    with page.expect_response("**/contact/") as contact_page:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Contact us").click()
    assert "no-store" in contact_page.value.headers["cache-control"]
    page.get_by_role("textbox", name="Name").fill("Jordan Avery")
    page.get_by_role("textbox", name="Email").fill("jordan@example.com")
    page.get_by_role("radio", name="Phone").check()
    page.get_by_role("textbox", name="Phone").fill("(555) 010-4477")
    page.get_by_role("textbox", name="Message").fill("I'd like to ask about a first consultation.")
    page.get_by_role("checkbox", name="I agree").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thank-you/")
    assert page.get_by_role("link", name="(706) 286-8344").count() >= 1
    screenshot(page, "thank-you-after-sending")

    clinic = visitor_factory()
    log_in(clinic.page, clinic.base_url, "admin")
    clinic.page.goto(clinic.base_url + "/admin/forms/")
    clinic.page.get_by_role("link", name="Contact us").first.click()
    clinic.page.get_by_role("cell", name="jordan@example.com").wait_for()
    assert "I'd like to ask about a first consultation." in clinic.page.inner_text("main")
