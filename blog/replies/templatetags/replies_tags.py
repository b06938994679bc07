"""The replies section as a component other templates include, and the one filter through
which reader text reaches a page.

The article template says `{% replies_section page %}`; the replies app decides the rest:
the public thread and the place of the reader's personal part (their held replies and the
form), which the page fetches after load so that its HTML is the same for every reader.
The article itself knows nothing about replies.
"""

import re

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from blog.replies.thread import public_thread

register = template.Library()

# urlize() only ever writes `<a href="…">` tags itself; reader text is escaped before that.
_URLIZED_LINK = re.compile(r'<a href="')

PREVIEW_NOTICE = "Replies are disabled in preview."


@register.filter(needs_autoescape=False)
def reader_text(text):
    """Escape everything, keep line breaks, turn addresses into links readers' search
    engines do not credit (rel="nofollow ugc") and that cannot reach back (noopener)."""
    linked = urlize(str(text), trim_url_limit=60, nofollow=False, autoescape=True)
    linked = _URLIZED_LINK.sub('<a rel="nofollow ugc noopener" href="', linked)
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)


@register.inclusion_tag("replies/section.html", takes_context=True)
def replies_section(context, article):
    """The "Leave a Reply" section of `article` (a BlogPage): its public thread, then the
    place of the reader's part (views.reader_part: their held replies, notices and the form),
    nothing personal. In the admin's preview the section is shown disabled: a draft is not
    the page readers answer."""
    request = context["request"]
    section = {"page": article, "request": request, "clinic": context.get("clinic")}
    if getattr(request, "is_preview", False):
        return {**section, "disabled_reason": PREVIEW_NOTICE}
    return {
        **section,
        "thread": public_thread(article, request),
        "replies_open": article.replies_are_open,
    }


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The number of approved replies on `article` (all of them shown in its thread), from
    the same query as its section."""
    return public_thread(article, context["request"]).count
