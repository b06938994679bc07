"""Reader text is plain text: NFC, no control or direction-override characters, and a text
of nothing but those (or of undecodable bytes) is empty and refused like an empty field,
in every public form: a reply, a reader's edit, a report, the contact form (and search)."""

from urllib.parse import urlencode

from wagtail.contrib.forms.models import FormSubmission

import pytest
from bs4 import BeautifulSoup

from blog.replies.forms import ClinicAnswerForm, ModeratorEditForm
from blog.replies.models import Reply, ReplyReport
from home.reader_text import cleaned, is_blank, normalise
from home.search import clean_search_query
from tests.contact_forms import contact_form_data
from tests.factories import ContactPageFactory, ReplyFactory
from tests.reply_forms import form_data, post

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

# What a browser sends for bytes that are not UTF-8, percent-encoded in a form body.
INVALID_UTF8 = "%FF%FE%80%C0%AF"
# Only controls, a right-to-left override and a byte-order mark.
ONLY_CONTROLS = "\x01\x02\u202e\ufeff\x7f\x85\u200b\u2066"
FORM_BODY = "application/x-www-form-urlencoded"


@pytest.fixture
def contact_page(home_page, clinic):
    return ContactPageFactory(parent=home_page)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def field_error(response, name):
    error = soup_of(response).find(id=f"id_{name}_error")
    return error.get_text(" ", strip=True) if error else None


def raw_body(data, **raw_fields):
    """`data` form-encoded, with `raw_fields` appended as they are (percent-escapes kept)."""
    data = {key: value for key, value in data.items() if key not in raw_fields}
    return urlencode(data) + "".join(f"&{key}={value}" for key, value in raw_fields.items())


# --- The rule ------------------------------------------------------------------------------


def test_normalise_composes_to_nfc_and_keeps_line_breaks_tabs_and_emoji_joiners():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalise("Cafe\u0301\r\nline\rtwo\tend " + family) == ("Café\nline\ntwo\tend " + family)


def test_normalise_removes_controls_direction_overrides_isolates_and_invisible_marks():
    text = "a\x00b\x1bc\x7fd\x9fe\u202af\u202eg\u2066h\u2069i\ufeffj\u200bk\x0bl"
    assert normalise(text) == "abcdefghijkl"


def test_a_text_of_replacement_characters_and_white_space_is_blank():
    assert is_blank("\ufffd \ufffd\n\t")
    assert cleaned(ONLY_CONTROLS) == "" and cleaned("\ufffd\u202e\ufffd") == ""
    assert not is_blank("ok\ufffd") and cleaned("ok\ufffd") == "ok\ufffd"


# --- Replies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, error",
    [("comment", "Please write your reply."), ("name", "Please give a name")],
)
def test_reply_of_only_invalid_utf8_is_refused_next_to_the_field(client, article, field, error):
    body = raw_body(form_data(article), **{field: INVALID_UTF8})
    response = client.post(f"/replies/post/{article.pk}/", body, content_type=FORM_BODY)
    assert response.status_code == 400
    assert not Reply.objects.exists()
    assert field_error(response, field).startswith(error)


@pytest.mark.parametrize(
    "field, error",
    [("comment", "Please write your reply."), ("name", "Please give a name")],
)
def test_reply_of_only_controls_override_and_bom_is_refused_keeping_the_rest(
    client, article, field, error
):
    response = post(client, article, **{field: ONLY_CONTROLS})
    assert response.status_code == 400
    assert not Reply.objects.exists()
    assert field_error(response, field).startswith(error)
    form = soup_of(response).select_one("form.reply-form__form")
    assert form.find("input", attrs={"name": "email"})["value"] == "sam@example.com"
    if field != "comment":
        assert "thank you for explaining" in form.find("textarea", attrs={"name": "comment"}).text


def test_reply_fields_are_stored_normalised(client, article):
    response = post(
        client,
        article,
        name="Jose\u0301\u202e",
        comment="Line one\r\n\u202eLine two\x00 \U0001f469\u200d\U0001f4bb",
        email="sam\u200b@example.com\ufeff",
        url="https://exam\u200bple.com/\u202e",
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.user_name == "José"
    assert reply.comment == "Line one\nLine two \U0001f469\u200d\U0001f4bb"
    assert reply.user_email == "sam@example.com"
    assert reply.user_url == "https://example.com/"


def test_reply_website_of_only_invisible_characters_is_stored_empty(client, article):
    assert post(client, article, url="\u202e\ufeff").status_code == 302
    assert Reply.objects.get().user_url == ""


def test_a_readers_edit_to_only_controls_is_refused_and_the_reply_kept(client, article):
    post(client, article, comment="First words")
    reply = Reply.objects.get()
    response = client.post(f"/replies/{reply.pk}/edit/", {"comment": ONLY_CONTROLS})
    assert response.status_code == 200
    assert field_error(response, "comment") == "Please write your reply, or withdraw it instead."
    reply.refresh_from_db()
    assert reply.comment == "First words"


def test_a_readers_edit_is_stored_normalised(client, article):
    post(client, article, comment="First words")
    reply = Reply.objects.get()
    client.post(f"/replies/{reply.pk}/edit/", {"comment": "Fixed\u202e words\x07"})
    reply.refresh_from_db()
    assert reply.comment == "Fixed words"


def test_a_report_note_is_stored_normalised_and_a_blank_one_empty(client, article):
    first, second = ReplyFactory(article=article), ReplyFactory(article=article)
    client.post(f"/replies/{first.pk}/report/", {"reason": "harmful", "note": "Rude\u202e\x1b"})
    client.post(f"/replies/{second.pk}/report/", {"reason": "harmful", "note": ONLY_CONTROLS})
    notes = dict(ReplyReport.objects.values_list("reply_id", "note"))
    assert notes == {first.pk: "Rude", second.pk: ""}


@pytest.mark.parametrize("form_class", [ModeratorEditForm, ClinicAnswerForm])
def test_staff_text_of_only_controls_is_refused_as_empty(form_class):
    name = next(iter(form_class.base_fields))
    form = form_class({name: ONLY_CONTROLS})
    assert not form.is_valid()
    assert form.errors[name][0] == form_class.base_fields[name].error_messages["required"]


# --- Contact form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, error", [("message", "Please fill in “Message”."), ("name", "Please fill in “Name”.")]
)
def test_contact_message_of_only_controls_or_invalid_utf8_is_refused(
    client, contact_page, field, error
):
    response = client.post(contact_page.url, contact_form_data(**{field: ONLY_CONTROLS}))
    assert response.status_code == 200
    assert field_error(response, field) == error
    body = raw_body(contact_form_data(), **{field: INVALID_UTF8})
    response = client.post(contact_page.url, body, content_type=FORM_BODY)
    assert response.status_code == 200
    assert field_error(response, field) == error
    assert not FormSubmission.objects.exists()


def test_contact_fields_are_stored_normalised(client, contact_page):
    response = client.post(
        contact_page.url,
        contact_form_data(
            name="Rene\u0301e\u202e", email="\ufeffjordan@example.com", message="Hi\r\nthere\x1b"
        ),
    )
    assert response.status_code == 302
    stored = FormSubmission.objects.get().get_data()
    assert (stored["name"], stored["email"], stored["message"]) == (
        "Renée",
        "jordan@example.com",
        "Hi\nthere",
    )


# --- Search -------------------------------------------------------------------------------


def test_a_search_query_loses_direction_overrides_and_invisible_marks():
    assert clean_search_query("keta\u200bmine\u202e dose\ufeff") == "ketamine dose"
