"""The blocks an article body is built from. Each renders with its own template in
templates/blog/blocks/, and each tells editors what it is for."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock, TypedTableBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from blog import anchors
from home import links

# Enough to write an article; no headings (they have their own block, which feeds the
# table of contents), no embeds, no raw HTML.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript"]


class RenditionPrefetchingImageChooserBlock(ImageChooserBlock):
    """Loads every image of a body, with its renditions, in one query per block type,
    so an article with twenty pictures costs as many queries as one with two."""

    def bulk_to_python(self, values):
        objects = self.model_class.objects.prefetch_renditions().in_bulk(
            [value for value in values if value is not None]
        )
        return [objects.get(value) for value in values]


class HeadingBlock(blocks.StructBlock):
    """A section heading; it also becomes an entry in the table of contents."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Sub-section (H3)")],
        default="h2",
        help_text="Use H2 for main sections and H3 inside them.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional link name (#anchor). Made from the heading when left empty.",
    )

    class Meta:
        icon = "title"
        template = "blog/blocks/heading.html"
        description = "A section heading, listed in the article's table of contents."
        preview_value = {"text": "How ketamine works on anxiety", "level": "h2"}

    def clean(self, value):
        value = super().clean(value)
        anchor = value["anchor"]
        if anchor and not anchors.is_valid_anchor(anchor):
            example = slugify(anchor, allow_unicode=True) or "how-it-works"
            raise self.anchor_error(
                f"Use lower-case letters, digits and hyphens only, e.g. “{example}”."
            )
        if anchor and anchors.is_page_id(anchor):
            raise self.anchor_error(
                f"“{anchor}” is already used by the page itself; choose another link name."
            )
        return value

    @staticmethod
    def anchor_error(message):
        """The editor's error on a heading's anchor field, saying `message`."""
        return blocks.StructBlockValidationError(block_errors={"anchor": ValidationError(message)})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The article body gives each heading its anchor, unique on the page; a heading
        # rendered on its own (a block preview) makes one from its own fields.
        context["anchor"] = (
            context.get("heading_anchor")
            or anchors.heading_anchors([(value["text"], value["anchor"])])[0]
        )
        return context


class ImageBlock(blocks.StructBlock):
    image = RenditionPrefetchingImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe the picture for people who cannot see it. "
        "Leave empty to use the image's own description.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=120, help_text="Photographer or source.")

    class Meta:
        icon = "image"
        template = "blog/blocks/image.html"
        description = "A picture with alt text and an optional caption."


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=400)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/pull_quote.html"
        description = "A short quotation set apart from the text."
        preview_value = {
            "text": "For the first time in years, the worry felt like something I could set down.",
            "attribution": "A patient, shared with permission",
        }


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("info", "Good to know"), ("warning", "Caution")],
        default="info",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        template = "blog/blocks/callout.html"
        description = "A boxed note: a tip, or a caution readers must not miss."
        preview_value = {
            "style": "warning",
            "title": "Not a do-it-yourself treatment",
            "text": "<p>Ketamine therapy is given only under medical supervision.</p>",
        }


class CallToActionBlock(blocks.StructBlock):
    """Invites the reader to get in touch, with the clinic's phone, email and contact form
    taken from Clinic settings at render time."""

    heading = blocks.CharBlock(default="We’re here to help!", max_length=120)
    text = blocks.RichTextBlock(
        required=False,
        features=PARAGRAPH_FEATURES,
        help_text="Leave empty for the standard wording: “Call us at …, email us at …, or "
        "fill out our Contact form to get started.”, with the details from Clinic settings.",
    )

    class Meta:
        icon = "mail"
        template = "blog/blocks/call_to_action.html"
        description = "Call us / email us / contact form, with the clinic's current details."
        preview_value = {"heading": "We’re here to help!"}


class KeyTakeawaysBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key takeaways", max_length=80)
    items = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blog/blocks/key_takeaways.html"
        description = "A short list of the article's main points."


