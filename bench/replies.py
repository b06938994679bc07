"""What each reply costs an article page rendered cold (no page cache), and where the time goes.

`make bench` runs `per_reply` after the page tables: the same article with 0, 50 and 200
approved replies (realistic text, a third of them top-level, the rest threaded under them),
each size timed over --runs requests with its SQL count and gzipped size, and the marginal
cost of a reply, (time at 200 - time at 0) / 200. `python -m bench --profile N` also prints
the cProfile breakdown of one render with N replies. Nothing is asserted here: the query
budget and the size limit are tests (tests/test_reply_threads.py, tests/test_replies.py).
"""

import cProfile
import gzip
import io
import pstats
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from blog.replies.models import Reply
from tests.factories import ReplyFactory

SIZES = (0, 50, 200)  # replies on the article; the marginal cost is taken between the ends

# About sixty words, with a line break and an address, like a real reader's reply.
WORDS = (
    "Thank you for writing this. I started treatment last spring after years of trying "
    "medication that never quite worked, and the first sessions were harder than I expected."
    "\n\nWhat helped most was knowing what the nurses would check and why. I wrote my "
    "questions down beforehand, as suggested at https://example.org/preparing-for-a-visit, "
    "and asked about the driving rule. Reply {n} of the thread."
)


def add_replies(article, count):
    """Give `article` `count` approved replies: a third top-level, each followed by two
    answers (one under it, one under that), so every page of the thread is threaded."""
    made = 0
    while made < count:
        top = ReplyFactory(article=article, comment=WORDS.format(n=made))
        made += 1
        parent = top
        for _ in range(2):
            if made >= count:
                break
            parent = ReplyFactory(
                article=article, parent_id=parent.pk, comment=WORDS.format(n=made)
            )
            made += 1


def count_queries(client, url, empty_cache=False):
    """(number of SQL statements, response) of one GET of `url`, the cache emptied first
    if `empty_cache` (clinic settings, the menu, renditions and site roots read again)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    if empty_cache:
        cache.clear()
    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements), response


def time_page(client, url, runs):
    """{queries, queries_empty_cache, median, cpu (ms), kb, gzip_kb} of `url`: a request with an
    empty cache (counted), one to warm up, one counted, then `runs` timed. Each is rendered
    in full (`per_reply` turns the page cache off); the cache keeps what it keeps in
    production between requests (clinic settings, the menu, renditions, site roots)."""
    queries_empty_cache, _ = count_queries(client, url, empty_cache=True)
    client.get(url)
    query_count, response = count_queries(client, url)
    timings, cpu_timings = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        # CPU time: what the page costs the server, steadier than the wall clock on a
        # machine others share.
        cpu_timings.append((time.process_time() - cpu_start) * 1000)
    return {
        "queries": query_count,
        "queries_empty_cache": queries_empty_cache,
        "median": statistics.median(timings),
        "cpu": statistics.median(cpu_timings),
        "gzip_kb": len(gzip.compress(response.content)) / 1024,
        "kb": len(response.content) / 1024,
    }


# Where a reply's time can go: (label, file suffix, function name) of cProfile entries whose
# cumulative time is reported (they may nest: a reverse inside a template filter counts twice).
BREAKDOWN = (
    ("whole request", "django/core/handlers/base.py", "get_response"),
    ("template rendering", "django/template/backends/django.py", "render"),
    ("reader-text filter", "replies_tags.py", "reader_text"),
    ("urlize (in the filter)", "django/utils/html.py", "urlize"),
    ("URL reverses", "django/urls/base.py", "reverse"),
    ("date filter", "django/template/defaultfilters.py", "date"),
    ("number formatting", "django/utils/formats.py", "localize"),
    ("thread arrangement", "blog/replies/thread.py", "build_tree"),
    ("thread loading", "blog/replies/thread.py", "public_thread"),
    ("SQL execution", "django/db/backends/utils.py", "_execute"),
    ("model instances", "django/db/models/base.py", "from_db"),
)


def profile_page(client, url):
    """[(label, ms, calls)] of BREAKDOWN in one render of `url` under cProfile (whose
    overhead inflates every figure alike: compare shares, not absolute times)."""
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO()).stats
    rows = []
    for label, suffix, name in BREAKDOWN:
        calls = cumulative = 0
        for (filename, _line, function), (_cc, primitive, _tt, ct, _callers) in stats.items():
            if function == name and filename.endswith(suffix):
                calls += primitive
                # Recursive calls are already inside the outermost one's cumulative time.
                cumulative += ct
        rows.append((label, cumulative * 1000, calls))
    return rows


def print_profile(rows):
    total = rows[0][1] or 1
    print(f"  {'where':<26}{'ms':>8}{'share':>8}{'calls':>8}")
    for label, ms, calls in rows:
        print(f"  {label:<26}{ms:>8.1f}{ms / total:>8.0%}{calls:>8}")


def per_reply(article, runs, sizes=SIZES, profile=None):
    """Time `article` (a live BlogPage; its replies are deleted first) at each of `sizes`
    (ascending reply counts, the first 0) and print the table and the marginal cost per
    reply; with `profile` (one of `sizes`), print the cProfile breakdown at that size too.
    Returns {size: {queries, median, kb, gzip_kb}}. The page cache is off meanwhile: every
    request is a render."""
    Reply.objects.for_article(article).delete()
    client = Client()
    settings.PAGE_CACHE_ENABLED = False
    results = {}
    for size in sizes:
        add_replies(article, size - Reply.objects.for_article(article).count())
        results[size] = time_page(client, article.url, runs)
        if profile == size:
            print(f"\ncProfile of one cold render with {size} replies:")
            print_profile(profile_page(client, article.url))
    print(f"\narticle with N approved replies (cold render, median of {runs})")
    print(
        f"  {'replies':<10}{'queries':>8}{'(empty cache)':>15}{'median ms':>11}"
        f"{'CPU ms':>8}{'KiB':>8}{'gzip KiB':>10}"
    )
    for size, numbers in results.items():
        print(
            f"  {size:<10}{numbers['queries']:>8}{numbers['queries_empty_cache']:>15}"
            f"{numbers['median']:>11.1f}{numbers['cpu']:>8.1f}{numbers['kb']:>8.1f}"
            f"{numbers['gzip_kb']:>10.1f}"
        )
    first, last = results[sizes[0]], results[sizes[-1]]
    print(
        f"  per additional reply: {(last['cpu'] - first['cpu']) / sizes[-1]:.3f} ms CPU, "
        f"{(last['median'] - first['median']) / sizes[-1]:.3f} ms wall clock (target 0.1 ms)"
    )
    settings.PAGE_CACHE_ENABLED = True
    return results
