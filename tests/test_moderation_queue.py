"""The moderation queue in the Wagtail admin: who may use it, what it shows, every action
(single and bulk), the audit trail, the clinic's answers, the badge and the dashboard."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from blog.replies.models import Reply, ReplyReport, ScreeningPhrase
from home.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS
from tests.factories import BlogPageFactory, ReplyFactory

QUEUE = "wagtailsnippets_replies_reply"
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(1)</script>",
]


# --- Fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def held(article, **fields):
    return ReplyFactory(article=article, **{"status": "awaiting", "held_reason": "policy"} | fields)


def url(name, *args):
    return reverse(f"{QUEUE}:{name}", args=args)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def rows(response):
    return soup_of(response).select("table.listing tbody tr")


def row_ids(response):
    return [int(row.select_one("[data-object-id]")["data-object-id"]) for row in rows(response)]


def log_entries(reply):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Reply), object_id=str(reply.pk)
    ).order_by("timestamp", "pk")


def last_entry(reply):
    return log_entries(reply).last()


def assert_denied(response):
    """Wagtail's permission-denied response: back to the dashboard with an error message."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# --- Permissions ---------------------------------------------------------------------------


def test_moderators_group_has_reply_permissions_and_no_page_permissions(moderator):
    group = Group.objects.get(name=MODERATORS)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_reply", "delete_reply"} <= codenames
    assert "can_moderate" not in codenames  # one moderation permission: change_reply
    assert {"view_screeningphrase", "change_replyreport"} <= codenames
    assert not GroupPagePermission.objects.filter(group=group).exists()
    for name in (EDITORS, MEDICAL_REVIEWERS):
        other = Group.objects.get(name=name)
        assert not other.permissions.filter(content_type__app_label="replies").exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client, article):
    response = client.get(url("list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("user_fixture", ["editor", "reviewer"])
def test_editors_and_reviewers_cannot_see_or_use_the_queue(client, article, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    reply = held(article)
    for response in (
        client.get(url("list")),
        client.get(url("edit", reply.pk)),
        client.get(url("history", reply.pk)),
        client.post(url("approve", reply.pk)),
        client.post(url("delete", reply.pk)),
        client.post(
            reverse("wagtail_bulk_action", args=("replies", "reply", "approve")) + f"?id={reply.pk}"
        ),
    ):
        assert_denied(response)
    reply.refresh_from_db()
    assert reply.status == "awaiting" and Reply.objects.filter(pk=reply.pk).exists()
    home = client.get(reverse("wagtailadmin_home"))
    assert b"reply-queue" not in home.content
    assert "Sorry, you do not have permission" in home.content.decode()


def test_moderator_cannot_edit_pages(moderator_client, article):
    assert_denied(moderator_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])))


def test_moderator_can_edit_screening_phrases(moderator_client):
    assert (
        moderator_client.get(reverse("wagtailsnippets_replies_screeningphrase:list")).status_code
        == 200
    )
    response = moderator_client.post(
        reverse("wagtailsnippets_replies_screeningphrase:add"),
        {"kind": "disallowed", "phrase": "miracle cure"},
    )
    assert response.status_code == 302
    assert ScreeningPhrase.objects.filter(phrase="miracle cure").exists()


def test_nobody_adds_a_reply_from_a_blank_admin_form(client, admin_user, article):
    client.force_login(admin_user)
    assert_denied(client.get(url("add")))


# --- Menu badge and dashboard --------------------------------------------------------------


def sidebar_labels(response):
    props = soup_of(response).select_one("#wagtail-sidebar-props").string
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node:
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return labels


def test_menu_shows_the_number_awaiting_moderation(moderator_client, article):
    for _ in range(3):
        held(article)
    ReplyFactory(article=article)  # approved: not counted
    ReplyFactory(article=article, status="spam")  # spam: not counted
    labels = sidebar_labels(moderator_client.get(reverse("wagtailadmin_home")))
    assert "Replies (3)" in labels
    assert "Screening phrases" in labels


def test_menu_badge_is_one_query(moderator_client, article):
    held(article)
    moderator_client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as queries:
        moderator_client.get(reverse("wagtailadmin_home"))
    counts = [q["sql"] for q in queries if "replies_reply" in q["sql"] and "COUNT" in q["sql"]]
    assert len(counts) == 1  # menu, submenu and dashboard panel share it


def test_superuser_sees_the_menu_too(client, admin_user, article):
    held(article)
    client.force_login(admin_user)
    assert "Replies (1)" in sidebar_labels(client.get(reverse("wagtailadmin_home")))


