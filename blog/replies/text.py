"""A reply's text as the thread shows it: the one rendering of reader text to HTML.

The thread used to run this for every reply on every view; now `Reply.save()` stores its
result in `Reply.text_html` and every `update()` that changes the text stores it through
`text_fields`, so a page only copies the stored HTML. The `reader_text` template filter is
the same function, for text that is not a stored reply's.
"""

import re

from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from home.models import tel_href

# urlize() only ever writes `<a href="…">` tags itself; reader text is escaped before that.
_URLIZED_LINK = re.compile(r'<a href="')
# A whole link urlize() wrote, to leave alone when phone numbers are linked around it.
_WHOLE_LINK = re.compile(r"(<a [^>]*>.*?</a>)", re.DOTALL)
# A phone number as people write one: North American ("(706) 286-8344", "706.286.8344",
# "1-706-286-8344") or international ("+44 20 7946 0958"). Dates and years do not match.
_PHONE = re.compile(
    r"(?<![\w/+])(?:\+\d[\d ().-]{6,18}\d|(?:1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4})(?![\w/])"
)


def render_text(text):
    """`text` (str, reader text) as safe HTML (SafeString): everything escaped, paragraphs
    and line breaks kept, addresses made links that search engines do not credit
    (rel="nofollow ugc") and that cannot reach back (noopener); "" for an empty text (an
    erased reply). Raises nothing."""
    if not text:
        return mark_safe("")
    linked = urlize(str(text), trim_url_limit=60, nofollow=False, autoescape=True)
    linked = _URLIZED_LINK.sub('<a rel="nofollow ugc noopener" href="', linked)
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)


def render_clinic_text(text):
    """The clinic's own answers: `render_text(text)` with phone numbers made `tel:` links,
    so a reader on a phone can call in one tap (SafeString). Only for the clinic's words: a
    number in a reader's reply is theirs, and the site does not turn it into a call button."""
    parts = _WHOLE_LINK.split(render_text(text))
    for index in range(0, len(parts), 2):  # the text between links
        parts[index] = _PHONE.sub(
            lambda number: f'<a href="{tel_href(number[0])}">{number[0]}</a>', parts[index]
        )
    return mark_safe("".join(parts))  # noqa: S308 (escaped by render_text, numbers are digits)


def render_reply_text(text, clinic=False):
    """A reply's text as stored in `Reply.text_html`: `render_clinic_text` for the clinic's
    answers (`clinic` True), `render_text` for readers'."""
    return render_clinic_text(text) if clinic else render_text(text)


def text_fields(text, clinic=False):
    """{"comment": text, "text_html": its rendering}: the fields to write together wherever
    a reply's text changes without `Reply.save()` (a `QuerySet.update()`); `clinic` for the
    clinic's answers (see `render_reply_text`)."""
    return {"comment": text, "text_html": str(render_reply_text(text, clinic))}
