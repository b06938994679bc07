"""The site's main navigation, built from the page tree so editors control it."""

from django import template

from wagtail.models import Site

from home import page_cache

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
    page_cache.depends_on(request, *(page_cache.page_tag(page.pk) for page, _ in items))
    return {"items": [{"page": p, "is_current": c, "title": p.title} for p, c in items]}
