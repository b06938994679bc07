"""WordPress's plain links, `/?p=123` and `/?page_id=123`, lead to the imported article.

Search engines and old emails still hold them. They reach the home page (which exists), so
Wagtail's redirects, which act only on a 404, never see them: this middleware answers them
first, with a permanent redirect to the article imported from that WordPress post, if it is
live and public. Any other request costs nothing (no query).
"""

from django.http import HttpResponsePermanentRedirect

from blog.models import BlogPage
from home.visibility import public_pages

from .models import ImportedPost

WORDPRESS_ID_PARAMETERS = ("p", "page_id")


def wordpress_post_id(request):
    """The WordPress post id a request for `/?p=ID` or `/?page_id=ID` asks for, or None."""
    if request.path != "/" or request.method not in ("GET", "HEAD"):
        return None
    for name in WORDPRESS_ID_PARAMETERS:
        value = request.GET.get(name, "")
        if value.isdigit() and len(value) < 19:  # a BIGINT, whatever is typed
            return int(value)
    return None


class WordPressLinkMiddleware:
    """301 from `/?p=ID` (or `?page_id=ID`) to the live, public article imported from
    WordPress post ID; anything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        post_id = wordpress_post_id(request)
        if post_id is not None:
            imported = ImportedPost.objects.filter(wordpress_id=post_id).values("article_id")
            article = public_pages(BlogPage.objects.filter(pk__in=imported)).first()
            if article is not None:
                return HttpResponsePermanentRedirect(article.get_url(request))
        return self.get_response(request)
