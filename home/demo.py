"""Demo content for a fresh site: the page tree, the clinic's details and the demo users.

Every function here is idempotent: it looks for what it would create and leaves anything
already there untouched, so `seed_demo` can run on every `make run` without undoing an
editor's changes.
"""

import datetime
import io
import random
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as DjangoSite
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from home.forms import DEFAULT_FORM_FIELDS
from home.models import (
    ClinicSettings,
    ContactFormField,
    ContactPage,
    HomePage,
    InformationPage,
    Treatment,
)

CLINIC = {
    "clinic_name": "Ashford Ketamine Clinic",
    "tagline": "Ketamine therapy for anxiety, PTSD and depression",
    "phone": "(706) 286-8344",
    "email": "ketamine@ashfordpain.com",
    "street_address": "Ashford Pain & Ketamine Center\n(street address to be confirmed)",
    "opening_hours": "Monday – Friday: 8:00 am – 5:00 pm\nSaturday and Sunday: closed",
}

TREATMENTS = [
    (
        "Anxiety",
        "Generalized, social and panic disorders that have not eased enough with talk therapy "
        "or medication. Many patients notice a change within hours or days, not weeks.",
    ),
    (
        "PTSD",
        "Intrusive memories, nightmares and being constantly on guard. Ketamine can loosen "
        "their grip and make trauma-focused therapy easier to engage with.",
    ),
    (
        "Depression",
        "Persistent low mood that has outlasted two or more antidepressants. Treatment is "
        "planned with you and reviewed at every step.",
    ),
    (
        "Chronic pain",
        "Long-standing nerve and widespread pain, where ketamine's effect on pain signalling "
        "can bring relief that other medicines have not.",
    ),
]

DEMO_USERS = [
    # username, first name, last name, is_superuser
    ("admin", "Alex", "Admin", True),
    ("editor", "Erin", "Editor", False),
    ("reviewer", "Dr. Rita", "Reviewer", False),
    ("moderator", "Morgan", "Moderator", False),
]
# username -> the group blog/editorial.py's migration creates for that role.
DEMO_GROUPS = [
    ("editor", "Editors"),
    ("reviewer", "Medical reviewers"),
    ("moderator", "Moderators"),
]

# Soft, low-contrast palettes for the generated pictures: (ground, shapes...).
PALETTES = {
    "dawn": ("#f3ede2", "#e7c9a9", "#9cc3bd", "#1d5c58"),
    "lake": ("#e3efed", "#a9cfc8", "#5f9c95", "#f0dcc0"),
    "dusk": ("#efe6ef", "#c8b6d6", "#8fb3c9", "#f3d9b1"),
    "moss": ("#eef1e6", "#c5d4a8", "#7fa38a", "#e9cfa2"),
}


