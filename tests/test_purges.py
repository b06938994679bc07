"""The daily purges of readers' personal data: scheduled where the README schedules jobs,
reported when they stop (a system check and the administrators' dashboard), and promised in
the same number of days the settings keep the data for."""

import io
import re
from pathlib import Path
from unittest import mock

from django.core import checks
from django.core.management import call_command
from django.db import ProgrammingError
from django.test import Client
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply
from clinicsite.demo.content import load_content
from clinicsite.demo.reading import ContentError, fill_in
from tests.factories import ReplyFactory
from tests.reply_forms import reader_view

PROJECT = Path(__file__).resolve().parent.parent


def sent_days_ago(reply, days):
    Reply.objects.filter(pk=reply.pk).update(
        submit_date=timezone.now() - timezone.timedelta(days=days)
    )
    return reply


def purge_messages(**kwargs):
    return [
        message
        for message in checks.run_checks(**kwargs)
        if message.id in {"replies.I001", "replies.I002"}
    ]


# --- Scheduled ---------------------------------------------------------------------------------


def test_the_readme_schedules_both_purges_daily_next_to_publish_scheduled():
    readme = (PROJECT / "README.md").read_text()
    cron = [line for line in readme.splitlines() if "manage.py purge_comment_ips" in line]
    assert any(line.startswith("15 3 * * *") and "purge_spam_replies" in line for line in cron)
    daily_service = readme[readme.index("# clinicsite-daily.service") :]
    assert "ExecStart=/srv/clinicsite/.venv/bin/python manage.py purge_comment_ips" in daily_service
    assert (
        "ExecStart=/srv/clinicsite/.venv/bin/python manage.py purge_spam_replies" in daily_service
    )
    assert "OnCalendar=daily" in daily_service[daily_service.index("# clinicsite-daily.timer") :]
    assert readme.index("publish_scheduled") < readme.index("# clinicsite-daily.service")


def test_make_purge_runs_both_purges():
    makefile = (PROJECT / "Makefile").read_text()
    recipe = re.search(r"^purge: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "manage.py purge_comment_ips" in recipe
    assert "manage.py purge_spam_replies" in recipe


# --- Reported when they stop --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_overdue_ip_purge_is_an_info_check(article, settings):
    settings.REPLIES_IP_KEPT_DAYS = 30
    sent_days_ago(ReplyFactory(article=article, ip_address="203.0.113.9"), 33)
    [message] = purge_messages(databases=["default"])
    assert message.id == "replies.I001"
    assert message.level == checks.INFO  # below WARNING: check --deploy stays clean
    assert "1 reply still holds an IP address" in message.msg
    assert "purge_comment_ips" in message.hint


@pytest.mark.django_db
def test_an_overdue_spam_purge_is_an_info_check(article, settings):
    settings.REPLIES_SPAM_KEPT_DAYS = 30
    sent_days_ago(ReplyFactory(article=article, status="spam"), 33)
    sent_days_ago(ReplyFactory(article=article, status="spam"), 40)
    [message] = purge_messages(databases=["default"])
    assert message.id == "replies.I002"
    assert message.level == checks.INFO
    assert "2 spam replies are still stored" in message.msg


@pytest.mark.django_db
def test_purges_that_keep_up_are_not_reported(article, settings):
    settings.REPLIES_IP_KEPT_DAYS = settings.REPLIES_SPAM_KEPT_DAYS = 30
    # Past their days, but by less than the day a daily run may take to come round.
    sent_days_ago(ReplyFactory(article=article, ip_address="203.0.113.9"), 31)
    sent_days_ago(ReplyFactory(article=article, status="spam"), 31)
    ReplyFactory(article=article, ip_address="203.0.113.10")
    assert purge_messages(databases=["default"]) == []


@pytest.mark.django_db
def test_purging_clears_the_report(article):
    sent_days_ago(ReplyFactory(article=article, ip_address="203.0.113.9"), 60)
    sent_days_ago(ReplyFactory(article=article, status="spam", ip_address="203.0.113.8"), 60)
    assert len(purge_messages(databases=["default"])) == 2
    call_command("purge_comment_ips", stdout=io.StringIO())
    call_command("purge_spam_replies", stdout=io.StringIO())
    assert purge_messages(databases=["default"]) == []


@pytest.mark.django_db
def test_the_check_queries_only_when_asked_for_a_database(article, django_assert_num_queries):
    sent_days_ago(ReplyFactory(article=article, ip_address="203.0.113.9"), 60)
    with django_assert_num_queries(0):
        assert purge_messages() == []


@pytest.mark.django_db
def test_the_check_is_silent_on_a_database_not_yet_migrated():
    with mock.patch.object(Reply.objects, "holding_ip_beyond", side_effect=ProgrammingError):
        assert purge_messages(databases=["default"]) == []


@pytest.fixture
def overdue_reply(article):
    return sent_days_ago(ReplyFactory(article=article, ip_address="203.0.113.9"), 60)


def dashboard_panel(user):
    client = Client()
    client.force_login(user)
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return page.select_one("#overdue-purges-section")


@pytest.mark.django_db
def test_administrators_see_an_overdue_purge_on_the_dashboard(overdue_reply, admin_user):
    panel = dashboard_panel(admin_user)
    assert panel is not None
    text = panel.get_text(" ", strip=True)
    assert "1 reply sent more than 30 days ago still holds an IP address" in text
    assert "purge_comment_ips" in text


@pytest.mark.django_db
def test_only_administrators_see_it(overdue_reply, moderator):
    assert dashboard_panel(moderator) is None


@pytest.mark.django_db
def test_no_panel_while_the_purges_keep_up(article, admin_user):
    ReplyFactory(article=article, ip_address="203.0.113.9")
    assert dashboard_panel(admin_user) is None


# --- Promised in the days the settings say ------------------------------------------------------


def test_the_demo_privacy_policy_states_the_configured_days(settings):
    settings.REPLIES_IP_KEPT_DAYS = 14
    settings.REPLIES_SPAM_KEPT_DAYS = 21
    policy = " ".join(load_content().privacy_page["body"].split())
    assert "IP addresses are used only to stop spam and are deleted after 14 days." in policy
    assert "deleted after 21 days" in policy
    assert "30 days" not in policy


def test_a_misspelt_placeholder_in_the_privacy_text_is_an_error_naming_it():
    with pytest.raises(ContentError, match=r"\{ip_kept_dyas\}.*known: \{ip_kept_days\}"):
        fill_in("deleted after {ip_kept_dyas} days", {"ip_kept_days": 30}, "pages.toml")


@pytest.mark.django_db
def test_the_reply_forms_privacy_note_states_the_configured_days(client, article, settings):
    settings.REPLIES_IP_KEPT_DAYS = 14
    reply = ReplyFactory(article=article)
    for url in [article.url, f"/replies/reply/{reply.pk}/"]:
        page = reader_view(client, url)
        note = page.select_one("#reply-privacy-note").get_text(" ", strip=True)
        assert "deleted after 14 days" in note, url
