"""A WordPress post's HTML as the raw StreamField data of an article body.

Both editors' output is read: Gutenberg's (HTML between `<!-- wp:… -->` comments, which are
dropped) and the classic editor's (paragraphs separated by blank lines, `[caption]`
shortcodes), the latter turned into paragraphs the way WordPress's `wpautop` does on display.
Headings become heading blocks, paragraphs and lists rich text, images image blocks,
quotes pull-quote blocks, YouTube/Vimeo embeds video links. Rich text is cleaned by
Wagtail's own whitelister with the paragraph block's features, so nothing but those tags and
safe links survives. Markup we have no block for is kept as that cleaned rich text (its words
stay), and reported; scripts, forms and frames are dropped, and reported. What the old theme
left in posts (a pasted "share this article" row, an empty "Leave a Reply" heading) is
dropped: the site draws its own.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from blog.blocks import PARAGRAPH_FEATURES

HEADING_MAX = 120
QUOTE_MAX = 400
ATTRIBUTION_MAX = 120
IMAGE_TEXT_MAX = 250

_RICH_TEXT = EditorHTMLConverter(features=PARAGRAPH_FEATURES)

# Read as text around them: everything else inline is unwrapped by the whitelister.
_INLINE = {
    "a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
    "small", "span", "strike", "strong", "sub", "sup", "time", "u",
}  # fmt: skip
_RICH_TEXT_BLOCKS = {"p", "ul", "ol"}
_WRAPPERS = {"div", "section", "article", "main", "header", "footer", "aside", "center"}
_DROPPED = {
    "script", "style", "iframe", "form", "noscript", "object", "embed", "input", "button",
    "select", "textarea", "svg", "canvas", "link", "meta",
}  # fmt: skip
_SHORTCODES_DROPPED = re.compile(
    r"\[/?(gallery|embed|video|audio|playlist|contact-form-7|wpforms|ninja_form)\b[^\]]*\]"
)
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL)
_CAPTION_PARTS = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
_BLANK_LINE = re.compile(r"\n\s*\n")
_VIDEO_URL = re.compile(r"https?://(www\.)?(youtube\.com|youtu\.be|vimeo\.com)/\S+")

# The theme's share row, as pasted into old posts: only these words, and either "share" or
# links to the share services among them.
_SHARE_WORDS = {
    "share", "this", "article", "post", "story", "on", "via", "facebook", "twitter", "x",
    "pinterest", "linkedin", "email", "whatsapp", "reddit", "print", "tweet", "pin", "it",
}  # fmt: skip
_SHARE_HOSTS = re.compile(
    r"(facebook\.com/shar|twitter\.com/(intent|share)|x\.com/intent|pinterest\.com/pin|"
    r"linkedin\.com/shar|reddit\.com/submit|mailto:\?)"
)
# The classes share plugins give their row (Jetpack's sharedaddy, AddToAny, theme rows); whole
# class names only: "social-anxiety-tips" is an article's box, not a share row.
_SHARE_CLASS = re.compile(
    r"^(sharedaddy|sharing|share-?(buttons|this|row|links|icons)|social-?(share|sharing|icons|"
    r"buttons|links)|a2a_kit|addtoany_share_save_account)$",
    re.IGNORECASE,
)
_LEAVE_A_REPLY = re.compile(r"^leave a (reply|comment)[\s.:!]*(cancel reply)?$", re.IGNORECASE)


@dataclass
class ConvertedBody:
    """An article body (raw StreamField data: [{"type", "value"}]) and what converting it
    did that a person should know: `notes` (markup kept as text or dropped) and
    `remnants` (how many pieces of the old theme were dropped)."""

    blocks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    remnants: int = 0


def rich_text(html):
    """`html` cleaned to the paragraph block's rich text (PARAGRAPH_FEATURES): "" if no
    words are left."""
    cleaned = _RICH_TEXT.to_database_format(html).strip()
    text = BeautifulSoup(cleaned, "html.parser").get_text(strip=True)
    return cleaned if text else ""


def _words(text):
    return " ".join(text.split())


def _classic_captions(html):
    """`[caption]<img …> Words[/caption]` as a figure with its caption."""

    def figure(match):
        parts = _CAPTION_PARTS.match(match.group(1))
        if not parts:
            return match.group(1)
        return f"<figure>{parts.group(1)}<figcaption>{parts.group(2).strip()}</figcaption></figure>"

    return _CAPTION.sub(figure, html)


def _paragraphs(inline_html):
    """Inline HTML with blank lines between paragraphs and single line breaks, as the
    classic editor stores it, as `<p>` elements (what WordPress's wpautop does)."""
    return "".join(
        "<p>{}</p>".format(chunk.strip().replace("\n", "<br>"))
        for chunk in _BLANK_LINE.split(inline_html)
        if chunk.strip()
    )


class _Converter:
    def __init__(self, find_image):
        self.find_image = find_image
        self.body = ConvertedBody()
        self.pending_html = []  # rich text waiting to become one paragraph block
        self.after_share_row = False

    # --- output ------------------------------------------------------------------------

    def add(self, block_type, value):
        self.flush()
        self.body.blocks.append({"type": block_type, "value": value})

    def flush(self):
        """Make the rich text gathered so far one paragraph block."""
        if self.pending_html:
            text = rich_text("".join(self.pending_html))
            self.pending_html = []
            if text:
                self.body.blocks.append({"type": "paragraph", "value": text})

    def note(self, message):
        if message not in self.body.notes:
            self.body.notes.append(message)

    # --- reading -----------------------------------------------------------------------

    def convert(self, nodes):
        inline = []
        for node in list(nodes):
            if isinstance(node, Comment):
                continue  # Gutenberg's block delimiters, and any other comment
            if isinstance(node, NavigableString) or (
                isinstance(node, Tag) and node.name in _INLINE
            ):
                inline.append(str(node))
                continue
            self.inline_run(inline)
            inline = []
            if isinstance(node, Tag):
                self.element(node)
        self.inline_run(inline)

    def inline_run(self, inline):
        html = "".join(inline)
        if not html.strip():
            return
        for paragraph in BeautifulSoup(_paragraphs(html), "html.parser").find_all("p"):
            self.element(paragraph)

    def element(self, tag):
        name = tag.name
        share_row = self.is_theme_remnant(tag)
        self.after_share_row = share_row
        if share_row:
            self.body.remnants += 1
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading(tag)
        elif name == "p" and tag.find("img"):
            self.paragraph_with_images(tag)
        elif name in _RICH_TEXT_BLOCKS:
            self.pending_html.append(str(tag))
        elif name == "blockquote":
            self.quote(tag)
        elif name == "figure":
            self.figure(tag)
        elif name == "img":
            self.image(tag)
        elif name in _WRAPPERS:
            self.convert(tag.contents)
        elif name == "hr":
            pass
        elif name in _DROPPED:
            self.note(f"<{name}> dropped")
        elif name == "table":
            self.note("<table> kept as text, a line per row")
            for row in tag.find_all("tr"):
                cells = [escape(_words(cell.get_text(" "))) for cell in row.find_all(["td", "th"])]
                self.pending_html.append(f"<p>{' · '.join(cell for cell in cells if cell)}</p>")
        else:
            self.note(f"<{name}> kept as text")
            tag.name = "div"  # the whitelister makes it a paragraph
            self.pending_html.append(str(tag).replace("\n", "<br>") if name == "pre" else str(tag))

    def is_theme_remnant(self, tag):
        """A share row or an empty "Leave a Reply" heading from the old theme."""
        text = _words(tag.get_text(" "))
        if _LEAVE_A_REPLY.match(text) and tag.name in ("h1", "h2", "h3", "h4", "h5", "h6", "p"):
            return True
        if tag.name in _WRAPPERS and any(_SHARE_CLASS.match(name) for name in tag.get("class", [])):
            return len(text) < 200
        if tag.find("img") or len(text) > 120:
            return False
        words = re.findall(r"[a-z]+", text.lower())
        if not words or not set(words) <= _SHARE_WORDS:
            return False
        links = [a.get("href", "") for a in tag.find_all("a")]
        shares = bool(links) and all(_SHARE_HOSTS.search(href) for href in links)
        return "share" in words or shares or self.after_share_row

    def heading(self, tag):
        text = _words(tag.get_text(" "))
        if not text:
            return
        if len(text) > HEADING_MAX:
            self.note("a heading too long for a heading block kept as bold text")
            self.pending_html.append(f"<p><b>{escape(text)}</b></p>")
            return
        level = "h2" if tag.name in ("h1", "h2") else "h3"
        self.add("heading", {"text": text, "level": level, "anchor": ""})

    def paragraph_with_images(self, tag):
        images = [img.extract() for img in tag.find_all("img")]
        if rich_text(str(tag)):
            self.pending_html.append(str(tag))
        for img in images:
            self.image(img)

    def quote(self, tag):
        cite = tag.find("cite")
        attribution = _words(cite.extract().get_text(" ")) if cite else ""
        paragraphs = [_words(p.get_text(" ")) for p in tag.find_all("p")] or [
            _words(tag.get_text(" "))
        ]
        text = "\n".join(p for p in paragraphs if p)
        if not text:
            return
        if len(text) > QUOTE_MAX or len(attribution) > ATTRIBUTION_MAX:
            self.note("a quotation too long for a pull-quote block kept as text")
            tag.name = "div"
            self.pending_html.append(str(tag))
            return
        self.add("pull_quote", {"text": text, "attribution": attribution})

    def figure(self, tag):
        caption_tag = tag.find("figcaption")
        caption = _words(caption_tag.extract().get_text(" ")) if caption_tag else ""
        if tag.find("img"):
            for img in tag.find_all("img"):
                self.image(img, caption=caption)
        elif tag.find("blockquote"):
            self.quote(tag.find("blockquote"))
        elif video := _VIDEO_URL.search(tag.get_text(" ") + " " + str(tag)):
            url = video.group(0).rstrip("\"'<>")
            self.add(
                "video",
                {
                    "title": caption[:150] or "Video",
                    "video_file": None,
                    "external_url": url,
                    "transcript": "",
                },
            )
        else:
            self.convert(tag.contents)

    def image(self, img, caption=""):
        url = img.get("src", "")
        alt = _words(img.get("alt", ""))[:IMAGE_TEXT_MAX]
        image_id = self.find_image(url, alt or caption)
        if image_id is None:
            return
        self.add(
            "image",
            {
                "image": image_id,
                "alt_text": alt,
                "caption": caption[:IMAGE_TEXT_MAX],
                "credit": "",
            },
        )


def convert_post_html(html, find_image):
    """The body of a post whose `content:encoded` is `html`, as a `ConvertedBody`.

    `find_image(url, title)` is called for each image (its `src`, and its alt text or
    caption) and returns a Wagtail image id, or None to leave the image out (the caller
    reports it missing)."""
    converter = _Converter(find_image)
    for shortcode in sorted({match.group(1) for match in _SHORTCODES_DROPPED.finditer(html)}):
        converter.note(f"[{shortcode}] shortcode dropped")
    html = _SHORTCODES_DROPPED.sub("", _classic_captions(html))
    converter.convert(BeautifulSoup(html, "html.parser").contents)
    converter.flush()
    return converter.body
