from django.apps import AppConfig


class BlogConfig(AppConfig):
    """Articles the clinic publishes, how readers find them, and their replies."""

    name = "blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from blog.editorial import equip_new_blog_index
        from blog.models import BlogIndexPage

        # A blog index created after the editorial migration gets the "Medical review"
        # workflow and the Editors' and Medical reviewers' page permissions at once.
        post_save.connect(equip_new_blog_index, sender=BlogIndexPage)
