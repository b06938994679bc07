"""Site-wide views that are not pages in the tree: article search and robots.txt."""

import unicodedata
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from blog.models import BlogIndexPage, BlogPage

SEARCH_RESULTS_PER_PAGE = 10
# Longer queries add nothing a reader meant and only make the database work harder.
MAX_QUERY_LENGTH = 200


def search(request):
    """Live, public articles matching `q` (title, intro, body, tags, topics), best match first."""
    search_query = clean_search_query(request.GET.get("q", ""))
    search_results = None
    if search_query:
        articles = BlogPage.objects.live().public().search(search_query)
        search_results = results_page(request, Paginator(articles, SEARCH_RESULTS_PER_PAGE))
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": search_query,
            "search_results": search_results,
            # Paging links keep the words searched for.
            "paging_query": urlencode({"q": search_query}) + "&",
            "blog_index": BlogIndexPage.objects.live().public().first(),
        },
    )


def clean_search_query(raw_query):
    """The reader's words, safe for every search backend and at most MAX_QUERY_LENGTH long.

    SQLite's full-text index fails on an unbalanced double quote (wagtail/wagtail#13227) and
    PostgreSQL refuses NUL bytes, so quotes and control characters become spaces.
    """
    text = "".join(
        " " if char == '"' or unicodedata.category(char) == "Cc" else char for char in raw_query
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        # Cut at a word boundary: every word must match, and half a word rarely does.
        text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    return text


def results_page(request, paginator):
    """The requested page of results: the first for a garbled number, 404 past the end."""
    try:
        return paginator.page(request.GET.get("page", "1"))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        if paginator.count == 0:
            return paginator.page(1)
        raise Http404("No such page of search results") from error


class RobotsTxtView(TemplateView):
    """Keeps crawlers out of the admin and tells them where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context
