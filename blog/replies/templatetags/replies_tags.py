"""The replies section as a component other templates include, and the one filter through
which reader text reaches a page.

The article template says `{% replies_section page %}`; the replies app decides the rest:
the public thread and the place of the reader's personal part (their held replies and the
form), which the page fetches after load so that its HTML is the same for every reader.
The article itself knows nothing about replies.
"""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from blog.replies.models import Reply
from blog.replies.text import render_clinic_text, render_text
from blog.replies.thread import public_thread, reply_url

register = template.Library()

PREVIEW_NOTICE = "Replies are disabled in preview."


@register.filter(needs_autoescape=False)
def reader_text(text):
    """Escape everything, keep line breaks, turn addresses into links readers' search
    engines do not credit (rel="nofollow ugc") and that cannot reach back (noopener): see
    `blog.replies.text.render_text`. A stored reply's thread entry uses the HTML saved with
    it (`Reply.text_as_html`) instead of rendering it again."""
    return render_text(text)


@register.filter(needs_autoescape=False)
def clinic_text(text):
    """The clinic's own answers: `reader_text` with phone numbers as `tel:` links (see
    `blog.replies.text.render_clinic_text`). A stored answer's thread entry uses the HTML
    saved with it (`Reply.text_as_html`)."""
    return render_clinic_text(text)


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
    thread = public_thread(article, request)
    return {
        **section,
        "thread": thread,
        "replies_open": article.replies_are_open,
        **pinned_answer(article, thread),
    }


def pinned_answer(article, thread):
    """{"pinned": the clinic answer pinned to the top of `article`'s thread, or None,
    "pinned_url": where it sits in the thread}. The thread's own query says whether one is
    pinned (`Thread.pinned_id`), so an article without one pays nothing; nor does one whose
    answer is on the page shown; otherwise one query reads it with its page in the thread."""
    if thread.pinned_id is None:
        return {"pinned": None, "pinned_url": None}
    pinned = thread.shown_reply(thread.pinned_id)
    if pinned is not None:
        url = reply_url(pinned, article.url, page=thread.page.number)
    else:
        pinned = Reply.objects.approved().filter(pk=thread.pinned_id).with_thread_position().first()
        url = pinned and reply_url(pinned, article.url)
    return {"pinned": pinned, "pinned_url": url}


@register.simple_tag
def replies_thread(thread, replies_open):
    """The entries of `thread` (a `Thread`) as HTML: templates/jinja2/replies/thread.html,
    a Jinja2 template (escaping on), since printing fifty replies through Django's engine
    was a fifth of a cold article render (docs/performance.md). `replies_open`: whether each
    entry offers a "Reply" link."""
    template = engines["jinja2"].get_template("replies/thread.html")
    # Jinja2 escaped every value it printed; stored reply HTML is a SafeString already.
    return mark_safe(template.render({"thread": thread, "replies_open": replies_open}))  # noqa: S308


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The number of approved replies on `article` (all of them shown in its thread), from
    the same query as its section."""
    return public_thread(article, context["request"]).count
