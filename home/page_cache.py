"""The page cache: one stored HTML per public URL for every anonymous reader, dropped the
moment anything it shows changes.

**What is stored.** A GET of a public page by a reader without a session cookie, answered
200 with nothing personal (no cookie set, no `Vary: Cookie`, no `private`/`no-store` from
the view, nothing that called `refuse`), for a URL whose query string holds only the keys
of `ALLOWED_QUERY` (paging) with a number each. Such a response also says
`Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE, s-maxage=PAGE_CACHE_S_MAXAGE`; any other
response without a Cache-Control of its own gets `private, no-store`, so no proxy or CDN keeps
it either.

**Tags.** While a page renders, the code that reads something records the tags it depends
on (`depends_on`): the served page (`page:<id>`), each page whose card or menu entry it
shows, and the listings it holds (`LISTS`, `SITEMAP`); every entry depends on `SITE`. Each tag
has a version (a counter in the same cache); an entry keeps the versions it was rendered
with, and a hit reads them all in one `get_many`: if one moved, it is a miss. Invalidating
(`invalidate`) bumps the tags' counters with `cache.incr`, seen by every process sharing
the cache (Redis in production, files without it), after the transaction commits, in the
request that made the change: never a background task. Redis's `incr` is atomic; the file
cache's is a read then a write, so two bumps at the same moment may count once, which is
enough: a bump only has to move the counter off the value entries hold (values only grow),
and a render that read EPOCH before both is not stored (see "Races").

**Local copies.** Each process also keeps a copy of the entries it served or stored lately
(home/local_copies.py, bounded in bytes). A hit on a copy is one `get_many` of its tags'
versions (and EPOCH): the ~100 KB entry is not fetched again. The copy is served only if
those versions, read from the shared cache in that request, are the ones it holds, exactly
as an entry fetched from the cache is checked, so an invalidation in any process is seen at
once; a stale copy is dropped and the shared entry (perhaps another process's newer render)
is tried next.

**Races.** A render that read the database before a change committed must not be stored with
the versions that change set. Every invalidation also bumps `EPOCH`; the middleware reads it
before rendering and again (with the tags) before storing, and stores nothing if it moved.
The versions read during a request (`request_versions`: the page's check, then each
fragment's) are read once each, in the same `get_many` as the request's EPOCH or after it,
never before; the decision to store always reads EPOCH afresh.

A counter the cache lost (evicted, or a fresh Redis) starts again from the clock in
nanoseconds, never from a number an older entry may hold.
"""

import functools
import hashlib
import logging
import time
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import has_vary_header, patch_cache_control

from wagtail.contrib.frontend_cache.utils import PurgeBatch

from home import local_copies

logger = logging.getLogger(__name__)

SITE = "site"  # every entry: the clinic's settings, the menu, links to any page, images
LISTS = "lists"  # pages that list articles: blog, topics, tags, feeds, home, related cards
SITEMAP = "sitemap"  # the sitemap (every page's last change)
EPOCH = "epoch"  # bumped with every invalidation (see "Races" above)

ALLOWED_QUERY = ("page", "replies_page")  # the only query keys a cached URL may carry
MAX_QUERY_DIGITS = 6

KEY_PREFIX = "pagecache"
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def page_tag(page_id):
    """The tag of one page (its id): its own HTML, and its card or menu entry elsewhere."""
    return f"page:{page_id}"


def depends_on(request, *tags):
    """Record that the response to `request` shows what `tags` stand for."""
    request.__dict__.setdefault("_page_cache_tags", {SITE}).update(tags)


