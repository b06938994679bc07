"""No article goes live without a medical review: who may make one live, and the refusal.

An article goes live only by a medical reviewer, whose review it then records
(`BlogPage.publish`, `BlogPage.revision_with_medical_review`). Everyone else, administrators
included, is refused with `NEEDS_MEDICAL_REVIEW`. The admin's views turn the refusal into
that message on the page (`blog/medical_review_admin.py`).

This module imports no models: `blog.models` uses it.
"""

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
