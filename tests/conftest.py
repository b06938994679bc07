"""Fixtures shared by the whole suite: a site whose root is the clinic's home page, its blog,
and one member of each staff group."""

import socket
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import InterfaceError, OperationalError, connection, connections

from wagtail.models import Page, Site

import pytest

from clinicsite.settings.environment import cache_settings
from home import local_copies, routing
from home.models import ClinicSettings
from home.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    HomePageFactory,
    TopicFactory,
    TreatmentFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments must not leak between tests (Redis outlives them),
    nor this process's copies of pages and fragments, nor remembered walks down the page
    tree (a test's query counts must not depend on the tests before it)."""
    cache.clear()
    local_copies.store().clear()
    routing.forget_all()
    yield
    cache.clear()
    local_copies.store().clear()


@pytest.fixture
def rendered_every_time(settings):
    """The page cache off: every request renders, as on a cold render (from the fragments and
    routes kept between requests when they still hold)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block leaves for after commit, as the commit of a
    real request does (tests run inside a transaction that never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """What the migrations put in the database (root page, site, groups, workflow…), for
    tests that commit (browser tests, migration tests) to start from. The browser fixture
    takes it before Playwright starts: once its event loop runs, Django hands out
    per-context connections, and the one that holds Django's own copy is out of reach."""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def migrated_db(transactional_db, migrated_state):
    """A database as fresh migrations leave it (a previous committing test emptied it)."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(migrated_state)
    # Rows came back with their ids; move PostgreSQL's id sequences past them.
    reset = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in reset:
            cursor.execute(statement)
    ContentType.objects.clear_cache()


@pytest.fixture
def home_page(db):
    """The clinic's home page, treating anxiety and PTSD, as the default site's root."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    TreatmentFactory(page=home, name="Anxiety")
    TreatmentFactory(page=home, name="PTSD")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def site(home_page):
    """The default Wagtail site, rooted at `home_page`."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def clinic(site):
    """The clinic's settings: name, contact details, opening hours."""
    clinic = ClinicSettings.for_site(site)
    clinic.clinic_name = "Ashford Ketamine Clinic"
    clinic.phone = "(706) 286-8344"
    clinic.email = "ketamine@ashfordpain.com"
    clinic.street_address = "12 Example Street\nAshford, GA"
    clinic.opening_hours = "Mon–Fri: 8 am – 5 pm"
    clinic.facebook_url = "https://www.facebook.com/example-clinic"
    clinic.save()
    return clinic


@pytest.fixture
def blog_index(home_page):
    """The blog under the home page, with the Medical review workflow its creation assigns."""
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def author(db):
    """Dana Reyes, MD: an author with no user account."""
    return AuthorFactory(name="Dana Reyes", credentials="MD")


@pytest.fixture
def anxiety(db):
    """The "Anxiety" topic."""
    return TopicFactory(name="Anxiety", slug="anxiety")


@pytest.fixture
def ptsd(db):
    """The "PTSD" topic."""
    return TopicFactory(name="PTSD", slug="ptsd")


@pytest.fixture
def article(blog_index, author, anxiety, clinic):
    """A live article by `author` on `anxiety`, its body one paragraph."""
    return BlogPageFactory(
        parent=blog_index,
        title="Unlocking Relief: Ketamine and Anxiety",
        slug="ketamine-and-anxiety",
        authors=[author],
        topics=[anxiety],
    )


@pytest.fixture
def other_article(blog_index, author, anxiety):
    """A live article on the same topic as `article`: each shows the other's card among
    its related articles."""
    return BlogPageFactory(
        parent=blog_index,
        title="Ketamine and PTSD",
        slug="ketamine-and-ptsd",
        authors=[author],
        topics=[anxiety],
    )


# --- Posting forms ------------------------------------------------------------------------


@pytest.fixture
def no_minimum_wait(settings):
    """Reply forms posted at machine speed pass the minimum-time rule (which has its own
    tests). Modules that post replies use it with `pytest.mark.usefixtures`."""
    settings.REPLIES_MIN_SECONDS = 0


# --- Staff --------------------------------------------------------------------------------
# Each role is a user in the group the migrations create and grant permissions to: a test
# passes only if the role's real permissions allow what it does.


def staff_member(group_name, username, **fields):
    """A user in the staff group named `group_name`, as the migrations left it."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@clinic.example", password="pw", **fields
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    """An Editor: writes articles and submits them for medical review."""
    return staff_member(EDITORS, "erin")


@pytest.fixture
def reviewer(db):
    """A Medical reviewer, with no author profile (see `reviewer_profile`)."""
    return staff_member(MEDICAL_REVIEWERS, "rita")


@pytest.fixture
def reviewer_profile(reviewer):
    """The reviewer's author profile: an approval records it as the article's medical review."""
    return AuthorFactory(name="Rita Okonkwo-Hale", credentials="MD", user=reviewer)


@pytest.fixture
def moderator(db):
    """A Moderator: works the replies queue and answers as the clinic (as Morgan Lee)."""
    return staff_member(MODERATORS, "morgan", first_name="Morgan", last_name="Lee")


# --- Outages -------------------------------------------------------------------------------


@pytest.fixture
def closed_port():
    """A loopback port that refuses connections: bound here, so nothing else takes it, but
    never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def redis_down(settings, closed_port):
    """From here on, the cache is the one production builds for a REDIS_URL whose server is
    down (a closed port)."""
    settings.CACHES = {"default": cache_settings(f"redis://127.0.0.1:{closed_port}/0")}


@pytest.fixture(params=[OperationalError, InterfaceError])
def database_down(request):
    """From here on, every query fails the way Django reports a database it cannot reach
    (OperationalError: connection refused) or a connection it lost (InterfaceError)."""
    failure = request.param('connection to server at "127.0.0.1", port 5432 failed')
    with mock.patch.object(connections["default"], "ensure_connection", side_effect=failure):
        yield
