"""Fragments of a page kept rendered between requests, dropped exactly as the page cache's
entries are: by the versions of the tags they depend on (home/page_cache.py).

A cold render (the page cache missed, or is off) of an article spends most of its time on
parts that are the same for every reader and change only on publish: the body's blocks,
the table of contents, the authors. `{% cached_fragment "name" key… %}…{% endcached_fragment %}`
keeps such a part's HTML in the default cache under its name and `key` values (e.g. the
page's live revision id), with the versions of the tags recorded while it rendered
(`page_cache.depends_on`, always holding SITE: clinic settings, images, authors, topics,
any page going live or not). A later render uses the HTML only if none of those versions
moved, and records the same tags on its request, so a page cache entry built from a cached
fragment depends on what the fragment shows.

Why not Django's `{% cache %}` tag: it expires by time only, and its keys cannot see a
settings, image or author change; here a change shows at once, with the page cache on or off.

Each process keeps copies of the fragments it used lately (home/local_copies.py, the page
cache's store), and the versions a fragment is checked with are read once per request
(`page_cache.request_versions`): fragments sharing SITE, a page or LISTS share one read, so
the six of an article cost about two round trips instead of two each. A copy is used only if
those versions are the ones it holds; a stale copy gives way to the shared entry.

A preview (`request.is_preview`) never reads or writes a fragment: it shows a draft under
the live revision's id. An invalidation during the render (EPOCH moved since the request's
first read of it; read afresh after the render, never from the request's reads) stores
nothing, as in the page cache: the render may have read the database before the change
committed.
"""

import hashlib

from django import template
from django.core.cache import cache

from home import local_copies, page_cache
from home.page_cache import code_version

KEY_PREFIX = "fragment"
# Dropped on change, so they may live long; the bound keeps an unused one from staying.
TIMEOUT_SECONDS = 24 * 60 * 60


def fragment_key(name, parts):
    """The cache key of fragment `name` for `parts` (values whose str() identifies it)."""
    joined = "\x1f".join(str(part) for part in (code_version(), *parts))
    digest = hashlib.sha256(joined.encode()).hexdigest()
    return f"{KEY_PREFIX}:{name}:{digest}"


def _entries(copies, key):
    """(entry, is_copy) pairs to try in turn: this process's copy of the fragment under `key`
    if it holds one, then the shared entry (None if none), read only if asked for: a stale
    copy may have been rendered again by another process."""
    copy = copies.get(key)
    if copy is not None:
        yield copy, True
    yield cache.get(key), False


def cached(request, name, parts, render):
    """The HTML of fragment `name` for `parts`: the stored one if none of its tags moved,
    else `render()` (a callable returning str), stored with the versions of the tags
    recorded while it ran. The fragment's tags are recorded on `request` either way.
    Without a request, in a preview, or with a part None (a page saved without a
    revision, as only scripts and tests do), `render()` every time."""
    if request is None or getattr(request, "is_preview", False) or None in parts:
        return render()
    # The same revision renders other links and addresses on another host or scheme.
    key = fragment_key(name, [request.scheme, request.get_host(), *parts])
    copies = local_copies.store()
    for entry, is_copy in _entries(copies, key):
        if entry is None:
            continue
        versions, html = entry
        if page_cache.request_versions(request, versions) == versions:
            if not is_copy:
                copies.put(key, entry, len(html), TIMEOUT_SECONDS)
            page_cache.depends_on(request, *versions)
            return html
        if is_copy:
            copies.discard(key)
    epoch = page_cache.request_epoch(request)
    before = set(page_cache.recorded_tags(request))
    # Record only this fragment's tags while it renders, then give the page all of them.
    request._page_cache_tags = {page_cache.SITE}
    try:
        html = render()
        tags = set(page_cache.recorded_tags(request))
    finally:
        request._page_cache_tags = before | page_cache.recorded_tags(request)
    # Read afresh, never from the request's reads: only a fresh EPOCH shows an invalidation
    # that happened while this fragment rendered.
    versions = page_cache.versions_unless_invalidated(tags, epoch)
    if versions is not None:
        cache.set(key, (versions, html), TIMEOUT_SECONDS)
        copies.put(key, (versions, html), len(html), TIMEOUT_SECONDS)
    return html


class CachedFragmentNode(template.Node):
    """`{% cached_fragment "name" key… %}…{% endcached_fragment %}` (see `cached`)."""

    def __init__(self, name, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        return cached(context.get("request"), name, parts, lambda: self.nodelist.render(context))


def do_cached_fragment(parser, token):
    """Compile `{% cached_fragment "name" key… %}…{% endcached_fragment %}`."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and the key's values")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
