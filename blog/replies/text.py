"""A reply's text as the thread shows it: the one rendering of reader text to HTML.

The thread used to run this for every reply on every view; now `Reply.save()` stores its
result in `Reply.text_html` and every `update()` that changes the text stores it through
`text_fields`, so a page only copies the stored HTML. The `reader_text` template filter is
the same function, for text that is not a stored reply's.
"""

import re

from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

# urlize() only ever writes `<a href="…">` tags itself; reader text is escaped before that.
_URLIZED_LINK = re.compile(r'<a href="')


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


def text_fields(text):
    """{"comment": text, "text_html": render_text(text)}: the fields to write together
    wherever a reply's text changes without `Reply.save()` (a `QuerySet.update()`)."""
    return {"comment": text, "text_html": str(render_text(text))}
