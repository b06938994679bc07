from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class BlogConfig(AppConfig):
    """Articles the clinic publishes, how readers find them, and how they are reviewed."""

    name = "blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Models can be imported only once the app registry is ready, i.e. here.
        from blog.editorial import equip_new_blog_index
        from blog.models import Author, BlogIndexPage, Topic
        from home.page_cache_triggers import invalidate_everything

        # A blog index created after the editorial migration gets the "Medical review"
        # workflow and the Editors' and Medical reviewers' page permissions at once.
        post_save.connect(equip_new_blog_index, sender=BlogIndexPage)

        # Authors and topics show on articles, cards, topic pages and feeds: a change to one
        # drops every cached page (home/page_cache_triggers.py).
        for model in (Author, Topic):
            post_save.connect(invalidate_everything, sender=model)
            post_delete.connect(invalidate_everything, sender=model)
