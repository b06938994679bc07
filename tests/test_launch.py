"""Going from the demo to a real clinic's site: `make run` says where the site is and who to
sign in as; `manage.py prelaunch` lists what still looks like demo content and fails until
nothing does."""

import io
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.images import get_image_model
from wagtail.models import Site

import pytest

from blog.models import Author, BlogPage
from blog.replies.models import Reply
from clinicsite.demo.seed import DEMO_USERS, seed_users
from home.models import ClinicSettings
from tests.site_process import clean_environment

PROJECT = Path(__file__).resolve().parent.parent
MAKEFILE = PROJECT / "Makefile"
PUBLIC_ADDRESS = "https://clinic.example.org"


def run(command):
    """`command`'s output, and the CommandError it raised (or None)."""
    out = io.StringIO()
    try:
        call_command(command, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def launched(db, settings):
    """A site with none of the demo: a public address and a login with its own password."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS
    Site.objects.update(hostname="clinic.example.org", port=443)
    get_user_model().objects.create_user("dr-lee", password="a long password of her own")


# --- make run ----------------------------------------------------------------------------------


def test_make_run_prints_the_addresses_and_logins_just_before_serving():
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    commands = re.findall(r"manage\.py (\w+)", recipe)
    assert commands[-2:] == ["demo_logins", "runserver"]


def test_demo_logins_names_site_admin_and_each_login(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8601"
    seed_users()
    output, error = run("demo_logins")
    assert error is None
    assert "Site:   http://127.0.0.1:8601/\n" in output
    assert "Admin:  http://127.0.0.1:8601/admin/\n" in output
    assert f"password {settings.DEMO_PASSWORD}" in output
    for user in DEMO_USERS:
        assert re.search(rf"^ +{user.username} +{re.escape(user.does)}$", output, re.M)


# --- prelaunch ---------------------------------------------------------------------------------


def test_prelaunch_lists_every_kind_of_demo_content_and_fails(seeded, settings):
    output, error = run("prelaunch")
    assert error is not None
    assert "(street address to be confirmed)" in output
    images = get_image_model().objects.count()
    assert f"{images} demo image(s) in the “Demo images” collection" in output
    assert f"{len(DEMO_USERS)} login(s) still use the demo password" in output
    assert "invented demo author(s): Jonah Ferreira-Lind, Maren Tillbrook" in output
    assert f"{BlogPage.objects.count()} demo article(s)" in output
    assert f"{Reply.objects.count()} demo reader repl(y/ies)" in output
    assert "WAGTAILADMIN_BASE_URL is a loopback address" in output
    assert "served at a loopback address (http://127.0.0.1:8000)" in output
    assert "Ready" not in output


def test_prelaunch_is_ready_when_nothing_of_the_demo_remains(launched):
    output, error = run("prelaunch")
    assert error is None
    assert output.startswith("Ready: nothing on the site looks like demo content.")


def test_prelaunch_passes_once_the_demo_is_replaced(seeded, settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC_ADDRESS
    Site.objects.update(hostname="clinic.example.org", port=443)
    ClinicSettings.objects.update(street_address="12 Main Street\nAshford")
    get_image_model().objects.all().delete()
    for user in get_user_model().objects.all():
        user.set_password(f"{user.username}'s own long passphrase")
        user.save()
    BlogPage.objects.all().delete()
    Reply.objects.all().delete()
    Author.objects.all().delete()
    output, error = run("prelaunch")
    assert error is None, output


@pytest.mark.parametrize("password_is_the_demos", [True, False])
def test_prelaunch_finds_the_demo_password_on_any_login(launched, settings, password_is_the_demos):
    user = get_user_model().objects.create_user("nurse", password="another long password")
    if password_is_the_demos:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
    output, error = run("prelaunch")
    assert ("1 login(s) still use the demo password: nurse." in output) == password_is_the_demos
    assert (error is None) != password_is_the_demos


@pytest.mark.parametrize("half_migrated", [False, True])
def test_prelaunch_on_a_database_not_migrated_says_run_migrate_first(tmp_path, half_migrated):
    # A fresh process on a database of its own: the test database is migrated already.
    env = {
        **clean_environment("DATABASE_URL", "REDIS_URL"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    if half_migrated:
        assert manage("migrate", "--noinput", "contenttypes").returncode == 0
    result = manage("prelaunch")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "The database is not migrated" in result.stderr
    assert "run migrate first" in result.stderr
