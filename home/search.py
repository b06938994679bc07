"""Site search: which pages readers can find with the search box, and how a query is made
safe for every search backend.

Page types opt in by inheriting `SiteSearchable` (the blog's articles do), so the search
view in this base app never needs to know which apps above it exist.
"""

import re
import unicodedata
from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail.search.query import Fuzzy

from home.reader_text import normalise
from home.search_backends import PrefixWords
from home.visibility import public_pages

# Longer queries add nothing a reader meant and only make the database work harder.
MAX_QUERY_LENGTH = 200
# Shorter words are not marked in results: a one-letter word would light up half the text.
MIN_HIGHLIGHTED_LENGTH = 2


class SiteSearchable:
    """Mixin for page types that appear in site search results.

    A result shows the page's title and link, its `published_at` date if it has one, its
    `intro` (else its search description) and its `search_image` (a Wagtail image or None).
    """

    search_image = None

    @classmethod
    def prefetch_search_results(cls, pages):
        """Fetch what `pages` (a list of this type, one page of results) show, in a fixed
        number of queries however many there are. Override with what `search_image` needs."""

    def index_as_stored(self):
        """Index the page as its row now stands in the database, never as this object holds
        it: saving a draft (`save_revision`) keeps the editor's new words on the object but
        writes only bookkeeping fields to the row, and the public index must hold only live
        content. Call after a save that also wrote related rows (tags, topics)."""
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is not None:
            index.insert_or_update_object(stored)


def site_searchable_page_models():
    """The page models that opted in with `SiteSearchable`: [Page subclass]."""
    return [model for model in get_page_models() if issubclass(model, SiteSearchable)]


class SiteSearchResults(NamedTuple):
    """What site search found: `pages` (lazy Wagtail search results, specific pages, best
    first) and `near_misses`, True when no page holds the words and `pages` are pages with
    words spelled close to them instead (PostgreSQL only)."""

    pages: object
    near_misses: bool


def search_pages(query):
    """Live, public, searchable pages matching `query` (cleaned), as `SiteSearchResults`.

    Every word must match the start of a word of the page ("ketamin" finds "ketamine", on
    SQLite and PostgreSQL). When nothing matches and the database is PostgreSQL, pages
    with words close to the query's (a typo: "ketamne") are offered instead, by trigram
    similarity (pg_trgm, enabled by home's migration 0006); SQLite has no such search.

    What is found is what the pages' rows hold, which is their live content: a draft saved
    after publishing lives in a revision until it is published (`SiteSearchable` keeps the
    index in step with the row)."""
    pages = public_pages(Page.objects.type(*site_searchable_page_models())).specific()
    found = pages.search(PrefixWords(query))
    # count() is kept by the results, so the paginator's own count costs no second query.
    if connection.vendor == "postgresql" and not found.count():
        return SiteSearchResults(pages.search(Fuzzy(query)), near_misses=True)
    return SiteSearchResults(found, near_misses=False)


def prefetch_search_results(pages):
    """Let each page type fetch what its results show for `pages` (a list of specific pages):
    a fixed number of queries per type, not per result."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page)
    for page_type, group in by_type.items():
        page_type.prefetch_search_results(group)


def highlight(text, query):
    """`text` escaped, with each word that starts with one of `query`'s words wrapped in
    <mark> (case-insensitive), as the search matched them. Returns a SafeString."""
    words = sorted(
        {word for word in query.split() if len(word) >= MIN_HIGHLIGHTED_LENGTH},
        key=len,
        reverse=True,
    )
    text = str(text or "")
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")\w*", re.IGNORECASE)
    marked, end = [], 0
    for match in pattern.finditer(text):
        marked.append(escape(text[end : match.start()]))
        marked.append(f"<mark>{escape(match.group())}</mark>")
        end = match.end()
    marked.append(escape(text[end:]))
    return mark_safe("".join(marked))  # noqa: S308 - every piece of text is escaped above


def clean_search_query(raw_query):
    """The reader's words, safe for every search backend and at most MAX_QUERY_LENGTH long.

    SQLite's full-text index fails on an unbalanced double quote (wagtail/wagtail#13227) and
    PostgreSQL refuses NUL bytes, so quotes and control characters become spaces; then the
    reader-text rule (home.reader_text.normalise) drops direction overrides and the like.
    """
    text = "".join(
        " " if char == '"' or unicodedata.category(char) == "Cc" else char for char in raw_query
    )
    text = normalise(text)
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        # Cut at a word boundary: every word must match, and half a word rarely does.
        text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    return text
