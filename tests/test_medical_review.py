"""No article goes live without a medical review: every route to live records the review of
the medical reviewer who made it live, or refuses with a message and publishes nothing."""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision, WorkflowState

import pytest

from blog.medical_review import MedicalReviewRequired
from blog.models import REVIEW_VALID_FOR, BlogPage
from home.roles import MEDICAL_REVIEWERS
from tests.factories import AuthorFactory, BlogPageFactory
from tests.test_editorial_workflow import (
    add_url,
    admin_datetime,
    article_data,
    edit_url,
    workflow_action_url,
)

REFUSAL = "This article needs a medical review before it goes live."


@pytest.fixture
def submitted(client, editor, reviewer, blog_index, author, clinic):
    """An article the editor has created and submitted for medical review in the admin."""
    client.force_login(editor)
    assert client.post(add_url(blog_index), article_data(author, "submit")).status_code == 302
    client.logout()
    return BlogPage.objects.get(slug="sleep-and-ketamine")


@pytest.fixture
def admin_reviewer(admin_user):
    """An administrator who is also a medical reviewer: in the group, with an author profile."""
    admin_user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    AuthorFactory(name="Dr. Admin", user=admin_user)
    return admin_user


@pytest.fixture
def draft(blog_index, author, clinic):
    """An article never published, its one revision by nobody in particular."""
    article = BlogPageFactory(
        parent=blog_index, title="Sleep hygiene, unpublished", slug="draft", authors=[author]
    )
    article.live = False
    article.save()
    article.save_revision()
    return article


def assert_refused(response, article):
    """The refusal is a message on a page (never a 500), and the article stayed off-line."""
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    assert article.reviewed_by is None


def assert_reviewed_by(article, profile):
    article.refresh_from_db()
    today = timezone.localdate()
    assert article.live
    assert (article.reviewed_by, article.last_reviewed) == (profile, today)
    assert article.next_review_due == today + REVIEW_VALID_FOR
    # What is live is the revision that records the review.
    live = article.live_revision.as_object()
    assert (live.reviewed_by_id, live.last_reviewed) == (profile.pk, today)
    assert article.live_revision.user == profile.user


# --- Publish in the editor (the report) ----------------------------------------------


def test_publish_from_the_editor_cancelling_the_review_by_a_reviewer_without_profile_is_refused(
    client, submitted, reviewer
):
    client.force_login(reviewer)
    response = client.post(edit_url(submitted), article_data(submitted, "publish"), follow=True)
    assert_refused(response, submitted)
    # Nothing was published, so the workflow was not cancelled either.
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_publish_from_the_editor_cancelling_the_review_records_the_reviewers_review(
    client, submitted, reviewer, reviewer_profile
):
    client.force_login(reviewer)
    response = client.post(edit_url(submitted), article_data(submitted, "publish"))
    assert response.status_code == 302
    assert_reviewed_by(submitted, reviewer_profile)
    html = client.get(submitted.url).content.decode()
    assert "Medically reviewed by Rita Okonkwo-Hale, MD" in html


def test_publish_from_the_editor_by_an_administrator_outside_medical_reviewers_is_refused(
    client, admin_user, submitted
):
    AuthorFactory(name="Dr. Admin", user=admin_user)  # a profile alone is not enough
    client.force_login(admin_user)
    response = client.post(edit_url(submitted), article_data(submitted, "publish"), follow=True)
    assert_refused(response, submitted)


def test_publish_from_the_editor_by_an_administrator_who_is_a_medical_reviewer_records_it(
    client, admin_reviewer, submitted
):
    client.force_login(admin_reviewer)
    assert client.post(edit_url(submitted), article_data(submitted, "publish")).status_code == 302
    assert_reviewed_by(submitted, admin_reviewer.author_profile)


def test_publish_on_the_create_form_records_the_reviewers_review(
    client, reviewer, reviewer_profile, blog_index, author, clinic
):
    client.force_login(reviewer)
    assert client.post(add_url(blog_index), article_data(author, "publish")).status_code == 302
    article = BlogPage.objects.get(slug="sleep-and-ketamine")
    assert_reviewed_by(article, reviewer_profile)
    # The review went into the reviewer's own revision: no second one.
    assert article.revisions.count() == 1


