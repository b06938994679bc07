"""The Django side of `make bench-http` (bench/http.py), run in a subprocess with the bench's
environment (production settings, its throwaway database, its media storage).

`python -m bench.http_site migrate` migrates the database;
`python -m bench.http_site seed` adds a home page, a blog and two live articles like the
WordPress peer's (an 873-word body in three sections, a picture): one with 50 threaded
replies (32 threads, 12 answers, 6 answers to answers), one with 200 (the same shape four
times); prints {"article": path, "article_200": path} as JSON;
`python -m bench.http_site queries <path>` prints {"cold": n, "warm": n}: the SQL queries of
one request for the page as no cache holds it (a URL with a query string never asked before)
and of a repeat of a request just made (what a page cache serves), as JSON.

Django is set up before models are imported, as in bench/__main__.py.
"""

import json
import random
import secrets
import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402 (Django is set up first)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from wagtail.models import Page, Site  # noqa: E402

from tests.factories import (  # noqa: E402
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    HomePageFactory,
    ImageFactory,
    ReplyFactory,
    TopicFactory,
)

HOST = "127.0.0.1"
WORDS = [
    *("ketamine", "session", "clinic", "anxiety", "treatment", "patients", "doctor"),
    *("infusion", "dose", "monitoring", "effects", "research", "recovery", "sleep", "mood"),
    *("symptoms", "therapy", "care", "team", "safety", "support", "plan", "weeks"),
    *("evidence", "studies", "relief", "depression", "nurse", "calm", "room", "hours"),
]
SECTIONS = ("What to expect", "How it feels", "After the session")
# The WordPress peer's thread: 32 top-level replies, 12 answers to them, 6 answers to those.
THREAD_SHAPE = (32, 12, 6)


def words(rng, count):
    """`count` words of plausible article text, capitalised and ended like a sentence."""
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def article_body(rng):
    """wagtail-factories arguments for a body of 3 headings and 9 paragraphs: 855 words,
    873 with the title and intro."""
    body = {}
    index = 0
    for heading in SECTIONS:
        body[f"body__{index}__heading__text"] = heading
        index += 1
        for _ in range(3):
            body[f"body__{index}__paragraph"] = f"<p>{words(rng, 93)}</p>"
            index += 1
    return body


def add_thread(article, rng, times):
    """THREAD_SHAPE replies, `times` over, approved, answers under earlier replies."""
    top_count, answer_count, deeper_count = (count * times for count in THREAD_SHAPE)
    tops = [ReplyFactory(article=article, comment=words(rng, 40)) for _ in range(top_count)]
    answers = [
        ReplyFactory(article=article, parent_id=tops[i % top_count].pk, comment=words(rng, 30))
        for i in range(answer_count)
    ]
    for i in range(deeper_count):
        ReplyFactory(article=article, parent_id=answers[i].pk, comment=words(rng, 20))


def seed():
    """The site and both articles (see the module's doc): {"article": str, "article_200": str}."""
    rng = random.Random(873)  # noqa: S311 (text, not secrets)
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    blog = BlogIndexPageFactory(parent=home)
    author = AuthorFactory(name="Dana Reyes, MD")
    topic = TopicFactory(name="Anxiety", slug="anxiety")
    picture = ImageFactory(title="A calm treatment room")
    paths = {}
    for key, slug, times in (("article", "what-to-expect", 1), ("article_200", "long-thread", 4)):
        article = BlogPageFactory(
            parent=blog,
            title="Your first ketamine session: what to expect",
            slug=slug,
            intro=words(rng, 16),
            featured_image=picture,
            featured_image_alt="A calm treatment room",
            authors=[author],
            topics=[topic],
            **article_body(rng),
        )
        # A live revision, as every article published through Wagtail has: the parts kept
        # rendered between requests are keyed by it (home/fragment_cache.py).
        article.live_revision = article.save_revision()
        article.save(update_fields=["live_revision"])
        add_thread(article, rng, times)
        paths[key] = article.url
    return paths


def queries(path):
    """SQL queries of a cold request (a URL never asked before, once such requests have
    filled the process's own caches, as wrk's warm-up second does for the workers) and of a
    repeated one. Cold requests are made until two in a row cost the same: on a fresh
    database the first render also creates rows (the clinic's settings, picture renditions)
    whose signals drop what the next would reuse. Counted with an execute wrapper:
    CaptureQueriesContext reads the query log, which every request_started signal empties
    under it (it counted 0)."""
    client = Client(HTTP_HOST=HOST)

    def count(url):
        executed = []

        def record(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            assert client.get(url).status_code == 200
        return len(executed)

    counts = [count(f"{path}?cold={secrets.token_hex(8)}")]
    while len(counts) < 6 and (len(counts) < 2 or counts[-1] != counts[-2]):
        counts.append(count(f"{path}?cold={secrets.token_hex(8)}"))
    client.get(path)
    return {"cold": counts[-1], "warm": count(path)}


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
    elif command == "seed":
        print(json.dumps(seed()))
    elif command == "queries":
        print(json.dumps(queries(sys.argv[2])))
    else:
        raise SystemExit(f"unknown command {command!r}: migrate, seed or queries")
