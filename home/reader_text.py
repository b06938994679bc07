"""What readers type, made plain text before any public form judges it.

One rule for every public form (the contact form, a reply, a reader's edit of their own
reply, a report): Unicode NFC; line breaks as "\\n"; no control characters but "\\n" and
"\\t"; no bidirectional embeddings, overrides or isolates (which can make a name or a link
read backwards); no byte-order mark or zero-width space. The zero-width joiner stays: emoji
are built with it. A text left with nothing but white space and U+FFFD (what undecodable
bytes become) counts as empty, so a required field refuses it with its usual message.
"""

import re
import unicodedata

from django import forms

from home import spam

# C0 and C1 controls except \t (09) and \n (0A); U+200B zero-width space; U+202A–U+202E
# embeddings and overrides; U+2066–U+2069 isolates; U+FEFF byte-order mark.
REMOVED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]"
)
REPLACEMENT_CHARACTER = "\ufffd"


def normalise(text):
    """`text` (str) as the site keeps reader text: "\\r\\n" and a lone "\\r" become "\\n",
    the characters of REMOVED_CHARACTERS are dropped, then NFC. Returns a str, never longer
    in characters than a text without them; raises nothing."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", REMOVED_CHARACTERS.sub("", text))


def is_blank(text):
    """True if `text` (str) holds nothing but white space and U+FFFD."""
    return not text.replace(REPLACEMENT_CHARACTER, "").strip()


def cleaned(text):
    """`normalise(text)`, or "" when what is left `is_blank`: what a form field receives."""
    text = normalise(text)
    return "" if is_blank(text) else text


def is_reader_text_field(name, field):
    """True for a field a person types into: a CharField (email and URL fields included)
    that is not hidden and not one of the anti-bot fields."""
    return (
        isinstance(field, forms.CharField)
        and not field.widget.is_hidden
        and name not in spam.ANTI_BOT_FIELD_NAMES
    )


def cleaned_data_values(data, names):
    """A copy of form data `data` (a QueryDict or a dict) with every value under `names`
    passed through `cleaned`; every value of a repeated field, and nothing else, changes."""
    data = data.copy()
    for name in names:
        if hasattr(data, "getlist"):
            if name in data:
                data.setlist(name, [clean_value(value) for value in data.getlist(name)])
        elif name in data:
            data[name] = clean_value(data[name])
    return data


def clean_value(value):
    """`cleaned(value)` for a str, each item of a list or tuple of them, anything else as is."""
    if isinstance(value, str):
        return cleaned(value)
    if isinstance(value, list | tuple):
        return [clean_value(item) for item in value]
    return value


class ReaderTextFormMixin:
    """Passes every reader-text field of a bound form (`is_reader_text_field`) through
    `cleaned` before Django validates it. A text left empty then meets the field's own
    "required" message, next to the field, and the form shown again holds the cleaned text.
    Put it first among a form's bases."""

    def reader_text_field_names(self):
        """The data keys (prefixed) of the fields whose values are reader text: [str]."""
        return [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if is_reader_text_field(name, field)
        ]

    def full_clean(self):
        if self.is_bound:
            self.data = cleaned_data_values(self.data, self.reader_text_field_names())
        super().full_clean()
