"""The public thread under an article: approved replies, nested and paged, in one query
however many there are. It is the same for every reader, so it holds nothing personal
(the reader's own held replies are in blog/replies/reader.py)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from blog.replies.models import Reply


@dataclass
class Node:
    """One reply in the tree, with the replies threaded under it (in thread order)."""

    reply: Reply
    children: list = field(default_factory=list)


def build_tree(replies):
    """Nest replies (any order) under their parents: [root Node], oldest thread first.

    A reply whose parent is not among `replies` is not shown: its thread is cut there.
    """
    nodes = {reply.pk: Node(reply) for reply in replies}
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
    """What the public part of the replies section shows."""

    count: int  # approved replies on the article
    page: object  # a Paginator page of root Nodes (REPLIES_PER_PAGE per page)


def public_thread(article, request):
    """The approved replies of `article`, as the page `?replies_page=N` of its thread.

    Computed once per request and article (the byline's count and the section share it).
    A page number that is not a page gives the first page.
    """
    memo = request.__dict__.setdefault("_replies_threads", {})
    if article.pk not in memo:
        approved = list(
            Reply.objects.approved().for_article(article).order_by("thread_id", "order")
        )
        paginator = Paginator(build_tree(approved), settings.REPLIES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("replies_page", 1))
        except (PageNotAnInteger, EmptyPage):
            page = paginator.page(1)
        memo[article.pk] = Thread(count=len(approved), page=page)
    return memo[article.pk]


def page_number_of(reply):
    """Which page of its article's thread a published reply is on (for permalinks)."""
    earlier_roots = (
        Reply.objects.approved()
        .for_article(reply.content_object)
        .filter(level=0, submit_date__lt=Reply.objects.get(pk=reply.thread_id).submit_date)
        .count()
    )
    return earlier_roots // settings.REPLIES_PER_PAGE + 1
