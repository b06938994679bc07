"""Static files under production's storage: pages link hashed names, and those are sent with a
far-future, immutable Cache-Control (whitenoise); names that are not hashed are not."""

import io

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

import pytest

from clinicsite.settings.base import STORAGES as PRODUCTION_STORAGES

ONE_YEAR = 365 * 24 * 60 * 60


def production_static(static_root):
    """The settings that serve static files as production does, from `static_root` only
    (not from the source folders, as dev and test settings do): a dict."""
    return {
        "STORAGES": {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGES["staticfiles"]},
        "STATIC_ROOT": static_root,
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Static files collected once for the module, as production collects them."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(**production_static(root)):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    return root


@pytest.fixture
def collected_static(static_root):
    """Production's static storage over the collection: the storage."""
    with override_settings(**production_static(static_root)):
        yield staticfiles_storage


def max_age(response):
    """The max-age of a response's Cache-Control, in seconds (int)."""
    directives = [part.strip() for part in response["Cache-Control"].split(",")]
    return int(next(part for part in directives if part.startswith("max-age=")).split("=")[1])


def test_hashed_static_files_are_cached_for_a_year_or_more_and_immutable(collected_static):
    hashed = collected_static.stored_name("css/site.css")
    assert hashed != "css/site.css"  # a content hash in the name
    response = Client().get(f"/static/{hashed}")
    assert response.status_code == 200
    assert max_age(response) >= ONE_YEAR
    assert {"public", "immutable"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


def test_static_files_are_sent_gzipped_to_browsers_that_accept_it(collected_static):
    hashed = collected_static.stored_name("css/site.css")
    response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_unhashed_names_are_not_cached_for_long(collected_static):
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert max_age(response) <= 60 * 60
    assert "immutable" not in response["Cache-Control"]


def test_pages_link_the_hashed_names(collected_static, article):
    page = Client().get(article.url).content.decode()
    hashed = collected_static.stored_name("css/site.css")
    assert f'href="/static/{hashed}"' in page
    assert 'href="/static/css/site.css"' not in page
