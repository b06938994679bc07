"""What editors and medical reviewers meet in the admin: the page editor's main button, the
preview of an article not yet published, the block labels, the accessibility checker's rules
on the call-to-action block, and the review report's overdue dates."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.userbar import ContentCheckerItem
from wagtail.contrib.typed_table_block.blocks import TypedTableBlockValidationError
from wagtail.test.utils.form_data import rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from blog.blocks import ReferenceBlock, TableBlock, VideoBlock
from blog.models import BlogPage, body_texts
from tests.factories import BlogPageFactory
from tests.test_editorial_workflow import add_url, admin_datetime, article_data, edit_url


@pytest.fixture
def draft(blog_index, author, clinic):
    """An article never published, open in the editor."""
    page = BlogPageFactory(parent=blog_index, title="A draft", authors=[author], live=False)
    page.save_revision()
    return page


def primary_action(client, url):
    """The name of the page editor's main button (the others are behind its caret)."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["action_menu"].default_item.name


# --- The page editor's main button -----------------------------------------------------------


def test_submit_to_medical_review_is_the_editors_main_button(client, editor, draft):
    client.force_login(editor)
    assert primary_action(client, edit_url(draft)) == "action-submit"
    assert primary_action(client, add_url(draft.get_parent())) == "action-submit"
    html = client.get(edit_url(draft)).content.decode()
    footer = BeautifulSoup(html, "html.parser").select_one("footer .w-dropdown-button, footer")
    first_button = footer.find("button", attrs={"name": True})
    assert first_button["name"] == "action-submit"
    assert first_button.get_text(strip=True) == "Submit to Medical review"


def test_reviewers_and_administrators_keep_save_draft_first(
    client, reviewer, reviewer_profile, admin_user, draft
):
    for user in (reviewer, admin_user):
        client.force_login(user)
        assert primary_action(client, edit_url(draft)) == "action-save-draft"
        items = [
            item.name for item in client.get(edit_url(draft)).context["action_menu"].menu_items
        ]
        assert "action-publish" in items


def test_editor_of_a_submitted_article_is_not_offered_to_submit_again(
    client, editor, blog_index, author
):
    client.force_login(editor)
    client.post(add_url(blog_index), article_data(author, "submit"))
    submitted = BlogPage.objects.get(slug="sleep-and-ketamine")
    # Already in review: nothing to submit, so Wagtail's own order stands.
    menu = client.get(edit_url(submitted)).context["action_menu"]
    names = [menu.default_item.name] + [item.name for item in menu.menu_items]
    assert "action-submit" not in names


# --- Preview of an article not yet published -------------------------------------------------


def test_preview_of_a_new_article_says_not_yet_published(client, editor, blog_index, author):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "blogpage", blog_index.pk))
    words = " ".join(["word"] * 450)
    data = article_data(author, body=streamfield([("paragraph", rich_text(f"<p>{words}</p>"))]))
    assert client.post(url, data).json()["is_valid"]

    soup = BeautifulSoup(client.get(url).content, "html.parser")
    byline = soup.select_one(".article__byline").get_text(" ", strip=True)
    assert "· ·" not in byline
    assert "Not yet published" in byline
    assert "3 min read" in byline  # counted from the unsaved body, not the default 1
    assert soup.select_one(".article__review").get_text(strip=True) == "Not yet medically reviewed"
    assert not soup.find("meta", property="article:published_time")


def preview_on_add(client, blog_index, data):
    """The preview of a new article whose editor's form holds `data` (a BeautifulSoup)."""
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "blogpage", blog_index.pk))
    assert client.post(url, data).json()["is_valid"]
    return BeautifulSoup(client.get(url).content, "html.parser")


