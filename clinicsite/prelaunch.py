"""What still looks like demo content before a site goes live: `manage.py prelaunch`.

The demo (`seed_demo`) is meant to be replaced, and each thing it leaves is easy to miss
once the site looks finished: the placeholder street address, the drawn images, logins
anyone can guess, invented authors, their articles and readers' replies, an address only
this machine reaches. Each finder below returns the leftovers of one kind; `find_leftovers`
runs them all.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.images import get_image_model
from wagtail.models import Site

from blog.models import Author, BlogPage
from blog.replies.models import Reply
from home.models import ClinicSettings

from .checks import is_loopback
from .demo.content import load_content
from .demo.pictures import DEMO_COLLECTION

# The mark the demo's clinic settings carry in place of a real street address.
ADDRESS_PLACEHOLDER = "to be confirmed"
# How many names a line lists before saying "and N more".
SHOWN = 5


@dataclass(frozen=True)
class Leftover:
    """One kind of demo content still on the site: `what` it is, and `fix`, what to do."""

    what: str
    fix: str


def listed(names):
    """`names` (strings) joined for a sentence, at most SHOWN of them."""
    names = list(names)
    shown = ", ".join(names[:SHOWN])
    return f"{shown} and {len(names) - SHOWN} more" if len(names) > SHOWN else shown


def placeholder_addresses():
    return [
        Leftover(
            f"The clinic's street address for {setting.site} still says “{line}”.",
            "Enter the real address under Settings → Clinic settings.",
        )
        for setting in ClinicSettings.objects.select_related("site")
        for line in setting.street_address.splitlines()
        if ADDRESS_PLACEHOLDER in line
    ]


def demo_images():
    titles = list(
        get_image_model()
        .objects.filter(collection__name=DEMO_COLLECTION)
        .order_by("title")
        .values_list("title", flat=True)
    )
    if not titles:
        return []
    return [
        Leftover(
            f"{len(titles)} demo image(s) in the “{DEMO_COLLECTION}” collection: {listed(titles)}.",
            "Replace them with the clinic's own pictures (Images), then delete them.",
        )
    ]


def demo_passwords():
    # Every active account, not only the demo's usernames: anyone given the demo password
    # can be signed in as by whoever read the README.
    usernames = [
        user.get_username()
        for user in get_user_model().objects.filter(is_active=True).order_by("pk")
        if user.has_usable_password() and user.check_password(settings.DEMO_PASSWORD)
    ]
    if not usernames:
        return []
    return [
        Leftover(
            f"{len(usernames)} login(s) still use the demo password: {listed(usernames)}.",
            "Give each a password of its own, or deactivate or delete the demo logins "
            "(Settings → Users).",
        )
    ]


def demo_people_articles_and_replies():
    content = load_content()
    leftovers = []
    people = list(
        Author.objects.filter(name__in=[person.name for person in content.people.values()])
        .order_by("name")
        .values_list("name", flat=True)
    )
    if people:
        leftovers.append(
            Leftover(
                f"{len(people)} invented demo author(s): {listed(people)}.",
                "Replace them with the clinic's own people (Blog → Authors).",
            )
        )
    articles = list(
        BlogPage.objects.filter(slug__in=[article.slug for article in content.articles])
        .order_by("title")
        .values_list("title", flat=True)
    )
    if articles:
        leftovers.append(
            Leftover(
                f"{len(articles)} demo article(s): {listed(articles)}.",
                "Delete them, or rewrite them as the clinic's own and have them reviewed.",
            )
        )
    # Replies are made with the demo's exact words: no reader of a real site wrote them.
    replies = Reply.objects.filter(comment__in=[reply.text for reply in content.replies]).count()
    if replies:
        leftovers.append(
            Leftover(
                f"{replies} demo reader repl(y/ies) on the articles.",
                "Delete them under Replies (or with their articles).",
            )
        )
    return leftovers


def loopback_addresses():
    leftovers = []
    if is_loopback(urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname):
        leftovers.append(
            Leftover(
                f"WAGTAILADMIN_BASE_URL is a loopback address ({settings.WAGTAILADMIN_BASE_URL}).",
                "Set it to the public address, e.g. https://clinic.example.org.",
            )
        )
    for site in Site.objects.filter(hostname__isnull=False).order_by("pk"):
        if is_loopback(site.hostname):
            leftovers.append(
                Leftover(
                    f"The site “{site}” is served at a loopback address ({site.root_url}).",
                    "Set its hostname and port to the public ones under Settings → Sites.",
                )
            )
    return leftovers


FINDERS = (
    placeholder_addresses,
    demo_images,
    demo_passwords,
    demo_people_articles_and_replies,
    loopback_addresses,
)


def find_leftovers():
    """Every Leftover on the site, in the order of FINDERS (an empty list when ready)."""
    return [leftover for finder in FINDERS for leftover in finder()]
