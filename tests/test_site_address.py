"""The site's own address follows the port `make run` serves on, and production settings say
when it is a loopback one (Info, so `check --deploy` stays at zero warnings)."""

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.management import call_command
from django.test import Client

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from blog.replies import moderation, notifications
from blog.replies.models import Reply
from clinicsite.checks import check_site_address, is_loopback
from tests.factories import ReplyFactory
from tests.site_process import clean_environment

PROJECT = Path(__file__).resolve().parent.parent


def make_dry_run(target, **variables):
    """The commands `make <target>` would run (`make -n`), one str per line."""
    env = clean_environment("WAGTAILADMIN_BASE_URL")
    result = subprocess.run(
        [
            shutil.which("make"),
            "-n",
            target,
            *(f"{key}={value}" for key, value in variables.items()),
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(("target", "server"), [("run", "runserver"), ("serve-prod", "gunicorn")])
def test_make_gives_its_port_to_the_site_address(target, server):
    commands = [line for line in make_dry_run(target, PORT=8080) if "manage.py" in line]
    commands += [line for line in make_dry_run(target, PORT=8080) if server in line]
    assert commands
    for command in commands:
        assert 'WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:8080}"' in command
        assert ":8000" not in command


@pytest.mark.django_db
def test_seeding_again_on_another_port_moves_every_link_to_it(settings, moderator):
    settings.DEBUG = True
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("seed_demo")
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    call_command("seed_demo")
    mail.outbox.clear()  # the first run's workflow email was sent on 8000, rightly

    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8080"
    assert DjangoSite.objects.get(pk=settings.SITE_ID).domain == "127.0.0.1:8080"
    article = BlogPage.objects.live().first()
    browser = Client(HTTP_HOST="127.0.0.1:8080")
    page = BeautifulSoup(browser.get(article.url).content, "html.parser")
    assert page.find("link", rel="canonical")["href"].startswith("http://127.0.0.1:8080/")
    share = [a["href"] for a in page.select(".share a.share__link")]
    assert share and all("8080" in href and "8000" not in href for href in share)
    feed = browser.get(article.get_parent().url + "feed/").content.decode()
    assert "127.0.0.1:8080" in feed and "127.0.0.1:8000" not in feed

    follower = ReplyFactory(article=article, followup=True, user_email="fan@example.com")
    reply = ReplyFactory(article=article, status="awaiting", parent_id=follower.pk)
    notifications.reply_stored(reply)
    moderation.approve(Reply.objects.get(pk=reply.pk), moderator)
    notifications.reply_approved(Reply.objects.get(pk=reply.pk))
    assert mail.outbox
    for message in mail.outbox:
        assert "127.0.0.1:8000" not in message.body
    assert "http://127.0.0.1:8080/replies/mute/" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("hostname", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("localhost", True),
        ("[::1]", True),
        ("clinic.example.org", False),
        ("203.0.113.5", False),
        (None, False),
    ],
)
def test_loopback_addresses_are_recognised(hostname, loopback):
    assert is_loopback(hostname) is loopback


def test_loopback_base_url_is_an_info_not_a_warning(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    [message] = check_site_address()
    assert message.id == "clinicsite.I001" and message.level == 20  # INFO
    settings.WAGTAILADMIN_BASE_URL = "https://clinic.example.org"
    assert check_site_address() == []


@pytest.mark.django_db
def test_loopback_default_site_is_an_info_when_a_database_is_checked(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://clinic.example.org"
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=8000)
    [message] = check_site_address(databases=["default"])
    assert message.id == "clinicsite.I002" and message.level == 20
    Site.objects.filter(is_default_site=True).update(hostname="clinic.example.org", port=443)
    assert check_site_address(databases=["default"]) == []


def test_check_deploy_under_production_settings_reports_loopback_with_zero_warnings():
    env = clean_environment("DEBUG", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL")
    env.update(
        DJANGO_SETTINGS_MODULE="clinicsite.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS_ONLY="true",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "clinicsite.I001" in output
    assert "WARNINGS" not in output and "ERRORS" not in output
