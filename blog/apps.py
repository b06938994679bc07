from django.apps import AppConfig


class BlogConfig(AppConfig):
    """Articles the clinic publishes, how readers find them, and their replies."""

    name = "blog"
    default_auto_field = "django.db.models.BigAutoField"
