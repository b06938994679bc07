"""The public thread under an article: every approved reply, nested and paged, in one query
however many there are; a reply that is not shown but has approved answers stays as a
"(removed)" placeholder, so its answers keep their place. It is the same for every reader,
so it holds nothing personal (the reader's own held replies are in blog/replies/reader.py)."""

from dataclasses import dataclass, field

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


@dataclass
class Thread:
    """What the public part of the replies section shows."""

    count: int  # approved replies on the article, every one of them shown
    page: object  # a Paginator page of root Nodes (REPLIES_PER_PAGE per page)


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


def page_number_of(reply):
    """Which page of its article's thread a published reply is on (for permalinks)."""
    earlier_roots = (
        Reply.objects.approved()
        .for_article(reply.content_object)
        .filter(level=0, submit_date__lt=Reply.objects.get(pk=reply.thread_id).submit_date)
        .count()
    )
    return earlier_roots // settings.REPLIES_PER_PAGE + 1
