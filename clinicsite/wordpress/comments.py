"""WordPress comments as the site's replies: their words, status, threading and IP address.

A reply's text is plain text, shown through the `reader_text` filter (escaped, line breaks
kept, addresses made links). WordPress lets commenters use a few tags (links, emphasis,
quotes, code), so they are turned into that plain text here: a link keeps its words and its
address, a quotation its lines marked "> ", emphasis and code their words. No tag is ever
stored, so none is shown or run.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from bs4 import BeautifulSoup, Comment, NavigableString

from blog.replies.models import Reply, Status
from blog.replies.screening import screen
from home.reader_text import cleaned

# WordPress's comment_approved values; "trash" (and a post's trashed comments) is skipped.
STATUSES = {"1": Status.APPROVED, "0": Status.AWAITING, "spam": Status.SPAM}
SPAM_RULE = "WordPress (imported)"
_THREE_OR_MORE_NEWLINES = re.compile(r"\n{3,}")
_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_SILENT = {"script", "style", "iframe", "object", "embed", "form", "noscript"}


def status_for(approved):
    """The reply status for WordPress's `comment_approved` value, or None to skip it."""
    return STATUSES.get(approved)


def plain_text(html):
    """A comment's HTML (`wp:comment_content`) as reader text: tags gone, their meaning
    kept in words and line breaks, then cleaned as every reader text is
    (`home.reader_text.cleaned`)."""
    soup = BeautifulSoup(html, "html.parser")
    text = _text_of(soup.contents)
    text = _THREE_OR_MORE_NEWLINES.sub("\n\n", text.replace("\r\n", "\n"))
    return cleaned(text.strip())


def _text_of(nodes):
    parts = []
    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            parts.append(str(node))
            continue
        name = node.name
        if name in _SILENT:
            continue
        inner = _text_of(node.contents)
        if name == "br":
            parts.append("\n")
        elif name == "a":
            parts.append(_link(inner, node.get("href", "")))
        elif name == "blockquote":
            quoted = "\n".join(f"> {line}".rstrip() for line in inner.strip().splitlines())
            parts.append(f"\n\n{quoted}\n\n")
        elif name == "li":
            parts.append(f"\n- {inner.strip()}")
        elif name in _BLOCKS:
            parts.append(f"\n\n{inner.strip()}\n\n")
        else:
            parts.append(inner)
    return "".join(parts)


def _link(words, href):
    """A link as words readers can follow: its address, after its words when they differ."""
    words = words.strip()
    if not href.lower().startswith(("http://", "https://")):
        return words
    if not words or words.rstrip("/") == href.rstrip("/"):
        return href
    return f"{words} ({href})"


def kept_ip(ip_address, submitted):
    """`ip_address` if the comment is recent enough that the site would still hold it
    (REPLIES_IP_KEPT_DAYS, what the privacy note promises), else None."""
    if not ip_address or submitted is None:
        return None
    if submitted < timezone.now() - timedelta(days=settings.REPLIES_IP_KEPT_DAYS):
        return None
    return ip_address


def website(url):
    """The commenter's website if it is an http(s) address that fits the field, else ""."""
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and len(url) <= 200 else ""


def new_reply(article, comment, status, parent):
    """An unsaved Reply on `article` from `comment` (a WxrComment) with `status`, answering
    `parent` (a saved Reply or None); a held one is screened (`hold_as_screened`). Threads
    keep at most REPLIES_MAX_DEPTH levels: an answer to a reply at the deepest level follows
    it, one level up (`Reply.answer_parent_id`)."""
    submitted = comment.date or timezone.now()
    decided = status in (Status.APPROVED, Status.SPAM)
    reply = Reply(
        content_object=article,
        site_id=settings.SITE_ID,
        parent_id=parent.answer_parent_id if parent else 0,
        user_name=(comment.author or "Anonymous")[:50],
        user_email=comment.author_email[:254],
        user_url=website(comment.author_url),
        comment=plain_text(comment.content),
        submit_date=submitted,
        ip_address=kept_ip(comment.author_ip, comment.date),
        status=status,
        held_reason=Reply.HeldReason.POLICY if status == Status.AWAITING else "",
        spam_rule=SPAM_RULE if status == Status.SPAM else "",
        moderated_at=submitted if decided else None,
        # Published long ago on the old site: approving it here again announces nothing.
        publication_announced_at=submitted if status == Status.APPROVED else None,
    )
    if status == Status.AWAITING:
        hold_as_screened(reply)
    return reply


def hold_as_screened(reply):
    """Give a held reply what the site's screening finds in it, so moderators see a comment
    that mentions self-harm or suicide as urgent, first in the queue, as if just posted.
    Nobody is emailed: the urgent alert goes only to replies posted here."""
    screening = screen(reply.comment)
    reply.mentions_crisis = screening.mentions_crisis
    reply.health_info_found = ", ".join(screening.health_info)[:120]
    if screening.mentions_crisis:
        reply.held_reason = Reply.HeldReason.CRISIS
    elif screening.health_info:
        reply.held_reason = Reply.HeldReason.HEALTH_INFO
