"""Replies in the page cache (home/page_cache.py): a change readers can see in a thread drops
the cached copies of its article and of every page showing the article's card (the card
shows the number of replies), and, when a CDN is configured, purges their addresses.

Called for every such change: a reply's state (`ReplyQuerySet.set_status`: approval,
removal, spam, held again by an edit or reports, erasure), a moderator's edit of the text
(`moderation.edit_text`), a public reply saved (a new one published at once), a reply deleted
(withdrawn, deleted by a moderator, erased on request, purged). A new held reply changes
nothing anyone else sees, and bumps nothing.
"""

from blog.models import BlogPage
from home import page_cache


def pages_showing(article_ids):
    """The live pages that show the articles `article_ids` or their cards: each article,
    its ancestors below the root (the blog's listing, topic and tag pages; the home page's
    latest articles) and the articles sharing a topic with it (related articles)."""
    articles = list(BlogPage.objects.filter(pk__in=article_ids).live())
    pages = []
    for article in articles:
        pages.append(article)
        pages.extend(article.get_ancestors().live().filter(depth__gt=1))
        topics = article.topics.all()
        pages.extend(BlogPage.objects.live().filter(topics__in=topics).exclude(pk=article.pk))
    return pages


def invalidate_articles(article_ids):
    """Drop, after commit, every cached page showing one of the articles `article_ids`
    (ints or the strings replies store in `object_pk`)."""
    ids = sorted({int(pk) for pk in article_ids})
    if ids:
        page_cache.invalidate(
            *(page_cache.page_tag(pk) for pk in ids),
            purge_urls=lambda: page_cache.page_urls(pages_showing(ids)),
        )


def reply_saved(sender, instance, **kwargs):
    """post_save of a reply, when it is public (a state change goes through `set_status`;
    django-comments-xtd saves a new reply twice, so `created` tells nothing here)."""
    if not instance.is_approved:
        return
    invalidate_articles([instance.object_pk])


def reply_deleted(sender, instance, **kwargs):
    """post_delete of a reply."""
    invalidate_articles([instance.object_pk])