def test_dashboard_panel_counts_awaiting_and_urgent_replies(moderator_client, editor, article):
    held(article)
    held(article, mentions_crisis=True, held_reason="crisis")
    panel = soup_of(moderator_client.get(reverse("wagtailadmin_home"))).select_one(
        "#replies-awaiting-section"
    )
    text = panel.get_text(" ", strip=True)
    assert "2 replies awaiting moderation" in text
    assert "1 urgent reply" in text
    assert panel.select_one("a.button")["href"] == url("list")

    other = Client()
    other.force_login(editor)
    assert not soup_of(other.get(reverse("wagtailadmin_home"))).select_one(
        "#replies-awaiting-section"
    )


# --- The queue -----------------------------------------------------------------------------


def test_queue_shows_awaiting_replies_urgent_first_then_oldest(moderator_client, article):
    now = timezone.now()
    old = held(article, submit_date=now - timezone.timedelta(days=2))
    new = held(article, submit_date=now - timezone.timedelta(hours=1))
    urgent = held(
        article,
        mentions_crisis=True,
        held_reason="crisis",
        submit_date=now - timezone.timedelta(minutes=5),
    )
    ReplyFactory(article=article)  # approved
    ReplyFactory(article=article, status="spam")
    ReplyFactory(article=article, status="removed")
    response = moderator_client.get(url("list"))
    assert response.status_code == 200
    assert row_ids(response) == [urgent.pk, old.pk, new.pk]
    first = rows(response)[0]
    assert "Urgent: crisis language" in first.get_text(" ", strip=True)
    assert first.select_one("svg.icon-warning")
    assert "Urgent" not in rows(response)[1].get_text()
    checked = soup_of(response).select_one("input[name=status][checked]")
    assert checked["value"] == "awaiting"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("approved", {"approved", "reported"}),
        ("spam", {"spam"}),
        ("removed", {"removed"}),
        ("flagged", {"reported"}),
        ("all", {"awaiting", "approved", "spam", "removed", "reported"}),
    ],
)
def test_status_filter_lists_the_replies_in_that_state(moderator_client, article, status, expected):
    replies = {
        "awaiting": held(article),
        "approved": ReplyFactory(article=article),
        "spam": ReplyFactory(article=article, status="spam"),
        "removed": ReplyFactory(article=article, status="removed"),
        "reported": ReplyFactory(article=article),
    }
    ReplyReport.objects.create(reply=replies["reported"], reason="spam")
    response = moderator_client.get(url("list"), {"status": status})
    assert set(row_ids(response)) == {replies[name].pk for name in expected}


def test_article_and_date_filters_narrow_the_queue(moderator_client, article, blog_index, author):
    other = BlogPageFactory(parent=blog_index, authors=[author], title="Another article")
    here = held(article, submit_date=timezone.now() - timezone.timedelta(days=10))
    there = held(other)
    assert row_ids(moderator_client.get(url("list"), {"article": other.pk})) == [there.pk]
    today = timezone.localdate().isoformat()
    response = moderator_client.get(url("list"), {"submit_date_from": today})
    assert row_ids(response) == [there.pk]
    older = (timezone.localdate() - timezone.timedelta(days=5)).isoformat()
    assert row_ids(moderator_client.get(url("list"), {"submit_date_to": older})) == [here.pk]


@pytest.mark.parametrize("query", ["ketamine helped", "Priya", "priya@example"])
def test_search_finds_a_reply_by_its_text_name_or_email(moderator_client, article, query):
    match = held(
        article,
        comment="Ketamine helped my anxiety",
        user_name="Priya",
        user_email="priya@example.com",
    )
    held(article, comment="Something else", user_name="Sam", user_email="sam@example.com")
    assert row_ids(moderator_client.get(url("list"), {"q": query})) == [match.pk]


