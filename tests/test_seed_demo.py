"""`manage.py seed_demo`: builds the demo site once, changes nothing the second time."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as DjangoSite
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from blog.replies.models import Reply
from home.models import ClinicSettings, HomePage
from tests.reply_forms import reader_view


def database_state():
    """Every row of every table, so two snapshots differ if anything at all changed."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_seeding_twice_gives_the_same_database_state(debug_on):
    call_command("seed_demo")
    first = database_state()
    call_command("seed_demo")
    assert database_state() == first


@pytest.mark.django_db
def test_seed_builds_home_at_root_with_the_clinic_details(debug_on):
    call_command("seed_demo")
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert home.live and home.treatments.count() == 4
    clinic = ClinicSettings.for_site(site)
    assert clinic.phone == "(706) 286-8344"
    assert clinic.email == "ketamine@ashfordpain.com"
    response = Client().get("/")
    assert response.status_code == 200
    assert b"(706) 286-8344" in response.content
    assert b"ketamine@ashfordpain.com" in response.content


@pytest.mark.django_db
def test_seed_creates_the_demo_logins_with_the_demo_password(debug_on, settings):
    settings.DEMO_PASSWORD = "a-local-demo-password"
    call_command("seed_demo")
    users = {user.username: user for user in get_user_model().objects.all()}
    assert set(users) >= {"admin", "editor", "reviewer", "moderator"}
    assert users["admin"].is_superuser
    assert not users["editor"].is_superuser
    for user in users.values():
        assert user.check_password("a-local-demo-password")


@pytest.mark.django_db
def test_seed_keeps_what_an_editor_changed(debug_on):
    call_command("seed_demo")
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.phone = "(555) 010-2030"
    clinic.save()
    call_command("seed_demo")
    clinic.refresh_from_db()
    assert clinic.phone == "(555) 010-2030"


@pytest.mark.django_db
def test_seed_gives_articles_threads_and_the_moderators_waiting_replies(debug_on, mailoutbox):
    call_command("seed_demo")
    anxiety = BlogPage.objects.get(slug="ketamine-and-anxiety")
    page = BeautifulSoup(Client().get(anxiety.url).content, "html.parser")
    shown = [item.get("id") for item in page.select("#replies li[id^=reply-]")]
    approved = Reply.objects.for_article(anxiety).approved()
    assert len(shown) == approved.count() == 3
    answers = approved.exclude(parent_id=F("pk"))
    assert answers.count() == 2 and answers.filter(is_clinic_reply=True).count() == 1
    assert "Clinic" in page.select_one(".reply__badge").get_text()
    pinned = page.select_one("#replies .replies__pinned")  # the clinic's answer, on top
    assert "Pinned by the clinic" in pinned.get_text() and "Dana" in pinned.get_text()
    assert Reply.objects.awaiting_moderation().count() == 2  # work in the moderation queue
    assert "Is there a usual number of sessions" not in page.get_text()
    # The submitted article's review task is announced (Wagtail's own mail); no reply mail.
    assert not [mail.subject for mail in mailoutbox if "repl" in mail.subject.lower()]


@pytest.mark.django_db
def test_seed_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not HomePage.objects.exists()


@pytest.mark.django_db
def test_seed_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True)
    assert HomePage.objects.exists()


@pytest.mark.django_db
def test_seed_serves_the_site_at_the_configured_address(debug_on, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("seed_demo")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_url == "http://127.0.0.1:8000"
    assert DjangoSite.objects.get(pk=settings.SITE_ID).domain == "127.0.0.1:8000"


@pytest.mark.django_db
def test_seed_publishes_a_privacy_policy_linked_from_footer_and_reply_form(debug_on):
    call_command("seed_demo")
    client = Client()
    policy = client.get("/privacy/")
    assert policy.status_code == 200
    assert b"IP addresses are used" in policy.content
    article_url = BlogPage.objects.live().first().url
    article = client.get(article_url).content.decode()
    footer = article[article.index('class="site-footer"') :]
    assert 'href="/privacy/"' in footer
    form = reader_view(client, article_url).select_one("#leave-a-reply")
    assert form.select_one('a[href="/privacy/"]')


@pytest.mark.django_db
def test_seed_orders_the_menu_home_blog_contact(debug_on):
    call_command("seed_demo")
    page = BeautifulSoup(Client().get("/").content, "html.parser")
    links = [link["href"] for link in page.select("nav.main-nav a")]
    assert links == ["/", "/blog/", "/contact/"]


def test_no_app_imports_the_demo():
    """The demo sits above every app: only seed_demo (and the benchmarks) import it."""
    importers = []
    for app in ("home", "blog"):
        for path in (Path(django_settings.BASE_DIR) / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue  # `global`/`nonlocal` have names too, plain strings
                names = [alias.name for alias in node.names]
                if isinstance(node, ast.ImportFrom):
                    names = [f"{node.module}.{name}" for name in names]
                if any(name.startswith("clinicsite.demo") for name in names):
                    importers.append(str(path))
    assert importers == []
