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

from blog.replies.models import Reply
from blog.replies.thread import public_thread, reply_url
from home.models import tel_href

register = template.Library()

# urlize() only ever writes `<a href="…">` tags itself; reader text is escaped before that.
_URLIZED_LINK = re.compile(r'<a href="')
# A whole link urlize() wrote, to leave alone when phone numbers are linked around it.
_WHOLE_LINK = re.compile(r"(<a [^>]*>.*?</a>)", re.DOTALL)
# A phone number as people write one: North American ("(706) 286-8344", "706.286.8344",
# "1-706-286-8344") or international ("+44 20 7946 0958"). Dates and years do not match.
_PHONE = re.compile(
    r"(?<![\w/+])(?:\+\d[\d ().-]{6,18}\d|(?:1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4})(?![\w/])"
)

PREVIEW_NOTICE = "Replies are disabled in preview."


@register.filter(needs_autoescape=False)
def reader_text(text):
    """Escape everything, keep line breaks, turn addresses into links readers' search
    engines do not credit (rel="nofollow ugc") and that cannot reach back (noopener)."""
    linked = urlize(str(text), trim_url_limit=60, nofollow=False, autoescape=True)
    linked = _URLIZED_LINK.sub('<a rel="nofollow ugc noopener" href="', linked)
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 (escaped by urlize)


@register.filter(needs_autoescape=False)
def clinic_text(text):
    """The clinic's own answers: `reader_text`, with phone numbers made `tel:` links so a
    reader on a phone can call in one tap. Only for the clinic's words: a number in a
    reader's reply is theirs, and the site does not turn it into a call button."""
    parts = _WHOLE_LINK.split(reader_text(text))
    for index in range(0, len(parts), 2):  # the text between links
        parts[index] = _PHONE.sub(
            lambda number: f'<a href="{tel_href(number[0])}">{number[0]}</a>', parts[index]
        )
    return mark_safe("".join(parts))  # noqa: S308 (escaped by reader_text, numbers are digits)


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
        **pinned_answer(article),
    }


def pinned_answer(article):
    """{"pinned": the clinic answer pinned to the top of `article`'s thread, or None,
    "pinned_url": where it sits in the thread}. One query of its own, beside the thread's
    (whatever loads the thread), the answer's page in the thread included."""
    pinned = (
        Reply.objects.approved()
        .filter(pinned_on=article.pk, is_clinic_reply=True)
        .with_thread_position()
        .first()
    )
    return {"pinned": pinned, "pinned_url": pinned and reply_url(pinned, article.url)}


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The number of approved replies on `article` (all of them shown in its thread), from
    the same query as its section."""
    return public_thread(article, context["request"]).count