def test_row_shows_what_a_moderator_needs(moderator_client, article):
    parent = ReplyFactory(article=article, user_name="Ana", comment="Does it hurt?")
    reply = held(
        article,
        parent_id=parent.pk,
        user_name="Ben",
        user_email="ben@example.com",
        comment="Call me on 555 010 2030",
        held_reason="health_info",
        health_info_found="phone number",
    )
    ReplyReport.objects.create(reply=reply, reason="personal_info")
    ReplyReport.objects.create(reply=reply, reason="other")
    row = rows(moderator_client.get(url("list")))[0]
    cells = {
        th.get_text(strip=True): td
        for th, td in zip(
            soup_of(moderator_client.get(url("list"))).select("table.listing thead th"),
            row.select("td"),
            strict=True,
        )
    }
    assert "Call me on 555 010 2030" in cells["Reply"].get_text()
    assert "In reply to Ana: “Does it hurt?”" in cells["Reply"].get_text(" ", strip=True)
    assert cells["Reply"].select_one("a")["href"] == url("edit", reply.pk)
    assert "Ben" in cells["Reader"].get_text() and "ben@example.com" in cells["Reader"].get_text()
    link = cells["Article"].select_one("a")
    assert link.get_text() == article.title and link["href"] == f"{article.url}#reply-{reply.pk}"
    assert cells["Reports"].get_text(strip=True) == "2"
    why = cells["Why held"].get_text(" ", strip=True)
    assert "May contain personal health information" in why and "phone number" in why
    assert cells["Status"].get_text(strip=True) == "Awaiting moderation"
    buttons = [b.get_text(strip=True) for b in cells["Moderate"].select("[data-reply-action]")]
    assert buttons == ["Approve", "Spam", "Remove"]
    assert (
        cells["Moderate"].select_one("[data-reply-answer]").get_text(strip=True).startswith("Reply")
    )


def make_queue(article, size):
    """`size` held replies, each answering an approved one and reported once."""
    for n in range(size):
        parent = ReplyFactory(article=article)
        reply = held(article, parent_id=parent.pk, mentions_crisis=n % 2 == 0)
        ReplyReport.objects.create(reply=reply, reason="other")


