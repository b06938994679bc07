"""Links from the site's content to its own pages and documents, and what readers see when
the page or document has gone.

One rule: a link to a page leads somewhere while the page exists and is live; a link to a
document, while the document exists. A dead link is shown as its text alone, never as an
`<a>` that looks like a link and goes nowhere (Wagtail's own handlers render deleted targets
as `<a>` without an address, and unpublished pages as links to a 404).

- Rich text (articles' blocks, the contact page, information pages): the handlers of
  home/rich_text.py replace Wagtail's for "page" and "document" links and mark dead ones,
  and `without_dead_links` unwraps them; every rich text passes through it in
  templates/wagtailcore/shared/richtext.html, the template Wagtail renders all rich text
  with.
- Pages chosen in a field (Clinic settings, the home page, breadcrumbs): templates ask
  `{% if page|is_linkable %}` (templatetags/link_tags.py).

Editors find every dead link in the Broken links report (home/broken_links.py).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.documents import get_document_model
from wagtail.models import Page

# The opening tag a dead link is given while rich text is expanded. The rich-text editor
# stores links only with linktype/id/href attributes, so no editor's text can contain it.
DEAD_LINK_TAG = "<a data-dead-link>"
# Links cannot nest (HTML forbids it, and the editor cannot make one), so the first </a>
# after a dead link's opening tag is its own.
DEAD_LINK = re.compile(r"<a data-dead-link>(.*?)</a>", re.DOTALL)

# Pages and documents loaded ahead for the links of several rich texts at once, by
# (model, id as a string); None for an id that does not exist (see `link_targets_loaded`).
_loaded_targets = ContextVar("loaded_link_targets", default=None)


def page_is_linkable(page):
    """True if a link to `page` (a Page, or None when it was deleted) leads somewhere."""
    return page is not None and page.live


def without_dead_links(html):
    """`html` (expanded rich text, a string) with each dead link replaced by its text."""
    if DEAD_LINK_TAG not in html:
        return html
    return DEAD_LINK.sub(r"\1", html)


def _pages(ids):
    # Specific pages (for their own URL rules) without the query per page type.
    return Page.objects.filter(pk__in=ids).defer_streamfields().specific(defer=True)


def _documents(ids):
    return get_document_model().objects.filter(pk__in=ids)


def _loader(model):
    return _pages if model is Page else _documents


def link_targets(model, ids):
    """The objects of `model` (Page or the document model) with `ids` (from rich text), in
    order, None for each that does not exist; taken from those loaded ahead when they were."""
    ids = [str(pk) for pk in ids]
    loaded = _loaded_targets.get() or {}
    wanted = {pk for pk in ids if pk.isdigit() and (model, pk) not in loaded}
    found = {str(target.pk): target for target in _loader(model)(wanted)} if wanted else {}
    return [loaded.get((model, pk), found.get(pk)) for pk in ids]


@contextmanager
def link_targets_loaded(references):
    """While the block runs, links to the pages and documents among `references` are
    expanded from one query for the pages and one for the documents, made here, instead of
    one per rich text: an article costs as many queries with fifty links as with one.

    `references` are (model, id, …) tuples, as blocks' `extract_references()` yield them.
    """
    ids = {Page: set(), get_document_model(): set()}
    for model, pk, *_path in references:
        key = Page if issubclass(model, Page) else model
        if key in ids and str(pk).isdigit():
            ids[key].add(str(pk))
    loaded = dict(_loaded_targets.get() or {})
    for model, wanted in ids.items():
        if wanted:
            found = {str(target.pk): target for target in _loader(model)(wanted)}
            loaded.update({(model, pk): found.get(pk) for pk in wanted})
    token = _loaded_targets.set(loaded)
    try:
        yield
    finally:
        _loaded_targets.reset(token)
