"""The site's main navigation and breadcrumbs, built from the page tree so editors control
them."""

from django import template
from django.core.cache import cache
from django.db import transaction

from wagtail.models import Page, Site

from home import page_cache

register = template.Library()

# The menu's pages of every site, in the cache (Redis in production, shared by the workers)
# under one key, so any change to a page can drop them all without a query. Kept an hour
# at most, in case a page changes without a signal (a QuerySet.update()).
MENU_CACHE_KEY = "home.main_nav"
MENU_CACHE_SECONDS = 60 * 60


def menu_pages(root):
    """The live children of `root` (a site's root Page) marked “Show in menus”, in tree
    order: [Page], from the cache when it holds them, else one query."""
    menus = cache.get(MENU_CACHE_KEY) or {}
    if root.pk not in menus:
        menus[root.pk] = list(root.get_children().live().in_menu())
        cache.set(MENU_CACHE_KEY, menus, MENU_CACHE_SECONDS)
    return menus[root.pk]


def forget_menus(sender=None, instance=None, **kwargs):
    """Drop the cached menus when a page is saved (a publish saves it too), deleted or moved
    (a receiver of post_save, post_delete and Wagtail's post_page_move), now and again
    once the transaction commits, so a request in between cannot keep the old menu."""
    if instance is not None and not isinstance(instance, Page):
        return
    cache.delete(MENU_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(MENU_CACHE_KEY))


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """Home plus its live children marked “Show in menus”, current page flagged for aria-current.

    A page deeper in the tree marks its top-level ancestor, so “Blog” stays current on articles.
    """
    request = context["request"]
    current = context.get("page")
    site = Site.find_for_request(request)
    if site is None:
        return {"items": []}
    root = site.root_page
    items = [(root, current is not None and current.pk == root.pk)]
    for child in menu_pages(root):
        is_current = current is not None and current.path.startswith(child.path)
        items.append((child, is_current))
    page_cache.depends_on(request, *(page_cache.page_tag(page.pk) for page, _ in items))
    return {"items": [{"page": p, "is_current": c, "title": p.title} for p, c in items]}


@register.simple_tag
def breadcrumb_ancestors(page):
    """The ancestors of `page` (a Page) a breadcrumb trail lists, top first: every one but
    the tree's root. A page Wagtail's routing served knows its parents already (routing
    caches each parent on its child, as treebeard's get_parent reads it), so the trail costs
    no query; a page reached otherwise (e.g. a preview) reads its ancestors (one query)."""
    trail = []
    current = page
    while current.depth > 2 and getattr(current, "_cached_parent_obj", None) is not None:
        current = current._cached_parent_obj
        trail.append(current)
    if current.depth == 2 and (trail or page.depth == 2):
        return trail[::-1]
    return list(page.get_ancestors()[1:])
