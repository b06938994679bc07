"""The steps of `manage.py seed_demo`, run in order by `seed_all`.

Every step looks for what it would create and leaves anything already there untouched, so
seeding runs on every `make run` without undoing an editor's changes, and a second run
changes nothing at all (a test compares every row of every table).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.db import transaction

from wagtail.models import Page, Site

from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic
from blog.replies.models import Reply, Status
from blog.replies.moderation import clinic_author_name
from home.forms import DEFAULT_FORM_FIELDS
from home.models import (
    ClinicSettings,
    ContactFormField,
    ContactPage,
    HomePage,
    InformationPage,
    Treatment,
)
from home.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS

from .content import PUBLISHED, load_content
from .pictures import image_for


@dataclass(frozen=True)
class DemoUser:
    """A demo login, the staff group (a name from home.roles) it belongs to, if any, and
    what it `does` (as `make run` lists the logins)."""

    username: str
    first_name: str
    last_name: str
    does: str
    group: str = ""
    is_superuser: bool = False


# In code rather than data: the groups are home.roles' constants, never literal names.
DEMO_USERS = (
    DemoUser("admin", "Alex", "Admin", "administrator: everything", is_superuser=True),
    DemoUser("editor", "Erin", "Editor", "writes articles, submits them", group=EDITORS),
    DemoUser(
        "reviewer",
        "Dr. Rita",
        "Reviewer",
        "medical reviewer: approves articles",
        group=MEDICAL_REVIEWERS,
    ),
    DemoUser("moderator", "Morgan", "Moderator", "moderates and answers replies", group=MODERATORS),
)
# The login that writes the articles waiting for review and submits them.
SUBMITTER = "editor"
# The login that answers readers for the clinic.
CLINIC_VOICE = "moderator"


@transaction.atomic
def seed_all():
    """Everything the demo needs, in dependency order. Returns the home page.

    The data files are all read first, so a malformed one (ContentError) writes nothing.
    """
    content = load_content()
    home = seed_home_page(content.home_page, content.home_hero, content.treatments)
    site = seed_site(home, site_name=content.clinic_settings["clinic_name"])
    seed_clinic_settings(site, content.clinic_settings)
    users = seed_users()
    blog_index = seed_blog_index(home, content.blog_index)
    topics = seed_topics(content.topics)
    authors = seed_authors(content.people, users)
    for article in content.articles:
        seed_article(blog_index, article, authors, topics, submitter=users[SUBMITTER])
    seed_replies(blog_index, content.replies, clinic_voice=users[CLINIC_VOICE])
    # After the blog, so the menu reads Home, Blog, Contact.
    seed_contact_page(home, site, content.contact_page)
    seed_privacy_page(home, site, content.privacy_page)
    return home


def seed_home_page(fields, hero, treatments):
    """A HomePage with `fields`, the `hero` Picture and `treatments` (dicts of Treatment's
    fields) at the top of the page tree, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's own migration leaves a plain "Welcome" page at depth 2; it holds nothing.
    for welcome in root.get_children().filter(content_type__model="page", numchild=0):
        welcome.delete()
    root.refresh_from_db()
    home = HomePage(**fields, hero_image=image_for(hero))
    home.treatments = [Treatment(**treatment) for treatment in treatments]
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def seed_site(home, site_name):
    """Point the default site at the home page, at the address the site is served from
    (WAGTAILADMIN_BASE_URL, which `make run` sets from PORT), so canonical, share, feed and
    email links work on `make run`, on whichever port."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True
        )
    # The address follows WAGTAILADMIN_BASE_URL on every run (`PORT=8080 make run` after a
    # run on 8000); the site's name, once set, is the editors'.
    if (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port) or (
        not site.site_name
    ):
        site.root_page = home
        site.hostname, site.port = hostname, port
        site.site_name = site.site_name or site_name
        site.save()
    # django.contrib.sites (used by the comments library) names the same host.
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": base.netloc, "name": site.site_name}
    )
    return site


def seed_clinic_settings(site, values):
    """Fill the clinic's details (`values`, by ClinicSettings field) the first time; later
    edits are the editors'. FieldDoesNotExist for a key that is no field."""
    clinic = ClinicSettings.for_site(site)
    if clinic.phone:
        return clinic
    for field, value in values.items():
        # setattr alone would take a misspelt name silently, and the setting stay empty.
        ClinicSettings._meta.get_field(field)
        setattr(clinic, field, value)
    clinic.save()
    return clinic