def queue_queries(client):
    client.get(url("list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("list"))
    assert response.status_code == 200
    return len(queries), len(rows(response))


def test_queue_query_count_does_not_grow_with_rows(moderator_client, article, blog_index, author):
    make_queue(article, 3)
    small, shown = queue_queries(moderator_client)
    assert shown == 3
    other = BlogPageFactory(parent=blog_index, authors=[author])
    make_queue(other, 27)
    large, shown = queue_queries(moderator_client)
    assert shown == 30
    assert small == large


# --- Single actions ------------------------------------------------------------------------

# (action, the reply's fields before it, its status after): for single and bulk actions alike.
STATE_CHANGES = [
    ("approve", {"status": "awaiting"}, "approved"),
    ("remove", {"status": "approved"}, "removed"),
    ("spam", {"status": "awaiting"}, "spam"),
    ("not_spam", {"status": "spam"}, "awaiting"),
]


@pytest.mark.parametrize(("action", "start", "expected_status"), STATE_CHANGES)
def test_single_action_changes_state_and_is_audited(
    moderator_client, moderator, article, action, start, expected_status
):
    reply = ReplyFactory(article=article, **start)
    previous = reply.status
    queue = url("list") + "?status=all"
    response = moderator_client.post(url(action, reply.pk), {"next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    reply.refresh_from_db()
    assert reply.status == expected_status
    assert reply.moderated_by == moderator
    entry = last_entry(reply)
    assert entry.action == f"replies.{action}"
    assert entry.user == moderator
    assert entry.data["previous_status"] == previous
    assert entry.data["status"] == expected_status
    assert entry.timestamp is not None


def test_actions_need_post_and_csrf(moderator, article):
    reply = held(article)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    assert strict.get(url("approve", reply.pk)).status_code == 405
    assert strict.post(url("approve", reply.pk)).status_code == 403
    reply.refresh_from_db()
    assert reply.status == "awaiting"
    page = strict.get(url("list"))
    form = soup_of(page).select_one(f'form[action="{url("approve", reply.pk)}"]')
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert strict.post(url("approve", reply.pk), {"csrfmiddlewaretoken": token}).status_code == 302
    reply.refresh_from_db()
    assert reply.status == "approved"


def test_approving_sends_the_follow_up_emails(
    moderator_client, article, django_capture_on_commit_callbacks
):
    follower = ReplyFactory(article=article, followup=True, user_email="fan@example.com")
    reply = held(article, parent_id=follower.pk, followup=True, user_email="sam@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url("approve", reply.pk))
    recipients = {message.to[0]: message.subject for message in mail.outbox}
    assert recipients["sam@example.com"] == "Your reply has been published"
    assert "A new reply in a conversation" in recipients["fan@example.com"]


def test_reply_page_shows_everything_and_edits_the_text(moderator_client, moderator, article):
    reply = held(article, comment="Ketamin helped me", mentions_crisis=True, held_reason="crisis")
    ReplyReport.objects.create(reply=reply, reason="harmful", note="Looks upsetting")
    page = soup_of(moderator_client.get(url("edit", reply.pk)))
    text = page.get_text(" ", strip=True)
    assert "Urgent: this reply mentions self-harm or suicide" in text
    assert "Harmful or abusive" in text and "Looks upsetting" in text
    assert page.select_one("textarea[name=comment]").get_text().strip() == "Ketamin helped me"

    response = moderator_client.post(url("edit", reply.pk), {"comment": "Ketamine helped me"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.comment == "Ketamine helped me" and reply.status == "awaiting"
    entry = last_entry(reply)
    assert entry.action == "replies.edit_text" and entry.user == moderator
    assert entry.data == {"previous_status": "awaiting", "status": "awaiting"}

    response = moderator_client.post(url("edit", reply.pk), {"comment": "  "})
    assert response.status_code == 200
    assert "cannot be empty" in response.content.decode()
    reply.refresh_from_db()
    assert reply.comment == "Ketamine helped me"


# --- Answering as the clinic ---------------------------------------------------------------


def test_answer_as_the_clinic_is_public_threaded_and_badged(
    moderator_client, moderator, article, django_capture_on_commit_callbacks
):
    question = ReplyFactory(
        article=article, user_name="Ana", followup=True, user_email="ana@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url("answer", question.pk), {"answer": "Thank you, Ana."})
    assert response.status_code == 302
    answer = Reply.objects.get(is_clinic_reply=True)
    assert answer.is_approved and answer.parent_id == question.pk and answer.level == 1
    assert answer.user == moderator and answer.user_name == "Ashford Ketamine Clinic"
    assert last_entry(answer).action == "replies.clinic_reply"
    assert last_entry(question).action == "replies.answered"
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]  # the thread's follower

    public = soup_of(Client().get(article.url))
    shown = public.select_one(f"#reply-{question.pk} .reply-list--nested #reply-{answer.pk}")
    assert shown.select_one(".reply__badge").get_text() == "Clinic"
    assert "Thank you, Ana." in shown.select_one(".reply__text").get_text()


def test_answering_a_held_reply_approves_it_first(moderator_client, article):
    question = held(article)
    moderator_client.post(url("answer", question.pk), {"answer": "We can help."})
    question.refresh_from_db()
    assert question.status == "approved"
    assert [e.action for e in log_entries(question)] == ["replies.approve", "replies.answered"]


def test_answer_at_the_deepest_level_goes_under_the_parent(moderator_client, article):
    top = ReplyFactory(article=article)
    middle = ReplyFactory(article=article, parent_id=top.pk)
    deepest = ReplyFactory(article=article, parent_id=middle.pk)
    page = moderator_client.get(url("edit", deepest.pk)).content.decode()
    assert "Replies go no deeper than this one" in page
    response = moderator_client.post(url("answer", deepest.pk), {"answer": "Answer"}, follow=True)
    assert "appears under" in response.content.decode()
    answer = Reply.objects.get(is_clinic_reply=True)
    assert answer.parent_id == middle.pk and answer.level == 2


def test_spam_cannot_be_answered(moderator_client, article):
    spam = ReplyFactory(article=article, status="spam")
    response = moderator_client.post(url("answer", spam.pk), {"answer": "No"}, follow=True)
    assert "cannot be answered" in response.content.decode()
    assert not Reply.objects.filter(is_clinic_reply=True).exists()


# --- Deleting ------------------------------------------------------------------------------


def test_delete_permanently_asks_first_then_deletes_and_logs(moderator_client, moderator, article):
    reply = ReplyFactory(article=article, status="spam")
    pk = reply.pk
    confirm = moderator_client.get(url("delete", pk))
    assert confirm.status_code == 200
    assert "Delete this reply permanently?" in confirm.content.decode()
    assert Reply.objects.filter(pk=pk).exists()
    assert moderator_client.post(url("delete", pk)).status_code == 302
    assert not Reply.objects.filter(pk=pk).exists()
    entry = ModelLogEntry.objects.get(object_id=str(pk), action="replies.delete")
    assert entry.user == moderator and entry.data["previous_status"] == "spam"
    assert entry.label == f"Reply #{pk}"


def test_deleting_an_answered_reply_erases_it_and_keeps_the_answers(moderator_client, article):
    parent = ReplyFactory(article=article, user_name="Ana", comment="Private story")
    child = ReplyFactory(article=article, parent_id=parent.pk)
    assert (
        "Others have answered this reply"
        in moderator_client.get(url("delete", parent.pk)).content.decode()
    )
    moderator_client.post(url("delete", parent.pk))
    parent.refresh_from_db()
    assert parent.comment == "" and parent.user_name == "(removed)" and parent.status == "removed"
    assert Reply.objects.filter(pk=child.pk).exists()
    assert last_entry(parent).action == "replies.erase"


# --- Bulk actions --------------------------------------------------------------------------


def bulk_url(action, *replies):
    """As the bulk actions footer links: the selected ids and the queue to return to."""
    ids = "&".join(f"id={reply.pk}" for reply in replies)
    base = reverse("wagtail_bulk_action", args=("replies", "reply", action))
    return f"{base}?{ids}&next={url('list')}"


@pytest.mark.parametrize(("action", "start", "expected_status"), STATE_CHANGES)
def test_bulk_action_confirms_then_acts_on_the_selection(
    moderator_client, moderator, article, action, start, expected_status
):
    chosen = [ReplyFactory(article=article, **start) for _ in range(2)]
    untouched = ReplyFactory(article=article, **start)
    previous = untouched.status
    confirm = moderator_client.get(bulk_url(action, *chosen))
    assert confirm.status_code == 200
    listed = soup_of(confirm).select("main ul li")
    assert len(listed) == 2
    response = moderator_client.post(bulk_url(action, *chosen))
    assert response.status_code == 302
    for reply in chosen:
        reply.refresh_from_db()
        assert reply.status == expected_status
        entry = last_entry(reply)
        assert entry.action == f"replies.{action}" and entry.user == moderator
        assert entry.data["previous_status"] == previous
    untouched.refresh_from_db()
    assert untouched.status == previous


def test_bulk_approve_notifies(moderator_client, article, django_capture_on_commit_callbacks):
    replies = [held(article, followup=True, user_email=f"r{n}@example.com") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(bulk_url("approve", *replies))
    assert sorted(m.to[0] for m in mail.outbox) == ["r0@example.com", "r1@example.com"]


def test_bulk_delete_is_audited_and_keeps_answered_replies(moderator_client, moderator, article):
    lonely = held(article)
    answered = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=answered.pk)
    assert moderator_client.get(bulk_url("delete", lonely, answered)).status_code == 200
    response = moderator_client.post(bulk_url("delete", lonely, answered), follow=True)
    assert "1 had answers and were erased instead" in response.content.decode()
    assert not Reply.objects.filter(pk=lonely.pk).exists()
    answered.refresh_from_db()
    assert answered.status == "removed" and answered.comment == ""
    actions = set(ModelLogEntry.objects.filter(user=moderator).values_list("action", flat=True))
    assert actions == {"replies.delete", "replies.erase"}


def test_bulk_delete_needs_delete_permission(client, article):
    group = Group.objects.create(name="Queue readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_reply"),
    )
    user = get_user_model().objects.create_user("limited", password="pw")
    user.groups.add(group)
    client.force_login(user)
    reply = held(article)
    client.post(bulk_url("delete", reply))
    assert Reply.objects.filter(pk=reply.pk).exists()


# --- Audit trail ---------------------------------------------------------------------------


def test_history_of_a_reply_lists_its_moderation(moderator_client, moderator, article):
    reply = held(article)
    moderator_client.post(url("spam", reply.pk))
    moderator_client.post(url("not_spam", reply.pk))
    moderator_client.post(url("approve", reply.pk))
    history = soup_of(moderator_client.get(url("history", reply.pk))).get_text(" ", strip=True)
    assert "Marked as spam (was: Awaiting moderation)" in history
    assert "Marked as not spam, back in the queue (was: Spam)" in history
    assert "Approved (was: Awaiting moderation)" in history
    assert "Morgan Lee" in history


def test_site_history_lists_reply_moderation_for_moderators(moderator_client, article):
    reply = held(article)
    moderator_client.post(url("approve", reply.pk))
    home = moderator_client.get(reverse("wagtailadmin_home"))
    assert "Site history" in sidebar_labels(home)
    report = moderator_client.get(reverse("wagtailadmin_reports:site_history"))
    text = soup_of(report).get_text(" ", strip=True)
    assert f"Reply #{reply.pk}" in text and "Approved" in text


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_reader_text_is_inert_in_the_admin(moderator_client, article, payload):
    reply = held(article, comment=f"Hi {payload}", user_name=f"N {payload}"[:50])
    parent_of = held(article, parent_id=ReplyFactory(article=article, comment=payload).pk)
    moderator_client.post(url("approve", reply.pk))
    ReplyReport.objects.create(reply=reply, reason="other", note=payload)
    for page in (
        moderator_client.get(url("list") + "?status=all"),
        moderator_client.get(url("edit", reply.pk)),
        moderator_client.get(url("history", reply.pk)),
        moderator_client.get(url("edit", parent_of.pk)),
        moderator_client.get(bulk_url("remove", reply)),
    ):
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "<svg onload" not in html
        assert '<img src=x onerror="alert(1)">' not in html
        assert not soup_of(page).select("main img[src=x], main svg[onload]")
