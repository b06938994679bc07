"""A reader's reply, what screening found in it, and the phrase lists moderators maintain."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from django_comments_xtd.models import XtdComment

# What a reply's state (Reply.status) is called in the admin and its audit log.
STATUS_LABELS = {
    "awaiting": "Awaiting moderation",
    "approved": "Approved",
    "spam": "Spam",
    "removed": "Removed",
    "deleted": "Deleted",
}


class ReplyQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_public=True, is_removed=False)

    def awaiting_moderation(self):
        return self.filter(is_public=False, is_removed=False, is_spam=False)

    def spam(self):
        return self.filter(is_spam=True)

    def reported(self):
        """Replies at least one reader has reported."""
        return self.filter(models.Exists(ReplyReport.objects.filter(reply=models.OuterRef("pk"))))

    def for_article(self, article):
        return self.filter(content_type__app_label="blog", content_type__model="blogpage").filter(
            object_pk=str(article.pk)
        )


class Reply(XtdComment):
    """A reply to an article (or to another reply), as stored the moment it is posted.

    The threading fields (thread_id, parent_id, level, order) and the follow-up flag come
    from django-comments-xtd; the fields here record why a reply is held and the reader's
    consent, which no comment system keeps.
    """

    class HeldReason(models.TextChoices):
        POLICY = "policy", "Every reply is reviewed"
        FIRST_TIME = "first_time", "First reply from this email address"
        SPAM = "spam", "Matched a spam rule"
        CRISIS = "crisis", "Mentions self-harm or suicide"
        HEALTH_INFO = "health_info", "May contain personal health information"
        EDITED = "edited", "Edited by the reader after approval"
        REPORTS = "reports", "Reported by readers"

    held_reason = models.CharField(max_length=20, choices=HeldReason.choices, blank=True)
    is_spam = models.BooleanField(default=False, db_index=True)
    spam_rule = models.CharField(
        max_length=40, blank=True, help_text="Which spam rule caught this reply."
    )
    mentions_crisis = models.BooleanField(default=False, db_index=True)
    health_info_found = models.CharField(
        max_length=120,
        blank=True,
        help_text="What looked like personal health information (phone, email, birth date).",
    )
    is_clinic_reply = models.BooleanField(
        default=False,
        help_text="Written by a moderator for the clinic; shown with a “Clinic team” badge.",
    )
    consent_policy_version = models.CharField(max_length=20, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = "reply"
        verbose_name_plural = "replies"

    def __str__(self):
        return f"{self.user_name}: {self.comment[:60]}"

    @property
    def status(self):
        if self.is_spam:
            return "spam"
        if self.is_removed:
            return "removed"
        return "approved" if self.is_public else "awaiting"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def is_awaiting_moderation(self):
        return self.status == "awaiting"

    @property
    def can_still_be_edited(self):
        """Within the few minutes after posting when its author may edit or withdraw it."""
        window = timezone.timedelta(minutes=settings.REPLIES_EDIT_MINUTES)
        return not self.is_removed and timezone.now() - self.submit_date < window

    @cached_property
    def initials(self):
        """Up to two letters for the avatar, drawn locally (no Gravatar)."""
        words = re.findall(r"\w+", self.user_name)
        return "".join(word[0] for word in words[:2]).upper() or "?"

    def get_absolute_url(self):
        return f"{self.content_object.url}#reply-{self.pk}"

    @property
    def is_urgent(self):
        """Held for crisis language: a moderator should read it before anything else."""
        return self.mentions_crisis and self.is_awaiting_moderation


class ScreeningPhrase(index.Indexed, models.Model):
    """A word or phrase moderators maintain: disallowed (the reply is spam) or crisis language
    (the reply is held, the reader sees crisis resources and moderators get an urgent email)."""

    class Kind(models.TextChoices):
        DISALLOWED = "disallowed", "Disallowed (spam)"
        CRISIS = "crisis", "Crisis language"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    phrase = models.CharField(
        max_length=100, help_text="Matched as whole words, ignoring case, e.g. “end my life”."
    )

    panels = [FieldPanel("kind"), FieldPanel("phrase")]
    search_fields = [index.SearchField("phrase")]

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "phrase"], name="unique_screening_phrase")
        ]

    def __str__(self):
        return self.phrase


class ReplyReport(models.Model):
    """A reader's report that a public reply breaks the rules. Readers have no accounts, so
    the library's CommentFlag (which needs a user) cannot hold it; the reporter is known only
    by a hash of their IP address, kept to count repeated reports."""

    class Reason(models.TextChoices):
        HARMFUL = "harmful", "Harmful or abusive"
        SPAM = "spam", "Spam or advertising"
        PERSONAL_INFO = "personal_info", "Shares personal information"
        OTHER = "other", "Something else"

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    reporter_ip_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reader report"

    def __str__(self):
        return f"{self.get_reason_display()} (reply {self.reply_id})"