def test_preview_of_a_new_article_shows_its_go_live_and_review_due_dates(
    client, editor, blog_index, author
):
    client.force_login(editor)
    go_live_at = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    due = timezone.localdate() + datetime.timedelta(days=200)
    data = article_data(
        author, go_live_at=admin_datetime(go_live_at), next_review_due=due.isoformat()
    )
    soup = preview_on_add(client, blog_index, data)

    assert "Not yet published" in soup.select_one(".article__byline").get_text()
    dates = soup.select_one(".article__preview-dates")
    assert dates is not None
    times = dates.find_all("time")
    text = dates.get_text(" ", strip=True)
    assert f"Goes live on {go_live_at:%B} {go_live_at.day}, {go_live_at.year}, 09:30" in text
    assert times[0]["datetime"] == go_live_at.isoformat()
    assert f"Medical review due {due:%B} {due.day}, {due.year}" in text
    assert times[1]["datetime"] == due.isoformat()


def test_the_preview_panel_may_frame_the_preview_of_an_article(client, editor, blog_index, author):
    """Wagtail renders a preview through a made-up request carrying the article's own path;
    its response must carry the admin's policy (framed by the admin's preview panel), not
    the public one that forbids framing. Found in Chromium: the panel stayed blank."""
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "blogpage", blog_index.pk))
    assert client.post(url, article_data(author)).json()["is_valid"]

    response = client.get(url, {"in_preview_panel": "true"})

    assert "article__byline" in response.content.decode()  # the article itself, previewed
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["frame-ancestors"] == "'self'"


def test_preview_without_those_dates_lists_none(client, editor, blog_index, author):
    client.force_login(editor)
    soup = preview_on_add(client, blog_index, article_data(author))
    assert soup.select_one(".article__preview-dates") is None
    assert "Goes live" not in soup.get_text()


def test_readers_never_see_the_review_due_date(client, article):
    due = timezone.localdate() + datetime.timedelta(days=200)
    BlogPage.objects.filter(pk=article.pk).update(next_review_due=due)
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one(".article__preview-dates") is None
    assert "review due" not in soup.get_text()


