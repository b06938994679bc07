"""What this browser knows about its reader, and the personal part of the replies section.

Readers have no accounts. Two signed cookies stand in for one: the ids of the replies this
browser posted (so its author sees them while they wait, and may edit them for a few
minutes) and, if the reader asked, their name and email for the next reply. Everything
here differs from one reader to the next, so it is kept apart from the public thread
(replies/thread.py): the form with its security token, the reader's own held replies,
the remembered name and the notices after posting.
"""

import json

from django.conf import settings
from django.core import signing
from django.db.models import OuterRef, Subquery

from blog.replies.forms import ReplyForm
from blog.replies.models import Reply
from blog.replies.thread import public_thread, reply_url

OWN_REPLIES_COOKIE = "own_replies"
OWN_REPLIES_SALT = "replies.own"
OWN_REPLIES_KEPT = 20  # the newest this many of a reader's replies are remembered
OWN_REPLIES_MAX_AGE = 30 * 24 * 60 * 60  # seconds

AUTHOR_COOKIE = "reply_author"
AUTHOR_SALT = "replies.author"
AUTHOR_COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # seconds

# Added to the address after posting (`?replied=N&followups=confirm`) when the reader asked
# for follow-up emails that wait for the emailed confirmation (double opt-in).
FOLLOWUPS_PARAMETER = "followups"
FOLLOWUPS_TO_CONFIRM = "confirm"


def own_reply_ids(request):
    """Ids of replies this browser posted, newest last: [int] (empty without the cookie)."""
    try:
        raw = request.get_signed_cookie(
            OWN_REPLIES_COOKIE, salt=OWN_REPLIES_SALT, max_age=OWN_REPLIES_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_own_reply(response, request, reply_id):
    """Add `reply_id` to the browser's own-replies cookie on `response`."""
    ids = [*own_reply_ids(request), reply_id][-OWN_REPLIES_KEPT:]
    response.set_signed_cookie(
        OWN_REPLIES_COOKIE,
        ",".join(map(str, ids)),
        salt=OWN_REPLIES_SALT,
        max_age=OWN_REPLIES_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def remembered_author(request):
    """{"name", "email"} the reader asked this browser to remember, or None."""
    try:
        raw = request.get_signed_cookie(AUTHOR_COOKIE, salt=AUTHOR_SALT)
        data = json.loads(raw)
        return {"name": str(data["name"])[:50], "email": str(data["email"])[:254]}
    except (KeyError, ValueError, TypeError, signing.BadSignature):
        return None


def remember_author(response, request, name, email):
    """Keep (or, with `name` None, forget) the reader's name and email for a year."""
    if name is None:
        response.delete_cookie(AUTHOR_COOKIE)
        return
    response.set_signed_cookie(
        AUTHOR_COOKIE,
        json.dumps({"name": name, "email": email}),
        salt=AUTHOR_SALT,
        max_age=AUTHOR_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def reply_form(article, request, parent=None):
    """An empty Leave a Reply form for `article` (answering `parent`, a Reply, if given),
    filled with the name and email this browser remembers."""
    initial = {"reply_to": parent.pk if parent else 0}
    author = remembered_author(request)
    if author:
        initial.update(author, remember=True)
    return ReplyForm(article, initial=initial)


def own_replies(article, request):
    """This browser's replies on `article` that only it sees (held) or may still edit:
    [Reply], thread order, each with `parent_name` (None for a top-level reply). One query,
    none without the cookie."""
    ids = own_reply_ids(request)
    if not ids:
        return []
    parent = Reply.objects.filter(pk=OuterRef("parent_id")).exclude(pk=OuterRef("pk"))
    replies = (
        Reply.objects.for_article(article)
        .filter(pk__in=ids)
        .exclude(status=Reply.Status.REMOVED)
        .annotate(parent_name=Subquery(parent.values("user_name")[:1]))
        .with_thread_position()
        .order_by("thread_id", "order")
    )
    return [reply for reply in replies if not reply.is_approved or reply.can_still_be_edited]


def reader_context(article, request):
    """The personal part of the replies section: {reply_form, own_replies, just_posted,
    followups_to_confirm, thread_is_empty, withdrawn, reported, ip_kept_days}. Each of the
    reader's published replies carries `url_in_thread`, its address on the page of the
    thread that shows it. (A refused post is shown on the reply form's own page, never
    here: see views.reply_page.)

    `just_posted` is the held reply `?replied=N` names, if this browser posted it;
    `followups_to_confirm` is True when that reply (held or not) asked for follow-up emails
    that still wait for the emailed confirmation (`?followups=confirm`, which
    views.post_reply adds, and the reply not yet following). `thread_is_empty` is True
    when the article has no published reply, so the section's own heading already says
    "Leave a Reply"."""
    mine = own_replies(article, request)
    thread = public_thread(article, request)
    for reply in mine:
        if reply.is_approved:
            page = thread.page_number_of(reply)
            reply.url_in_thread = reply_url(reply, article.url, page=page)
    replied = request.GET.get("replied", "")
    posted = next((reply for reply in mine if str(reply.pk) == replied), None)
    return {
        "reply_form": reply_form(article, request),
        "own_replies": mine,
        "just_posted": posted if posted is not None and not posted.is_approved else None,
        # Confirmed in the meantime (the reply now follows): nothing left to ask.
        "followups_to_confirm": (
            posted is not None
            and not posted.followup
            and request.GET.get(FOLLOWUPS_PARAMETER) == FOLLOWUPS_TO_CONFIRM
        ),
        "thread_is_empty": not thread.count,
        "withdrawn": bool(request.GET.get("withdrawn")),
        "reported": bool(request.GET.get("reported")),
        "ip_kept_days": settings.REPLIES_IP_KEPT_DAYS,
    }
