"""The Django side of `make load` (bench/load.py), run in a subprocess with the load test's
environment (production settings, its throwaway PostgreSQL database).

`python -m bench.load_site migrate` migrates the database; `python -m bench.load_site seed`
adds a home page, a blog and one article open to replies (the first call) or one more
article (later calls) and prints {"article_id": int, "path": str} as JSON;
`python -m bench.load_site replies <article_id>` prints the text of every reply stored on
that article, whatever its status, as a JSON list of str.

Django is set up before models are imported, as in bench/__main__.py.
"""

import json
import sys

import django

django.setup()

from django.core.management import call_command  # noqa: E402 (Django is set up first)

from wagtail.models import Page, Site  # noqa: E402

from blog.models import BlogIndexPage  # noqa: E402
from blog.replies.models import Reply  # noqa: E402
from tests.factories import (  # noqa: E402
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    HomePageFactory,
    TopicFactory,
)


def blog_index():
    """The load test's blog, made with its home page on the first call."""
    existing = BlogIndexPage.objects.first()
    if existing:
        return existing
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return BlogIndexPageFactory(parent=home)


def seed():
    """One more live article open to replies: {"article_id": int, "path": str}."""
    blog = blog_index()
    number = blog.get_children().count() + 1
    article = BlogPageFactory(
        parent=blog,
        title=f"Ketamine and anxiety, load test {number}",
        slug=f"load-test-{number}",
        authors=[AuthorFactory(name=f"Dana Reyes {number}")],
        topics=[TopicFactory(name=f"Anxiety {number}", slug=f"anxiety-{number}")],
    )
    return {"article_id": article.pk, "path": article.url}


def replies(article_id):
    """The text of every reply stored on the article, in any status: [str]."""
    return list(Reply.objects.filter(object_pk=str(article_id)).values_list("comment", flat=True))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
    elif command == "seed":
        print(json.dumps(seed()))
    elif command == "replies":
        print(json.dumps(replies(int(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown command {command!r}: migrate, seed or replies")
