from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class RepliesConfig(AppConfig):
    """Readers' replies to articles: screening, moderation policy, notifications.

    Built on django-comments-xtd (threading, follow-up flag) with our own form, views and
    templates, so every reply is stored before anything else happens and nothing a reader
    writes is public until a moderator approves it.
    """

    name = "blog.replies"
    label = "replies"
    verbose_name = "Replies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models (ours and the library's) can be imported only once the registry is ready.
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from blog.replies.cache import reply_deleted, reply_saved
        from blog.replies.models import Reply, ScreeningPhrase
        from blog.replies.screening import forget_phrase_patterns

        # django-comments-xtd copies a reply's is_public to its whole subtree on every save,
        # which would publish held replies when their parent is approved or edited. Our
        # moderation code decides each reply's state on its own (blog/replies/moderation.py).
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender="replies.Reply")

        # Registers the check that the daily purges of personal data are running.
        import blog.replies.checks  # noqa: F401

        # Screening caches the moderators' phrase lists; a change takes effect at once.
        post_save.connect(forget_phrase_patterns, sender=ScreeningPhrase)
        post_delete.connect(forget_phrase_patterns, sender=ScreeningPhrase)

        # A change readers see in a thread drops its article's cached pages (blog/replies/cache.py).
        post_save.connect(reply_saved, sender=Reply)
        post_delete.connect(reply_deleted, sender=Reply)
