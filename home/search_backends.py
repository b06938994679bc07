"""The site's search backend: Wagtail's database backend (SQLite FTS5 or PostgreSQL, chosen by
the database in use), made safe for any words typed into a search box.

SQLite's backend wraps each word in double quotes without escaping the quotes inside it, so
a query holding `"` is an FTS5 syntax error and the admin's image, document and page
searches and choosers fail with a 500 (wagtail/wagtail#13227). Every search, the admin's
and the public one, goes through this backend, so quotes are taken out of the words here,
once, before any backend builds its query. Other FTS5 operators (`*`, `(`, `NEAR`, `-`)
are safe already: each word is quoted, so they are searched for as words.

Site search also asks for `PrefixWords`: every word matches as the start of a word, so
"ketamin" finds "ketamine". Wagtail's database backends already match the *last* word as a
prefix for `autocomplete()` (their compilers' LAST_TERM_IS_PREFIX), but only against
AutocompleteFields and only for that last word; here the ordinary search compiler gets the
same switch and the query is split into one-word queries, so each word is a last word.
"""

import copy
from functools import cache

from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import And, PlainText


class PrefixWords(PlainText):
    """A plain-text query whose every word matches words that start with it (all must match).

    On SQLite each becomes an FTS5 prefix (`"ketamin"*`), on PostgreSQL a `ketamin:*` lexeme
    (after the search configuration's stemming)."""

    def __repr__(self):
        return f"<PrefixWords {self.query_string!r}>"


def without_quotes(query):
    """`query` (a query string or a modelsearch SearchQuery tree) with every double quote in
    its words made a space. A string left blank becomes "" (which finds nothing)."""
    if isinstance(query, str):
        return " ".join(query.replace('"', " ").split())
    query = copy.copy(query)
    if hasattr(query, "query_string"):
        query.query_string = without_quotes(query.query_string)
    if hasattr(query, "subquery"):
        query.subquery = without_quotes(query.subquery)
    if hasattr(query, "subqueries"):
        query.subqueries = [without_quotes(subquery) for subquery in query.subqueries]
    return query


class QuoteSafeQueries:
    """Mixin for a modelsearch backend: searches and autocompletes run without double quotes
    in their words (see the module's docstring)."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = without_quotes(query)
        if getattr(query, "query_string", None) == "":
            query = ""  # a phrase or plain text of nothing but quotes finds nothing
        elif isinstance(query, PrefixWords):
            words = [PlainText(word) for word in query.query_string.split()]
            query = words[0] if len(words) == 1 else And(words)
            query_compiler_class = prefix_compiler(query_compiler_class)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@cache
def prefix_compiler(query_compiler_class):
    """`query_compiler_class` matching a one-word PlainText as a prefix, as the backends'
    autocomplete compilers do, while still searching the SearchFields."""
    return type(
        f"Prefix{query_compiler_class.__name__}",
        (query_compiler_class,),
        {"LAST_TERM_IS_PREFIX": True},
    )


@cache
def quote_safe(backend_class):
    """`backend_class` with QuoteSafeQueries mixed in (one class per backend class)."""
    return type(backend_class.__name__, (QuoteSafeQueries, backend_class), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """The database search backend for the default database, quote-safe. `params` is the
    WAGTAILSEARCH_BACKENDS entry."""
    return quote_safe(type(database_search_backend(params)))(params)
