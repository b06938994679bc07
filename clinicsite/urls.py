"""URL map: the Wagtail admin, documents and site-wide views first; the page tree last.

The blog's feeds are routes of BlogIndexPage (/blog/feed/, /blog/feed/atom/,
/blog/topic/<slug>/feed/), so they follow the blog wherever editors move it.
"""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import page_cache, routing
from home.views import RobotsTxtView, favicon, search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("replies/", include("blog.replies.urls")),
    path("search/", search, name="search"),
    # Lists every page with its last change: cached until a page is published again.
    path("sitemap.xml", page_cache.depends(page_cache.SITEMAP)(sitemap), name="sitemap"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded images: in production the reverse proxy serves MEDIA_ROOT unless SERVE_MEDIA is on.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [
    # Wagtail's own routes first (a private page's password form, the front-end sign-in)…
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    # …then every other URL belongs to a page in the Wagtail tree: Wagtail's view and URL
    # pattern, with the walk down the tree remembered between requests (home/routing.py).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]

# 503 with Retry-After while the database is unreachable, the plain 500 page otherwise.
handler500 = "clinicsite.errors.server_error"
