from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The clinic's own pages (home, contact) and its site-wide contact details."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Wagtail's admin views import models of their own, so they can only be imported
        # once every app's models are loaded, i.e. here.
        from home.models import ContactPage
        from home.submissions import ContactSubmissionsListView

        ContactPage.submissions_list_view_class = ContactSubmissionsListView
