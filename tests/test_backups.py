"""`make backup` / `make restore`: the demo site, with replies, a contact message, revisions,
pictures and their renditions, round-trips through one archive into an empty database."""

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from wagtail.contrib.forms.models import FormSubmission
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.models import Revision, WorkflowState

import psycopg
import pytest
from psycopg import sql

from blog.models import BlogPage
from blog.replies.models import Reply
from home.models import ContactPage
from tests.factories import ReplyFactory
from tests.site_process import clean_environment

PROJECT = Path(__file__).resolve().parent.parent


def site_snapshot():
    """What a restore must bring back, as JSON-ready data: every article, revision, workflow
    state, picture (and its files), reply and contact message."""
    media = Path(django_settings.MEDIA_ROOT)
    return {
        "articles": sorted(BlogPage.objects.values_list("slug", "title", "live", "path")),
        "revisions": Revision.objects.count(),
        "workflow_states": sorted(WorkflowState.objects.values_list("status", flat=True)),
        "images": sorted(get_image_model().objects.values_list("title", "file")),
        "renditions": sorted(Rendition.objects.values_list("file", flat=True)),
        "replies": sorted(
            Reply.objects.values_list("pk", "comment", "status", "thread_id", "parent_id")
        ),
        "messages": sorted(
            json.dumps(data, sort_keys=True)
            for data in FormSubmission.objects.values_list("form_data", flat=True)
        ),
        "files": sorted(
            str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()
        ),
    }


def run_site(*arguments, env):
    """Run Python with `arguments` in a fresh process of the site (dev settings), with
    `env` (DATABASE_URL, MEDIA_ROOT) added to a clean environment."""
    clean = clean_environment("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE")
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinicsite.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_site(migrated_db, media_root, settings):
    """The demo site, each article viewed once (so its renditions exist), a thread of
    replies in every state and a message sent through the contact page."""
    settings.DEBUG = True
    call_command("seed_demo", force=True)
    client = Client(HTTP_HOST="127.0.0.1:8000")
    for article in BlogPage.objects.live():
        assert client.get(article.url).status_code == 200
    article = BlogPage.objects.live().first()
    question = ReplyFactory(article=article, comment="Does it help with sleep?")
    ReplyFactory(article=article, parent_id=question.pk, status="awaiting")
    ReplyFactory(article=article, status="spam", ip_address="203.0.113.9")
    ReplyFactory(article=article, status="removed")
    FormSubmission.objects.create(
        page=ContactPage.objects.get(),
        form_data={"name": "Jordan Lee", "message": "Could ketamine help my anxiety?"},
    )


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database on the suite's engine, as a DATABASE_URL; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    server = {
        "host": source["HOST"],
        "port": source["PORT"] or 5432,
        "user": source["USER"],
        "password": source["PASSWORD"],
    }
    identifier = sql.Identifier(name)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    credentials = quote(server["user"]) + (
        f":{quote(server['password'])}" if server["password"] else ""
    )
    yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))


RESTORED_SITE = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from blog.models import BlogPage
from tests.test_backups import site_snapshot
call_command("migrate", check=True, verbosity=0)  # exits non-zero if a migration is missing
client = Client(HTTP_HOST="127.0.0.1:8000")
pages = {page.url: client.get(page.url).status_code for page in BlogPage.objects.live()}
print(json.dumps({"snapshot": site_snapshot(), "pages": pages}))
"""


def test_a_backup_restores_into_an_empty_database_with_everything(
    demo_site, empty_database, tmp_path
):
    before = json.loads(json.dumps(site_snapshot()))
    assert before["replies"] and before["messages"] and before["renditions"]
    archive = tmp_path / "backups" / "site.tar.gz"
    call_command("backup_site", output=archive, stdout=io.StringIO())
    assert archive.stat().st_mode & 0o077 == 0  # personal data: its owner's only
    with tarfile.open(archive) as contents:
        assert "manifest.json" in contents.getnames()

    env = {"DATABASE_URL": empty_database, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    restored = run_site("manage.py", "restore_site", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    result = run_site("-c", RESTORED_SITE, env=env)
    assert result.returncode == 0, result.stderr
    after = json.loads(result.stdout.splitlines()[-1])
    assert after["snapshot"] == before
    assert set(after["pages"].values()) == {200}


def test_restore_refuses_a_database_that_is_not_empty(demo_site, tmp_path):
    replies = Reply.objects.count()
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", output=archive, stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_site", archive)
    assert Reply.objects.count() == replies  # untouched


def test_backup_never_overwrites_an_archive(migrated_db, media_root, tmp_path):
    archive = tmp_path / "site.tar.gz"
    archive.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_site", output=archive)
    assert archive.read_bytes() == b"an older backup"
