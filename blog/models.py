"""Articles, the page that lists them, and the people and topics they are about."""

import functools
import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase

from blog import sharing, structured_data
from blog.anchors import body_anchors
from blog.blocks import ArticleBodyBlock
from blog.feeds import ArticleAtomFeed, ArticleRssFeed
from blog.medical_review import (
    MedicalReviewRequired,
    is_medical_reviewer,
    require_medical_reviewer,
    unreviewed_import_allowed,
)
from home import page_cache
from home.models import ClinicSettings
from home.search import SiteSearchable
from home.visibility import public_pages, public_pages_in_one_query, view_restrictions

ARTICLES_PER_PAGE = 10
WORDS_PER_MINUTE = 200
# How long a medical review stays current unless the reviewer sets another date.
REVIEW_VALID_FOR = timedelta(days=365)
# The Wagtail hook through which upper layers add to what article cards show (the replies
# app adds each article's number of approved replies): fn(queryset) -> queryset.
CARD_QUERYSET_HOOK = "construct_article_card_queryset"


def review_is_due(next_review_due, today=None):
    """The one rule for a medical review being due: its date has come (today counts).

    `next_review_due` is a date or None (never reviewed: not due by date); `today` defaults
    to the clinic's local date.
    """
    return next_review_due is not None and next_review_due <= (today or timezone.localdate())


def review_is_overdue(next_review_due, today=None):
    """A medical review whose date has passed (due today is due, not yet overdue); the same
    arguments as `review_is_due`."""
    return next_review_due is not None and next_review_due < (today or timezone.localdate())


# A live article matching this was never medically reviewed: the review report lists it
# (`ArticleQuerySet.review_due`) beside those whose review is due.
NEVER_REVIEWED = Q(reviewed_by__isnull=True) | Q(last_reviewed__isnull=True)


