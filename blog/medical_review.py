"""No article goes live without a medical review: who may make one live, and the refusal.

An article goes live only by a medical reviewer, whose review it then records
(`BlogPage.publish`, `BlogPage.revision_with_medical_review`). Everyone else, administrators
included, is refused with `NEEDS_MEDICAL_REVIEW`. The admin's views turn the refusal into
that message on the page (`blog/medical_review_admin.py`).

One exception, narrow and named: `publishing_unreviewed_import()`, which only the WordPress
import uses (`manage.py import_wordpress`). Articles that are already public on the clinic's
old site go live here without anyone recording a review they never had, and so appear on the
review report as never medically reviewed (`blog.models.NEVER_REVIEWED`) until a reviewer
records one.

This module imports no models: `blog.models` uses it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied

from home.roles import MEDICAL_REVIEWERS

NEEDS_MEDICAL_REVIEW = (
    "This article needs a medical review before it goes live. Only a medical reviewer (a member "
    "of Medical reviewers with an author profile) can publish it, and publishing records their "
    "review."
)


class MedicalReviewRequired(PermissionDenied):
    """Raised instead of publishing an article that would go live without a medical review.

    A `PermissionDenied`, so an uncaught one is a 403, never a 500; its text is
    `NEEDS_MEDICAL_REVIEW`.
    """

    def __init__(self, message=NEEDS_MEDICAL_REVIEW):
        super().__init__(message)
        self.message = message


def is_medical_reviewer(user):
    """True if `user` (a user, or None) may make an article live: an active member of Medical
    reviewers with an author profile (`Author.user`), whose review can be recorded.

    Superusers count only on the same terms: being an administrator is not a medical review.
    """
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and hasattr(user, "author_profile")
        and user.groups.filter(name=MEDICAL_REVIEWERS).exists()
    )


def require_medical_reviewer(user):
    """Raise `MedicalReviewRequired` unless `user` `is_medical_reviewer`."""
    if not is_medical_reviewer(user):
        raise MedicalReviewRequired()


# Set only inside `publishing_unreviewed_import()`; a ContextVar, so another thread or
# request of the same process never sees it.
_unreviewed_import = ContextVar("unreviewed_import", default=False)


@contextmanager
def publishing_unreviewed_import():
    """Within this block, an article that records no medical review may be published with
    no user (`revision.publish()`), and stays recorded as never reviewed.

    For `manage.py import_wordpress` only: the posts it imports are public today on the old
    site, so taking them offline until reviewed would cost the clinic its readers and search
    rankings; the review report lists them as never reviewed instead. Publishing by a user,
    or an article that names a reviewer (a review this block would not have checked), is
    refused as everywhere else (`BlogPage.revision_with_medical_review`).
    """
    token = _unreviewed_import.set(True)
    try:
        yield
    finally:
        _unreviewed_import.reset(token)


def unreviewed_import_allowed():
    """True inside `publishing_unreviewed_import()`."""
    return _unreviewed_import.get()
