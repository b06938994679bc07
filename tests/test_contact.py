"""The Contact page: how new patients reach the clinic. Every message is kept, then emailed."""

import smtplib
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission, Site

import pytest
from bs4 import BeautifulSoup

from home import spam
from home.forms import DEFAULT_FORM_FIELDS, TIMESTAMP_SALT, ContactForm
from home.mail import OutgoingMail
from home.models import ClinicSettings, ContactFormField, ContactPage
from home.spam import HONEYPOT_FIELD, REFUSALS, TIMESTAMP_FIELD
from home.submissions import spreadsheet_safe
from tests.factories import BlogPageFactory, ContactPageFactory

MESSAGE = "I have had anxiety for years and would like to know if ketamine could help."


@pytest.fixture
def contact_page(home_page, clinic):
    page = ContactPageFactory(parent=home_page)
    clinic.contact_page = page
    clinic.save()
    return page


@pytest.fixture
def staff_without_form_access(db):
    """Can log in to the admin, and nothing more."""
    user = get_user_model().objects.create_user("intern", "intern@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def front_desk_user(contact_page):
    """A user whose group may edit the contact page (so may read its messages)."""
    group = Group.objects.create(name="Front desk (test only)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=contact_page,
        permission=Permission.objects.get(
            codename="change_page", content_type__app_label="wagtailcore"
        ),
    )
    user = get_user_model().objects.create_user("desk", "desk@example.com", "pw")
    user.groups.add(group)
    return user


def form_token(age_seconds=60):
    """The hidden timestamp of a form shown `age_seconds` ago."""
    return signing.dumps(time.time() - age_seconds, salt=TIMESTAMP_SALT)


def message_data(**overrides):
    data = {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "phone": "",
        "preferred_contact_method": "Email",
        "message": MESSAGE,
        "consent": "on",
        HONEYPOT_FIELD: "",
        TIMESTAMP_FIELD: form_token(),
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def send(client, page, **overrides):
    return client.post(page.url, message_data(**overrides))


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def refusal_text(response):
    alert = soup_of(response).select_one(".contact-form [role=alert]")
    assert alert is not None, "the refusal is announced above the form"
    return alert.get_text(" ", strip=True)


def csv_export(client, page):
    url = reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=csv"
    return client.get(url)


# --- The page --------------------------------------------------------------------------


def test_contact_page_is_at_contact_and_shows_the_clinic_details_from_settings(
    client, contact_page
):
    response = client.get("/contact/")
    assert response.status_code == 200
    details = soup_of(response).select_one(".contact-details")
    assert details.find("a", href="tel:+17062868344").get_text() == "(706) 286-8344"
    assert details.find("a", href="mailto:ketamine@ashfordpain.com")
    assert "12 Example Street" in details.address.get_text()
    assert "Ashford, GA" in details.address.get_text()
    assert "Mon–Fri: 8 am – 5 pm" in details.get_text()


def test_the_page_costs_the_same_queries_however_many_fields_it_has(client, contact_page):
    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/contact/").status_code == 200
        return len(queries)

    client.get("/contact/")  # warm Wagtail's per-process caches (site root paths)
    with_default_fields = queries_for_page()
    for number in range(8):
        ContactFormField.objects.create(
            page=contact_page, label=f"Extra question {number}", field_type="singleline"
        )
    assert queries_for_page() == with_default_fields


def test_contact_details_follow_an_edit_in_settings(client, contact_page, clinic):
    clinic.phone = "+1 555 010 2030"
    clinic.opening_hours = "Tuesdays only"
    clinic.save()
    details = soup_of(client.get("/contact/")).select_one(".contact-details")
    assert details.find("a", href="tel:+15550102030")
    assert "Tuesdays only" in details.get_text()


def test_contact_page_asks_not_to_include_medical_history(client, contact_page):
    page = soup_of(client.get("/contact/"))
    assert page.select_one(".contact-page__intro").get_text(strip=True) == (
        "Tell us how we can help."
    )
    assert (
        "don’t include detailed medical history"
        in page.select_one("#contact-medical-note").get_text()
    )


def test_every_field_has_a_label_and_required_fields_say_so(client, contact_page):
    form = soup_of(client.get("/contact/")).select_one("form.contact-form")
    for name in ("name", "email", "phone", "message", "consent"):
        field = form.find(attrs={"name": name})
        label = form.find("label", attrs={"for": field["id"]})
        assert label is not None, name
        assert ("(required)" in label.get_text()) == (name != "phone"), name
    legend = form.select_one("fieldset.form-choices legend").get_text()
    assert "How should we contact you?" in legend and "(required)" in legend
    choices = [radio["value"] for radio in form.select("input[name=preferred_contact_method]")]
    assert choices == ["Phone", "Email"]


def test_fields_carry_autofill_hints(client, contact_page):
    form = soup_of(client.get("/contact/")).select_one("form.contact-form")
    assert form.find("input", attrs={"name": "name"})["autocomplete"] == "name"
    assert form.find("input", attrs={"name": "email"})["autocomplete"] == "email"
    phone = form.find("input", attrs={"name": "phone"})
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")


def test_the_honeypot_is_hidden_by_a_class_and_out_of_reach(client, contact_page):
    response = client.get("/contact/")
    page = soup_of(response)
    trap = page.find("input", attrs={"name": HONEYPOT_FIELD})
    assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert "form-honeypot" in trap.find_parent("div")["class"]
    assert page.find("label", attrs={"for": trap["id"]}).get_text() == "Leave this empty"
    assert page.find(attrs={"style": True}) is None
    assert all(script.get("src") for script in page.find_all("script"))


# --- Sending a message ------------------------------------------------------------------


def test_a_valid_message_is_stored_and_emailed_to_the_clinic(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page, phone="(706) 555-0100")
    assert response.status_code == 302
    assert response["Location"] == "/contact/thank-you/"

    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.form_data == {
        "name": "Jordan Lee",
        "email": "jordan@example.com",
        "phone": "(706) 555-0100",
        "preferred_contact_method": "Email",
        "message": MESSAGE,
        "consent": True,
    }

    [email] = mail.outbox
    assert email.to == ["ketamine@ashfordpain.com"]
    assert email.reply_to == ["jordan@example.com"]
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "Name: Jordan Lee" in email.body
    assert "Phone: (706) 555-0100" in email.body
    assert MESSAGE in email.body
    assert f"/admin/forms/submissions/{contact_page.pk}/" in email.body


def test_nothing_is_emailed_before_the_message_is_committed(client, contact_page):
    send(client, contact_page)
    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    assert mail.outbox == []


def test_the_email_is_plain_text_and_never_renders_reader_html(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page, message='<a href="https://spam.example">win</a>')
    [email] = mail.outbox
    assert email.content_subtype == "plain"
    assert not getattr(email, "alternatives", [])
    assert '<a href="https://spam.example">win</a>' in email.body


def test_a_message_is_stored_even_when_the_email_cannot_be_sent(
    client, contact_page, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAIL_DELIVERY_BACKEND = "tests.mail_backends.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page)
    assert response.status_code == 302
    assert response["Location"] == "/contact/thank-you/"
    assert FormSubmission.objects.get(page=contact_page).form_data["message"] == MESSAGE
    # The email is kept too, listed for staff with what went wrong.
    [outgoing] = OutgoingMail.objects.all()
    assert outgoing.to == ["ketamine@ashfordpain.com"]
    assert MESSAGE in outgoing.body
    assert outgoing.state == OutgoingMail.State.FAILED
    assert outgoing.last_error == "SMTPServerDisconnected: mail server is down"
    [record] = [r for r in caplog.records if r.name == "home.mail"]
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is smtplib.SMTPServerDisconnected


def test_without_a_clinic_email_the_page_to_address_is_used(contact_page, clinic):
    clinic.email = ""
    clinic.save()
    contact_page.to_address = "desk@example.com, nurse@example.com"
    assert contact_page.notification_recipients() == ["desk@example.com", "nurse@example.com"]


def test_the_sender_gets_no_automatic_reply_by_default(
    client, contact_page, django_capture_on_commit_callbacks
):
    assert ContactPage().send_auto_reply is False
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page)
    assert [email.to for email in mail.outbox] == [["ketamine@ashfordpain.com"]]


def test_the_automatic_reply_when_switched_on_never_repeats_the_message(
    client, contact_page, django_capture_on_commit_callbacks
):
    contact_page.send_auto_reply = True
    contact_page.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, contact_page)
    clinic_email, auto_reply = mail.outbox
    assert auto_reply.to == ["jordan@example.com"]
    assert auto_reply.subject == "We have received your message"
    assert auto_reply.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "(706) 286-8344" in auto_reply.body
    assert MESSAGE not in auto_reply.body


def test_thank_you_page_gives_next_steps_and_the_phone_number(client, contact_page):
    response = client.get("/contact/thank-you/")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.h1.get_text() == "Thank you – your message has reached us"
    assert "What happens next" in page.select_one(".contact-thanks__next").get_text()
    assert page.select_one(".contact-thanks__call").find("a", href="tel:+17062868344")
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})


