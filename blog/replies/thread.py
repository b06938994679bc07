"""The public thread under an article and where any reply stands in it.

The thread shows every approved reply, nested and paged; a reply that is not shown but has
approved answers stays as a "(removed)" placeholder, so its answers keep their place. It is
the same for every reader, so it holds nothing personal (the reader's own held replies are
in blog/replies/reader.py).

A view loads only the page it shows, in one query however many replies the article has:
the replies of the page's threads, with the article's counts (approved replies, shown
threads) as subqueries, its SQL compiled once per process (`compiled_page`). What
each entry shows under it (its links, its date) is made here once per page, without a URL
reverse or a locale formatter per reply (`Node.prepare`): the cold render of issue 14.

Every link to a reply (after posting or a refusal, in emails, from the admin, the
permalink) is made by `reply_url`, on the page `page_number` gives.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from math import ceil
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import router
from django.db.models import Count, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext

from blog.replies.models import (
    Reply,
    Status,
    article_type_id,
    deepest_level,
    initials_of,
    stored_text_html,
    website_of,
)
from home.compiled_query import CompiledQuery

# The fields a thread entry shows or is arranged by, in `ShownReply`'s order: the rest of a
# reply (its email, IP address, screening notes) is not loaded for the page.
THREAD_FIELDS = (
    "pk",
    "thread_id",
    "parent_id",
    "level",
    "order",
    "status",
    "user_name",
    "user_url",
    "submit_date",
    "comment",
    "text_html",
    "is_clinic_reply",
)


class TemplateFields:
    """Lets a template read an entry's attributes as keys. Django's template engine tries
    `obj[name]` before `getattr(obj, name)` for every `{{ a.b }}`; on an object without
    `__getitem__` each look-up raises and catches a TypeError first, which was a third of
    the thread loop's time (about 20 look-ups per entry). The result is the attribute, or
    AttributeError (the engine then goes on as before)."""

    __slots__ = ()

    def __getitem__(self, name):
        return getattr(self, name)


class ShownReply(TemplateFields):
    """One reply of the thread as its entry prints it, made once from its row (the
    `THREAD_FIELDS` values) instead of a Reply instance: no model init per reply, and what
    the template reads is a plain attribute, worked out here by the same rules as Reply's
    properties (`initials_of`, `website_of`, `stored_text_html`, `deepest_level`).

    `user_name` stays as typed (the template escapes it); `text_as_html` is the stored safe
    HTML; `website_url` is "" unless it is an http(s) address."""

    __slots__ = (
        "pk",
        "thread_id",
        "parent_id",
        "order",
        "is_approved",
        "submit_date",
        "user_name",
        "initials",
        "website_url",
        "text_as_html",
        "is_clinic_reply",
        "accepts_answers",
    )

    def __init__(self, row, deepest):
        """`row`: the values of `THREAD_FIELDS`, in order; `deepest`: `deepest_level()`."""
        (
            self.pk,
            self.thread_id,
            self.parent_id,
            level,
            self.order,
            status,
            self.user_name,
            user_url,
            self.submit_date,
            comment,
            text_html,
            self.is_clinic_reply,
        ) = row
        self.is_approved = status == Status.APPROVED
        self.initials = initials_of(self.user_name)
        self.website_url = website_of(user_url)
        self.text_as_html = stored_text_html(comment, text_html, self.is_clinic_reply)
        self.accepts_answers = level < deepest


@dataclass
class Node(TemplateFields):
    """One entry of the thread, with the entries threaded under it (in thread order): a
    shown reply, or, with `reply` None, a placeholder for one that is not shown (removed,
    withdrawn, erased, held again, spam or deleted) while approved answers sit below it."""

    pk: int
    reply: ShownReply | None = None
    children: list = field(default_factory=list)
    # Filled by `prepare` for the entries of the page shown: what the template prints as is.
    anchor: str = ""  # "reply-N", the entry's id and its permalink's fragment
    reply_to_url: str = ""  # the no-JavaScript "Reply" page (replies:reply_to)
    report_url: str = ""  # the "Report" page (replies:report)
    posted_iso: str = ""  # the `datetime` attribute, as the date filter's "c" wrote it
    posted_text: str = ""  # "December 1, 2026 at 9:05 a.m.", as "F j, Y \a\t g:i a" did

    closes = False  # see `Thread.entries`

    @property
    def is_placeholder(self):
        return self.reply is None

    def prepare(self, links):
        """Fill the display fields of this entry and of every entry under it; `links` is
        a `ReplyLinks` (one reverse per page, not per reply)."""
        self.anchor = f"reply-{self.pk}"
        if self.reply is not None:
            self.reply_to_url = links.reply_to(self.pk)
            self.report_url = links.report(self.pk)
            self.posted_iso, self.posted_text = posted_at(self.reply.submit_date, links.words)
        for child in self.children:
            child.prepare(links)


class CloseList(TemplateFields):
    """In `Thread.entries`: the end of an entry's list of children, and of the entry."""

    closes = True
    children = ()


