"""The contact form: built from the fields editors set on the Contact page, plus spam checks.

Wagtail's form builder turns each `ContactFormField` row into a Django form field; this
module adds the wording of errors, browser autofill hints and the hidden spam fields, which
are checked but never stored or emailed.
"""

from django import forms
from django.conf import settings
from django.forms.forms import NON_FIELD_ERRORS

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from home import spam
from home.reader_text import ReaderTextFormMixin

# Form-builder fields may not take these names (ContactFormField.clean refuses them).
SPAM_FIELD_NAMES = spam.ANTI_BOT_FIELD_NAMES
TIMESTAMP_SALT = "home.contact"
# A message longer than this is not a first contact; it also keeps a flood small.
MESSAGE_MAX_LENGTH = 5000

AUTOCOMPLETE_CHOICES = [
    ("name", "Full name"),
    ("email", "Email address"),
    ("tel", "Phone number"),
]

# The fields a new Contact page starts with (seed_demo and the test factory); editors can
# change them. clean_name is given so stored data and CSV columns have short, stable keys.
DEFAULT_FORM_FIELDS = [
    {
        "clean_name": "name",
        "label": "Name",
        "field_type": "singleline",
        "required": True,
        "autocomplete": "name",
    },
    {
        "clean_name": "email",
        "label": "Email",
        "field_type": "email",
        "required": True,
        "autocomplete": "email",
    },
    {
        "clean_name": "phone",
        "label": "Phone",
        "field_type": "singleline",
        "required": False,
        "autocomplete": "tel",
        "help_text": "Optional. Give it if you would like us to call you.",
    },
    {
        "clean_name": "preferred_contact_method",
        "label": "How should we contact you?",
        "field_type": "radio",
        "required": True,
        "choices": "Phone\nEmail",
        "default_value": "Email",
    },
    {
        "clean_name": "message",
        "label": "Message",
        "field_type": "multiline",
        "required": True,
        "help_text": "A few lines about what you would like to talk about are enough.",
    },
    {
        "clean_name": "consent",
        "label": (
            "I agree that the clinic may store this message and use my details to reply to it."
        ),
        "field_type": "checkbox",
        "required": True,
    },
]


class ContactForm(ReaderTextFormMixin, spam.AntiBotFormMixin, BaseForm):
    """The editor's fields plus the site's anti-bot checks (home.spam.AntiBotFormMixin);
    what is typed is plain reader text (home.reader_text).

    Refusals are non-field errors, shown above the form with what was typed kept.
    """

    anti_bot_salt = TIMESTAMP_SALT
    RATE_LIMITED = (
        "You have sent several messages in a short time. Please wait a while before sending "
        "another, or call us; your message is kept below."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_anti_bot_fields()

    def anti_bot_limits(self):
        return settings.CONTACT_MIN_SECONDS, settings.CONTACT_FORM_MAX_AGE

    @property
    def reader_fields(self):
        """Bound fields a person fills in, in the editor's order (no spam fields)."""
        return [self[name] for name in self.fields if name not in SPAM_FIELD_NAMES]

    @property
    def field_error_count(self):
        return len([name for name in self.errors if name != NON_FIELD_ERRORS])

    def submission_data(self):
        """What is stored: the reader's fields only, keyed by their clean names."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in SPAM_FIELD_NAMES
        }

    def labelled_values(self):
        """(label, value as plain text) for each reader field, for the notification email."""
        return [
            (bound_field.label, as_text(self.cleaned_data.get(bound_field.name)))
            for bound_field in self.reader_fields
        ]

    def sender_email(self):
        """The address given in the first email field, if any (for Reply-To and auto-reply)."""
        for bound_field in self.reader_fields:
            if isinstance(bound_field.field, forms.EmailField):
                return self.cleaned_data.get(bound_field.name) or None
        return None


def as_text(value):
    """A cleaned form value as a person would write it in a plain-text email."""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if value in (None, ""):
        return "(not given)"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


class ContactFormBuilder(FormBuilder):
    """Wagtail's builder, with plain-language errors, autofill hints and length limits."""

    def get_form_class(self):
        return type("ContactForm", (ContactForm,), self.formfields)

    def create_multiline_field(self, field, options):
        options["max_length"] = MESSAGE_MAX_LENGTH
        options["widget"] = forms.Textarea(attrs={"rows": 6})
        return super().create_multiline_field(field, options)

    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = error_messages_for(field)
        return options

    @property
    def formfields(self):
        formfields = super().formfields
        for field in self.fields:
            purpose = getattr(field, "autocomplete", "")
            if not purpose:
                continue
            widget = formfields[field.clean_name or field.get_field_clean_name()].widget
            widget.attrs["autocomplete"] = purpose
            if purpose == "tel":
                widget.input_type = "tel"
        return formfields


def error_messages_for(field):
    """Error messages that say what to do, naming the field."""
    messages = {
        "required": f"Please fill in “{field.label}”.",
        "max_length": (
            "Please keep this under %(limit_value)d characters (it has %(show_value)d)."
        ),
    }
    if field.field_type == "email":
        messages["invalid"] = "Please give a valid email address, like name@example.com."
    elif field.field_type == "checkbox":
        messages["required"] = "Please tick this box to send your message."
    elif field.field_type in ("radio", "dropdown", "checkboxes", "multiselect"):
        messages["required"] = f"Please choose an answer to “{field.label}”."
        messages["invalid_choice"] = "Please choose one of the options given."
    return messages
