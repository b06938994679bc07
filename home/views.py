"""Site-wide views that are not pages in the tree: search and robots.txt."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from home.search import clean_search_query, search_pages

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Live, public pages of the searchable types matching `q`, best match first."""
    search_query = clean_search_query(request.GET.get("q", ""))
    search_results = None
    if search_query:
        paginator = Paginator(search_pages(search_query), SEARCH_RESULTS_PER_PAGE)
        search_results = results_page(request, paginator)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": search_query,
            "search_results": search_results,
            # Paging links keep the words searched for.
            "paging_query": urlencode({"q": search_query}) + "&",
        },
    )


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
