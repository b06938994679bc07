"""Importing a checked WordPress export, post by post, each post in its own transaction.

`import_export(path, …)` reads the file twice as a stream (`wxr.WxrReader`): once to check
all of it (a bad file imports nothing), then to import. Each post becomes an article under
the blog index (created, or updated when the import made it and nobody has edited it here
since), with its topics, tags, authors, images, replies and redirects; each comment a reply.
Everything is keyed by WordPress id (`models.ImportedPost`, `models.ImportedComment`), so a
second run adds what is new and changes nothing else. Nothing is fetched from the network
and no email is sent: replies are stored directly, never through the posting path that
notifies moderators and followers.
"""

from collections import Counter
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from blog.medical_review import publishing_unreviewed_import
from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic
from blog.replies.models import Reply
from home.search import index_page, search_indexing_deferred

from . import comments as wp_comments
from .body import convert_post_html
from .models import ImportedComment, ImportedPost
from .wxr import WxrAuthor, WxrCategory, WxrReader, check_export

UPLOADS_MARKER = "/wp-content/uploads/"
INTRO_MAX = 300
TITLE_MAX = 255
# WordPress's default category: every uncategorised post has it, so it files nothing.
UNCATEGORISED = "uncategorized"
# WordPress post statuses: published posts go live, these stay drafts, the rest is skipped.
LIVE_STATUS = "publish"
DRAFT_STATUSES = ("draft", "pending", "future")


class ImportRefused(Exception):
    """The import cannot start (no blog, an unreadable uploads folder): nothing was written."""


@dataclass
class ImportReport:
    """What an import did (or, dry, would do): counts by outcome and the lines a person
    should read (skips, notes, missing images)."""

    dry_run: bool = False
    posts: Counter = field(default_factory=Counter)  # created, updated, unchanged, …
    comments: Counter = field(default_factory=Counter)  # approved, awaiting, spam, trash, …
    images: Counter = field(default_factory=Counter)  # imported, reused, missing
    redirects: int = 0
    lines: list = field(default_factory=list)

    def summary(self):
        """The closing lines: one per kind of count."""
        verb = "Would import" if self.dry_run else "Imported"
        posts = ", ".join(f"{count} {what}" for what, count in sorted(self.posts.items()))
        comments = ", ".join(f"{count} {what}" for what, count in sorted(self.comments.items()))
        images = ", ".join(f"{count} {what}" for what, count in sorted(self.images.items()))
        return [
            f"{verb}: posts: {posts or 'none'}",
            f"  comments: {comments or 'none'}",
            f"  images: {images or 'none'}",
            f"  redirects: {self.redirects}",
        ]


def uploads_path(url):
    """The path of an uploaded file under wp-content/uploads ("2021/03/photo.jpg") from its
    address, or None if `url` is not an upload."""
    path = unquote(urlsplit(url).path)
    if UPLOADS_MARKER not in path:
        return None
    return path.split(UPLOADS_MARKER, 1)[1].strip("/") or None


def original_of(path):
    """A resized copy's original: "photo-300x200.jpg" -> "photo.jpg" (WordPress names its
    sizes so); other paths as they are."""
    stem, dot, extension = path.rpartition(".")
    head, dash, size = stem.rpartition("-")
    width, x, height = size.partition("x")
    if dot and dash and x and width.isdigit() and height.isdigit():
        return f"{head}.{extension}"
    return path


