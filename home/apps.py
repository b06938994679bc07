from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import register_converter

from home.converters import DatabaseIdConverter


class HomeConfig(AppConfig):
    """The clinic's own pages (home, contact) and its site-wide contact details."""

    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # `<id:…>` in every URLconf (home/converters.py); URLconfs load after ready().
        register_converter(DatabaseIdConverter, "id")
        # Wagtail's admin views import models of their own, so they can only be imported
        # once every app's models are loaded, i.e. here.
        from wagtail.documents import get_document_model
        from wagtail.models import Page, ReferenceIndex
        from wagtail.signals import post_page_move

        from home import page_cache_triggers
        from home.broken_links import index_again_after_delete
        from home.models import ClinicSettings, ContactPage
        from home.submissions import ContactSubmissionsListView
        from home.templatetags.navigation_tags import forget_menus

        ContactPage.submissions_list_view_class = ContactSubmissionsListView
        # The pages Clinic settings link to (contact, privacy) count as used, and an
        # unpublished one is a broken link, as for pages' own choosers.
        ReferenceIndex.register_model(ClinicSettings)
        # Keeps the links to a deleted page or document in the index (home/broken_links.py).
        for model in (Page, get_document_model()):
            pre_delete.connect(index_again_after_delete, sender=model)
        # What makes the page cache drop entries: pages, settings, images, documents.
        page_cache_triggers.connect()
        # The main menu is cached; any page saved, deleted or moved drops it (every page
        # type sends its own signals, hence no sender).
        post_save.connect(forget_menus, dispatch_uid="home.forget_menus.save")
        post_delete.connect(forget_menus, dispatch_uid="home.forget_menus.delete")
        post_page_move.connect(forget_menus, dispatch_uid="home.forget_menus.move")
