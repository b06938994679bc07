from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The clinic's own pages (home, contact) and its site-wide contact details."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"