def test_live_article_shows_its_publication_date(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    byline = soup.select_one(".article__byline")
    assert byline.find("time")["datetime"]
    assert "Not yet published" not in byline.get_text()


# --- Labels ----------------------------------------------------------------------------------


def test_reference_and_video_fields_are_labelled_url_and_doi():
    reference = ReferenceBlock().child_blocks
    assert reference["url"].label == "URL"
    assert reference["doi"].label == "DOI"
    assert VideoBlock().child_blocks["external_url"].label == "External URL"


def test_editor_form_shows_url_and_doi_labels(admin_client, blog_index):
    html = admin_client.get(add_url(blog_index)).content.decode()
    # The block definitions travel as JSON in an HTML attribute.
    labels = [f"&quot;label&quot;: &quot;{label}&quot;" for label in ("URL", "DOI", "Url", "Doi")]
    assert [label in html for label in labels] == [True, True, False, False]


# --- Wagtail's accessibility checker on the call-to-action block -----------------------------


def test_wagtails_checker_runs_the_rules_the_call_to_action_block_is_built_for():
    rules = ContentCheckerItem().axe_run_only
    assert {"p-as-heading", "heading-order", "empty-heading", "link-name"} <= set(rules)


def test_call_to_action_heading_is_a_heading_not_a_styled_paragraph(
    client, blog_index, author, clinic, home_page
):
    clinic.contact_page = home_page
    clinic.save()
    page = BlogPageFactory(parent=blog_index, authors=[author], body__0="call_to_action")
    cta = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(".call-to-action")
    heading = cta.select_one(".call-to-action__heading")
    # axe's p-as-heading flags a bold, larger paragraph followed by paragraphs.
    assert heading.name == "h2"
    assert heading.get_text(strip=True)
    assert cta["aria-labelledby"] == heading["id"]
    assert all(link.get_text(strip=True) for link in cta.find_all("a"))


# --- Review dates ----------------------------------------------------------------------------


def reviewed_article(blog_index, author, title, due):
    return BlogPageFactory(
        parent=blog_index,
        title=title,
        authors=[author],
        reviewed_by=author,
        last_reviewed=due - datetime.timedelta(days=365),
        next_review_due=due,
    )


@pytest.fixture
def review_dates(blog_index, author):
    """Three live articles: never reviewed (titled to sort first), due today, overdue."""
    today = timezone.localdate()
    never = BlogPageFactory(parent=blog_index, title="A never reviewed", authors=[author])
    due_today = reviewed_article(blog_index, author, "B due today", today)
    overdue = reviewed_article(blog_index, author, "C overdue", today - datetime.timedelta(days=30))
    return never, due_today, overdue


def test_review_report_says_overdue_and_lists_overdue_first(admin_client, review_dates):
    never, due_today, overdue = review_dates
    html = admin_client.get(reverse("blog_review_due")).content.decode()
    rows = BeautifulSoup(html, "html.parser").select("table.listing tbody tr")
    texts = [text for row in rows if (text := row.get_text(" ", strip=True))]
    assert overdue.title in texts[0]
    assert due_today.title in texts[1]
    assert never.title in texts[2]
    when = overdue.next_review_due
    assert f"Overdue since {when:%b} {when.day}, {when.year}" in texts[0]
    assert "Due today" in texts[1]
    assert "Never reviewed" in texts[2]


def test_dashboard_panel_says_overdue(admin_client, review_dates):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("#review-due, [id*=review-due]")
    text = (panel or BeautifulSoup(html, "html.parser")).get_text(" ", strip=True)
    assert "Overdue since" in text
    assert text.index("C overdue") < text.index("A never reviewed")


# --- The table block -------------------------------------------------------------------------

DOSING = {
    "caption": "A typical course of infusions",
    "columns": [
        {"type": "text", "heading": "Phase"},
        {"type": "text", "heading": "Sessions"},
        {"type": "rich_text", "heading": "Notes"},
    ],
    "rows": [
        {"values": ["First weeks", "Six", "<p>Two or three <b>a week</b>.</p>"]},
        {"values": ["Later", "As agreed", "<p>Booster sessions.</p>"]},
    ],
}


def table_errors(raw):
    """The editor's messages for a table given as raw StreamField data."""
    block = TableBlock()
    try:
        block.clean(block.to_python(raw))
    except TypedTableBlockValidationError as error:
        return list(error.non_block_errors)
    return []


def test_table_renders_caption_column_and_row_headers(client, blog_index, author, clinic):
    page = BlogPageFactory(parent=blog_index, authors=[author])
    page.body = [{"type": "table", "value": DOSING}]
    page.save()
    table = BeautifulSoup(client.get(page.url).content, "html.parser").select_one(
        ".data-table table"
    )
    assert table.caption.get_text(strip=True) == "A typical course of infusions"
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == [
        "Phase",
        "Sessions",
        "Notes",
    ]
    assert [th.get_text() for th in table.select("tbody th[scope=row]")] == [
        "First weeks",
        "Later",
    ]
    assert table.select_one("tbody td b").get_text() == "a week"
    frame = table.find_parent(class_="data-table")
    assert frame["aria-labelledby"] == table.caption["id"]


def test_table_needs_a_caption_and_column_headings():
    assert table_errors(DOSING) == []
    assert table_errors({**DOSING, "caption": " "}) == [
        "Give the table a caption: it says what the table shows."
    ]
    no_heading = {
        **DOSING,
        "columns": [{**DOSING["columns"][0], "heading": ""}] + DOSING["columns"][1:],
    }
    assert table_errors(no_heading) == ["Give every column a heading."]


def test_table_words_count_towards_reading_time_but_not_its_column_types():
    assert "rich_text" not in " ".join(body_texts([{"type": "table", "value": DOSING}]))
    assert "Booster" in " ".join(body_texts([{"type": "table", "value": DOSING}]))


def test_editing_an_overdue_article_warns_above_the_editor(client, editor, review_dates):
    never, due_today, overdue = review_dates
    client.force_login(editor)
    when = overdue.next_review_due
    warning = f"Medical review overdue since {when:%b} {when.day}, {when.year}"
    assert warning in client.get(edit_url(overdue)).content.decode()
    for current in (never, due_today):
        assert "Medical review overdue" not in client.get(edit_url(current)).content.decode()