# --- Mistakes and refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Please fill in “Name”."),
        ("email", "jordan@", "Please give a valid email address, like name@example.com."),
        ("message", "   ", "Please fill in “Message”."),
        ("consent", None, "Please tick this box to send your message."),
        ("preferred_contact_method", "Fax", "Please choose one of the options given."),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_and_keeps_what_was_typed(
    client, contact_page, field, value, error
):
    response = send(client, contact_page, **{field: value})
    assert response.status_code == 200
    assert not FormSubmission.objects.exists()
    page = soup_of(response)
    error_text = page.find(id=f"id_{field}_error")
    assert error_text.get_text() == error
    if field == "preferred_contact_method":
        described = page.select_one("fieldset.form-choices")["aria-describedby"]
    else:
        described = page.find(attrs={"name": field})["aria-describedby"]
        assert page.find(attrs={"name": field})["aria-invalid"] == "true"
    assert f"id_{field}_error" in described.split()
    assert "Please check the 1 field marked below" in refusal_text(response)
    summary_link = page.select_one("#contact-form-errors").find("a", href=f"#id_{field}")
    assert summary_link is not None and page.find(id=f"id_{field}") is not None
    form = page.select_one("form.contact-form")
    if field != "name":
        assert form.find("input", attrs={"name": "name"})["value"] == "Jordan Lee"
    if field != "message":
        assert form.find("textarea", attrs={"name": "message"}).get_text().strip() == MESSAGE


