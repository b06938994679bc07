"""The blog as other apps' templates show it: the home page's latest articles and the search
page's link to every article. The home app sits below the blog and never imports it; its
templates reach the blog through these tags."""

from django import template

from blog.models import BlogIndexPage

register = template.Library()


@register.simple_tag
def blog_index_under(page=None):
    """The live blog index below `page` (e.g. the home page), or the first live and public
    one anywhere when `page` is None; None if there is none. One query (two without `page`:
    view restrictions are looked up)."""
    if page is not None:
        return BlogIndexPage.objects.live().descendant_of(page).first()
    return BlogIndexPage.objects.live().public().first()


@register.simple_tag
def latest_articles(blog_index, count=3):
    """The newest `count` articles of `blog_index` as cards ([BlogPage]), [] without one."""
    return list(blog_index.articles()[:count]) if blog_index else []
