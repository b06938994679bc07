"""Fixtures shared by the whole suite: a site whose root is the clinic's home page."""

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from home.models import ClinicSettings
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
    """Rate limits and cached fragments must not leak between tests (Redis outlives them)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
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
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def clinic(site):
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
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def author(db):
    return AuthorFactory(name="Dana Reyes", credentials="MD")


@pytest.fixture
def anxiety(db):
    return TopicFactory(name="Anxiety", slug="anxiety")


@pytest.fixture
def article(blog_index, author, anxiety, clinic):
    return BlogPageFactory(
        parent=blog_index,
        title="Unlocking Relief: Ketamine and Anxiety",
        slug="ketamine-and-anxiety",
        authors=[author],
        topics=[anxiety],
    )
