"""Wagtail's rich-text link handlers for pages and documents, with the rule of home/links.py:
a link whose page was deleted or unpublished, or whose document was deleted, is marked dead
(and shown as its text), and the targets come from those loaded ahead for a whole article.
Registered in home/wagtail_hooks.py in place of Wagtail's own."""

from django.utils.html import escape

from wagtail.documents import get_document_model
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from home import links


class LivePageLinkHandler(PageLinkHandler):
    """Rich-text links to pages; a deleted or unpublished page's link is marked dead."""

    @classmethod
    def get_many(cls, attrs_list):
        return links.link_targets(Page, [attrs.get("id") for attrs in attrs_list])

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        tags = []
        for page in cls.get_many(attrs_list):
            url = page.localized.url if links.page_is_linkable(page) else None
            tags.append(f'<a href="{escape(url)}">' if url else links.DEAD_LINK_TAG)
        return tags


class LiveDocumentLinkHandler(DocumentLinkHandler):
    """Rich-text links to documents; a deleted document's link is marked dead."""

    @classmethod
    def get_many(cls, attrs_list):
        return links.link_targets(get_document_model(), [attrs.get("id") for attrs in attrs_list])

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            f'<a href="{escape(document.url)}">' if document else links.DEAD_LINK_TAG
            for document in cls.get_many(attrs_list)
        ]
