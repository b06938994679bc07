"""factory_boy factories for test data; pages are built with `parent=`."""

from django.utils import timezone

import factory
import wagtail_factories

from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic
from blog.replies.models import Reply
from home.forms import DEFAULT_FORM_FIELDS
from home.models import ContactFormField, ContactPage, HomePage, Treatment


class HomePageFactory(wagtail_factories.PageFactory):
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
    name = factory.Sequence(lambda n: f"Condition {n}")
    summary = "What the clinic offers for this condition."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Treatment


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    credentials = "MD"
    job_title = "Psychiatrist"
    bio = "Treats adults with anxiety and trauma."

    class Meta:
        model = Author


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"
    intro = "Articles from our clinical team."
    show_in_menus = True

    class Meta:
        model = BlogIndexPage


def paragraph(text):
    """Raw StreamField data for one paragraph block."""
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


class BlogPageFactory(wagtail_factories.PageFactory):
    """An article; pass `parent=` a BlogIndexPage, `authors=[...]` and `topics=[...]`."""

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    intro = "What this article explains, in a sentence."
    body = factory.LazyFunction(lambda: [paragraph("Ketamine acts on the glutamate system.")])
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


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Picture {n}")
    # Big enough for the 1200×630 share rendition.
    file = factory.django.ImageField(width=1300, height=700)
    description = "A calm lake at dawn"


def reference(**overrides):
    return {
        "authors": "Feder A, Parides MK, Murrough JW, et al.",
        "title": "Efficacy of intravenous ketamine for treatment of chronic PTSD",
        "publication": "JAMA Psychiatry",
        "year": 2014,
        "url": "",
        "doi": "10.1001/jamapsychiatry.2014.62",
        "pubmed_id": "24740528",
        **overrides,
    }


def every_block_body(image):
    """Raw StreamField data using every article block type once (headings twice)."""
    return [
        {"type": "heading", "value": {"text": "How it works", "level": "h2", "anchor": ""}},
        paragraph("Ketamine blocks NMDA receptors."),
        {"type": "heading", "value": {"text": "In the brain", "level": "h3", "anchor": "brain"}},
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "caption": "Calm water", "credit": "Us"},
        },
        {"type": "pull_quote", "value": {"text": "It felt lighter.", "attribution": "A patient"}},
        {
            "type": "callout",
            "value": {"style": "warning", "title": "", "text": "<p>Only under supervision.</p>"},
        },
        {"type": "call_to_action", "value": {"heading": "We’re here to help!", "text": ""}},
        {"type": "key_takeaways", "value": {"heading": "Key takeaways", "items": ["Fast", "Safe"]}},
        {"type": "references", "value": {"heading": "References", "references": [reference()]}},
        {
            "type": "faq",
            "value": {
                "heading": "Questions",
                "items": [{"question": "Does it hurt?", "answer": "<p>No.</p>"}],
            },
        },
        {
            "type": "video",
            "value": {
                "title": "A session, explained",
                "video_file": None,
                "external_url": "https://www.youtube.com/watch?v=abc",
                "transcript": "<p>Words.</p>",
            },
        },
    ]


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
