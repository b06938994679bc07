"""The replies section as a component other templates include, and the one filter through
which reader text reaches a page.

The article template says `{% replies_section page %}`; the replies app decides the rest:
the public thread, the reader's personal part and the form. The article itself knows
nothing about replies.
"""

from django import template

from blog.replies.reader import reader_context
from blog.replies.text import render_text
from blog.replies.thread import public_thread

register = template.Library()

PREVIEW_NOTICE = "Replies are disabled in preview."


@register.filter(needs_autoescape=False)
def reader_text(text):
    """Escape everything, keep line breaks, turn addresses into links readers' search
    engines do not credit (rel="nofollow ugc") and that cannot reach back (noopener): see
    `blog.replies.text.render_text`. A stored reply's thread entry uses the HTML saved with
    it (`Reply.text_as_html`) instead of rendering it again."""
    return render_text(text)


@register.inclusion_tag("replies/section.html", takes_context=True)
def replies_section(context, article):
    """The "Leave a Reply" section of `article` (a BlogPage): its public thread, then the
    reader's part (their held replies, notices and the form). In the admin's preview the
    section is shown disabled: a draft is not the page readers answer."""
    request = context["request"]
    section = {"page": article, "request": request, "clinic": context.get("clinic")}
    if getattr(request, "is_preview", False):
        return {**section, "disabled_reason": PREVIEW_NOTICE}
    return {
        **section,
        "thread": public_thread(article, request),
        "replies_open": article.replies_are_open,
        **reader_context(article, request),
    }


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The number of approved replies on `article` (all of them shown in its thread), from
    the same query as its section."""
    return public_thread(article, context["request"]).count
