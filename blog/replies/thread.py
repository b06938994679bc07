"""The public thread under an article and where any reply stands in it.

The thread shows every approved reply, nested and paged, in one query however many there
are; a reply that is not shown but has approved answers stays as a "(removed)" placeholder,
so its answers keep their place. It is the same for every reader, so it holds nothing
personal (the reader's own held replies are in blog/replies/reader.py).

Every link to a reply (after posting or a refusal, in emails, from the admin, the
permalink) is made by `reply_url`, on the page `page_number` gives.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from blog.replies.models import Reply


@dataclass
class Node:
    """One entry of the thread, with the entries threaded under it (in thread order): a
    shown reply, or, with `reply` None, a placeholder for one that is not shown (removed,
    withdrawn, erased, held again, spam or deleted) while approved answers sit below it."""

    pk: int
    reply: Reply | None = None
    children: list = field(default_factory=list)

    @property
    def is_placeholder(self):
        return self.reply is None


def build_tree(replies):
    """Nest `replies` (one article's, any statuses, any order) as the thread shows them:
    [root Node], threads in the order they were started (by `thread_id`, the root's id, as
    django-comments-xtd orders them), answers in thread order.

    An approved reply is shown. Any other reply becomes a placeholder if an approved reply
    sits below it and is left out otherwise, so no approved reply loses its place. A parent
    missing altogether (its row deleted under its answers) becomes a placeholder too, under
    its thread's root: exactly where it was with the default three levels.
    """
    nodes = {reply.pk: Node(reply.pk, reply) for reply in replies}
    positions = {reply.pk: (reply.order, reply.pk) for reply in replies}
    roots = {}

    def attach(node, parent_id, thread_id, order):
        if parent_id == node.pk:
            roots[node.pk] = node
            return
        if parent_id not in nodes:
            nodes[parent_id] = Node(parent_id)
            attach(nodes[parent_id], thread_id, thread_id, order)
        if nodes[parent_id].reply is None:
            # A deleted parent came just before its first answer in the thread.
            positions[parent_id] = min(positions.get(parent_id, (order, 0)), (order - 1, 0))
        nodes[parent_id].children.append(node)

    for reply in replies:
        attach(nodes[reply.pk], reply.parent_id, reply.thread_id, reply.order)

    def shown(node):
        """Whether `node` is shown; it becomes a placeholder unless its reply is approved."""
        node.children = sorted(filter(shown, node.children), key=lambda n: positions[n.pk])
        if node.reply is not None and not node.reply.is_approved:
            node.reply = None
        return node.reply is not None or bool(node.children)

    return [roots[pk] for pk in sorted(roots) if shown(roots[pk])]


def page_number(threads_before, threads_shown):
    """The page of a thread that holds a reply: its thread's place among the `threads_shown`
    (placeholders' threads included) is `threads_before`, REPLIES_PER_PAGE threads a page.

    A reply whose thread is not shown yet is placed where it will appear once approved, on
    the last page at most: a new thread that waits for a moderator is on the last page.
    """
    per_page = settings.REPLIES_PER_PAGE
    last_page = max(1, ceil(threads_shown / per_page))
    return min(threads_before // per_page + 1, last_page)


@dataclass
class Thread:
    """What the public part of the replies section shows."""

    count: int  # approved replies on the article, every one of them shown
    page: object  # a Paginator page of root Nodes (REPLIES_PER_PAGE per page)

    def page_number_of(self, reply):
        """The page of this thread that holds `reply` (see `page_number`), without a query."""
        thread_ids = [root.pk for root in self.page.paginator.object_list]
        return page_number(bisect_left(thread_ids, reply.thread_id), len(thread_ids))


def public_thread(article, request):
    """The replies of `article` that its thread shows, as the page `?replies_page=N`.

    One query: the replies of every thread that has an approved reply (the others in them
    become placeholders or are left out, see `build_tree`). Computed once per request and
    article (the byline's count and the section share it). A page number that is not a
    page gives the first page.
    """
    memo = request.__dict__.setdefault("_replies_threads", {})
    if article.pk not in memo:
        of_article = Reply.objects.for_article(article)
        replies = list(of_article.filter(thread_id__in=of_article.shown_threads()))
        paginator = Paginator(build_tree(replies), settings.REPLIES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("replies_page", 1))
        except (PageNotAnInteger, EmptyPage):
            page = paginator.page(1)
        memo[article.pk] = Thread(count=sum(reply.is_approved for reply in replies), page=page)
    return memo[article.pk]


def page_of(reply):
    """The page of its article's thread that holds `reply`, or will once it is approved
    (see `page_number`). One query, none if `reply` comes from a queryset annotated by
    `ReplyQuerySet.with_thread_position()`."""
    if hasattr(reply, "threads_before"):
        return page_number(reply.threads_before, reply.threads_shown)
    position = Reply.objects.with_thread_position().values("threads_before", "threads_shown")
    return page_number(**position.get(pk=reply.pk))


def reply_url(reply, article_url, page=None, **query):
    """Where `reply` is read: `article_url`, then `?replies_page=P` (when P > 1) and the
    `query` parameters (e.g. replied=N), then `#reply-N`. `page` is `page_of(reply)` unless
    given (one query)."""
    if page is None:
        page = page_of(reply)
    parameters = {"replies_page": page} if page > 1 else {}
    parameters.update(query)
    query_string = f"?{urlencode(parameters)}" if parameters else ""
    return f"{article_url}{query_string}#reply-{reply.pk}"