CLOSE_LIST = CloseList()


class ReplyLinks:
    """The addresses under each reply, built from one reverse per URL name: the id is put
    in place of a marker, so the result is exactly what `reverse(name, args=[id])` gives;
    and the page's `DateWords` (`words`) for the dates under them."""

    MARKER = "2147483647"  # an id in range that no other part of these URLs contains

    def __init__(self):
        self._reply_to = reverse("replies:reply_to", args=[self.MARKER]).split(self.MARKER)
        self._report = reverse("replies:report", args=[self.MARKER]).split(self.MARKER)
        self.words = DateWords()

    def reply_to(self, pk):
        return f"{self._reply_to[0]}{pk}{self._reply_to[1]}"

    def report(self, pk):
        return f"{self._report[0]}{pk}{self._report[1]}"


class DateWords:
    """The words of `posted_at`'s text in the active language (month names, "a.m."/"p.m."),
    translated once per page instead of twice per reply, and the active time zone (`zone`),
    looked up once per page too (a context-local read per reply otherwise)."""

    def __init__(self):
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.am = gettext("a.m.")
        self.pm = gettext("p.m.")
        self.zone = timezone.get_current_timezone()


def posted_at(moment, words=None):
    """(`datetime` attribute, visible text) of an aware datetime, in the site's time zone:
    what `|date:'c'` and `|date:"F j, Y \a\t g:i a"` print, without Django's date
    formatter (a formatter object and several format look-ups per call). `words`: a
    `DateWords` shared by the page's replies (made here if not given)."""
    words = words or DateWords()
    local = timezone.localtime(moment, words.zone)
    hour = local.hour % 12 or 12
    meridiem = words.pm if local.hour >= 12 else words.am
    day = f"{words.months[local.month]} {local.day}, {local.year}"
    return local.isoformat(), f"{day} at {hour}:{local.minute:02d} {meridiem}"


