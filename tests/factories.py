"""factory_boy factories for test data. Pages are built with `parent=`; article bodies with
the block factories, in wagtail-factories' syntax: `BlogPageFactory(body__0__heading__text="…")`."""

from django.utils import timezone

import factory
import wagtail_factories

from blog import blocks
from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic
from blog.replies.models import Reply
from home.forms import DEFAULT_FORM_FIELDS
from home.models import ContactFormField, ContactPage, HomePage, InformationPage, Treatment


class HomePageFactory(wagtail_factories.PageFactory):
    """The clinic's home page; its treatments are TreatmentFactory(page=...)."""

    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    hero_heading = "Ketamine therapy for anxiety, PTSD and depression"
    hero_text = "Supervised care when other treatments have not been enough."
    hero_cta_label = "Request a consultation"
    treatments_heading = "Conditions we treat"
    contact_heading = "Ready to talk?"
    contact_text = "Our team is happy to answer your questions."
    show_in_menus = True

    class Meta:
        model = HomePage


class TreatmentFactory(factory.django.DjangoModelFactory):
    """A condition the clinic treats, listed on the home page given as `page=`."""

    name = factory.Sequence(lambda n: f"Condition {n}")
    summary = "What the clinic offers for this condition."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Treatment


class AuthorFactory(factory.django.DjangoModelFactory):
    """An author snippet; pass `user=` to link a staff account."""

    name = factory.Sequence(lambda n: f"Author {n}")
    credentials = "MD"
    job_title = "Psychiatrist"
    bio = "Treats adults with anxiety and trauma."

    class Meta:
        model = Author


class TopicFactory(factory.django.DjangoModelFactory):
    """An article topic."""

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    """The blog at /blog/; pass `parent=` the home page."""

    title = "Blog"
    slug = "blog"
    intro = "Articles from our clinical team."
    show_in_menus = True

    class Meta:
        model = BlogIndexPage


class ImageFactory(wagtail_factories.ImageFactory):
    """A picture with a description (the alt text fallback)."""

    title = factory.Sequence(lambda n: f"Picture {n}")
    # Big enough for the 1200×630 share rendition.
    file = factory.django.ImageField(width=1300, height=700)
    description = "A calm lake at dawn"


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the root collection (a patient leaflet)."""

    title = factory.Sequence(lambda n: f"Leaflet {n}")


class NormalizingStructBlockFactory(wagtail_factories.StructBlockFactory):
    """A StructBlockFactory that hands its values to the block's `normalize`, as Wagtail does
    with values assigned in code: rich text is given as its HTML source (`text="<p>…</p>"`)."""

    class Meta:
        abstract = True

    @classmethod
    def _construct_struct_value(cls, block_class, params):
        return block_class().normalize(params)


class HeadingBlockFactory(NormalizingStructBlockFactory):
    """A section heading (H2), its anchor made from the text."""

    text = factory.Sequence(lambda n: f"Section {n}")
    level = "h2"
    anchor = ""

    class Meta:
        model = blocks.HeadingBlock


class ImageBlockFactory(NormalizingStructBlockFactory):
    """A picture in the body; pass `image=` an existing image to reuse it."""

    image = factory.SubFactory(ImageFactory)
    alt_text = ""
    caption = ""
    credit = ""

    class Meta:
        model = blocks.ImageBlock


class PullQuoteBlockFactory(NormalizingStructBlockFactory):
    """A patient's words, without attribution."""

    text = "For the first time in years, the worry felt like something I could set down."
    attribution = ""

    class Meta:
        model = blocks.PullQuoteBlock


class CalloutBlockFactory(NormalizingStructBlockFactory):
    """A "Good to know" note without a title of its own."""

    style = "info"
    title = ""
    text = "<p>Ketamine therapy is given only under medical supervision.</p>"

    class Meta:
        model = blocks.CalloutBlock


class CallToActionBlockFactory(NormalizingStructBlockFactory):
    """The call to action with its standard wording (the text left empty)."""

    heading = "We’re here to help!"
    text = ""

    class Meta:
        model = blocks.CallToActionBlock


class KeyTakeawaysBlockFactory(NormalizingStructBlockFactory):
    """Key takeaways; give the points as `items__0="…"`, `items__1="…"`."""

    heading = "Key takeaways"
    items = wagtail_factories.ListBlockFactory(wagtail_factories.CharBlockFactory)

    class Meta:
        model = blocks.KeyTakeawaysBlock


class ReferenceBlockFactory(NormalizingStructBlockFactory):
    """A real study, with a DOI and a PubMed ID."""

    authors = "Feder A, Parides MK, Murrough JW, et al."
    title = "Efficacy of intravenous ketamine for treatment of chronic PTSD"
    publication = "JAMA Psychiatry"
    year = 2014
    url = ""
    doi = "10.1001/jamapsychiatry.2014.62"
    pubmed_id = "24740528"

    class Meta:
        model = blocks.ReferenceBlock


class ReferencesBlockFactory(NormalizingStructBlockFactory):
    """The references list; give each as `references__0__title="…"` and so on."""

    heading = "References"
    references = wagtail_factories.ListBlockFactory(ReferenceBlockFactory)

    class Meta:
        model = blocks.ReferencesBlock


class FAQItemBlockFactory(NormalizingStructBlockFactory):
    """One question and its answer."""

    question = "Is ketamine therapy safe?"
    answer = "<p>It is given in the clinic, under medical supervision.</p>"

    class Meta:
        model = blocks.FAQItemBlock