def test_publish_on_the_create_form_by_a_non_reviewer_leaves_a_draft(
    client, admin_user, blog_index, author, clinic
):
    client.force_login(admin_user)
    response = client.post(add_url(blog_index), article_data(author, "publish"), follow=True)
    assert_refused(response, BlogPage.objects.get(slug="sleep-and-ketamine"))


# --- Approve ---------------------------------------------------------------------------------


def test_approve_from_the_editors_menu_by_an_administrator_is_refused(
    client, admin_user, submitted
):
    client.force_login(admin_user)
    data = article_data(submitted, **{"action-workflow-action": "true"})
    data["workflow-action-name"] = "approve"
    response = client.post(edit_url(submitted), data, follow=True)
    assert_refused(response, submitted)
    assert submitted.current_workflow_task_state.status == "in_progress"


def test_approve_from_the_editors_menu_by_a_reviewer_records_their_review(
    client, reviewer, reviewer_profile, submitted
):
    client.force_login(reviewer)
    data = article_data(submitted, **{"action-workflow-action": "true"})
    data["workflow-action-name"] = "approve"
    assert client.post(edit_url(submitted), data).status_code == 302
    assert_reviewed_by(submitted, reviewer_profile)


def test_approve_in_the_modal_by_a_non_reviewer_answers_with_the_edit_page(
    client, admin_user, submitted
):
    client.force_login(admin_user)
    response = client.post(
        workflow_action_url(submitted, "approve"),
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["redirect"] == edit_url(submitted)
    submitted.refresh_from_db()
    assert not submitted.live


# --- Scheduling ------------------------------------------------------------------------------


def go_live_in_two_hours():
    return (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)


def run_publish_scheduled_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled")


def test_scheduled_publishing_records_the_review_of_the_reviewer_who_scheduled_it(
    client, reviewer, reviewer_profile, submitted
):
    go_live_at = go_live_in_two_hours()
    client.force_login(reviewer)
    data = article_data(submitted, "publish", go_live_at=admin_datetime(go_live_at))
    assert client.post(edit_url(submitted), data).status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    scheduled = Revision.objects.get(approved_go_live_at=go_live_at)
    assert scheduled.user == reviewer
    assert scheduled.as_object().reviewed_by == reviewer_profile

    # The reviewer leaves the group before the date: they were one when they scheduled it.
    reviewer.groups.clear()
    run_publish_scheduled_at(go_live_at + datetime.timedelta(minutes=1))
    assert_reviewed_by(submitted, reviewer_profile)


def test_scheduling_by_a_non_reviewer_is_refused_at_scheduling_time(client, admin_user, submitted):
    go_live_at = go_live_in_two_hours()
    client.force_login(admin_user)
    data = article_data(submitted, "publish", go_live_at=admin_datetime(go_live_at))
    response = client.post(edit_url(submitted), data, follow=True)
    assert_refused(response, submitted)
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()


def test_publish_scheduled_refuses_a_revision_scheduled_in_code_without_a_review(draft):
    revision = draft.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    with pytest.raises(MedicalReviewRequired):
        revision.publish()
    draft.refresh_from_db()
    assert not draft.live


# --- Bulk publish ----------------------------------------------------------------------------


def bulk_publish_url(*pages, next_url="/admin/"):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"{url}?{ids}&next={next_url}"


def test_bulk_publish_by_a_reviewer_records_their_review(client, reviewer, reviewer_profile, draft):
    client.force_login(reviewer)
    assert client.post(bulk_publish_url(draft)).status_code == 302
    assert_reviewed_by(draft, reviewer_profile)


def test_bulk_publish_by_a_non_reviewer_is_refused(client, admin_user, draft):
    client.force_login(admin_user)
    response = client.post(bulk_publish_url(draft), follow=True)
    assert_refused(response, draft)


def test_bulk_publish_of_the_blog_with_its_drafts_by_a_non_reviewer_is_refused(
    client, admin_user, draft, blog_index
):
    client.force_login(admin_user)
    response = client.post(bulk_publish_url(blog_index), {"include_descendants": "on"}, follow=True)
    assert_refused(response, draft)


# --- Revert and publish ----------------------------------------------------------------------


@pytest.fixture
def revised(reviewer, reviewer_profile, draft):
    """A live article (published by the reviewer) and a later draft; returns the article and
    its first revision, the one to revert to."""
    first = draft.get_latest_revision()
    first.publish(user=reviewer)
    draft.refresh_from_db()
    original = draft.live_revision
    draft.title = "Sleep hygiene, revised"
    draft.save_revision(user=reviewer)
    return draft, original


def test_revert_and_publish_by_a_reviewer_records_their_review(client, reviewer, revised):
    article, original = revised
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, original.pk])
    data = article_data(article, "publish", title="Sleep hygiene, unpublished", slug="draft")
    assert client.post(url, data).status_code == 302
    assert_reviewed_by(article, reviewer.author_profile)
    assert article.title == "Sleep hygiene, unpublished"


