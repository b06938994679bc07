"""The blog as other apps' templates show it: the home page's latest articles and the search
page's link to every article. The home app sits below the blog and never imports it; its
templates reach the blog through these tags."""

from django import template

from blog.models import BlogIndexPage
from home import page_cache
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


@register.simple_tag(takes_context=True)
def latest_articles(context, blog_index, count=3):
    """The newest `count` articles of `blog_index` as cards ([BlogPage]), [] without one.
    The page showing them is cached with LISTS and each card's page tag."""
    articles = list(blog_index.articles()[:count]) if blog_index else []
    page_cache.depends_on(
        context["request"],
        page_cache.LISTS,
        *(page_cache.page_tag(article.pk) for article in articles),
    )
    return articles
