"""Publishing as the admin does, for tests of what a publish changes (the page cache, kept
fragments, remembered routes)."""

from wagtail.models import Page


def publish(page, user, **changes):
    """Publish a new revision of `page` (a Page) with `changes` (field values) by `user` (a
    medical reviewer for articles, as the workflow asks; None for pages without one), as
    the admin does: the published page, read again as its own type."""
    page = Page.objects.get(pk=page.pk).specific
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision(user=user).publish(user=user)
    return page
