"""Template filters for site search results."""

from django import template

from home import search

register = template.Library()


@register.filter
def highlight(text, query):
    """`text` escaped, the words matching the search `query` in <mark>:
    `{{ result.title|highlight:search_query }}` (see home.search.highlight)."""
    return search.highlight(text, query)