class _Importer:
    def __init__(self, path, uploads, dry_run, progress):
        self.path = path
        self.uploads = Path(uploads).resolve() if uploads else None
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.authors = {}  # WordPress login -> WxrAuthor
        self.author_snippets = {}  # WordPress login -> Author
        self.categories = {}  # WordPress slug -> name
        self.topics = {}  # WordPress slug -> Topic
        self.images = {}  # uploads path, and the file found for it -> image id
        self.post_notes = []

    # --- the run -----------------------------------------------------------------------

    def run(self):
        summary = check_export(self.path)
        self.attachments = summary.attachments
        self.total_posts = summary.posts
        self.blog_index = BlogIndexPage.objects.first()
        if self.blog_index is None:
            raise ImportRefused("There is no blog to import into: create the blog page first.")
        if self.uploads is not None and not self.uploads.is_dir():
            raise ImportRefused(f"--uploads {self.uploads} is not a folder.")
        # An article is saved three times on its way to live (created, revision, publish),
        # each updating the search and reference indexes: each is updated once per post.
        with search_indexing_deferred(), disable_reference_index_auto_update():
            if self.report.dry_run:
                with transaction.atomic():
                    self.import_records()
                    transaction.set_rollback(True)
            else:
                self.import_records()
        return self.report

    def import_records(self):
        position = 0
        for record in WxrReader(self.path):
            if isinstance(record, WxrAuthor):
                self.authors[record.login] = record
            elif isinstance(record, WxrCategory):
                self.categories[record.slug] = record.name
            elif record.post_type == "post":
                position += 1
                outcome = self.import_post(record)
                self.progress(position, self.total_posts, record, outcome)
            else:
                self.skip_other(record)

    def skip_other(self, item):
        if item.post_type == "page":
            self.report.posts["skipped"] += 1
            self.line(item, "a page, not a blog post: skipped (recreate it as a page here)")

    def line(self, item, message):
        where = f"post {item.post_id} “{item.title}” (line {item.line})"
        self.report.lines.append(f"{where}: {message}")

    # --- one post ----------------------------------------------------------------------

    def import_post(self, item):
        """Import `item` (a WxrItem of type post) and its comments in one transaction.
        Returns a word for the progress line."""
        if item.status != LIVE_STATUS and item.status not in DRAFT_STATUSES:
            self.report.posts["skipped"] += 1
            self.line(item, f"status “{item.status}”: skipped")
            return "skipped"
        try:
            with transaction.atomic():
                outcome, article = self.import_article(item)
                if article is not None:
                    self.import_comments(item, article)
                if outcome in ("created", "updated"):
                    index_page(article)
                    ReferenceIndex.create_or_update_for_object(article)
        except Exception as error:  # noqa: BLE001 (reported; the other posts go on)
            # Rows this post created (an author, a topic, an image) were rolled back with it.
            self.author_snippets.clear()
            self.topics.clear()
            self.images.clear()
            self.report.posts["failed"] += 1
            self.line(item, f"failed, nothing of it imported: {error!r}")
            return "failed"
        self.report.posts[outcome] += 1
        return outcome

    def import_article(self, item):
        imported = ImportedPost.objects.filter(wordpress_id=item.post_id).first()
        if imported is not None and imported.article_id is None:
            self.line(item, "its article was deleted here since the last import: left deleted")
            return "left alone", None
        article = imported.article.specific if imported else None
        if article is not None and article.latest_revision_id != imported.revision_id:
            self.line(item, "edited here since the last import: left as it is here")
            return "left alone", article
        if article is not None and imported.wordpress_modified == item.modified:
            return "unchanged", article

        self.post_notes = []
        body = convert_post_html(item.content, self.find_image)
        created = article is None
        if created:
            article = BlogPage(live=False)
        self.fill(article, item, body.blocks)
        for note in body.notes + self.post_notes:
            self.line(item, note)
        if created:
            self.blog_index.add_child(instance=article)
        elif not article.live:
            article.save()  # a draft's row holds its latest content, as the editor saves it
        revision = article.save_revision(log_action=True)
        if item.status == LIVE_STATUS:
            with publishing_unreviewed_import():
                revision.publish()
            # The dates readers and search engines knew; publishing just set them to now.
            BlogPage.objects.filter(pk=article.pk).update(
                first_published_at=item.date or article.first_published_at,
                last_published_at=item.modified or item.date or article.last_published_at,
            )
        ImportedPost.objects.update_or_create(
            wordpress_id=item.post_id,
            defaults={
                "article": article,
                "link": item.link[:500],
                "wordpress_modified": item.modified,
                "revision_id": revision.pk,
            },
        )
        self.redirect(item, article)
        return ("created" if created else "updated"), article

    def fill(self, article, item, blocks):
        """Set `article`'s fields from `item`: title, slug, intro, dates, body, featured
        image, authors, topics and tags."""
        article.title = (item.title or f"WordPress post {item.post_id}")[:TITLE_MAX]
        article.slug = self.free_slug(item, article)
        article.intro = self.intro(item, blocks)
        article.date_published = item.date
        article.body = blocks
        article.featured_image_id, article.featured_image_alt = self.featured_image(item)
        author = self.author_for(item.creator)
        article.article_authors = [ArticleAuthor(author=author, sort_order=0)] if author else []
        article.topics = [self.topic_for(slug, name) for slug, name in item.categories
                          if slug != UNCATEGORISED]  # fmt: skip
        article.tags.set(list(dict.fromkeys(name[:100] for name in item.tags)))
        if not article.live:
            article.has_unpublished_changes = True

    def free_slug(self, item, article):
        """The post's slug (non-ASCII kept, as Wagtail allows), or one made from its title;
        "-<post id>" is added if another article under the blog has it already."""
        slug = slugify(item.slug, allow_unicode=True) or slugify(item.title, allow_unicode=True)
        slug = (slug or f"post-{item.post_id}")[:200]
        if not Page._slug_is_available(slug, self.blog_index, article if article.pk else None):
            self.line(item, f"the address “{slug}” is taken: “{slug}-{item.post_id}” used")
            slug = f"{slug}-{item.post_id}"
        return slug

    @staticmethod
    def intro(item, blocks):
        """The excerpt as plain text, else the start of the first paragraph, else the title;
        at most INTRO_MAX characters."""
        text = unescape(strip_tags(item.excerpt)).strip()
        if not text:
            paragraphs = [block["value"] for block in blocks if block["type"] == "paragraph"]
            text = unescape(strip_tags(paragraphs[0])).strip() if paragraphs else ""
        text = " ".join((text or item.title).split())
        return Truncator(text).chars(INTRO_MAX)

    def featured_image(self, item):
        """(image id or None, alt text) of the post's featured image (`_thumbnail_id`)."""
        thumbnail = item.meta.get("_thumbnail_id", "")
        attachment = self.attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
        if attachment is None:
            return None, ""
        url, alt = attachment
        image_id = self.find_image(url, alt or item.title)
        if image_id is not None and not alt:
            self.post_notes.append("the featured image has no alt text: describe it")
        return image_id, alt[:250]

    def author_for(self, login):
        """The Author snippet of WordPress user `login` (found by name, made if missing)."""
        if not login:
            return None
        if login not in self.author_snippets:
            wordpress_author = self.authors.get(login)
            name = (wordpress_author.display_name if wordpress_author else login)[:120]
            self.author_snippets[login] = Author.objects.filter(
                name=name
            ).first() or Author.objects.create(name=name)
        return self.author_snippets[login]

    def topic_for(self, slug, name):
        """The Topic for WordPress category `slug` (found by slug or name, made if missing).
        Topic addresses are ASCII (`<slug:…>`), so a non-ASCII slug is transliterated."""
        if slug not in self.topics:
            name = (self.categories.get(slug) or name)[:80]
            topic_slug = (slugify(slug) or slugify(name) or "topic")[:70]
            topic = (
                Topic.objects.filter(slug=topic_slug).first()
                or Topic.objects.filter(name=name).first()
            )
            if topic is None:
                if Topic.objects.filter(slug=topic_slug).exists():
                    topic_slug = f"{topic_slug}-{Topic.objects.count() + 1}"
                topic = Topic.objects.create(name=name, slug=topic_slug)
            self.topics[slug] = topic
        return self.topics[slug]

    # --- images ------------------------------------------------------------------------

    def find_image(self, url, title):
        """The id of the Wagtail image for the upload at `url`, imported from --uploads
        the first time (a file already in the library, by content, is reused); None,
        and reported, if the file is not there. Nothing is ever downloaded."""
        path = uploads_path(url)
        if path is None:
            self.post_notes.append(f"image {url} is not from wp-content/uploads: left out")
            self.report.images["missing"] += 1
            return None
        if path in self.images:
            return self.images[path]
        found = self.uploaded_file(path)
        if found is None:
            self.post_notes.append(f"image missing from --uploads: {path}")
            self.report.images["missing"] += 1
            return None
        if found in self.images:  # a resized copy's original, already imported
            self.images[path] = self.images[found]
            return self.images[path]
        if self.report.dry_run:
            self.report.images["imported"] += 1
            self.images[path] = self.images[found] = None
            return None
        image_model = get_image_model()
        with found.open("rb") as file:
            file_hash = hash_filelike(file)
        image = image_model.objects.filter(file_hash=file_hash).first()
        if image is None:
            with found.open("rb") as file:
                image = image_model(title=(title or found.stem)[:255])
                image.file = ImageFile(file, name=found.name)
                image._set_image_file_metadata()
                image.save()
            self.report.images["imported"] += 1
        else:
            self.report.images["reused"] += 1
        self.images[path] = self.images[found] = image.pk
        return image.pk

    def uploaded_file(self, path):
        """The file under --uploads for uploads `path` (its full-size original first), or
        None. Paths that would lead outside the folder are refused."""
        if self.uploads is None:
            return None
        for candidate in dict.fromkeys((original_of(path), path)):
            file = (self.uploads / candidate).resolve()
            if file.is_relative_to(self.uploads) and file.is_file():
                return file
        return None

    # --- redirects and comments --------------------------------------------------------

    def redirect(self, item, article):
        """A permanent redirect from the post's WordPress permalink to `article`. A plain
        `/?p=ID` permalink is left to the middleware; a path that is the article's own
        address needs none."""
        parts = urlsplit(item.link)
        if parts.path in ("", "/"):
            return
        old_path = Redirect.normalise_path(item.link)
        if old_path == Redirect.normalise_path(article.get_url() or ""):
            return
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_page": article, "is_permanent": True, "redirect_link": ""},
        )
        self.report.redirects += 1

    def import_comments(self, item, article):
        """Each comment of `item` as a reply on `article`, parents before answers; one
        already imported is left as moderators have it now."""
        already = dict(
            ImportedComment.objects.filter(
                wordpress_id__in=[comment.comment_id for comment in item.comments]
            ).values_list("wordpress_id", "reply_id")
        )
        replies = dict(Reply.objects.in_bulk([pk for pk in already.values() if pk]))
        by_comment = {wid: replies.get(pk) for wid, pk in already.items()}
        parents = {comment.comment_id: comment.parent_id for comment in item.comments}
        imported = []
        for comment in sorted(item.comments, key=lambda comment: comment.comment_id):
            if comment.comment_id in already:
                self.report.comments["already imported"] += 1
                continue
            if comment.comment_type not in ("", "comment"):
                self.report.comments[f"{comment.comment_type}s skipped"] += 1
                continue
            status = wp_comments.status_for(comment.approved)
            if status is None:
                self.report.comments[f"{comment.approved or 'unknown'} skipped"] += 1
                continue
            parent = self.imported_ancestor(comment.parent_id, parents, by_comment)
            reply = wp_comments.new_reply(article, comment, status, parent)
            if not reply.comment:
                self.report.comments["empty skipped"] += 1
                continue
            reply.save()
            imported.append(ImportedComment(wordpress_id=comment.comment_id, reply=reply))
            by_comment[comment.comment_id] = reply
            self.report.comments[status] += 1
        ImportedComment.objects.bulk_create(imported)

    @staticmethod
    def imported_ancestor(parent_id, parents, by_comment):
        """The nearest reply imported from the comment `parent_id` or its ancestors (a
        trashed parent's answers join its own parent), or None for a new thread."""
        seen = set()
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            if by_comment.get(parent_id) is not None:
                return by_comment[parent_id]
            parent_id = parents.get(parent_id, 0)
        return None


def import_export(path, uploads=None, dry_run=False, progress=None):
    """Import the WordPress export at `path` (images from the `uploads` folder, a copy of
    wp-content/uploads) and return an `ImportReport`. With `dry_run`, everything runs and
    is rolled back (image files are only looked for). `progress(position, total, item,
    outcome)` is called after each post.

    Raises `wxr.WxrError` (naming the line) for a file that cannot be imported, and
    `ImportRefused` when there is no blog or no such uploads folder; nothing is written
    then."""
    return _Importer(path, uploads, dry_run, progress or (lambda *args: None)).run()
