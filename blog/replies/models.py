"""A reader's reply, what screening found in it, and the phrase lists moderators maintain."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from django_comments_xtd.models import XtdComment

from blog.replies.cache import invalidate_articles
from blog.replies.phrases import phrase_regex
from blog.replies.text import render_reply_text


class Status(models.TextChoices):
    """Where a reply stands in moderation: the one definition every filter, count, template,
    feed and admin view uses (through `ReplyQuerySet` and `Reply.status`)."""

    AWAITING = "awaiting", "Awaiting moderation"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


def library_flags(status):
    """django-comments' own `is_public` and `is_removed` for `status`: {field: bool}.

    The library keeps them in its own table, where no constraint of ours can reach them, so
    they are never written on their own: `Reply.save()` and `ReplyQuerySet.set_status()`
    derive them from `status`, which is ours and checked by the database.
    """
    return {"is_public": status == Status.APPROVED, "is_removed": status == Status.REMOVED}


def article_type_id():
    """The id of BlogPage's ContentType (an int), which every reply on an article carries.

    Django's ContentType manager keeps it per process and database (one query the first
    time), so the replies of an article are found without joining django_content_type in
    each query and subquery that looks for them (PostgreSQL planned and ran a join per
    subquery of the thread's query)."""
    return ContentType.objects.get_by_natural_key("blog", "blogpage").pk


class ReplyQuerySet(models.QuerySet):
    def with_status(self, *statuses):
        return self.filter(status__in=statuses)

    def approved(self):
        """Replies everyone may read."""
        return self.filter(status=Status.APPROVED)

    def awaiting_moderation(self):
        return self.filter(status=Status.AWAITING)

    def spam(self):
        return self.filter(status=Status.SPAM)

    def removed(self):
        return self.filter(status=Status.REMOVED)

    def held(self):
        """Replies their author still sees as "awaiting moderation": spam is never announced
        to whoever sent it, so a spammer learns nothing from the page."""
        return self.with_status(Status.AWAITING, Status.SPAM)

    def reported(self):
        """Replies at least one reader has reported."""
        return self.filter(models.Exists(ReplyReport.objects.filter(reply=models.OuterRef("pk"))))

    def count_per_article(self):
        """A subquery for annotating BlogPage querysets: how many of these replies each
        article (OuterRef("pk")) has, 0 for none."""
        counts = (
            self.filter(
                content_type_id=article_type_id(),
                object_pk=Cast(models.OuterRef("pk"), models.CharField()),
            )
            .order_by()
            .values("object_pk")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return Coalesce(models.Subquery(counts), 0)

    def holding_ip_beyond(self, days):
        """Replies sent more than `days` days ago that still hold their author's IP address
        (`purge_comment_ips` clears them after REPLIES_IP_KEPT_DAYS)."""
        sent_before = timezone.now() - timezone.timedelta(days=days)
        return self.filter(submit_date__lt=sent_before).exclude(ip_address=None)

    def spam_older_than(self, days):
        """Spam sent more than `days` days ago (`purge_spam_replies` deletes it after
        REPLIES_SPAM_KEPT_DAYS)."""
        return self.spam().filter(submit_date__lt=timezone.now() - timezone.timedelta(days=days))

    def for_article(self, article):
        """The replies on `article` (a BlogPage, or anything whose `pk` is its id)."""
        return self.filter(content_type_id=article_type_id(), object_pk=str(article.pk))

    def shown_threads(self):
        """The threads these replies make visible: the distinct `thread_id`s (a root's id) of
        the approved ones. A thread is shown, and paged, as soon as one reply in it is
        approved; a root that is not is shown as a placeholder (blog/replies/thread.py)."""
        return self.approved().order_by().values("thread_id").distinct()

    def with_thread_position(self):
        """Annotate each reply with where its thread stands in its article's public thread:
        `threads_before` (shown threads started before its own) and `threads_shown` (all
        of them). A reply whose thread is not shown yet (a held new thread) is placed where
        it will appear once approved. Two subqueries in this query, none per reply."""
        same_article = self.model.objects.filter(
            content_type_id=models.OuterRef("content_type_id"),
            object_pk=models.OuterRef("object_pk"),
        ).approved()

        def count_threads(replies):
            counts = (
                replies.order_by()
                .values("object_pk")
                .annotate(count=models.Count("thread_id", distinct=True))
                .values("count")
            )
            return Coalesce(models.Subquery(counts), 0)

        return self.annotate(
            threads_before=count_threads(
                same_article.filter(thread_id__lt=models.OuterRef("thread_id"))
            ),
            threads_shown=count_threads(same_article),
        )

    def set_status(self, status, **fields):
        """Write `status` (and the library flags that mirror it) with other `fields`, in one
        call that bypasses model signals: the library's pre_save hook would otherwise copy
        a parent's state to its whole subtree. The articles' cached pages are dropped after
        commit (blog/replies/cache.py). Returns the number of replies changed."""
        invalidate_articles(self.values_list("object_pk", flat=True).distinct())
        return self.update(status=status, **library_flags(status), **fields)


def initials_of(user_name):
    """Up to two letters (str) for a reply's avatar, from its author's name; "?" if none."""
    words = re.findall(r"\w+", user_name)
    return "".join(word[0] for word in words[:2]).upper() or "?"


def website_of(user_url):
    """`user_url` if it is an http(s) address, else "" (str): the form accepts nothing else,
    but a row written another way (an import, the shell) must not turn the author's name
    into a javascript: or data: link."""
    scheme = user_url.split(":", 1)[0].strip().lower()
    return user_url if scheme in ("http", "https") and "//" in user_url else ""


def stored_text_html(comment, text_html, is_clinic_reply):
    """A reply's text as safe HTML: `text_html` as stored on save, or, for a row whose text
    was written without it (an update() that bypassed `text_fields`), `comment` rendered
    now, so the page never shows an empty reply."""
    if comment and not text_html:
        return render_reply_text(comment, is_clinic_reply)
    return mark_safe(text_html)  # noqa: S308 (only render_reply_text writes it)


def deepest_level():
    """The level of the deepest reply (0 for top-level ones): REPLIES_MAX_DEPTH levels in all,
    as django-comments-xtd counts them (COMMENTS_XTD_MAX_THREAD_LEVEL, derived in settings)."""
    return settings.COMMENTS_XTD_MAX_THREAD_LEVEL


class Reply(XtdComment):
    """A reply to an article (or to another reply), as stored the moment it is posted.

    The threading fields (thread_id, parent_id, level, order) and the follow-up flag come
    from django-comments-xtd; the fields here record its moderation status, why it was held
    and the reader's consent, which no comment system keeps.
    """

    Status = Status

    class HeldReason(models.TextChoices):
        POLICY = "policy", "Every reply is reviewed"
        FIRST_TIME = "first_time", "First reply from this email address"
        SPAM = "spam", "Matched a spam rule"
        CRISIS = "crisis", "Mentions self-harm or suicide"
        HEALTH_INFO = "health_info", "May contain personal health information"
        EDITED = "edited", "Edited by the reader after approval"
        REPORTS = "reports", "Reported by readers"

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AWAITING, db_index=True
    )
    # `comment` rendered by blog.replies.text.render_reply_text, stored so that a page view only
    # copies it: written by save() and, for update()s, through `text_fields`.
    text_html = models.TextField(blank=True, editable=False)
    held_reason = models.CharField(max_length=20, choices=HeldReason.choices, blank=True)
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
        help_text="Written by a moderator for the clinic; signed with the clinic's name and "
        "shown with a “Clinic” badge.",
    )
    consent_policy_version = models.CharField(max_length=20, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Emails that go once per reply, however often it is approved again or edited.
    publication_announced_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its author, the article's authors and the thread were told it is public.",
    )
    crisis_alert_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When moderators got the urgent email about it."
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The clinic's official word on its article, shown above the thread. One-to-one: the
    # database keeps it to one pinned answer per article (moderation.pin swaps them).
    pinned_on = models.OneToOneField(
        "blog.BlogPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The article whose thread this clinic answer is pinned to the top of.",
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = "reply"
        verbose_name_plural = "replies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="reply_status_is_known"
            ),
            # A spam rule says why a reply is spam: a reply with one is spam, whatever else
            # an update() tries to make of it (approved and spam at once is refused).
            models.CheckConstraint(
                condition=models.Q(status=Status.SPAM) | models.Q(spam_rule=""),
                name="reply_spam_rule_only_on_spam",
            ),
            # Only the clinic's own answers are pinned as its word.
            models.CheckConstraint(
                condition=models.Q(pinned_on=None) | models.Q(is_clinic_reply=True),
                name="reply_pinned_only_if_clinic_answer",
            ),
        ]

    def __str__(self):
        return f"{self.user_name}: {self.comment[:60]}"

    def save(self, *args, **kwargs):
        for flag, value in library_flags(self.status).items():
            setattr(self, flag, value)
        self.text_html = str(render_reply_text(self.comment, self.is_clinic_reply))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "comment" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_html"}
        super().save(*args, **kwargs)

    @property
    def text_as_html(self):
        """The reply's text as safe HTML, as stored on save. A row whose text was written
        without it (an update() that bypassed `text_fields`) is rendered now instead, so
        the page never shows an empty reply."""
        return stored_text_html(self.comment, self.text_html, self.is_clinic_reply)

    def mark_sent_once(self, field):
        """Record now in `field` (`publication_announced_at` or `crisis_alert_sent_at`) if
        it is empty. True if this call recorded it: the caller sends that email, and nobody
        else will, even two moderators approving at the same moment (one conditional
        UPDATE decides)."""
        now = timezone.now()
        marked = Reply.objects.filter(pk=self.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if marked:
            setattr(self, field, now)
        return bool(marked)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_approved(self):
        return self.status == Status.APPROVED

    @property
    def is_awaiting_moderation(self):
        return self.status == Status.AWAITING

    @property
    def is_spam(self):
        return self.status == Status.SPAM

    @property
    def accepts_answers(self):
        """Whether a reply to this one fits in the thread (it is not at the deepest level)."""
        return self.level < deepest_level()

    @property
    def answer_parent_id(self):
        """The reply an answer to this one is threaded under: this one, or its parent when
        this one is at the deepest level (the answer then follows it, one level up)."""
        return self.pk if self.accepts_answers else self.parent_id

    @property
    def can_still_be_edited(self):
        """Within the few minutes after posting when its author may edit or withdraw it."""
        window = timezone.timedelta(minutes=settings.REPLIES_EDIT_MINUTES)
        return self.status != Status.REMOVED and timezone.now() - self.submit_date < window

    @cached_property
    def initials(self):
        """Up to two letters for the avatar, drawn locally (no Gravatar)."""
        return initials_of(self.user_name)

    @property
    def website_url(self):
        """The reader's website to link to: `user_url` if it is an http(s) address, else "".
        The form accepts nothing else, but a row written another way (an import, the shell)
        must not turn the author's name into a javascript: or data: link."""
        return website_of(self.user_url)

    def has_answers(self):
        """Whether any reply (in any status) is threaded under this one. One query."""
        return Reply.objects.filter(parent_id=self.pk).exclude(pk=self.pk).exists()

    def get_absolute_url(self):
        """The reply's permalink, which finds the page of the thread that holds it."""
        return reverse("replies:permalink", args=[self.pk])

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
        max_length=100,
        help_text=(
            "Whole words, ignoring case, apostrophes (’ or '), hyphens, extra spaces and "
            "contractions (“don’t” = “do not”), e.g. “end my life”. Write “…” (or a lone *) "
            "where up to three words may come between: “took all … pills” also finds “took "
            "all my sleeping pills”. End a word with * for any ending: “overdos*” finds "
            "overdose, overdosed, overdosing. # stands for a number: “took # pills”. A / "
            "between words offers either: “took/swallowed all … pills”."
        ),
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

    def clean(self):
        """Refuse a phrase screening could not match (no words, or a "…" at either end),
        with the reason, on the phrase field (ValidationError)."""
        super().clean()
        try:
            phrase_regex(self.phrase or "")
        except ValueError as error:
            raise ValidationError({"phrase": str(error)}) from error


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


class ReaderBlockQuerySet(models.QuerySet):
    def active(self):
        """Blocks still in force (not expired)."""
        return self.filter(expires_at__gt=timezone.now())

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class ReaderBlock(models.Model):
    """A reader whose next replies go straight to spam, blocked by a moderator from one of
    their replies: by email address or by network (IP) address, until `expires_at`.

    Neither is stored: only a keyed hash of it (`blog.replies.blocking.block_key`), enough to
    recognise the next reply, and a masked form for the list ("d•••@example.com"). An address
    block lasts no longer than replies keep IP addresses (REPLIES_IP_KEPT_DAYS)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email address"
        ADDRESS = "address", "Network address"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=64, help_text="A keyed hash of the address, never it.")
    shown_as = models.CharField(max_length=120)
    from_reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, for other moderators.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(db_index=True)

    objects = ReaderBlockQuerySet.as_manager()

    panels = [FieldPanel("note")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "blocked reader"
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="unique_reader_block")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.shown_as}"

    @property
    def is_active(self):
        return self.expires_at > timezone.now()
