"""The one filter through which reader text reaches a page."""

import re

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

register = template.Library()

# urlize() only ever writes `<a href="…">` tags itself; reader text is escaped before that.
_URLIZED_LINK = re.compile(r'<a href="')


@register.filter(needs_autoescape=False)
def reader_text(text):
    """Escape everything, keep line breaks, turn addresses into links readers' search
    engines do not credit (rel="nofollow ugc") and that cannot reach back (noopener)."""
    linked = urlize(str(text), trim_url_limit=60, nofollow=False, autoescape=True)
    linked = _URLIZED_LINK.sub('<a rel="nofollow ugc noopener" href="', linked)
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)
