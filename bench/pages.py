"""How fast the public pages and the moderation queue render, small site against large.

Run with `make bench` (or `python -m bench`, which sets Django up and gives this a throwaway
test database first: SQLite, or PostgreSQL when DATABASE_URL says so). It seeds the demo,
measures every page, then grows the site (more articles, a long threaded discussion, a full
moderation queue) and measures again, every page rendered (the page cache off), then the
article once more as the page cache serves it. It prints, per page: SQL queries, median and
90th-percentile time over --runs requests, and the response size; then what each reply
adds to the article page (bench/replies.py). Nothing is asserted here:
the query-count invariants are tests (tests/test_*.py); these numbers are for people
comparing changes.
"""

import argparse
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.replies import SIZES, per_reply
from blog.models import BlogIndexPage, BlogPage
from blog.replies.models import Reply
from clinicsite.demo.seed import seed_all
from tests.factories import BlogPageFactory, ReplyFactory


def parse_args(argv):
    """The command line: [str] -> argparse.Namespace (runs, articles, threads, held)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--articles", type=int, default=60, help="articles added when growing")
    parser.add_argument("--threads", type=int, default=70, help="top-level replies (×3 replies)")
    parser.add_argument("--held", type=int, default=40, help="held replies in the queue")
    parser.add_argument(
        "--reply-sizes",
        type=lambda text: tuple(int(size) for size in text.split(",")),
        default=SIZES,
        help="reply counts the per-reply table times the article at, the first 0 (0,50,200)",
    )
    parser.add_argument(
        "--profile", type=int, help="print the cProfile breakdown at this reply count too"
    )
    return parser.parse_args(argv)


def pages(article, blog_index):
    """(label, url, staff?) of every public page type, and the moderators' queue."""
    topic = article.topics.first()
    tag = article.tags.first()
    return [
        ("home", "/", False),
        ("blog index", blog_index.url, False),
        ("topic", f"{blog_index.url}topic/{topic.slug}/", False),
        ("tag", f"{blog_index.url}tag/{tag.slug}/", False),
        ("article + thread", article.url, False),
        ("RSS feed", blog_index.url + "feed/", False),
        ("sitemap", "/sitemap.xml", False),
        ("search", "/search/?q=ketamine", False),
        ("contact", "/contact/", False),
        ("moderation queue", reverse("wagtailsnippets_replies_reply:list"), True),
    ]


def measure(client, url, runs):
    response = client.get(url)  # warm: templates compiled, renditions generated
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: every request that starts clears the connection's query log.
    query_count = len(queries)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "queries": query_count,
        "median": statistics.median(timings),
        "p90": timings[min(len(timings) - 1, int(len(timings) * 0.9))],
        "kb": len(response.content) / 1024,
    }


def grow(article, blog_index, args):
    """A busy site: many articles, a long threaded discussion, a backlog of held replies."""
    authors = [link.author for link in article.article_authors.all()]
    topics = list(article.topics.all())
    tags = [tag.name for tag in article.tags.all()]
    for _ in range(args.articles):
        # Like the demo's articles (a picture, authors, topics, tags), so counts compare.
        BlogPageFactory(
            parent=blog_index,
            authors=authors,
            topics=topics,
            tags=tags,
            featured_image=article.featured_image,
            featured_image_alt=article.featured_image_alt,
        )
    for _ in range(args.threads):
        top = ReplyFactory(article=article)
        middle = ReplyFactory(article=article, parent_id=top.pk)
        ReplyFactory(article=article, parent_id=middle.pk)
    for _ in range(args.held):
        ReplyFactory(article=article, status="awaiting")


def report(title, results):
    print(f"\n{title}")
    print(f"  {'page':<22}{'queries':>8}{'median ms':>11}{'p90 ms':>9}{'KiB':>8}")
    for label, numbers in results.items():
        print(
            f"  {label:<22}{numbers['queries']:>8}{numbers['median']:>11.1f}"
            f"{numbers['p90']:>9.1f}{numbers['kb']:>8.1f}"
        )


def run(args):
    """Seed, measure, grow, measure again, and print both tables (see the module's doc)."""
    seed_all()
    article = BlogPage.objects.live().order_by("first_published_at").first()
    for _ in range(3):  # a queue with a few rows, against one with many below
        ReplyFactory(article=article, status="awaiting")
    blog_index = BlogIndexPage.objects.get()
    reader = Client()
    moderator = Client()
    moderator.force_login(get_user_model().objects.get(username="moderator"))

    def measure_all():
        results = {}
        # Renders: with the page cache on, every run after the first would be a stored copy.
        settings.PAGE_CACHE_ENABLED = False
        for label, url, staff in pages(article, blog_index):
            cache.clear()  # every page rendered from the database, not a cached fragment
            results[label] = measure(moderator if staff else reader, url, args.runs)
        settings.PAGE_CACHE_ENABLED = True
        cache.clear()
        results["article, page cache"] = measure(reader, article.url, args.runs)
        return results

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    small = measure_all()
    small_counts = (
        BlogPage.objects.live().count(),
        Reply.objects.for_article(article).approved().count(),
        Reply.objects.awaiting_moderation().count(),
    )
    grow(article, blog_index, args)
    large = measure_all()
    large_counts = (
        BlogPage.objects.live().count(),
        Reply.objects.for_article(article).approved().count(),
        Reply.objects.awaiting_moderation().count(),
    )
    replies = "approved replies on the article"
    for name, (articles, approved, held), results in (
        ("demo site", small_counts, small),
        ("grown site", large_counts, large),
    ):
        report(f"{name}: {articles} articles, {approved} {replies}, {held} held", results)
    grew = [label for label in small if large[label]["queries"] != small[label]["queries"]]
    print("\nquery counts that changed with size:", ", ".join(grew) if grew else "none")
    per_reply(article, args.runs, sizes=args.reply_sizes, profile=args.profile)