def test_revert_and_publish_by_a_non_reviewer_is_refused(client, admin_user, revised):
    article, original = revised
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, original.pk])
    data = article_data(article, "publish", title="Sleep hygiene, unpublished", slug="draft")
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    article.refresh_from_db()
    assert article.live_revision == original


def test_publishing_an_old_revision_in_code_without_a_reviewer_is_refused(revised, admin_user):
    article, original = revised
    with pytest.raises(MedicalReviewRequired):
        original.publish(user=admin_user)
    article.refresh_from_db()
    assert article.live_revision == original


# --- Copy and publish ------------------------------------------------------------------------


def copy_data(article, **fields):
    return {
        "new_title": "Copy",
        "new_slug": "copy",
        "new_parent_page": article.get_parent().pk,
        "publish_copies": "on",
        **fields,
    }


def test_copy_and_publish_by_a_reviewer_records_their_review(
    client, reviewer, reviewer_profile, article
):
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:copy", args=[article.pk])
    assert client.post(url, copy_data(article)).status_code == 302
    assert_reviewed_by(BlogPage.objects.get(slug="copy"), reviewer_profile)


def test_copy_and_publish_by_a_non_reviewer_is_refused(client, admin_user, article):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:copy", args=[article.pk])
    response = client.post(url, copy_data(article), follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not BlogPage.objects.filter(slug="copy").exists()


def test_copy_as_a_draft_by_a_non_reviewer_is_allowed(client, admin_user, article):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:copy", args=[article.pk])
    data = copy_data(article)
    del data["publish_copies"]
    assert client.post(url, data).status_code == 302
    assert not BlogPage.objects.get(slug="copy").live


def test_copy_keeping_it_live_in_code_without_a_reviewer_is_refused(article):
    with pytest.raises(MedicalReviewRequired):
        article.copy(update_attrs={"title": "Copy", "slug": "copy"})
    assert not BlogPage.objects.filter(slug="copy").exists()


# --- Code ------------------------------------------------------------------------------------


def test_revision_publish_in_code_with_no_one_named_is_refused(draft):
    with pytest.raises(MedicalReviewRequired, match=REFUSAL):
        draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert not draft.live


def test_revision_publish_in_code_by_a_reviewer_records_their_review(
    reviewer, reviewer_profile, draft
):
    draft.get_latest_revision().publish(user=reviewer)
    assert_reviewed_by(draft, reviewer_profile)


def test_revision_by_a_reviewer_recording_their_review_may_be_published_in_code(
    reviewer, reviewer_profile, draft
):
    # How the demo publishes its articles: the reviewer's own revision, with their review.
    draft.reviewed_by, draft.last_reviewed = reviewer_profile, datetime.date(2026, 1, 15)
    draft.save_revision(user=reviewer).publish()
    draft.refresh_from_db()
    assert draft.live
    assert draft.last_reviewed == datetime.date(2026, 1, 15)


# --- The review report -----------------------------------------------------------------------


def test_review_report_lists_live_articles_never_reviewed(admin_client, article, draft):
    html = admin_client.get(reverse("blog_review_due")).content.decode()
    assert article.title in html
    assert draft.title not in html  # a draft is reviewed when it goes live
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 article needs a new medical review." in dashboard
    assert "Never reviewed" in dashboard