def draw_picture(seed, palette="dawn", size=(1600, 1000)):
    """A calm abstract picture drawn locally (nothing is downloaded), as JPEG bytes.

    The same seed always draws the same picture.
    """
    rng = random.Random(seed)  # noqa: S311 (shapes in a picture, not secrets)
    ground, *shapes = PALETTES[palette]
    picture = PILImage.new("RGB", size, ground)
    layer = PILImage.new("RGB", size, ground)
    draw = ImageDraw.Draw(layer)
    width, height = size
    for _ in range(9):
        radius = rng.randint(height // 5, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice(shapes))
    layer = layer.filter(ImageFilter.GaussianBlur(radius=height // 12))
    picture = PILImage.blend(picture, layer, 0.85)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def demo_image(title, seed, palette="dawn"):
    """The Wagtail image called `title`, drawn and saved the first time it is asked for."""
    image_model = get_image_model()
    image = image_model.objects.filter(title=title).first()
    if image is None:
        filename = f"demo-{seed}.jpg"
        image = image_model(title=title)
        image.file = ImageFile(io.BytesIO(draw_picture(seed, palette)), name=filename)
        image.save()
    return image


def seed_home_page():
    """Put a HomePage at the top of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's own migration leaves a plain "Welcome" page at depth 2; it holds nothing.
    for welcome in root.get_children().filter(content_type__model="page", numchild=0):
        welcome.delete()
    root.refresh_from_db()
    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Ketamine therapy for anxiety, PTSD and depression",
        search_description=(
            "Supervised ketamine therapy for anxiety, PTSD and depression that other "
            "treatments have not relieved. Call (706) 286-8344 to talk to our team."
        ),
        hero_heading="Ketamine therapy for anxiety, PTSD and depression",
        hero_text=(
            "When the usual treatments have only taken the edge off, ketamine may open "
            "another way forward. Our medical team screens you carefully, stays with you "
            "through every session and follows up afterwards."
        ),
        hero_image=demo_image("Soft light over water (illustration)", seed=7, palette="lake"),
        hero_cta_label="Request a consultation",
        treatments_heading="Conditions we treat",
        treatments_intro=(
            "Ketamine is considered when symptoms are severe or persistent and standard care "
            "has given only partial relief. Every plan starts with a medical assessment."
        ),
        latest_articles_heading="From our blog",
        contact_heading="Ready to talk?",
        contact_text=(
            "Questions about whether ketamine therapy could suit you or someone you care for? "
            "Our team is happy to explain the process, with no obligation."
        ),
        show_in_menus=True,
    )
    home.treatments = [Treatment(name=name, summary=summary) for name, summary in TREATMENTS]
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def seed_site(home):
    """Point the default site at the home page, at the address the site is served from
    (WAGTAILADMIN_BASE_URL), so canonical, share and feed links work on `make run`."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.site_name = site.site_name or CLINIC["clinic_name"]
        site.save()
        # django.contrib.sites (used by the comments library) names the same host.
        DjangoSite.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": base.netloc, "name": site.site_name}
        )
    return site


def seed_clinic_settings(site):
    """Fill the clinic's contact details the first time; later edits are the editors'."""
    clinic = ClinicSettings.for_site(site)
    if clinic.phone:
        return clinic
    for field, value in CLINIC.items():
        setattr(clinic, field, value)
    clinic.save()
    return clinic


def seed_contact_page(home, site):
    """The Contact page at /contact/ with the default form, made the clinic's contact page.

    Clinic settings point at it only if they point nowhere yet: an editor's choice stays.
    """
    page = ContactPage.objects.child_of(home).first()
    if page is None:
        page = ContactPage(
            title="Contact us",
            slug="contact",
            seo_title="Contact the clinic",
            search_description=(
                "Ask about ketamine therapy for anxiety, PTSD or depression, or request a "
                "first consultation. Send us a message or call (706) 286-8344."
            ),
            intro=(
                "<p>Tell us a little about what you are looking for and how you would like "
                "us to reach you. Someone from our team will get back to you to answer your "
                "questions and, if you wish, arrange a first consultation.</p>"
            ),
            subject="New message from the website contact form",
            show_in_menus=True,
        )
        page.form_fields = [
            ContactFormField(sort_order=position, **field)
            for position, field in enumerate(DEFAULT_FORM_FIELDS)
        ]
        home.add_child(instance=page)
        page.save_revision().publish()
    link_from_clinic_settings(site, "contact_page", page)
    return page


def link_from_clinic_settings(site, field_name, page):
    """Point a clinic-settings page link at `page`, unless one is already chosen (an editor's
    choice survives seeding again)."""
    clinic = ClinicSettings.for_site(site)
    if getattr(clinic, f"{field_name}_id") is None:
        setattr(clinic, field_name, page)
        clinic.save(update_fields=[field_name])


PRIVACY_POLICY = """
<h2>What this site does not do</h2>
<p>Reading this website is private. Our pages load nothing from other companies: no
advertising or tracking scripts, no analytics services, no fonts or videos from other
sites, and no social media buttons that report your visit. The share links under each
article are plain links; nothing is sent to a network unless you click one.</p>
<h2>When you send us a message</h2>
<p>The contact form stores what you type (your name, email address, phone number if you
give one, your preferred way to be contacted and your message) so our team can answer you.
It is emailed to the clinic's inbox and kept in our website's admin, which only clinic
staff can open. Please do not include detailed medical history in the form; we will ask
for what we need in a private conversation.</p>
<h2>When you reply to an article</h2>
<p>A reply stores your name, email address, optional website, the text of the reply, the
time you sent it, the version of this policy you agreed to, and your IP address. Your name,
website and reply are shown publicly once a moderator approves the reply; your email address
never is. We use your email only for the notifications you ask for. IP addresses are used
only to stop spam and are deleted after 30 days.</p>
<p>If you tick "Save my name and email in this browser", a cookie keeps them on your device
for a year. Another cookie lets the browser you posted from see your reply while it waits
for moderation and edit or withdraw it for a few minutes.</p>
<h2>Your choices</h2>
<p>You can ask us at any time for a copy of your replies or to delete them, and to delete
messages you sent through the contact form. Write to the email address at the bottom of
this page and tell us the email address you used.</p>
<h2>In a crisis</h2>
<p>Our website is not monitored around the clock. If you are thinking about harming
yourself, call or text 988 (Suicide &amp; Crisis Lifeline). In an emergency, call 911.</p>
"""


def seed_privacy_page(home, site):
    """The privacy policy at /privacy/, linked from the footer and the forms."""
    page = InformationPage.objects.child_of(home).filter(slug="privacy").first()
    if page is None:
        page = InformationPage(
            title="Privacy policy",
            slug="privacy",
            intro="What we keep when you use this website, why, and for how long.",
            body=PRIVACY_POLICY.strip(),
            last_updated=datetime.date(2026, 11, 1),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    link_from_clinic_settings(site, "privacy_page", page)
    return page


def seed_users():
    """The demo logins. Passwords are set once, from settings.DEMO_PASSWORD."""
    user_model = get_user_model()
    users = {}
    for username, first_name, last_name, is_superuser in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.com",
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


DRAFT_IN_REVIEW_SLUG = "preparing-for-your-first-ketamine-session"


def draft_in_review_body():
    """The draft's body, written for this demo (reviewers are meant to improve it)."""
    from blog.demo import call_to_action, heading, key_takeaways, paragraph

    return [
        key_takeaways(
            "Your first session follows a medical assessment; nothing is booked before it.",
            "Follow the eating and drinking instructions your care team gives you, and "
            "bring a list of your medicines.",
            "Someone else drives you home: no driving until the next day.",
        ),
        heading("Before the day"),
        paragraph(
            "By the time you come for a first session, you will already have met our medical "
            "team, talked through your history and agreed on a plan. If anything has changed "
            "since then, such as a new medicine, an illness or a pregnancy, tell us before the "
            "session, not on the day.",
            "We will tell you how long not to eat or drink beforehand. Ketamine can make some "
            "people feel sick, and an empty stomach makes that less likely.",
        ),
        heading("On the day"),
        paragraph(
            "Wear something comfortable and bring whatever helps you settle: headphones, a "
            "playlist, an eye mask. A nurse checks your blood pressure and stays with you "
            "throughout. Most people rest in a reclining chair in a quiet room.",
            "Sounds, colors and your sense of your body may feel different for a while. That "
            "is expected, it passes, and you can tell the nurse at any point how you feel.",
        ),
        heading("Afterwards"),
        paragraph(
            "You stay with us until you feel steady and your checks are back to normal. "
            "Arrange for someone to take you home, and keep the rest of the day free. Many "
            "people find it useful to write down a few thoughts that evening, to bring to "
            "their next conversation with us or with their therapist.",
        ),
        call_to_action(),
    ]


def seed_draft_in_review(editor):
    """One draft article the editor has submitted for medical review, so a newcomer who logs
    in as `reviewer` finds a task waiting. Made once: if the article exists in any state
    (approved, sent back, edited), it is left alone. Needs the blog index."""
    from blog.demo import WRITER_NURSE
    from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic

    blog_index = BlogIndexPage.objects.first()
    if blog_index is None or BlogPage.objects.filter(slug=DRAFT_IN_REVIEW_SLUG).exists():
        return None
    article = BlogPage(
        title="Preparing for Your First Ketamine Session",
        slug=DRAFT_IN_REVIEW_SLUG,
        intro="What to do before, during and after a first supervised ketamine session, "
        "from eating and medicines to getting home safely.",
        body=draft_in_review_body(),
        owner=editor,
        live=False,
    )
    author = (
        Author.objects.filter(name=WRITER_NURSE.name).first()
        or Author.objects.filter(user__isnull=True).first()
    )
    if author is not None:
        article.article_authors = [ArticleAuthor(author=author, sort_order=0)]
    article.topics = list(Topic.objects.filter(slug="treatment"))
    blog_index.add_child(instance=article)
    article.save_revision(user=editor, log_action=True)
    article.get_workflow().start(article, editor)
    return article


def seed_editorial(users):
    """The demo users in their groups, and a draft waiting for the reviewer."""
    from django.contrib.auth.models import Group

    for username, group_name in DEMO_GROUPS:
        users[username].groups.add(Group.objects.get(name=group_name))
    seed_draft_in_review(users["editor"])


@transaction.atomic
def seed_all():
    """Everything the demo needs, in dependency order. Returns the home page."""
    # blog.demo draws its pictures with demo_image from this module, so import it here.
    from blog.demo import seed_blog

    home = seed_home_page()
    site = seed_site(home)
    seed_clinic_settings(site)
    users = seed_users()
    seed_blog(home)
    seed_editorial(users)
    # After the blog, so the menu reads Home, Blog, Contact.
    seed_contact_page(home, site)
    seed_privacy_page(home, site)
    return home
