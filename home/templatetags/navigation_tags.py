"""The site's main navigation and breadcrumbs, built from the page tree so editors control
them."""

from django import template

from wagtail.models import Site

register = template.Library()


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
    for child in root.get_children().live().in_menu():
        is_current = current is not None and current.path.startswith(child.path)
        items.append((child, is_current))
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
