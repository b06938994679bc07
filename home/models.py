"""The clinic's own pages and the contact details every page shows."""

import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from modelcluster.fields import ParentalKey

from home import page_cache, spam
from home.forms import AUTOCOMPLETE_CHOICES, SPAM_FIELD_NAMES, ContactForm, ContactFormBuilder

# OutgoingMail lives with the mail queue in home.mail; importing it here registers the model.
from home.mail import OutgoingMail, send_later  # noqa: F401

logger = logging.getLogger(__name__)


def tel_href(phone):
    """A `tel:` URI for `phone` as people write it ("(706) 286-8344", "+44 20 7946 0958"):
    digits only, with the US country code when the number has none."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    return f"tel:{digits}"


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
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The privacy policy: linked from the footer and the reply and contact forms.",
    )

    medical_disclaimer = models.TextField(
        blank=True,
        default=(
            "This article is for general information and is not medical advice. Talk to a "
            "qualified clinician about your own situation before starting or changing any "
            "treatment."
        ),
        help_text="Shown at the end of every article, followed by the crisis line.",
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
                PageChooserPanel("privacy_page"),
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

    # Every page reads these; a worker keeps them in the cache (Redis in production, shared
    # by all workers) rather than querying them on every request. Saving or deleting them
    # drops the cached copy at once and again after commit (so a request between the two
    # cannot keep the old one); the timeout bounds a change made without save().
    CACHE_SECONDS = 60 * 60

    def __str__(self):
        return self.clinic_name

    @classmethod
    def cache_key(cls, site_id):
        return f"home.clinicsettings:{site_id}"

    @classmethod
    def for_site(cls, site):
        """The settings of `site` (a Wagtail Site), created with their defaults the first
        time, from the cache when it holds them (a miss, Redis down included, reads the
        database). Raises ClinicSettings.DoesNotExist for `site` None, as Wagtail does."""
        if site is None:
            return super().for_site(site)
        key = cls.cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            cache.set(key, instance, cls.CACHE_SECONDS)
        return instance

    def forget_cached(self):
        """Drop the cached copy now and once the transaction commits."""
        key = self.cache_key(self.site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget_cached()

    def delete(self, *args, **kwargs):
        self.forget_cached()
        return super().delete(*args, **kwargs)

    @property
    def phone_href(self):
        """A `tel:` URI of the clinic's phone (see `tel_href`)."""
        return tel_href(self.phone)

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
        context = super().get_context(request, *args, **kwargs)
        context["treatments"] = self.treatment_list
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


