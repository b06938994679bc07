"""The anchors (ids) of an article's headings, which its table of contents links to.

One rule for the heading blocks and the contents: an anchor is never empty, keeps the
heading's own script ("Что такое кетамин" → "что-такое-кетамин"), and is unique on the whole
page, where the page's own templates already give ids to their elements (`main`, `replies`,
`reply-12`…). An editor's own anchor keeps its name unless the page uses it or an earlier
heading's editor chose it first; an anchor made from a heading's text makes way for both.
"""

import re
from itertools import count

from django.utils.text import slugify

from wagtail import hooks

# The anchor of a heading whose text has no letters or digits to make one from ("!!!").
FALLBACK_ANCHOR = "section"

# Upper layers whose templates add ids to the article page (the replies section) register
# functions under this hook, each returning regular expressions that match the whole of
# every id they use. Patterns must match only those ids: "replies-2" is what a heading
# "Replies" becomes, so it must stay free.
PAGE_IDS_HOOK = "register_article_page_ids"

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# Ids in the templates the article page is built from: base.html and includes/ (header,
# footer, share row), blog/blog_page.html and the block templates in blog/blocks/ (which
# label a block by its id, or by a word when rendered without one).
ARTICLE_PAGE_IDS = [
    "main",
    "site-menu",
    "header-search-query",
    "toc-heading",
    "share-heading",
    "authors-heading",
    "related-heading",
    "contact-details",
    "footer-(?:visit|contact|hours|social)",
    f"(?:callout|cta|faq|references|takeaways)-(?:{_UUID}|note|contact|list)",
]


def page_id_pattern():
    """A compiled expression that full-matches every id the article page's templates use."""
    patterns = list(ARTICLE_PAGE_IDS)
    for page_ids in hooks.get_hooks(PAGE_IDS_HOOK):
        patterns.extend(page_ids())
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def is_page_id(anchor):
    """True if `anchor` (a string) is, or could be, an id the article page itself uses."""
    return page_id_pattern().fullmatch(anchor) is not None


def anchor_from_text(text):
    """A heading's anchor made from its text: a Unicode slug, never empty."""
    return slugify(text, allow_unicode=True) or FALLBACK_ANCHOR


def is_valid_anchor(anchor):
    """True if an editor's anchor is already in slug form (lower case, hyphens, any script)."""
    return slugify(anchor, allow_unicode=True) == anchor


def heading_anchors(headings):
    """The anchor of each heading of one page, in order, all distinct and none an id the page
    uses.

    `headings` is a list of (text, anchor typed by the editor or "") pairs. Editors' anchors
    are placed first (the first heading to name one keeps it); the rest take their slug, or
    the slug with "-2", "-3"… when it is taken.
    """
    page_ids = page_id_pattern()
    taken = set()
    chosen = [None] * len(headings)
    for position, (_text, anchor) in enumerate(headings):
        if anchor and anchor not in taken and not page_ids.fullmatch(anchor):
            chosen[position] = anchor
            taken.add(anchor)
    for position, (text, anchor) in enumerate(headings):
        if chosen[position] is not None:
            continue
        base = anchor or anchor_from_text(text)
        candidate = base
        for number in count(2):
            if candidate not in taken and not page_ids.fullmatch(candidate):
                break
            candidate = f"{base}-{number}"
        chosen[position] = candidate
        taken.add(candidate)
    return chosen


def body_anchors(body):
    """One entry per child of an article body (a StreamValue): the heading's anchor, or None
    for a block that is not a heading."""
    headings = [
        (child.value["text"], child.value["anchor"])
        for child in body
        if child.block_type == "heading"
    ]
    anchors = iter(heading_anchors(headings))
    return [next(anchors) if child.block_type == "heading" else None for child in body]
