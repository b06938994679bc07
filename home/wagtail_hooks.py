"""Links to pages and documents that are gone render as plain text in rich text (home.links,
home.rich_text)."""

from wagtail import hooks

from home.rich_text import LiveDocumentLinkHandler, LivePageLinkHandler


# After Wagtail's own registrations (order 0) of the "page" and "document" link types,
# which these handlers replace.
@hooks.register("register_rich_text_features", order=100)
def register_live_link_handlers(features):
    features.register_link_type(LivePageLinkHandler)
    features.register_link_type(LiveDocumentLinkHandler)