def test_odd_input_is_refused_politely_never_with_a_server_error(client, contact_page):
    response = send(
        client,
        contact_page,
        name="Jordan\x00Lee",
        message="x" * 6000,
        preferred_contact_method=["Phone", "Email", "Fax"],
        **{TIMESTAMP_FIELD: ["garbage", "more"]},
    )
    assert response.status_code == 200
    assert not FormSubmission.objects.exists()
    page = soup_of(response)
    # A NUL byte is dropped like every control character (home.reader_text), not refused.
    assert page.find("input", attrs={"name": "name"})["value"] == "JordanLee"
    assert "under 5000 characters" in page.find(id="id_message_error").get_text()


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, contact_page, **{HONEYPOT_FIELD: "Cheap pills"})
    assert response.status_code == 200
    assert refusal_text(response) == REFUSALS[spam.AUTOMATED]
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_faster_than_a_person_types_is_refused(client, contact_page, settings):
    settings.CONTACT_MIN_SECONDS = 3
    response = send(client, contact_page, **{TIMESTAMP_FIELD: form_token(age_seconds=1)})
    assert response.status_code == 200
    assert refusal_text(response) == REFUSALS[spam.TOO_FAST]
    assert not FormSubmission.objects.exists()


def test_an_expired_form_asks_to_be_sent_again_and_keeps_the_text(client, contact_page, settings):
    settings.CONTACT_FORM_MAX_AGE = 24 * 60 * 60
    response = send(client, contact_page, **{TIMESTAMP_FIELD: form_token(age_seconds=2 * 86400)})
    assert response.status_code == 200
    assert "expired" in refusal_text(response)
    assert "please send it again" in refusal_text(response)
    assert not FormSubmission.objects.exists()
    form = soup_of(response).select_one("form.contact-form")
    assert form.find("textarea", attrs={"name": "message"}).get_text().strip() == MESSAGE
    # The form shown again is timed afresh, so sending it again (a little later) works.
    new_token = form.find("input", attrs={"name": TIMESTAMP_FIELD})["value"]
    assert spam.timestamp_problem(new_token, TIMESTAMP_SALT, 0, 60) is None


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", signing.dumps(time.time() - 60, salt="x")],
    ids=["empty", "garbage", "wrong-salt"],
)
def test_a_form_without_a_valid_timestamp_is_refused(client, contact_page, token):
    response = send(client, contact_page, **{TIMESTAMP_FIELD: token})
    assert refusal_text(response) == REFUSALS[spam.INVALID]
    assert not FormSubmission.objects.exists()