class Author(index.Indexed, models.Model):
    """A person who writes or medically reviews articles."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=80, blank=True, help_text="Degrees and licences, e.g. MD, PMHNP-BC."
    )
    job_title = models.CharField(max_length=120, blank=True, help_text="e.g. Medical Director.")
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(blank=True, max_length=600, help_text="Two or three sentences.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The admin account of this person, if they have one (used for reviews).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("job_title"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Topic(models.Model):
    """A subject articles are filed under (Anxiety, PTSD, Depression, Treatment…)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the topic's page.")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogIndexPage(RoutablePageMixin, Page):
    """The blog: every live article, newest first, and the same list by topic or tag."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["blog.BlogPage"]
    max_count = 1

    class Meta:
        verbose_name = "blog index page"

    def route(self, request, path_components):
        """Wagtail's routing (the listing's own routes first, then a child page), with an
        article read as a BlogPage at once: one query on every article view instead of
        two (a Page, then its BlogPage row). A child of another type, which editors cannot
        add (`subpage_types`), is still found Wagtail's way."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                article = BlogPage.objects.child_of(self).filter(slug=path_components[0]).first()
                if article is not None:
                    article._cached_parent_obj = self  # as Wagtail's routing does
                    return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def articles(self):
        """Live, public articles under this index, newest first, with what cards show."""
        return public_pages(BlogPage.objects.descendant_of(self)).for_cards()

    def paginate(self, request, articles):
        """The requested page of articles; anything but a real page number is a 404."""
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        raw = request.GET.get("page", "1")
        try:
            if not raw.isdigit():
                raise PageNotAnInteger(raw)
            return paginator.page(int(raw))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of articles") from error

    def render_listing(self, request, articles, heading, **extra):
        shown = self.paginate(request, articles)
        page_cache.depends_on(request, *(page_cache.page_tag(article.pk) for article in shown))
        return self.render(
            request,
            context_overrides={"articles": shown, "listing_heading": heading, **extra},
        )

    def serve(self, request, *args, **kwargs):
        """Every route (the listing, topic and tag pages, the feeds) lists articles: its
        cached copy goes when one is published again (page_cache.LISTS)."""
        page_cache.depends_on(request, page_cache.LISTS)
        return super().serve(request, *args, **kwargs)

    def get_cached_paths(self):
        """The paths a CDN keeps of the blog (Wagtail's frontend cache purges these): the
        listing, its feeds, and each topic's page and feed and each tag's page in use."""
        paths = ["/", "feed/", "feed/atom/"]
        articles = BlogPage.objects.descendant_of(self).live()
        topics = Topic.objects.filter(articles__in=articles).distinct()
        for slug in topics.values_list("slug", flat=True):
            paths += [f"topic/{slug}/", f"topic/{slug}/feed/"]
        tags = Tag.objects.filter(blog_blogpagetag_items__content_object__in=articles).distinct()
        paths += [f"tag/{slug}/" for slug in tags.values_list("slug", flat=True)]
        return paths

    def get_sitemap_urls(self, request=None):
        """The blog itself plus one entry per topic that has live articles."""
        urls = super().get_sitemap_urls(request)
        base_url = self.get_full_url(request)
        topics = Topic.objects.filter(articles__in=self.articles().values("pk")).distinct()
        for topic in topics:
            urls.append(
                {"location": base_url + self.reverse_subpage("by_topic", args=[topic.slug])}
            )
        return urls

    @path("")
    def all_articles(self, request):
        return self.render_listing(request, self.articles(), self.title)

    @path("feed/")
    def rss_feed(self, request):
        return ArticleRssFeed()(request, blog_index=self)

    @path("feed/atom/")
    def atom_feed(self, request):
        return ArticleAtomFeed()(request, blog_index=self)

    @path("topic/<slug:slug>/feed/")
    def topic_rss_feed(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return ArticleRssFeed()(request, blog_index=self, topic=topic)

    @path("topic/<slug:slug>/")
    def by_topic(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        return self.render_listing(
            request,
            self.articles().filter(topics=topic),
            f"Articles about {topic.name}",
            topic=topic,
        )

    @path("tag/<slug:slug>/")
    def by_tag(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return self.render_listing(
            request,
            self.articles().filter(tags=tag),
            f"Articles tagged “{tag.name}”",
            tag=tag,
        )


def replies_open_by_default():
    """New articles take the site-wide default (REPLIES_OPEN_BY_DEFAULT)."""
    return settings.REPLIES_OPEN_BY_DEFAULT


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleQuerySet(PageQuerySet):
    def for_cards(self, with_topics=True):
        """Newest first, with what an article card shows: date, image, topics (unless
        `with_topics` is False: the caller prefetches them with other pages'), and whatever
        the CARD_QUERYSET_HOOK hooks add (the number of approved replies)."""
        articles = (
            self.annotate(published=Coalesce("date_published", "first_published_at"))
            .order_by("-published", "-pk")
            .select_related("featured_image")
            .prefetch_related("featured_image__renditions", *(["topics"] if with_topics else []))
        )
        for construct in hooks.get_hooks(CARD_QUERYSET_HOOK):
            articles = construct(articles)
        return articles

    def with_feed_details(self):
        """What feed items name besides the cards' details: tags and authors, one query each."""
        return self.prefetch_related(
            "tags",
            models.Prefetch(
                "article_authors", queryset=ArticleAuthor.objects.select_related("author")
            ),
        )

    def review_due(self, today=None):
        """Articles whose medical review is due (`review_is_due`), and live articles never
        reviewed (`NEVER_REVIEWED`): overdue first, the longest overdue at the top, then
        those due today, then those never reviewed."""
        due = Q(next_review_due__lte=today or timezone.localdate())
        return self.filter(due | (Q(live=True) & NEVER_REVIEWED)).order_by(
            F("next_review_due").asc(nulls_last=True), "title"
        )


class BlogPage(SiteSearchable, Page):
    """An article: a medically reviewed piece of writing readers can reply to."""

    objects = PageManager.from_queryset(ArticleQuerySet)()

    intro = models.TextField(
        max_length=300,
        help_text="One or two sentences: shown on cards, in search results and to search engines.",
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top and when the article is shared (at least 1200 × 630).",
    )
    featured_image_alt = models.CharField(
        "featured image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the picture. Required unless the image has its own description.",
    )
    date_published = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="Leave empty to use the date the article is first published.",
    )
    topics = ParentalManyToManyField("blog.Topic", blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    reviewed_by = models.ForeignKey(
        "blog.Author",
        verbose_name="medically reviewed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty for one year after the last review.",
    )
    replies_open = models.BooleanField(
        default=replies_open_by_default,
        help_text="Let readers reply to this article (replies are moderated).",
    )
    body = StreamField(ArticleBodyBlock())
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_alt")],
            heading="Featured image",
        ),
        InlinePanel("article_authors", label="Author", min_num=1),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("date_published"), FieldPanel("topics"), FieldPanel("tags")],
            heading="Filing",
        ),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
            ],
            heading="Medical review",
        ),
        FieldPanel("replies_open"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("date_published"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"

    def clean(self):
        super().clean()
        errors = {}
        if self.featured_image and not (self.featured_image_alt or self.featured_image.description):
            errors["featured_image_alt"] = "Describe the featured image for screen-reader users."
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last one."
        if self.reviewed_by_id and not self.last_reviewed:
            errors["last_reviewed"] = "Give the date of the review."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Derived once here so listings never parse bodies per request.
        self.reading_minutes = self.count_reading_minutes()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + REVIEW_VALID_FOR
        result = super().save(*args, **kwargs)
        # Wagtail indexes on post_save, before modelcluster has written this save's tags and
        # topics; index again so they are searchable as soon as the article is published,
        # from the row (a draft's words stay on this object only: see `index_as_stored`).
        self.index_as_stored()
        return result

    def serve_preview(self, request, mode_name):
        # A preview renders the editor's form unsaved: derive what `save` would.
        self.reading_minutes = self.count_reading_minutes()
        return super().serve_preview(request, mode_name)

    def count_reading_minutes(self):
        """Minutes to read title, intro and every text in the body at a steady pace."""
        words = len(self.title.split()) + len(self.intro.split())
        words += sum(len(strip_tags(text).split()) for text in body_texts(list(self.body.raw_data)))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def published_at(self):
        """When the article counts as published: the editor's date, else first publication."""
        return getattr(self, "published", None) or self.date_published or self.first_published_at

    @property
    def scheduled_go_live_at(self):
        """The go-live date and time (aware datetime) the editor set, if still ahead; else
        None (unset, or already passed: then the article is live or the date is stale)."""
        if self.go_live_at and self.go_live_at > timezone.now():
            return self.go_live_at
        return None

    @property
    def review_is_due(self):
        """As `ArticleQuerySet.review_due`: due by date, or live and never reviewed."""
        return review_is_due(self.next_review_due) or (self.live and not self.has_medical_review)

    @property
    def review_due_label(self):
        """How the admin words this article's review date: "Overdue since …" once it has
        passed, "Due today", "Due …" ahead of it, "Never reviewed" without a review."""
        if not self.has_medical_review:
            return "Never reviewed"
        if self.next_review_due is None:
            return ""
        when = date_format(self.next_review_due, "M j, Y")
        if review_is_overdue(self.next_review_due):
            return f"Overdue since {when}"
        if review_is_due(self.next_review_due):
            return "Due today"
        return f"Due {when}"

    @property
    def has_medical_review(self):
        """True if the article names its medical reviewer and the date of the review."""
        return self.reviewed_by_id is not None and self.last_reviewed is not None

    def record_medical_review(self, reviewer):
        """Record `reviewer`'s medical review, today, in the review fields. True if a field
        changed. Unsaved.

        `reviewer` is a user with an author profile (`is_medical_reviewer`). The person who
        makes the article live is the one who reviewed it, so `reviewed_by` becomes their
        profile whoever the draft named. A next-review date still in the future is kept (an
        earlier re-review is never the unsafe choice); an empty or due one becomes
        REVIEW_VALID_FOR from today.
        """
        today = timezone.localdate()
        before = (self.reviewed_by_id, self.last_reviewed, self.next_review_due)
        self.reviewed_by = reviewer.author_profile
        self.last_reviewed = today
        if self.next_review_due is None or review_is_due(self.next_review_due, today):
            self.next_review_due = today + REVIEW_VALID_FOR
        return (self.reviewed_by_id, self.last_reviewed, self.next_review_due) != before

    def records_review_by(self, user):
        """True if this content names `user` (a user or None) as its reviewer, with a date."""
        return (
            user is not None
            and self.has_medical_review
            and Author.objects.filter(pk=self.reviewed_by_id, user=user).exists()
        )

    def revision_with_medical_review(self, revision, user=None):
        """The revision of this article to publish in place of `revision`: one that records
        the medical review of the person who makes it live. Raises `MedicalReviewRequired`.

        With a `user` (the admin, bulk publish, a workflow approval, code naming one), they
        must be a medical reviewer (`is_medical_reviewer`); unless `revision` is theirs and
        already records their review today, a new revision by them, recording it, is saved
        from `revision` and returned, so the live page, its history and the next draft agree.

        Without a user (`publish_scheduled`, the demo), `revision` must already record the
        review of its own author: a scheduled revision got it when a reviewer scheduled it
        (they were checked then); any other must be by a medical reviewer now. The one
        exception is the WordPress import (`medical_review.publishing_unreviewed_import`):
        there a revision that records no review at all goes live as never reviewed.
        """
        article = revision.as_object()
        if (
            user is None
            and unreviewed_import_allowed()
            and article.reviewed_by_id is None
            and article.last_reviewed is None
        ):
            return revision
        if user is None:
            scheduled = revision.approved_go_live_at is not None
            if article.records_review_by(revision.user) and (
                scheduled or is_medical_reviewer(revision.user)
            ):
                return revision
            raise MedicalReviewRequired()
        require_medical_reviewer(user)
        if article.record_medical_review(user) or revision.user_id != user.pk:
            revision = article.save_revision(user=user, clean=False, log_action=True)
        return revision

    def record_medical_review_in(self, revision, user):
        """Record `user`'s review in `revision`, the one the admin's editor just saved from
        this page for them and is about to publish itself (Publish, revert and publish).
        Raises `MedicalReviewRequired` unless `user` is a medical reviewer and its author.

        The editor's view publishes that very revision rather than through `publish`, so the
        review is written into it (it is the reviewer's own, seconds old) rather than into a
        new one.
        """
        require_medical_reviewer(user)
        if revision.user_id != user.pk:
            raise MedicalReviewRequired()
        if self.record_medical_review(user):
            revision.content = self.serializable_data()
            revision.save(update_fields=["content"])

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Wagtail's publish, only with a medical review: every `Page.publish` and
        `Revision.publish` (the workflow's approval, the create view, bulk publish,
        `publish_scheduled`, code) publishes `revision_with_medical_review`.

        Raises `MedicalReviewRequired` (a PermissionDenied) and publishes nothing when the
        person making the article live is not a medical reviewer.
        """
        revision = self.revision_with_medical_review(revision, user)
        return super().publish(
            revision,
            user=user,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            skip_permission_checks=skip_permission_checks,
        )

    def copy(self, *args, user=None, **kwargs):
        """Wagtail's copy; a copy that stays live (`keep_live`, Wagtail's default) goes live by
        a medical reviewer, `user`, with their review (`publish_live_copies`). Raises
        `MedicalReviewRequired`, copying nothing, for anyone else."""
        with transaction.atomic():
            page_copy = super().copy(*args, user=user, **kwargs)
            publish_live_copies(page_copy, user)
        return page_copy

    @property
    def search_image(self):
        """The picture a site search result shows: the featured image (or None)."""
        return self.featured_image

    @classmethod
    def prefetch_search_results(cls, pages):
        """Featured images and their renditions for a page of search results: two queries."""
        prefetch_related_objects(pages, "featured_image", "featured_image__renditions")

    @property
    def featured_image_alt_text(self):
        if not self.featured_image:
            return ""
        return self.featured_image_alt or self.featured_image.description

    @cached_property
    def author_list(self):
        return [
            link.author
            for link in self.article_authors.select_related("author__photo").prefetch_related(
                "author__photo__renditions"
            )
        ]

    @cached_property
    def topic_list(self):
        return list(self.topics.all())

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    @cached_property
    def headings(self):
        """(anchor, text, level) of each heading block, for the table of contents: the
        anchors the heading blocks render with (`blog.anchors`)."""
        return [
            (anchor, block.value["text"], block.value["level"])
            for block, anchor in zip(self.body, body_anchors(self.body), strict=True)
            if block.block_type == "heading"
        ]

    @cached_property
    def references(self):
        """Every reference in the body, in order, for structured data."""
        return [
            reference
            for block in self.body
            if block.block_type == "references"
            for reference in block.value["references"]
        ]

    def get_view_restrictions(self):
        """Wagtail's restrictions of this article and its ancestors, in one query instead of
        two: Wagtail checks them on every view (home.visibility.view_restrictions)."""
        return view_restrictions(self)

    def related_articles(self, limit=3):
        """Up to `limit` other live articles sharing a topic, newest first. Two queries: the
        cards, then the topics of this article (`topic_list`) and of the cards together."""
        own_topics = self.topics.all()
        # A preview holds its topics in memory (modelcluster), not in the database.
        in_database = isinstance(own_topics, models.QuerySet)
        topic_ids = own_topics.values("pk") if in_database else [t.pk for t in own_topics]
        sharing_a_topic = BlogPage.objects.filter(topics__in=topic_ids)
        related = list(
            public_pages_in_one_query(BlogPage.objects.all())
            .filter(pk__in=sharing_a_topic.values("pk"))
            .exclude(pk=self.pk)
            .for_cards(with_topics=False)[:limit]
        )
        models.prefetch_related_objects([self, *related] if in_database else related, "topics")
        if in_database:
            self.__dict__.pop("topic_list", None)  # read again, from what was just prefetched
        return related

    def social_image(self):
        """The 1200×630 rendition used by share previews, Pinterest and structured data."""
        if not self.featured_image:
            return None
        return self.featured_image.get_rendition("fill-1200x630|format-jpeg")

    @property
    def replies_are_open(self):
        """Open if the article allows replies and is not older than the auto-close age."""
        if not self.replies_open:
            return False
        days = settings.REPLIES_CLOSE_AFTER_DAYS
        published = self.published_at
        return not (days and published and published < timezone.now() - timedelta(days=days))

    def get_context(self, request, *args, **kwargs):
        """The article's context. What only fragments kept rendered between requests show
        (home/fragment_cache.py: the head's meta tags and structured data, the share row,
        the related cards) is computed lazily, the first time a template reads it: a cold
        render whose fragments are in the cache runs none of their queries."""
        context = super().get_context(request, *args, **kwargs)
        url = self.get_full_url(request)

        @functools.cache
        def social_image():
            return self.social_image()

        @functools.cache
        def social_image_url():
            image = social_image()
            return request.build_absolute_uri(image.url) if image else ""

        @functools.cache
        def related_articles():
            related = self.related_articles()
            # The related cards: which articles (LISTS) and what each shows (its tag).
            page_cache.depends_on(
                request, page_cache.LISTS, *(page_cache.page_tag(card.pk) for card in related)
            )
            return related

        def json_ld():
            site = Site.find_for_request(request)
            return structured_data.to_json_ld(
                structured_data.article_data(
                    self,
                    url,
                    ClinicSettings.for_request(request),
                    site.root_url if site else "",
                    image_url=social_image_url(),
                )
            )

        context.update(
            {
                "blog_index": self.get_parent().specific,
                "related_articles": related_articles,
                "canonical_url": url,
                "social_image": social_image,
                "social_image_url": social_image_url,
                "share_links": lambda: sharing.share_links(
                    url, self.title, self.intro, image_url=social_image_url()
                ),
                "email_share_link": sharing.email_link(url, self.title, self.intro),
                "json_ld": json_ld,
            }
        )
        return context


# Struct fields that hold settings or addresses, not words a reader reads.
# "type" names a table column's block (blog.blocks.TableBlock), not words of the article.
NON_TEXT_FIELDS = {"level", "style", "anchor", "url", "doi", "pubmed_id", "external_url", "type"}


def publish_live_copies(page, user):
    """Publish again, by `user` with their medical review, every live article at or under
    `page`: a copy Wagtail made live from a live source (copy with "Publish copies"). Raises
    `MedicalReviewRequired` if `user` is not a medical reviewer."""
    for article in BlogPage.objects.live().descendant_of(page, inclusive=True):
        article.publish(article.get_latest_revision(), user=user)


def body_texts(value):
    """Every piece of reader-facing text in raw StreamField data, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a stream or list child
            yield from body_texts(value["value"])
        else:
            for key, child in value.items():
                if key not in NON_TEXT_FIELDS:
                    yield from body_texts(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from body_texts(child)


class ArticleAuthor(Orderable):
    """Links an article to one of its authors, in byline order."""

    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]