class FAQBlockFactory(NormalizingStructBlockFactory):
    """Questions and answers; give each as `items__0__question="…"` and so on."""

    heading = "Frequently asked questions"
    items = wagtail_factories.ListBlockFactory(FAQItemBlockFactory)

    class Meta:
        model = blocks.FAQBlock


class VideoBlockFactory(NormalizingStructBlockFactory):
    """A link out to a video site (no file of ours)."""

    title = "What happens in a session"
    video_file = None
    external_url = "https://www.youtube.com/watch?v=abc"
    transcript = ""

    class Meta:
        model = blocks.VideoBlock


class ArticleBodyFactory(wagtail_factories.StreamBlockFactory):
    """An article body in wagtail-factories' syntax: `0__heading__text="Risks"`,
    `1__paragraph="<p>…</p>"`, or `2="call_to_action"` for a block with its defaults."""

    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = "<p>Ketamine acts on the glutamate system.</p>"
    image = factory.SubFactory(ImageBlockFactory)
    pull_quote = factory.SubFactory(PullQuoteBlockFactory)
    callout = factory.SubFactory(CalloutBlockFactory)
    call_to_action = factory.SubFactory(CallToActionBlockFactory)
    key_takeaways = factory.SubFactory(KeyTakeawaysBlockFactory)
    references = factory.SubFactory(ReferencesBlockFactory)
    faq = factory.SubFactory(FAQBlockFactory)
    video = factory.SubFactory(VideoBlockFactory)

    class Meta:
        model = blocks.ArticleBodyBlock

    @classmethod
    def _construct_stream(cls, block_class, *args, **kwargs):
        stream = super()._construct_stream(block_class, *args, **kwargs)
        # Paragraphs are given as HTML: the StreamBlock makes them RichText, as Wagtail does
        # with a stream assigned in code.
        return stream.stream_block.normalize([(child.block_type, child.value) for child in stream])


class ArticleBodyFieldFactory(wagtail_factories.StreamFieldFactory):
    """`BlogPage.body` from `body__…` arguments (see ArticleBodyFactory); one paragraph when
    there are none."""

    def evaluate(self, instance, step, extra):
        return super().evaluate(instance, step, extra or {"0": "paragraph"})


def every_block_body(*images):
    """A body that uses every block type once (headings twice), for each of `images` in turn."""
    declarations = []
    for image in images:
        declarations += [
            {"heading__text": "How it works"},
            {"paragraph": "<p>Ketamine blocks NMDA receptors.</p>"},
            {"heading__text": "In the brain", "heading__level": "h3", "heading__anchor": "brain"},
            {"image__image": image, "image__caption": "Calm water", "image__credit": "Us"},
            {"pull_quote__text": "It felt lighter.", "pull_quote__attribution": "A patient"},
            {"callout__style": "warning", "callout__text": "<p>Only under supervision.</p>"},
            {"call_to_action__heading": "We’re here to help!"},
            {"key_takeaways__items__0": "Fast", "key_takeaways__items__1": "Safe"},
            {
                "references__heading": "References",
                "references__references__0__publication": "JAMA Psychiatry",
            },
            {
                "faq__heading": "Questions",
                "faq__items__0__question": "Does it hurt?",
                "faq__items__0__answer": "<p>No.</p>",
            },
            {
                "video__title": "A session, explained",
                "video__external_url": "https://www.youtube.com/watch?v=abc",
                "video__transcript": "<p>Words.</p>",
            },
        ]
    return ArticleBodyFactory(
        **{
            f"{index}__{name}": value
            for index, block in enumerate(declarations)
            for name, value in block.items()
        }
    )


class BlogPageFactory(wagtail_factories.PageFactory):
    """An article; pass `parent=` a BlogIndexPage, `authors=[...]` and `topics=[...]`."""

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    intro = "What this article explains, in a sentence."
    body = ArticleBodyFieldFactory(ArticleBodyFactory)
    # As if published through Wagtail, which the factory does not go through.
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        model = BlogPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for author in extracted or []:
            ArticleAuthor.objects.create(page=self, author=author)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(extracted)
            self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()


class ReplyFactory(factory.django.DjangoModelFactory):
    """A reply to `article=` (required); approved unless given another `status=`.

    Threading fields are computed by django-comments-xtd's save(); pass `parent_id=` of an
    existing reply to nest under it.
    """

    class Meta:
        model = Reply
        exclude = ["article"]

    article = None
    content_object = factory.SelfAttribute("article")
    site_id = 1
    user_name = factory.Sequence(lambda n: f"Reader {n}")
    user_email = factory.Sequence(lambda n: f"reader{n}@example.com")
    comment = factory.Sequence(lambda n: f"Thank you for this article, part {n}.")
    submit_date = factory.LazyFunction(timezone.now)
    status = Reply.Status.APPROVED
    spam_rule = factory.LazyAttribute(lambda reply: "test" if reply.status == "spam" else "")
    parent_id = 0


class ContactPageFactory(wagtail_factories.PageFactory):
    """The contact page with the default form; pass `fields=[...]` (dicts) for others."""

    title = "Contact us"
    slug = "contact"
    intro = "<p>Tell us how we can help.</p>"
    show_in_menus = True

    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        for position, field in enumerate(DEFAULT_FORM_FIELDS if extracted is None else extracted):
            ContactFormField.objects.create(page=self, sort_order=position, **field)


class InformationPageFactory(wagtail_factories.PageFactory):
    """A plain page of text, such as the privacy policy; pass `parent=` the home page."""

    title = "Privacy policy"
    slug = factory.Sequence(lambda n: f"information-{n}")
    intro = "What we keep when you use this website."
    body = "<p>IP addresses are used only to stop spam.</p>"

    class Meta:
        model = InformationPage
