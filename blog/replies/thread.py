"""The replies under an article, as a tree, in a fixed number of queries however many there
are: approved replies in one query, the reader's own held replies in one more."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from blog.replies.models import Reply

OWN_REPLIES_COOKIE = "own_replies"
OWN_REPLIES_SALT = "replies.own"
OWN_REPLIES_KEPT = 20  # the newest this many of a reader's replies are remembered
OWN_REPLIES_MAX_AGE = 30 * 24 * 60 * 60


@dataclass
class Node:
    reply: Reply
    children: list = field(default_factory=list)
    is_own_held: bool = False
    is_own: bool = False


def own_reply_ids(request):
    """Ids of replies this browser posted, from a signed cookie (no account needed)."""
    try:
        raw = request.get_signed_cookie(
            OWN_REPLIES_COOKIE, salt=OWN_REPLIES_SALT, max_age=OWN_REPLIES_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_own_reply(response, request, reply_id):
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


def build_tree(replies, own_held_ids=frozenset(), own_ids=frozenset()):
    """Nest replies (ordered by thread and position) under their parents.

    A reply whose parent is not shown is not shown either, except the reader's own held
    reply, which always appears (under its parent when that is visible).
    """
    nodes = {
        reply.pk: Node(reply, is_own_held=reply.pk in own_held_ids, is_own=reply.pk in own_ids)
        for reply in replies
    }
    roots = []
    for node in nodes.values():
        reply = node.reply
        if reply.parent_id == reply.pk:
            roots.append(node)
        elif reply.parent_id in nodes:
            nodes[reply.parent_id].children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda child: (child.reply.order, child.reply.pk))
    roots.sort(key=lambda root: (root.reply.submit_date, root.reply.pk))
    return roots


@dataclass
class Thread:
    count: int
    page: object  # a Paginator page of root Nodes
    own_held: list


def thread_for(article, request):
    """What the replies section shows: approved replies plus this reader's held ones."""
    approved = list(Reply.objects.approved().for_article(article).order_by("thread_id", "order"))
    own_ids = own_reply_ids(request)
    own_held = []
    if own_ids:
        own_held = list(
            Reply.objects.for_article(article)
            .filter(pk__in=own_ids, is_public=False, is_removed=False)
            .order_by("thread_id", "order")
        )
    roots = build_tree(
        approved + own_held, own_held_ids={reply.pk for reply in own_held}, own_ids=set(own_ids)
    )
    paginator = Paginator(roots, settings.REPLIES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("replies_page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return Thread(count=len(approved), page=page, own_held=own_held)


def page_number_of(reply):
    """Which page of its article's thread a published reply is on (for permalinks)."""
    earlier_roots = (
        Reply.objects.approved()
        .for_article(reply.content_object)
        .filter(level=0, submit_date__lt=Reply.objects.get(pk=reply.thread_id).submit_date)
        .count()
    )
    return earlier_roots // settings.REPLIES_PER_PAGE + 1
