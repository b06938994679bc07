"""Editors submit articles, Medical reviewers approve or send them back, and only an approval
(or a scheduled go-live after one) puts an article live. Driven through the admin's views."""

import datetime
import importlib
from unittest import mock

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from blog import editorial
from blog.models import REVIEW_VALID_FOR, BlogIndexPage, BlogPage
from home.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS
from tests.factories import AuthorFactory, BlogIndexPageFactory, BlogPageFactory

MIGRATION = "0003_editorial_groups_and_workflow"


def article_data(author_or_page, action=None, **fields):
    """The article editor's form, as the admin posts it, with `action` as the button pressed:
    a new article by an author, or an existing article keeping its authors."""
    if isinstance(author_or_page, BlogPage):
        links = list(author_or_page.article_authors.all())
        authors = inline_formset(
            [{"id": link.pk, "author": link.author_id} for link in links], initial=len(links)
        )
    else:
        authors = inline_formset([{"author": author_or_page.pk}])
    data = {
        "title": "Sleep and ketamine",
        "slug": "sleep-and-ketamine",
        "intro": "How sessions can affect sleep.",
        "article_authors": authors,
        "body": streamfield([("paragraph", rich_text("<p>Rest well after a session.</p>"))]),
        "replies_open": "on",
        **fields,
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def add_url(blog_index):
    return reverse("wagtailadmin_pages:add", args=("blog", "blogpage", blog_index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def workflow_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


@pytest.fixture
def submitted(client, editor, reviewer, blog_index, author, clinic):
    """An article the editor has created and submitted for medical review in the admin."""
    client.force_login(editor)
    response = client.post(add_url(blog_index), article_data(author, "submit"))
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return BlogPage.objects.get(slug="sleep-and-ketamine")


def approve(client, reviewer, page, comment=""):
    client.force_login(reviewer)
    response = client.post(workflow_action_url(page, "approve"), {"comment": comment})
    assert response.status_code == 302
    page.refresh_from_db()
    return response


def reject(client, reviewer, page, comment):
    client.force_login(reviewer)
    response = client.post(workflow_action_url(page, "reject"), {"comment": comment})
    assert response.status_code == 302
    page.refresh_from_db()
    return response


def table_counts():
    models = (
        Group,
        GroupPagePermission,
        GroupCollectionPermission,
        Workflow,
        WorkflowTask,
        WorkflowPage,
        Task,
    )
    return {model.__name__: model.objects.count() for model in models}


# --- Groups and permissions ----------------------------------------------------------------


def test_blog_index_gets_page_permissions_and_the_medical_review_workflow(blog_index):
    def codenames(group_name):
        return set(
            GroupPagePermission.objects.filter(group__name=group_name, page=blog_index).values_list(
                "permission__codename", flat=True
            )
        )

    assert codenames(EDITORS) == {"add_page", "change_page"}
    assert codenames(MEDICAL_REVIEWERS) == {"add_page", "change_page", "publish_page"}
    assert blog_index.get_workflow().name == "Medical review"
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow__name="Medical review")
    assert list(task.groups.values_list("name", flat=True)) == [MEDICAL_REVIEWERS]


def test_groups_have_only_the_permissions_their_role_needs(db):
    for name in (EDITORS, MEDICAL_REVIEWERS, MODERATORS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    # No one but a superuser has permissions on the root page, i.e. on every page.
    for name in (EDITORS, MODERATORS):
        assert not GroupPagePermission.objects.filter(group__name=name, page__depth=1).exists()
    assert not GroupPagePermission.objects.filter(group__name=MODERATORS).exists()
    media = {
        f"{action}_{model}"
        for model in ("image", "document")
        for action in ("add", "change", "choose")
    }
    for name in (EDITORS, MEDICAL_REVIEWERS):
        granted = set(
            GroupCollectionPermission.objects.filter(
                group__name=name, collection__depth=1
            ).values_list("permission__codename", flat=True)
        )
        assert granted == media
    assert not GroupCollectionPermission.objects.filter(group__name=MODERATORS).exists()


def test_wagtails_moderators_approval_workflow_is_retired(blog_index):
    default = Workflow.objects.get(name="Moderators approval")
    assert not default.active
    assert not WorkflowPage.objects.filter(workflow=default).exists()


def test_editorial_setup_run_twice_creates_nothing_new(blog_index):
    before = table_counts()
    editorial.ensure_editorial_setup(django_apps)
    editorial.ensure_editorial_setup(django_apps)
    assert table_counts() == before


def historical_apps(migration_name):
    """The app registry as the named blog migration sees it once applied."""
    return MigrationLoader(connection).project_state(("blog", migration_name)).apps


def test_migration_reverses_and_applies_again(blog_index):
    migration = importlib.import_module(f"blog.migrations.{MIGRATION}")
    before = table_counts()

    migration.backwards(historical_apps(MIGRATION), None)
    assert not Group.objects.filter(name=MEDICAL_REVIEWERS).exists()
    assert not Workflow.objects.filter(name="Medical review").exists()
    assert set(
        GroupPagePermission.objects.filter(group__name=EDITORS).values_list(
            "page__depth", "permission__codename"
        )
    ) == {(1, "add_page"), (1, "change_page")}
    assert Workflow.objects.get(name="Moderators approval").active

    migration.forwards(historical_apps(MIGRATION), None)
    migration.forwards(historical_apps(MIGRATION), None)
    assert table_counts() == before
    assert BlogIndexPage.objects.get().get_workflow().name == "Medical review"


def test_moderators_cannot_edit_or_add_pages(client, moderator, article):
    client.force_login(moderator)
    for url in (edit_url(article), add_url(article.get_parent())):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")


# --- Editors cannot publish ----------------------------------------------------------------


def test_editor_sees_submit_but_no_publish_button(client, editor, submitted):
    client.force_login(editor)
    for url in (add_url(submitted.get_parent()), edit_url(submitted)):
        html = client.get(url).content.decode()
        assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in client.get(add_url(submitted.get_parent())).content.decode()


def test_forged_publish_from_an_editor_saves_a_draft_only(client, editor, blog_index, author):
    client.force_login(editor)
    response = client.post(add_url(blog_index), article_data(author, "publish"))
    assert response.status_code == 302
    article = BlogPage.objects.get(slug="sleep-and-ketamine")
    assert not article.live
    assert article.live_revision is None

    data = article_data(article, "publish", title="Sleep and ketamine, revised")
    response = client.post(edit_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.live_revision is None
    assert article.draft_title == "Sleep and ketamine, revised"


def test_editor_cannot_use_the_reviewers_approve_action(client, editor, submitted):
    client.force_login(editor)
    response = client.post(workflow_action_url(submitted, "approve"), {"comment": ""})
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert not submitted.live


# --- Submit, approve, reject ---------------------------------------------------------------


def test_submitting_mails_the_medical_reviewers_only(admin_user, moderator, submitted, reviewer):
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert submitted.title in mail.outbox[0].subject
    assert mail.outbox[0].from_email == "Clinic website <no-reply@localhost>"


def test_approval_publishes_and_records_the_reviewer(
    client, submitted, reviewer, reviewer_profile, editor
):
    mail.outbox.clear()
    approve(client, reviewer, submitted)

    assert submitted.live
    today = timezone.localdate()
    assert submitted.reviewed_by == reviewer_profile
    assert submitted.last_reviewed == today
    assert submitted.next_review_due == today + REVIEW_VALID_FOR
    # The live revision carries the review, so the next draft starts from it.
    live = submitted.live_revision.as_object()
    assert (live.reviewed_by_id, live.last_reviewed) == (reviewer_profile.pk, today)
    assert submitted.live_revision.user == reviewer

    client.logout()
    response = client.get(submitted.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rest well after a session." in html
    assert "Medically reviewed by Rita Okonkwo-Hale, MD" in html
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "approved" in mail.outbox[0].subject.lower()


def test_approval_records_the_approving_reviewer_over_one_the_editor_named(
    client, editor, reviewer, reviewer_profile, blog_index, author, clinic
):
    # The person who makes the article live is the one who reviewed it: a reviewer and date
    # typed in by the editor are not a medical review.
    outside_reviewer = AuthorFactory(name="Dr. Outside")
    client.force_login(editor)
    data = article_data(
        author,
        "submit",
        reviewed_by=outside_reviewer.pk,
        last_reviewed="2026-03-02",
        next_review_due="",
    )
    assert client.post(add_url(blog_index), data).status_code == 302
    article = BlogPage.objects.get(slug="sleep-and-ketamine")

    approve(client, reviewer, article)

    assert article.live
    assert article.reviewed_by == reviewer_profile
    assert article.last_reviewed == timezone.localdate()


def test_approval_by_a_reviewer_without_author_profile_is_refused(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(workflow_action_url(submitted, "approve"), {"comment": ""}, follow=True)
    assert response.status_code == 200
    assert "This article needs a medical review before it goes live." in response.content.decode()
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.reviewed_by is None
    # The approval is undone: the article still waits for a medical reviewer.
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert submitted.current_workflow_task_state.status == "in_progress"


def test_rejection_returns_the_article_to_the_editor_with_the_comment(
    client, submitted, reviewer, editor
):
    mail.outbox.clear()
    reject(client, reviewer, submitted, "Please cite the trial you mention.")

    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Please cite the trial you mention." in mail.outbox[0].body

    client.force_login(editor)
    [row] = editorial_status_rows(client)
    assert row["title"] == "Sleep and ketamine"
    assert row["status"].startswith("Changes requested by rita")
    assert row["comment"] == "Please cite the trial you mention."
    # The editor may change the article again and resubmit it.
    response = client.post(edit_url(submitted), article_data(submitted, "submit"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def editorial_status_rows(client):
    """The editor's "Your articles in review" panel on the dashboard, row by row."""
    page = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = page.find(id="editorial-status-section")
    if panel is None:
        return []
    rows = []
    for tr in panel.find("tbody").find_all("tr"):
        title, status, _since = tr.find_all("td")
        comment = status.find("blockquote")
        if comment is not None:
            comment = comment.extract().get_text(" ", strip=True)
        rows.append(
            {
                "title": title.get_text(strip=True),
                "status": " ".join(status.get_text(" ", strip=True).split()).replace(" ,", ","),
                "comment": comment,
            }
        )
    return rows


def test_a_reviewers_comment_is_shown_to_the_editor_as_text(client, submitted, reviewer, editor):
    reject(client, reviewer, submitted, '<script>alert("x")</script>\nSecond line')
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Second line" in html


def test_the_editorial_status_panel_is_only_for_people_with_submissions(
    client, submitted, moderator
):
    client.force_login(moderator)
    assert editorial_status_rows(client) == []


def test_dashboards_show_the_article_to_its_editor_and_its_reviewer(
    client, submitted, editor, reviewer
):
    client.force_login(editor)
    [row] = editorial_status_rows(client)
    assert row["title"] == "Sleep and ketamine"
    assert row["status"] == "Submitted for review, awaiting Medical review"
    assert row["comment"] is None
    # Ours replaces Wagtail's panel of the same workflow states rather than repeating it.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your pages and snippets in a workflow" not in dashboard

    client.force_login(reviewer)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert "Sleep and ketamine" in dashboard


# --- Scheduling and preview ----------------------------------------------------------------


def admin_datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def test_approved_article_with_a_go_live_date_goes_live_when_publish_scheduled_runs(
    client, editor, reviewer, reviewer_profile, blog_index, author, clinic
):
    go_live_at = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    client.force_login(editor)
    data = article_data(author, "submit", go_live_at=admin_datetime(go_live_at))
    assert client.post(add_url(blog_index), data).status_code == 302
    article = BlogPage.objects.get(slug="sleep-and-ketamine")

    approve(client, reviewer, article)
    assert not article.live
    assert article.get_latest_revision().approved_go_live_at == go_live_at

    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live

    a_minute_after = go_live_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=a_minute_after):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert article.reviewed_by == reviewer_profile
    assert client.get(article.url).status_code == 200


def test_publish_scheduled_unpublishes_an_article_past_its_expiry(article):
    article.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save()
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live
    assert article.expired


def test_preview_of_a_draft_shows_its_body_and_disables_replies(
    client, editor, blog_index, author, clinic
):
    client.force_login(editor)
    assert client.post(add_url(blog_index), article_data(author)).status_code == 302
    draft = BlogPage.objects.get(slug="sleep-and-ketamine")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    data = article_data(
        draft, body=streamfield([("paragraph", rich_text("<p>Words only in this draft.</p>"))])
    )
    assert client.post(url, data).json()["is_valid"]

    html = client.get(url).content.decode()
    assert "Words only in this draft." in html
    assert 'class="replies replies--disabled"' in html
    assert "Replies are disabled in preview." in html
    assert html.count('id="replies-heading"') == 1


def test_reviewer_preview_of_a_submitted_article_disables_replies(client, submitted, reviewer):
    client.force_login(reviewer)
    task = submitted.current_workflow_task
    url = reverse("wagtailadmin_pages:workflow_preview", args=[submitted.pk, task.pk])
    html = client.get(url).content.decode()
    assert "Rest well after a session." in html
    assert "Replies are disabled in preview." in html


def test_live_article_shows_the_replies_section(client, article):
    html = client.get(article.url).content.decode()
    assert "Replies are disabled in preview." not in html


# --- Demo -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_puts_users_in_groups_and_leaves_a_draft_awaiting_review(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    users = {user.username: user for user in get_user_model().objects.all()}
    assert list(users["editor"].groups.values_list("name", flat=True)) == [EDITORS]
    assert list(users["reviewer"].groups.values_list("name", flat=True)) == [MEDICAL_REVIEWERS]
    assert list(users["moderator"].groups.values_list("name", flat=True)) == [MODERATORS]

    draft = BlogPage.objects.get(slug="preparing-for-your-first-ketamine-session")
    assert not draft.live
    assert draft.current_workflow_state.requested_by == users["editor"]
    assert draft.current_workflow_task.name == "Medical review"

    client.force_login(users["reviewer"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert "Preparing for Your First Ketamine Session" in dashboard

    approve(client, users["reviewer"], draft)
    assert draft.live
    assert draft.reviewed_by.user == users["reviewer"]
    call_command("seed_demo")
    assert BlogPage.objects.filter(slug=draft.slug).count() == 1


def test_blog_index_created_in_the_admin_gets_the_workflow(client, admin_user, home_page):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("blog", "blogindexpage", home_page.pk))
    data = nested_form_data({"title": "Blog", "slug": "blog", "intro": "", "action-publish": "1"})
    assert client.post(url, data).status_code == 302
    blog_index = BlogIndexPage.objects.get()
    assert blog_index.get_workflow().name == "Medical review"
    assert GroupPagePermission.objects.filter(page=blog_index).count() == 5


def test_factory_blog_index_gets_the_workflow_too(home_page):
    blog_index = BlogIndexPageFactory(parent=home_page)
    article = BlogPageFactory(parent=blog_index)
    assert article.get_workflow().name == "Medical review"
