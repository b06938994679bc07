"""Site-wide views that are not pages in the tree: search, robots.txt and the page shown when
a form's security check (CSRF) fails."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from home.search import clean_search_query, prefetch_search_results, search_pages

SEARCH_RESULTS_PER_PAGE = 10


def search(request):
    """Live, public pages of the searchable types matching `q`, best match first."""
    search_query = clean_search_query(request.GET.get("q", ""))
    search_results = None
    near_misses = False
    if search_query:
        found = search_pages(search_query)
        near_misses = found.near_misses
        search_results = results_page(request, Paginator(found.pages, SEARCH_RESULTS_PER_PAGE))
        search_results.object_list = list(search_results.object_list)
        prefetch_search_results(search_results.object_list)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": search_query,
            "search_results": search_results,
            "near_misses": near_misses,
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


# What readers type at length on the public forms, given back when a security check fails:
# the reply (and its edit), a report's note, the contact form's message. Names only: never
# anything else posted (passwords, tokens).
GIVEN_BACK_FIELDS = {"comment": "Your reply", "note": "Your note", "message": "Your message"}


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form was sent without its security cookie (cookies blocked, or
    cleared since the page was opened) or with an outdated token. A 403 page in the site's
    layout that says why and gives back, read-only to copy, the text the reader typed
    (GIVEN_BACK_FIELDS), with a link back to the page the form was on when it is this site's.
    `reason` is Django's reason string."""
    given_back = [
        (name, label, request.POST[name])
        for name, label in GIVEN_BACK_FIELDS.items()
        if request.POST.get(name, "").strip()
    ]
    back_url = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back_url = ""
    return render(
        request,
        "home/csrf_failure.html",
        {
            "given_back": given_back,
            "back_url": back_url,
            "cookie_missing": reason == REASON_NO_CSRF_COOKIE,
        },
        status=403,
    )


def favicon(request):
    """`/favicon.ico`, which browsers ask for where no page names an icon (feeds, the sitemap,
    plain-text pages): a redirect (302, cached for a day) to the site's SVG icon, whose
    static address changes with its content."""
    response = redirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