class ContactFormField(AbstractFormField):
    """One field of the contact form, as the editor set it up."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")
    autocomplete = models.CharField(
        "browser autofill",
        max_length=20,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text="What this field asks for, so browsers can fill it in for the visitor.",
    )

    panels = AbstractFormField.panels + [FieldPanel("autocomplete")]

    def clean(self):
        super().clean()
        if (self.clean_name or self.get_field_clean_name()) in SPAM_FIELD_NAMES:
            raise ValidationError(
                {"label": "This label is kept for the form's spam check; please choose another."}
            )


class ContactPage(AbstractEmailForm):
    """The contact form new patients start with: every message is stored, then emailed.

    Messages are Wagtail form submissions (Forms in the admin, with CSV export, for anyone who
    may edit this page). Once a message is committed the clinic is emailed at the address in
    Clinic settings; an email that fails is logged and loses nothing. After sending, the
    reader is redirected to `<page>/thank-you/`, so reloading never sends twice.
    """

    THANK_YOU_PATH = "thank-you"

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="Shown above the form."
    )
    medical_note = models.TextField(
        "medical history note",
        default=(
            "Please don’t include detailed medical history, diagnoses or medicines here. A few "
            "words about what you would like help with are enough: we talk about the details "
            "with you in private."
        ),
        help_text="Shown above the form, so visitors keep sensitive details out of email.",
    )
    thank_you_heading = models.CharField(
        max_length=120, default="Thank you – your message has reached us"
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        default=(
            "<p>What happens next:</p><ol>"
            "<li>Someone from our team gets back to you, by phone or email as you asked, to "
            "answer your questions.</li>"
            "<li>If you would like to go ahead, we arrange a first appointment, where a "
            "clinician talks through your history and current treatment with you to see "
            "whether ketamine therapy may suit you.</li>"
            "<li>If it does, you plan your treatment together. Every session is supervised by "
            "our medical team, and we follow up with you afterwards.</li></ol>"
        ),
        help_text="The next steps, shown after a message is sent (the clinic's phone follows).",
    )
    send_auto_reply = models.BooleanField(
        "send an automatic reply",
        default=False,
        help_text=(
            "Email the sender a short confirmation. Off by default: the address is not "
            "verified, so anyone could make the site email a stranger."
        ),
    )
    auto_reply_subject = models.CharField(
        max_length=255, blank=True, default="We have received your message"
    )
    auto_reply_text = models.TextField(
        blank=True,
        default=(
            "Thank you for contacting us. This is an automatic confirmation that your message "
            "has reached our team; someone will get back to you soon, by phone or email as "
            "you asked.\n\n"
            "If you did not send us a message through our website, please ignore this email."
        ),
        help_text="Plain text. The sender's own message is never repeated in it.",
    )

    form_builder = ContactFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        FieldPanel("medical_note"),
        InlinePanel("form_fields", label="Form field"),
        MultiFieldPanel(
            [FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")],
            heading="After sending",
        ),
        MultiFieldPanel(
            [
                FieldPanel("subject"),
                FieldPanel(
                    "to_address",
                    help_text=(
                        "Messages go to the email in Clinic settings. These addresses "
                        "(comma-separated) are used only if that is empty."
                    ),
                ),
                FieldPanel("from_address"),
            ],
            heading="Email to the clinic",
        ),
        MultiFieldPanel(
            [
                FieldPanel("send_auto_reply"),
                FieldPanel("auto_reply_subject"),
                FieldPanel("auto_reply_text"),
            ],
            heading="Automatic reply to the sender",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "contact page"

    def route(self, request, path_components):
        if path_components == [self.THANK_YOU_PATH] and self.live:
            return RouteResult(self, kwargs={"thank_you": True})
        return super().route(request, path_components)

    def serve(self, request, *args, thank_you=False, **kwargs):
        """The form (GET), a message sent (POST), or the thank-you page; never cached
        (`private, no-store`): the form carries a CSRF token and a signed timestamp, both
        made for this reader and for now, and the page is a small one to render."""
        page_cache.refuse(request)
        response = self.serve_uncached(request, thank_you=thank_you)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def serve_uncached(self, request, thank_you=False):
        if thank_you:
            return self.render_landing_page(request)
        if request.method != "POST":
            return self.render_form(request, self.get_form(page=self, user=request.user))
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form)
        # Counted only for messages that would be stored: a person fixing a typo is not a flood.
        limit, window = settings.CONTACT_RATE_LIMIT
        if spam.rate_limit_exceeded(spam.ip_rate_limit_key("contact", request), limit, window):
            form.add_error(None, ContactForm.RATE_LIMITED)
            return self.render_form(request, form, status=429)
        self.process_form_submission(form)
        page_url = self.get_url(request)
        if page_url is None:
            return self.render_landing_page(request)
        return redirect(f"{page_url}{self.THANK_YOU_PATH}/")

    def render_form(self, request, form, status=200):
        """The page with `form`; a form shown again gets a fresh timestamp."""
        if form.is_bound:
            form.renew_anti_bot_fields()
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        """Store the reader's fields, then email once the row is committed."""
        submission = self.get_submission_class().objects.create(
            form_data=form.submission_data(), page=self
        )
        lines = form.labelled_values()
        sender_email = form.sender_email()
        transaction.on_commit(lambda: self.send_emails(submission, lines, sender_email))
        return submission

    def send_emails(self, submission, lines, sender_email):
        """Queue the email to the clinic, then (if switched on) the sender's; the task worker
        sends them (home.mail). A failure to queue is logged, never raised: the message is
        stored already."""
        try:
            send_later(self.clinic_notification(submission, lines, sender_email))
        except Exception:
            logger.exception("Could not email the clinic about contact message %s", submission.pk)
        if self.send_auto_reply and sender_email:
            try:
                send_later(self.auto_reply(sender_email))
            except Exception:
                logger.exception(
                    "Could not send the auto-reply for contact message %s", submission.pk
                )

    def clinic_settings(self):
        """Clinic settings of this page's site, without creating them (None if never saved)."""
        site = self.get_site()
        return ClinicSettings.objects.filter(site=site).first() if site else None

    def notification_recipients(self):
        """The clinic's email from Clinic settings, else the page's own to-addresses."""
        clinic = self.clinic_settings()
        if clinic and clinic.email:
            return [clinic.email]
        return [address.strip() for address in self.to_address.split(",") if address.strip()]

    def clinic_notification(self, submission, lines, sender_email):
        """A plain-text email to the clinic: the reader's text is never rendered as HTML."""
        recipients = self.notification_recipients()
        if not recipients:
            raise ValueError("No address to notify: set an email in Clinic settings")
        sent_at = date_format(timezone.localtime(submission.submit_time), "DATETIME_FORMAT")
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailforms:list_submissions", args=[self.pk]
        )
        body = [f"A new message arrived through “{self.title}”.", f"Sent: {sent_at}", ""]
        for label, value in lines:
            body.append(f"{label}:\n{value}\n" if "\n" in value else f"{label}: {value}")
        body += ["", f"Every message is kept in the admin (with CSV export): {admin_url}"]
        return EmailMessage(
            subject=self.subject or f"New message from the website: {self.title}",
            body="\n".join(body),
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            reply_to=[sender_email] if sender_email else None,
            headers={"Auto-Submitted": "auto-generated"},
        )

    def auto_reply(self, sender_email):
        """The editor's confirmation text, signed with the clinic's name and phone."""
        clinic = self.clinic_settings()
        body = self.auto_reply_text
        if clinic:
            signature = "\n".join(line for line in (clinic.clinic_name, clinic.phone) if line)
            body = f"{body}\n\n{signature}"
        return EmailMessage(
            subject=self.auto_reply_subject or self.thank_you_heading,
            body=body,
            from_email=self.from_address or settings.DEFAULT_FROM_EMAIL,
            to=[sender_email],
            headers={"Auto-Submitted": "auto-replied"},
        )

    # The admin's list of messages (with a spreadsheet-safe CSV export) is set by
    # HomeConfig.ready(): Wagtail's admin views cannot be imported while models load.


class InformationPage(Page):
    """A plain page of text the clinic publishes, such as its privacy policy."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    last_updated = models.DateField(
        null=True, blank=True, help_text="Shown as “Last updated”; set it when the text changes."
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_updated"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    subpage_types = []

    class Meta:
        verbose_name = "information page"
