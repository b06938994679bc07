"""The clinic's own pages and the contact details every page shows."""

import re

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from modelcluster.fields import ParentalKey


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """How to reach the clinic. Header, footer and calls to action read these, never literals."""

    clinic_name = models.CharField(max_length=120, default="Ketamine Therapy Clinic")
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="A short line under the clinic's name, e.g. what it treats.",
    )
    phone = models.CharField(
        max_length=40, help_text="As people should read it, e.g. (706) 286-8344."
    )
    email = models.EmailField()
    street_address = models.TextField(
        blank=True, help_text="One line per address line, as it should appear on an envelope."
    )
    opening_hours = models.TextField(
        blank=True, help_text="One line per day or range, e.g. “Mon–Fri: 8:00 am – 5:00 pm”."
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where “Contact” links and calls to action send readers.",
    )
    medical_disclaimer = models.TextField(
        blank=True,
        default=(
            "This article is for general information and is not medical advice. Talk to a "
            "qualified clinician about your own situation before starting or changing any "
            "treatment. If you are in crisis, call or text 988 or dial 911."
        ),
        help_text="Shown at the end of every article.",
    )
    facebook_url = models.URLField("Facebook page", blank=True)
    x_url = models.URLField("X (Twitter) profile", blank=True)
    instagram_url = models.URLField("Instagram profile", blank=True)
    linkedin_url = models.URLField("LinkedIn page", blank=True)
    youtube_url = models.URLField("YouTube channel", blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("clinic_name"), FieldPanel("tagline")],
            heading="Clinic",
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("street_address"),
                FieldPanel("opening_hours"),
                PageChooserPanel("contact_page"),
            ],
            heading="Contact details",
        ),
        FieldPanel("medical_disclaimer"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
            ],
            heading="Social profiles",
        ),
    ]

    class Meta:
        verbose_name = "clinic settings"

    def __str__(self):
        return self.clinic_name

    @property
    def phone_href(self):
        """A `tel:` URI: digits only, with the US country code when the number has none."""
        digits = re.sub(r"\D", "", self.phone)
        if self.phone.strip().startswith("+"):
            return f"tel:+{digits}"
        if len(digits) == 10:
            return f"tel:+1{digits}"
        return f"tel:{digits}"

    @property
    def address_lines(self):
        return [line.strip() for line in self.street_address.splitlines() if line.strip()]

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    @property
    def social_profiles(self):
        """(network name, URL) for each profile the clinic has filled in, in a stable order."""
        profiles = [
            ("Facebook", self.facebook_url),
            ("X (Twitter)", self.x_url),
            ("Instagram", self.instagram_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in profiles if url]


class HomePage(Page):
    """The front door: what the clinic treats, recent articles and how to get in touch."""

    hero_heading = models.CharField(max_length=160)
    hero_text = models.TextField(blank=True, help_text="One or two sentences under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A calm, wide photo or illustration (at least 1600 px wide).",
    )
    hero_cta_label = models.CharField(
        "button label", max_length=60, default="Request a consultation"
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="button links to",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to link to the contact page from the clinic settings.",
    )

    treatments_heading = models.CharField(max_length=120, default="Conditions we treat")
    treatments_intro = models.TextField(blank=True)

    latest_articles_heading = models.CharField(max_length=120, default="From our blog")

    contact_heading = models.CharField(max_length=120, default="Ready to talk?")
    contact_text = models.TextField(
        blank=True,
        help_text="Shown beside the clinic's phone, email and contact page link.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                PageChooserPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        MultiFieldPanel(
            [
                FieldPanel("treatments_heading"),
                FieldPanel("treatments_intro"),
                InlinePanel("treatments", label="Condition", min_num=1),
            ],
            heading="Conditions treated",
        ),
        FieldPanel("latest_articles_heading"),
        MultiFieldPanel(
            [FieldPanel("contact_heading"), FieldPanel("contact_text")],
            heading="Contact call to action",
        ),
    ]

    # Only one home page per site, at the top of the tree.
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"

    @cached_property
    def treatment_list(self):
        return list(self.treatments.select_related("link_page"))

    def get_context(self, request, *args, **kwargs):
        # blog.models imports this module (for ClinicSettings), so import it here.
        from blog.models import BlogIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = self.treatment_list
        blog_index = BlogIndexPage.objects.live().descendant_of(self).first()
        context["blog_index"] = blog_index
        context["latest_articles"] = list(blog_index.articles()[:3]) if blog_index else []
        return context


class Treatment(Orderable):
    """One condition the clinic treats, as listed on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="treatments")
    name = models.CharField(max_length=80, help_text="e.g. Anxiety, PTSD, Depression.")
    summary = models.TextField(max_length=400)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: an article or page that tells more.",
    )

    panels = [FieldPanel("name"), FieldPanel("summary"), PageChooserPanel("link_page")]

    def __str__(self):
        return self.name
