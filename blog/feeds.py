"""RSS 2.0 and Atom feeds of the blog, for every article or for one topic.

BlogIndexPage's routes make a new feed object per request (`ArticleRssFeed()(request, …)`),
so keeping the request on the feed for the item methods, which only receive the item, is safe.
The routes hand in the blog index and topic, so this module needs none of the blog's models.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import get_text_list

from home.models import ClinicSettings

FEED_LENGTH = 20


@dataclass(frozen=True)
class ArticleFeedSource:
    """What one feed is built from: the blog index, its topic (a Topic) if narrowed to one,
    and the clinic."""

    blog_index: object
    topic: object
    clinic_name: str
    listing_url: str


class ArticleRssFeed(Feed):
    """The latest articles as RSS 2.0; narrowed to one topic when given a topic slug."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, blog_index, topic=None):
        self.request = request
        blog_url = blog_index.get_full_url(request)
        listing_url = blog_url
        if topic is not None:
            listing_url = blog_url + blog_index.reverse_subpage("by_topic", args=[topic.slug])
        return ArticleFeedSource(
            blog_index=blog_index,
            topic=topic,
            clinic_name=ClinicSettings.for_request(request).clinic_name,
            listing_url=listing_url,
        )

    def title(self, source):
        """The clinic's name, then the topic's, or the blog's own title as editors named it
        (the listing's heading too): "Ashford Ketamine Clinic — Blog"."""
        subject = source.topic.name if source.topic else source.blog_index.title
        return f"{source.clinic_name} — {subject}"

    def link(self, source):
        return source.listing_url

    def description(self, source):
        if source.topic and source.topic.description:
            return source.topic.description
        if source.topic:
            return f"Articles about {source.topic.name} from {source.clinic_name}."
        return source.blog_index.intro or f"Articles from {source.clinic_name}."

    def items(self, source):
        articles = source.blog_index.articles().with_feed_details()
        if source.topic:
            articles = articles.filter(topics=source.topic)
        return articles[:FEED_LENGTH]

    def item_title(self, article):
        # RSS readers treat <title> as HTML, so plain text is escaped once more (Django's default).
        return escape(article.title)

    def item_description(self, article):
        # The intro is plain text but <description> is read as HTML: escape it so "<" stays "<".
        return escape(article.intro)

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        return self.item_link(article)

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        # An editor's publication date may be later than the last publish; never go backwards.
        dates = [article.last_published_at, article.published_at]
        return max((date for date in dates if date), default=None)

    def item_author_name(self, article):
        # Read through the prefetched links, not BlogPage.author_list, which queries per article.
        names = [link.author.name for link in article.article_authors.all()]
        return get_text_list(names, "and") if names else None

    def item_categories(self, article):
        names = [topic.name for topic in article.topics.all()]
        names += [tag.name for tag in article.tags.all()]
        return list(dict.fromkeys(names))


class ArticleAtomFeed(ArticleRssFeed):
    """The same articles as Atom 1.0."""

    feed_type = Atom1Feed

    def subtitle(self, source):
        return self.description(source)

    def item_title(self, article):
        # Atom titles are written as type="text": escaping would show "&amp;" to readers.
        return article.title