def depends(*tags):
    """A view decorator: the view's response depends on `tags` (e.g. the sitemap on
    SITEMAP, a view outside the page tree that lists pages)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            depends_on(request, *tags)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def refuse(request):
    """Never store the response to `request`, whatever it looks like (e.g. the contact
    page, whose form is made for one reader and one moment)."""
    request._page_cache_refused = True


def recorded_tags(request):
    """The tags recorded for `request` (a set, always holding SITE)."""
    return request.__dict__.get("_page_cache_tags", {SITE})


_READ_VERSIONS = "_page_cache_versions"  # on the request: {tag: version} (`request_versions`)


def _version_key(tag):
    return f"{KEY_PREFIX}:tag:{tag}"


def _fresh_version():
    """A starting version no older entry can hold: the clock in nanoseconds."""
    return time.time_ns()


def tag_versions(tags):
    """The current version of each of `tags`: {tag: int}. A missing counter is started
    (`add`, so two processes starting it at once agree on one value)."""
    keys = {tag: _version_key(tag) for tag in tags}
    found = cache.get_many(keys.values())
    missing = [tag for tag, key in keys.items() if key not in found]
    for tag in missing:
        cache.add(keys[tag], _fresh_version(), timeout=None)
    if missing:
        # All again, not only the started ones: the answer is then one read, so a version
        # is never older than the EPOCH beside it (see `request_versions`).
        found = cache.get_many(keys.values())
    return {tag: found.get(key) for tag, key in keys.items()}


def request_versions(request, tags):
    """The versions of `tags` ({tag: int}) as read in `request`: each counter is read from
    the cache once per request, those not read yet in one `get_many` (with EPOCH, the first
    time), so the fragments and the page of one request share their reads. Every version
    kept was read in the same `get_many` as the request's EPOCH (`request_epoch`) or after it,
    never before: what is checked with them is stored only if EPOCH has not moved since."""
    read = request.__dict__.setdefault(_READ_VERSIONS, {})
    missing = [tag for tag in tags if tag not in read]
    if missing:
        if EPOCH not in read:
            missing.append(EPOCH)
        read.update(tag_versions(missing))
    return {tag: read[tag] for tag in tags}


def request_epoch(request):
    """EPOCH as first read in `request` (int; None if the cache cannot be reached): what this
    request renders may be stored only if a fresh read of EPOCH after the render still gives
    this value (see "Races")."""
    return request_versions(request, [EPOCH])[EPOCH]


def versions_unless_invalidated(tags, epoch_before):
    """The versions of `tags` ({tag: int}) read afresh now, or None if EPOCH is no longer
    `epoch_before` (the request's first read of it, `request_epoch`): an invalidation came
    since, and what was rendered or walked in between may predate it, so it must not be
    kept with these versions (see "Races"). Never from the request's reads."""
    versions = tag_versions({*tags, EPOCH})
    if versions.pop(EPOCH) != epoch_before:
        return None
    return versions


def _keep_versions_read(request, read):
    """Keep `read` ({tag: int}, one `get_many`) as the versions read in `request`, if it
    holds EPOCH: a version read without it could be older than the EPOCH read next."""
    if request.__dict__.get(_READ_VERSIONS) or EPOCH not in read:
        return
    request.__dict__[_READ_VERSIONS] = dict(read)


def bump(tags):
    """Move the version of each of `tags` (and EPOCH) on now: every entry that depends on
    one of them is stale from this call on, in every process sharing the cache."""
    for tag in {*tags, EPOCH}:
        key = _version_key(tag)
        try:
            bumped = cache.incr(key)
        except ValueError:
            # Never started, or lost: any fresh value differs from what entries hold.
            bumped = cache.add(key, _fresh_version(), timeout=None)
        if bumped is None:
            # django-redis answers None when Redis is unreachable (IGNORE_EXCEPTIONS).
            logger.error(
                "The page cache could not drop %r: pages showing it may be stale for up to "
                "PAGE_CACHE_TIMEOUT once Redis is back, unless its page cache is flushed.",
                tag,
            )


def invalidate(*tags, purge_urls=()):
    """Once the current transaction commits (at once outside one): bump `tags`, and ask the
    CDN (Wagtail's frontend cache, when configured) to drop `purge_urls` (full URLs, a
    callable returning them is called then). Synchronous in the request that made the
    change, so no page stays stale because a worker is down."""
    tags = set(tags)

    def run():
        bump(tags)
        if frontend_cache_enabled():
            urls = purge_urls() if callable(purge_urls) else purge_urls
            purge_from_frontend_cache(urls)

    transaction.on_commit(run)


def frontend_cache_enabled():
    """Whether a CDN or proxy is to be purged (WAGTAILFRONTENDCACHE set, by environment)."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_urls(pages):
    """The full URLs a CDN may keep of `pages` (each page's URL with its routes' paths,
    `Page.get_cached_paths`): a set of str."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    return batch.urls


def purge_from_frontend_cache(urls):
    """Purge `urls` from every configured frontend cache now, in this process: Wagtail's
    own task run synchronously (`call`), not enqueued, so a stopped worker leaves no CDN
    copy stale. A CDN that fails is logged; the site's own cache is already purged."""
    # Imported here: the module reads WAGTAILFRONTENDCACHE and django-tasks at import.
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    urls = sorted(set(urls))
    if not urls:
        return
    try:
        purge_urls_from_cache_task.call(urls)
    except Exception:
        logger.exception("Purging %d URLs from the frontend cache failed", len(urls))


# --- The middleware -------------------------------------------------------------------------


@functools.cache
def code_version():
    """What a deploy changes in a page's HTML (str, 16 hex digits), hashed once per process:
    the hashed static files' names (`{% static %}` in production) and the templates' contents
    (not their modification times, which differ from one server of a release to the next:
    every server must find the others' copies). Redis outlives a deploy: pages and fragments
    (home/fragment_cache.py) of the previous code must not be served, their static files may
    be gone."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(getattr(staticfiles_storage, "hashed_files", {}).items())).encode())
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(request):
    """The cache key of `request`'s response, or None if it must not come from the cache:
    not a GET or HEAD, a session cookie (signed in), a path of PAGE_CACHE_EXCLUDED_PATHS,
    or a query string with anything but ALLOWED_QUERY keys holding a number each."""
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    path = request.path
    if path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return None
    query = []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in ALLOWED_QUERY or len(values) != 1:
            return None
        value = values[0]
        if not value.isdigit() or len(value) > MAX_QUERY_DIGITS:
            return None
        query.append(f"{name}={value}")
    url = f"{request.scheme}://{request.get_host()}{path}?{'&'.join(sorted(query))}"
    digest = hashlib.sha256(f"{code_version()}\x1f{url}".encode()).hexdigest()
    return f"{KEY_PREFIX}:page:{digest}"


def is_public(request, response):
    """Whether `response` is the same for every reader and may be kept by anyone."""
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "_page_cache_refused", False) or response.cookies:
        return False
    if has_vary_header(response, "Cookie"):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(directive in cache_control for directive in NO_STORE_DIRECTIVES)


class PageCacheMiddleware:
    """Serves anonymous readers' GETs from the page cache and stores what may be stored;
    says `public` only of what may be stored (the same for every reader, a known URL), and
    `private, no-store` of every other response without a Cache-Control of its own.

    Placed before the session, CSRF and authentication middleware, so a hit touches neither
    the session nor the database (0 queries), and a miss sees every cookie and Vary header
    the inner middleware added. The stored response holds the headers the inner middleware
    set (Content-Security-Policy, Permissions-Policy, X-Frame-Options); the outer ones
    (SecurityMiddleware) are added to every response, hits included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        epoch = None
        if key is not None and settings.PAGE_CACHE_ENABLED:
            hit = self.local_hit(request, key) or self.shared_hit(request, key)
            if hit is not None:
                return hit
            epoch = request_epoch(request)

        response = self.get_response(request)

        if key is None or not is_public(request, response):
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_store=True)
            return response
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_MAX_AGE,
            s_maxage=settings.PAGE_CACHE_S_MAXAGE,
        )
        if epoch is not None and request.method == "GET":
            self.store(key, request, response, epoch)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def local_hit(request, key):
        """The response this process's copy of the entry under `key` holds, if it has one
        and none of its tags moved since (one `get_many` of their versions with EPOCH, kept
        as read in `request` for a render, should the copy be stale), else None."""
        entry = local_copies.store().get(key)
        if entry is None:
            return None
        versions = entry[0]
        if request_versions(request, versions) == versions:
            return response_of(entry)
        local_copies.store().discard(key)
        return None

    @staticmethod
    def shared_hit(request, key):
        """The response the shared entry under `key` holds if none of its tags moved since
        (a copy is then kept in this process), else None."""
        read = request.__dict__.get(_READ_VERSIONS, {})
        if EPOCH in read:
            entry = cache.get(key)
        else:
            found = cache.get_many([key, _version_key(EPOCH)])
            entry = found.get(key)
            if _version_key(EPOCH) in found:
                _keep_versions_read(request, {EPOCH: found[_version_key(EPOCH)]})
        if entry is None:
            return None
        versions = entry[0]
        if request_versions(request, versions) != versions:
            return None
        local_copies.store().put(key, entry, len(entry[3]), settings.PAGE_CACHE_TIMEOUT)
        return response_of(entry)

    @staticmethod
    def store(key, request, response, epoch_before):
        """Keep `response` under `key` with the versions of its tags, unless an invalidation
        happened while it rendered (EPOCH moved: it may show what was just changed)."""
        versions = versions_unless_invalidated(recorded_tags(request), epoch_before)
        if versions is None:
            return
        headers = [(name, value) for name, value in response.items()]
        entry = (versions, response.status_code, headers, response.content)
        cache.set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
        local_copies.store().put(key, entry, len(entry[3]), settings.PAGE_CACHE_TIMEOUT)


def response_of(entry):
    """The response a page cache entry (versions, status, headers, content) holds, said to
    come from the cache (`X-Page-Cache: hit`)."""
    _versions, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response