def build_tree(replies):
    """Nest `replies` (ShownReply or Reply objects of one article, any statuses, any order)
    as the thread shows them:
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


class ThreadCount:
    """What a Paginator needs of a thread already loaded: how many threads it has."""

    def __init__(self, threads_shown):
        self.threads_shown = threads_shown

    def count(self):
        return self.threads_shown


def page_query(replies, number):
    """The ORM definition of the one query of page `number` (int, 1 or more) of the thread
    of `replies` (a ReplyQuerySet of one article): a `values_list()` of the replies of that
    page's threads only, each row the `THREAD_FIELDS` then the article's two counts
    (approved replies, shown threads) and the id of the clinic answer pinned above its
    thread (or None). `load_page` runs it compiled once (`compiled_page`)."""
    approved = replies.approved().order_by().values("object_pk")
    per_page = settings.REPLIES_PER_PAGE
    threads = replies.shown_threads().order_by("thread_id")
    counts = ("article_replies", "article_threads", "article_pinned")
    return (
        replies.filter(thread_id__in=threads[(number - 1) * per_page : number * per_page])
        .annotate(
            article_replies=Subquery(approved.annotate(n=Count("pk")).values("n")),
            article_threads=Subquery(
                approved.annotate(n=Count("thread_id", distinct=True)).values("n")
            ),
            article_pinned=Subquery(
                replies.approved()
                .filter(pinned_on__isnull=False, is_clinic_reply=True)
                .values("pk")[:1]
            ),
        )
        .values_list(*THREAD_FIELDS, *counts)
    )


# Stands in for the article's id (`object_pk`, a string) in the compiled page query: no
# article's id is text, so it cannot be mistaken for another parameter.
ARTICLE_MARKER = "compiled-page:article"


@lru_cache(maxsize=64)
def compiled_page(alias, type_id, per_page, number):
    """`page_query` for page `number` of any article, compiled once per process and
    database `alias` (a `CompiledQuery`, run with the article's id as a str).

    Building and compiling the query took 4.5 ms of CPU per page on PostgreSQL (1.5 ms to
    build, 3.0 ms to compile), nine tenths of `load_page`; the same shape every time but
    for the article's id. The LIMIT and OFFSET of the page are in the SQL text, hence one
    per page number, bounded (a page past the 64 kept is compiled again). `type_id`
    (`article_type_id()`) and `per_page` (REPLIES_PER_PAGE) are in the SQL too, so they
    are part of the key: a test database whose content types were made again, or a test
    that changes the setting, gets its own."""
    del type_id, per_page  # read again by page_query; they only key the cache
    replies = Reply.objects.using(alias).for_article(SimpleNamespace(pk=ARTICLE_MARKER))
    return CompiledQuery(page_query(replies, number), [ARTICLE_MARKER])


def page_rows(article, number):
    """The rows of `page_query` for page `number` (int, 1 or more) of `article`'s thread:
    what evaluating it gives, in one query, without building or compiling it again."""
    alias = router.db_for_read(Reply)
    key = (alias, article_type_id(), settings.REPLIES_PER_PAGE, number)
    return compiled_page(*key).rows(str(article.pk))


def load_page(article, number):
    """(root Nodes, approved replies, shown threads, pinned answer's id or None) of page
    `number` (int, 1 or more) of the thread of `article` (a BlogPage): one query, the
    replies of that page's threads only, each carrying the article's two counts and the id
    of the clinic answer pinned above its thread (`page_query`). A page past the last
    gives no roots, counts of 0 and None (the caller then loads page 1)."""
    rows = page_rows(article, number)
    if not rows:
        return [], 0, 0, None
    deepest = deepest_level()
    width = len(THREAD_FIELDS)
    roots = build_tree([ShownReply(row[:width], deepest) for row in rows])
    links = ReplyLinks()
    for root in roots:
        root.prepare(links)
    return (roots, *rows[0][width:])


# A page number longer than this is no page of any thread (a million pages of threads):
# the first page is shown instead, as for anything else that is not a page. Unbounded, its
# OFFSET overflowed the database's integers (a 500 for `?replies_page=` and 20 digits).
MAX_PAGE_DIGITS = 6


def requested_page(request):
    """The page number `?replies_page=` asks for: an int from 1 to 999,999 (1 if it is not
    a number of at most MAX_PAGE_DIGITS digits)."""
    raw = request.GET.get("replies_page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_PAGE_DIGITS:
        return 1
    return max(1, int(raw))


@dataclass
class Thread:
    """What the public part of the replies section shows."""

    count: int  # approved replies on the article, every one of them shown
    page: object  # a Paginator page of root Nodes (REPLIES_PER_PAGE per page)
    pinned_id: int | None = None  # the clinic answer pinned above the thread, if any

    def entries(self):
        """The page's entries in document order, for one `{% for %}` (no template include
        per reply, whose context and look-ups cost more than the entry itself): each Node
        opens its `<li>` (and, with children, their `<ol>`); `CLOSE_LIST` ends the `<ol>`
        of children and the `<li>` of the entry that holds them. [Node | CLOSE_LIST]."""
        steps = []
        pending = list(reversed(self.page.object_list))
        while pending:
            node = pending.pop()
            steps.append(node)
            if node is not CLOSE_LIST and node.children:
                pending.append(CLOSE_LIST)
                pending.extend(reversed(node.children))
        return steps

    def shown_reply(self, pk):
        """The ShownReply `pk` if this page of the thread shows it, else None (no query): it
        has what the pinned answer prints (`user_name`, `text_as_html`) and `reply_url` reads
        (`pk`)."""
        entries = list(self.page.object_list)
        while entries:
            node = entries.pop()
            if node.pk == pk and node.reply is not None:
                return node.reply
            entries.extend(node.children)
        return None

    def page_number_of(self, reply):
        """The page of this thread that holds `reply` (see `page_number`): no query for a
        reply annotated by `ReplyQuerySet.with_thread_position()`, one otherwise."""
        return page_of(reply)


def public_thread(article, request):
    """The replies of `article` that its thread shows, as the page `?replies_page=N`.

    One query however many replies there are: the replies of the page's threads only (the
    others in them become placeholders or are left out, see `build_tree`), with the
    number of approved replies and of shown threads. Computed once per request and article
    (the byline's count and the section share it). A page number that is not a page gives
    the first page (a second query when it was past the last).
    """
    memo = request.__dict__.setdefault("_replies_threads", {})
    if article.pk not in memo:
        number = requested_page(request)
        roots, count, threads_shown, pinned_id = load_page(article, number)
        if not roots and number > 1:
            number = 1
            roots, count, threads_shown, pinned_id = load_page(article, number)
        paginator = Paginator(ThreadCount(threads_shown), settings.REPLIES_PER_PAGE)
        memo[article.pk] = Thread(
            count=count, page=Page(roots, number, paginator), pinned_id=pinned_id
        )
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
