"""What invalidates the page cache (home/page_cache.py) among the things every app shares:
pages, Clinic settings, images and their renditions, documents. The blog (authors, topics)
and the replies app (a reply's state or text) connect their own, with the same calls.

- A live page saved again (a new revision published): its `page:<id>`, LISTS and
  SITEMAP; a CDN drops every public page.
- A page going live or not, moved, deleted, created live, its slug or its "show in menus"
  changed: SITE (every entry: menus, links and cards anywhere); a CDN drops every page.
- A page made private or public again (a view restriction added, changed or removed: the
  page leaves listings too), Clinic settings, a Site (its host name, port or root page: every
  link and route under it), an image (its focal point too), a rendition deleted, a
  document: SITE.

Drafts (a revision saved, not published) change nothing readers see, and bump nothing.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from home import page_cache
from home.visibility import public_pages

# What Wagtail writes when a draft is saved (Page.save_revision, autosave included).
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}
# A change of these shows on other pages than the page itself: menus, links, breadcrumbs.
SITE_WIDE_FIELDS = ("live", "url_path", "show_in_menus")


def every_public_url():
    """The full URLs of every live public page (with their routes' paths: topic pages,
    feeds) and of each site's sitemap: what a CDN is asked to drop after a site-wide change."""
    urls = page_cache.page_urls(public_pages(Page.objects.all()))
    return urls | {f"{site.root_url}/sitemap.xml" for site in Site.objects.all()}


def invalidate_site():
    """Drop every entry (and every public URL from the CDN)."""
    page_cache.invalidate(page_cache.SITE, purge_urls=every_public_url)


def remember_page_before_save(sender, instance, update_fields=None, **kwargs):
    """Keep what a page's row said before this save, to tell a new revision of a live page
    (exact tags) from a change that shows everywhere (SITE)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    instance._page_cache_before = (
        Page.objects.filter(pk=instance.pk).values(*SITE_WIDE_FIELDS).first()
    )


def invalidate_saved_page(sender, instance, created=False, update_fields=None, **kwargs):
    """A page row was written: see the module's table."""
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before = getattr(instance, "_page_cache_before", None)
    instance._page_cache_before = None
    if created or before is None:
        if instance.live:
            invalidate_site()
        return
    if any(before[field] != getattr(instance, field) for field in SITE_WIDE_FIELDS):
        invalidate_site()
    elif instance.live:
        page_cache.invalidate(
            page_cache.page_tag(instance.pk),
            page_cache.LISTS,
            page_cache.SITEMAP,
            purge_urls=every_public_url,
        )


def invalidate_everything(sender, **kwargs):
    """A change shown on pages nobody can list cheaply (settings, images, documents, moves,
    deletions): every entry."""
    invalidate_site()


def invalidate_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_site()


def connect():
    """Connect the receivers (HomeConfig.ready)."""
    # Imported here: models load with the app registry.
    from home.models import ClinicSettings

    pre_save.connect(remember_page_before_save, dispatch_uid="page_cache_page_before")
    post_save.connect(invalidate_saved_page, dispatch_uid="page_cache_page_saved")
    post_delete.connect(invalidate_deleted_page, dispatch_uid="page_cache_page_deleted")
    post_page_move.connect(invalidate_everything, dispatch_uid="page_cache_page_moved")
    image_model = get_image_model()
    rendition_model = image_model.renditions.rel.related_model
    for model in (ClinicSettings, PageViewRestriction, Site, image_model, get_document_model()):
        post_save.connect(invalidate_everything, sender=model)
        post_delete.connect(invalidate_everything, sender=model)
    post_delete.connect(invalidate_everything, sender=rendition_model)