def seed_users():
    """The demo logins, each in its group. Returns them by username.

    Passwords are set once, from settings.DEMO_PASSWORD. The groups come from the editorial
    migrations (Group.DoesNotExist if they have not run).
    """
    user_model = get_user_model()
    users = {}
    for demo_user in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=demo_user.username,
            defaults={
                "first_name": demo_user.first_name,
                "last_name": demo_user.last_name,
                "email": f"{demo_user.username}@example.com",
                "is_superuser": demo_user.is_superuser,
                "is_staff": demo_user.is_superuser,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if demo_user.group:
            user.groups.add(Group.objects.get(name=demo_user.group))
        users[demo_user.username] = user
    return users


def seed_blog_index(home, fields):
    """The one blog index (there may only be one) under `home`, published."""
    blog_index = BlogIndexPage.objects.first()
    if blog_index is not None:
        return blog_index
    blog_index = BlogIndexPage(**fields)
    home.add_child(instance=blog_index)
    blog_index.save_revision().publish()
    return blog_index


def seed_topics(topics):
    """Topic snippets for `topics` (content.Topic by slug), returned by slug. Found by slug
    or name: an editor's renamed or re-described topic is left as it is."""
    seeded = {}
    for slug, topic in topics.items():
        seeded[slug] = (
            Topic.objects.filter(slug=slug).first()
            or Topic.objects.filter(name=topic.name).first()
            or Topic.objects.create(name=topic.name, slug=slug, description=topic.description)
        )
    return seeded


def seed_authors(people, users):
    """Author snippets for `people` (content.Person by key), found by name, returned by key.
    A person with a `username` is tied to that demo login (from `users`)."""
    authors = {}
    for key, person in people.items():
        author = Author.objects.filter(name=person.name).first()
        if author is None:
            author = Author.objects.create(
                name=person.name,
                credentials=person.credentials,
                job_title=person.job_title,
                bio=person.bio,
                photo=image_for(person.portrait),
                user=users.get(person.username),
            )
        authors[key] = author
    return authors


def seed_article(blog_index, article, authors, topics, submitter):
    """One article (a content.Article) under the blog index, made once: if its slug exists
    in any state (edited, approved, sent back), it is left alone.

    Its bylines, topics and tags go into the first revision, so the live page and the
    editor's draft agree. A published article is published at once, as a revision by the
    medical reviewer it names (their login: `Person.username`); one in review is saved
    as a draft by `submitter` and submitted to the blog's "Medical review" workflow, so the
    reviewer finds a task waiting.
    """
    if blog_index.get_children().filter(slug=article.slug).exists():
        return None
    featured = article.featured
    page = BlogPage(
        title=article.title,
        slug=article.slug,
        intro=article.intro,
        featured_image=image_for(featured) if featured else None,
        featured_image_alt=featured.alt if featured else "",
        date_published=article.date_published,
        reviewed_by=authors.get(article.reviewed_by),
        last_reviewed=article.last_reviewed,
        next_review_due=article.next_review_due,
        body=article.stream_data(lambda picture: image_for(picture).pk),
    )
    page.article_authors = [
        ArticleAuthor(author=authors[key], sort_order=position)
        for position, key in enumerate(article.authors)
    ]
    page.topics = [topics[slug] for slug in article.topics]
    page.tags.add(*article.tags)
    if article.status == PUBLISHED:
        blog_index.add_child(instance=page)
        # A live article records its medical review (blog/medical_review.py): the demo's was
        # made by the reviewer it names, on its date, so their revision is the one published.
        reviewer = page.reviewed_by.user if page.reviewed_by else None
        page.save_revision(user=reviewer).publish()
    else:
        page.owner, page.live = submitter, False
        blog_index.add_child(instance=page)
        page.save_revision(user=submitter, log_action=True)
        page.get_workflow().start(page, submitter)
    return page


def seed_contact_page(home, site, fields):
    """The Contact page under `home`, with the default form, made the clinic's contact page
    (see link_from_clinic_settings)."""
    page = ContactPage.objects.child_of(home).first()
    if page is None:
        page = ContactPage(**fields)
        page.form_fields = [
            ContactFormField(sort_order=position, **field)
            for position, field in enumerate(DEFAULT_FORM_FIELDS)
        ]
        home.add_child(instance=page)
        page.save_revision().publish()
    link_from_clinic_settings(site, "contact_page", page)
    return page


def seed_privacy_page(home, site, fields):
    """The privacy policy under `home`, linked from the footer and the forms through clinic
    settings."""
    page = InformationPage.objects.child_of(home).filter(slug=fields["slug"]).first()
    if page is None:
        page = InformationPage(**fields)
        home.add_child(instance=page)
        page.save_revision().publish()
    link_from_clinic_settings(site, "privacy_page", page)
    return page


def link_from_clinic_settings(site, field_name, page):
    """Point a clinic-settings page link at `page`, unless one is already chosen (an editor's
    choice survives seeding again)."""
    clinic = ClinicSettings.for_site(site)
    if getattr(clinic, f"{field_name}_id") is None:
        setattr(clinic, field_name, page)
        clinic.save(update_fields=[field_name])


def seed_replies(blog_index, replies, clinic_voice):
    """Readers' replies (content.DemoReply) on the blog's articles, each made once: a reply
    whose article, author and words are already there is left as it is (a moderator may
    have approved or removed it since). `clinic_voice` writes the clinic's answers.

    Approved replies count as already announced, so approving nothing sends no mail."""
    made = {}
    for demo in replies:
        article = blog_index.get_children().filter(slug=demo.article).specific().first()
        if article is None:  # an editor deleted or renamed it: nothing to reply to
            continue
        email = clinic_voice.email if demo.clinic else demo.email
        reply = Reply.objects.filter(
            object_pk=str(article.pk), user_email=email, comment=demo.text
        ).first()
        if reply is None:
            parent = made.get(demo.answer_to)
            if demo.answer_to and parent is None:
                continue  # what it answers is gone
            reply = Reply(
                content_object=article,
                site_id=settings.SITE_ID,
                parent_id=parent.pk if parent else 0,
                user_name=clinic_author_name(clinic_voice) if demo.clinic else demo.name,
                user_email=email,
                user=clinic_voice if demo.clinic else None,
                comment=demo.text,
                submit_date=demo.posted,
                status=Status.APPROVED if demo.approved else Status.AWAITING,
                held_reason="" if demo.approved else Reply.HeldReason.POLICY,
                is_clinic_reply=demo.clinic,
                moderated_at=demo.posted if demo.approved else None,
                moderated_by=clinic_voice if demo.approved else None,
                publication_announced_at=demo.posted if demo.approved else None,
            )
            reply.save()
        made[demo.key] = reply
    return made