class ReferenceBlock(blocks.StructBlock):
    """One published source. Listed and numbered in the References block, and named as a
    citation in the article's structured data."""

    authors = blocks.CharBlock(max_length=300, help_text="e.g. Feder A, Parides MK, Murrough JW.")
    title = blocks.CharBlock(max_length=300)
    publication = blocks.CharBlock(max_length=200, help_text="Journal or publisher.")
    year = blocks.IntegerBlock(min_value=1800, max_value=2100)
    # Labels spelled out: Wagtail would capitalise the field names as "Url" and "Doi".
    url = blocks.URLBlock(required=False, label="URL")
    doi = blocks.CharBlock(
        required=False,
        max_length=120,
        label="DOI",
        help_text="e.g. 10.1001/jamapsychiatry.2014.62",
    )
    pubmed_id = blocks.CharBlock(required=False, max_length=20, label="PubMed ID")

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/reference.html"

    def clean(self, value):
        value = super().clean(value)
        value["doi"] = value["doi"].strip().removeprefix("https://doi.org/").removeprefix("doi:")
        if value["pubmed_id"] and not value["pubmed_id"].isdigit():
            raise blocks.StructBlockValidationError(
                block_errors={"pubmed_id": ValidationError("A PubMed ID is digits only.")}
            )
        return value


class ReferencesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="References", max_length=80)
    references = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blog/blocks/references.html"
        description = "Numbered list of the studies and sources the article rests on."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Frequently asked questions", max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = "FAQ"
        template = "blog/blocks/faq.html"
        description = "Questions and answers; each answer opens under its question."


class VideoBlock(blocks.StructBlock):
    """A video that never makes the reader's browser contact another host by itself:
    either a file we host (played in place) or a plain link out to a video site."""

    title = blocks.CharBlock(max_length=150, help_text="Says what the video shows.")
    video_file = DocumentChooserBlock(
        required=False,
        help_text="An MP4 or WebM uploaded to Documents; it plays on this page.",
    )
    external_url = blocks.URLBlock(
        required=False,
        label="External URL",
        help_text="Or a YouTube/Vimeo address: shown as a link, so visiting the article "
        "does not tell the video site who is reading it.",
    )
    transcript = blocks.RichTextBlock(
        required=False, features=PARAGRAPH_FEATURES, help_text="Recommended for accessibility."
    )

    class Meta:
        icon = "media"
        template = "blog/blocks/video.html"
        description = "A video hosted here, or a privacy-friendly link to one elsewhere."

    def clean(self, value):
        value = super().clean(value)
        if bool(value["video_file"]) == bool(value["external_url"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "external_url": ValidationError(
                        "Choose a video file or give a video address (one of the two)."
                    )
                }
            )
        return value


# Bold, italic, links and superscript (footnote marks); no lists or headings inside a cell.
TABLE_CELL_FEATURES = ["bold", "italic", "link", "superscript"]


class TableBlock(TypedTableBlock):
    """A table of facts side by side: a dosing schedule, a comparison of treatments. Its
    caption names it for screen readers (required), every column has a heading, and the
    first column heads its row (`<th scope="row">`), so each cell can be read with both."""

    text = blocks.CharBlock(label="Text", max_length=200)
    rich_text = blocks.RichTextBlock(label="Text with links", features=TABLE_CELL_FEATURES)

    class Meta:
        icon = "table"
        template = "blog/blocks/table.html"
        label = "Table"
        description = (
            "A dosing schedule or a comparison. Give it a caption; the first column names each row."
        )

    def clean(self, value):
        value = super().clean(value)
        problems = []
        if not (value.caption or "").strip():
            problems.append(
                ValidationError("Give the table a caption: it says what the table shows.")
            )
        if any(not (column["heading"] or "").strip() for column in value.columns):
            problems.append(ValidationError("Give every column a heading."))
        if problems:
            raise TypedTableBlockValidationError(non_block_errors=problems)
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    """An article's body: the blocks above in any order, each heading with its page-wide
    unique anchor."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="blog/blocks/paragraph.html",
        description="Body text.",
    )
    image = ImageBlock()
    pull_quote = PullQuoteBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()
    key_takeaways = KeyTakeawaysBlock()
    references = ReferencesBlock()
    faq = FAQBlock()
    video = VideoBlock()
    table = TableBlock()

    class Meta:
        template = "blog/blocks/article_body.html"

    def clean(self, value):
        """Refuse two headings whose editors typed the same anchor, naming the second."""
        value = super().clean(value)
        seen = set()
        errors = {}
        for position, child in enumerate(value):
            anchor = child.value["anchor"] if child.block_type == "heading" else ""
            if not anchor:
                continue
            if anchor in seen:
                errors[position] = HeadingBlock.anchor_error(
                    f"Another heading already has the link name “{anchor}”."
                )
            seen.add(anchor)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value

    def render(self, value, context=None):
        # The links of all the body's rich texts are looked up together: two queries for
        # the article, however many links it holds (home.links).
        with links.link_targets_loaded(self.extract_references(value)):
            return super().render(value, context)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["blocks_with_anchors"] = list(zip(value, anchors.body_anchors(value), strict=True))
        return context
