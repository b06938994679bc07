"""Serving a page without walking the page tree again on every request.

Wagtail finds the page for a URL by finding the Site (`Site.find_for_request`, one query),
then walking down from the site's root page: the root as its own type, then at each level
the child by its slug and that child as its own type. For an article (home → blog →
article) that is five queries, and on a cold render of an article (issue 14) it was about
6.7 ms of the worker's CPU, more than a quarter of the whole render, every time.

`serve` (the view of every page URL, Wagtail's `serve` behind it) remembers, per process,
what a walk found for a host, port and path — when it ended on a page served at its own
URL (not a sub-route of a routable page such as the blog's feeds) — and on the next request
for it loads only the page itself: one query. What it keeps:

- the Site and the page's ancestors as they were loaded (pickled, so every request gets
  its own objects: templates read the ancestors for breadcrumbs and links, and nothing one
  request sets on them reaches another);
- the page's id, type and `url_path`.

**Exact.** A remembered walk is used only if the page cache's versions (home/page_cache.py)
of SITE and of each ancestor's page tag are the ones it was made with, read from the shared
cache (one round trip): a page going live or not, moved, renamed or deleted, a Site
changed, bump SITE (home/page_cache_triggers.py), and an ancestor published again bumps its
own tag. The page itself is read from the database every time and must still be live at the
remembered `url_path`. Anything else (a version unknown because the cache is unreachable, a
page that moved or went) walks the tree as Wagtail does, and remembers the new walk.
A deploy starts new processes, so new routing code never meets an old memory.

Why our own: neither Wagtail nor a maintained package remembers routes (Wagtail's
discussions of a site cache, e.g. wagtail/wagtail#4142, ended without one), and only this
project's tag versions say when a remembered walk is stale.
"""

import pickle
import threading
from functools import lru_cache

from django.db import router

from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from cachetools import LRUCache

from home import page_cache
from home.compiled_query import CompiledQuery
from home.visibility import with_view_restriction_flag

# Bounds of the per-process memory. Routes are small (ids and a path); an ancestor chain
# (the Site, the home page, the blog…) is a few KB and shared by every page under it.
REMEMBERED_ROUTES = 10_000
REMEMBERED_CHAINS = 256

_routes = LRUCache(maxsize=REMEMBERED_ROUTES)
_chains = LRUCache(maxsize=REMEMBERED_CHAINS)
_lock = threading.Lock()  # cachetools' caches are not thread-safe (gthread workers)


def serve(request, path):
    """Wagtail's page view (`wagtail.views.serve`, same URL pattern and name), with the site
    and the page found from memory when a walk to them is remembered and still exact. Any
    page request goes through Wagtail's view: view restrictions, the `before_serve_page`
    hooks, the page's own `serve`."""
    key = (request.get_host(), request.get_port(), path)
    if not _recall(request, key):
        # Read before the walk: a walk is remembered only if no invalidation came between
        # this read and the versions read after it (the page cache's EPOCH, "Races").
        epoch = page_cache.request_epoch(request)
        route = Page.route_for_request(request, path)
        if route is not None and epoch is not None:
            _remember(key, Site.find_for_request(request), route, epoch)
    return wagtail_serve(request, path)


def forget_all():
    """Forget every remembered walk in this process (tests; a remembered walk never needs
    forgetting for correctness: it is checked on every use)."""
    with _lock:
        _routes.clear()
        _chains.clear()


def _remember(key, site, route, epoch_before):
    """Keep the walk that found `route` (page, args, kwargs) for `site` under `key`, if it
    ended on a page served at its own URL, every ancestor up to the site's root is known
    (Wagtail's walk leaves each parent on its child as `_cached_parent_obj`) and EPOCH is
    still `epoch_before` (read before the walk): the versions kept with it are then as old
    as what the walk read, or older (a later use walks again, never the reverse)."""
    page, args, kwargs = route
    if args or kwargs or site is None:
        return
    ancestors = []
    current = page
    while current.pk != site.root_page_id:
        current = getattr(current, "_cached_parent_obj", None)
        if current is None:
            return  # not reached by a walk from this site's root: nothing to keep
        ancestors.append(current)
    tags = [page_cache.SITE, *(page_cache.page_tag(ancestor.pk) for ancestor in ancestors)]
    versions = page_cache.versions_unless_invalidated(tags, epoch_before)
    if versions is None or None in versions.values():
        return  # changed during the walk, or the cache is unreachable: nothing to trust
    parent = ancestors[0] if ancestors else None
    chain_key = (site.pk, parent and parent.pk)
    # The parent holds the rest of the chain (each ancestor on its child), up to the root.
    chain = pickle.dumps((site, parent), protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        _chains[chain_key] = (versions, chain)
        _routes[key] = (chain_key, type(page), page.pk, page.url_path)


def _recall(request, key):
    """Prime `request` with the remembered walk for `key` (Wagtail's own per-request
    memory of the site and the route, which `Site.find_for_request` and
    `Page.route_for_request` read), if it is still exact: True, else False (nothing
    primed). One cache round trip and one query (the page, with whether a view
    restriction applies to it)."""
    with _lock:
        route = _routes.get(key)
        chain = route and _chains.get(route[0])
    if not chain:
        return False
    _, model, page_id, url_path = route
    versions, pickled = chain
    # Read with the request's other reads (the fragments share them; home/page_cache.py).
    if page_cache.request_versions(request, list(versions)) != versions:
        return False
    page = _load_live_page(model, page_id, url_path)
    if page is None:
        return False
    site, parent = pickle.loads(pickled)  # noqa: S301 (pickled by this process, above)
    if parent is not None:
        page._cached_parent_obj = parent
    request._wagtail_site = site
    request._wagtail_route_for_request = page.route(request, [])
    return True


URL_PATH_MARKER = "/routing:url-path/"


@lru_cache(maxsize=64)
def _compiled_page_query(model, alias):
    """The query of `_load_live_page` for `model` (a Page class) on database `alias`,
    compiled once per process (a `CompiledQuery` run with the url_path): building and
    compiling it anew cost about 1.5 ms of CPU per request on PostgreSQL, running it 0.2 ms.
    Every concrete field of the page, then whether a view restriction applies to it."""
    pages = model.objects.using(alias).filter(url_path=URL_PATH_MARKER, live=True)
    fields = [field.attname for field in model._meta.concrete_fields]
    query = with_view_restriction_flag(pages).values_list("pk", *fields, "has_view_restrictions")
    return fields, CompiledQuery(query, [URL_PATH_MARKER])


def _load_live_page(model, page_id, url_path):
    """The live `model` page `page_id` if it is still at `url_path`, else None: one query,
    with whether any view restriction applies to it (`has_view_restrictions`), so that
    Wagtail's check needs no query of its own when none does (home.visibility)."""
    alias = router.db_for_read(model)
    fields, query = _compiled_page_query(model, alias)
    for pk, *values, restricted in query.rows(url_path):
        if pk == page_id:
            page = model.from_db(alias, fields, values)
            page.has_view_restrictions = restricted
            return page
    return None
