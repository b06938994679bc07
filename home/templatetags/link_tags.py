"""Template filters for links to the site's own pages (the rule is in home/links.py)."""

from django import template

from home import links

register = template.Library()


@register.filter
def is_linkable(page):
    """True if a link to `page` (a page chosen in a field, or None) leads somewhere:
    `{% if clinic.contact_page|is_linkable %}<a href="{% pageurl clinic.contact_page %}">`."""
    return links.page_is_linkable(page)


@register.filter
def without_dead_links(html):
    """Expanded rich text with its dead links as plain text (see templates/wagtailcore/shared/
    richtext.html, through which every rich text is rendered)."""
    return links.without_dead_links(html)