def test_too_many_messages_from_one_address_are_refused_and_keep_the_text(
    client, contact_page, settings
):
    settings.CONTACT_RATE_LIMIT = (2, 60 * 60)
    assert send(client, contact_page).status_code == 302
    assert send(client, contact_page).status_code == 302
    response = send(client, contact_page, message="A third message.")
    assert response.status_code == 429
    assert refusal_text(response) == ContactForm.RATE_LIMITED
    form = soup_of(response).select_one("form.contact-form")
    assert form.find("textarea", attrs={"name": "message"}).get_text().strip() == (
        "A third message."
    )
    assert FormSubmission.objects.count() == 2
    other_address = client.post(contact_page.url, message_data(), REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


def test_mistakes_do_not_count_towards_the_rate_limit(client, contact_page, settings):
    settings.CONTACT_RATE_LIMIT = (1, 60 * 60)
    for _ in range(3):
        assert send(client, contact_page, email="typo@").status_code == 200
    assert send(client, contact_page).status_code == 302


def test_rate_limit_counts_each_key_separately():
    assert not spam.rate_limit_exceeded("test:a", limit=2, window=60)
    assert not spam.rate_limit_exceeded("test:a", limit=2, window=60)
    assert spam.rate_limit_exceeded("test:a", limit=2, window=60)
    assert not spam.rate_limit_exceeded("test:b", limit=2, window=60)


def test_form_builder_labels_may_not_take_the_spam_fields_names(contact_page):
    field = ContactFormField(page=contact_page, label="Leave blank", field_type="singleline")
    with pytest.raises(ValidationError, match="spam check"):
        field.full_clean(exclude=["page"])


# --- Reading messages in the admin ------------------------------------------------------


def test_a_superuser_can_export_the_messages_as_csv(client, contact_page, admin_user):
    send(client, contact_page)
    client.force_login(admin_user)
    response = csv_export(client, contact_page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    csv_text = b"".join(response.streaming_content).decode()
    assert "Name,Email,Phone,How should we contact you?,Message" in csv_text.splitlines()[0]
    assert MESSAGE in csv_text


def test_a_group_allowed_to_edit_the_page_can_export_its_messages(
    client, contact_page, front_desk_user
):
    send(client, contact_page)
    client.force_login(front_desk_user)
    response = csv_export(client, contact_page)
    assert response.status_code == 200
    assert MESSAGE in b"".join(response.streaming_content).decode()


def test_staff_without_page_permission_cannot_see_or_export_messages(
    client, contact_page, staff_without_form_access
):
    send(client, contact_page)
    client.force_login(staff_without_form_access)
    for url in (
        reverse("wagtailforms:list_submissions", args=[contact_page.pk]),
        reverse("wagtailforms:list_submissions", args=[contact_page.pk]) + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert MESSAGE.encode() not in response.content


def test_anonymous_visitors_are_sent_to_the_login(client, contact_page):
    response = csv_export(client, contact_page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(client, contact_page, admin_user):
    send(client, contact_page, message='=HYPERLINK("https://evil.example","Click")')
    client.force_login(admin_user)
    csv_text = b"".join(csv_export(client, contact_page).streaming_content).decode()
    assert "'=HYPERLINK(" in csv_text


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("+1 (706) 286-8344", "+1 (706) 286-8344"),
        ("Hello", "Hello"),
    ],
)
def test_spreadsheet_safe_quotes_formulas_but_not_phone_numbers(value, safe):
    assert spreadsheet_safe(value) == safe


def test_new_contact_page_in_the_admin_offers_the_automatic_reply(client, home_page, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["home", "contactpage", home_page.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Automatic reply to the sender" in response.content


# --- Links to the page ------------------------------------------------------------------


def test_header_and_footer_link_to_the_contact_page(client, contact_page):
    page = soup_of(client.get("/"))
    assert page.select_one(".site-header .main-nav").find("a", href="/contact/")
    assert page.select_one(".site-footer").find("a", href="/contact/")


def test_the_articles_call_to_action_links_to_the_contact_page(client, contact_page, blog_index):
    article = BlogPageFactory(
        parent=blog_index,
        body__0="call_to_action",
    )
    response = client.get(article.url)
    assert response.status_code == 200
    cta = soup_of(response).select_one(".call-to-action")
    assert cta.find("a", href="/contact/").get_text() == "Contact form"
    assert cta.find("a", href="tel:+17062868344")


# --- Demo content -----------------------------------------------------------------------


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seed_demo_creates_the_contact_page_with_its_form(client, debug_on):
    call_command("seed_demo")
    page = ContactPage.objects.get()
    assert page.url == "/contact/"
    assert page.live and page.show_in_menus
    assert [field.clean_name for field in page.form_fields.all()] == [
        field["clean_name"] for field in DEFAULT_FORM_FIELDS
    ]
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    assert clinic.contact_page.specific == page
    assert client.get("/contact/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_keeps_the_contact_page_an_editor_chose(debug_on):
    call_command("seed_demo")
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    home = clinic.site.root_page
    clinic.contact_page = home
    clinic.save()
    call_command("seed_demo")
    clinic.refresh_from_db()
    assert clinic.contact_page_id == home.pk
    assert ContactPage.objects.count() == 1
