"""The blog as other apps' templates show it: the home page's latest articles and the search
page's link to every article. The home app sits below the blog and never imports it; its
templates reach the blog through these tags."""

from django import template

from blog.models import BlogIndexPage
from home.visibility import public_pages

register = template.Library()


@register.simple_tag
def blog_index_under(page=None):
    """The live and public blog index (`home.visibility.public_pages`) below `page` (e.g. the
    home page), or the first one anywhere when `page` is None; None if there is none. Two
    queries (view restrictions are looked up)."""
    blog_indexes = public_pages(BlogIndexPage.objects.all())
    if page is not None:
        blog_indexes = blog_indexes.descendant_of(page)
    return blog_indexes.first()


@register.simple_tag
def latest_articles(blog_index, count=3):
    """The newest `count` articles of `blog_index` as cards ([BlogPage]), [] without one."""
    return list(blog_index.articles()[:count]) if blog_index else []
