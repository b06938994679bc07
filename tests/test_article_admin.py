"""Editors build articles in the Wagtail admin; stale reviews surface in a report and panel."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.blocks import StructBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from blog.blocks import HeadingBlock, ReferenceBlock, VideoBlock
from blog.models import BlogPage
from tests.factories import (
    BlogPageFactory,
    HeadingBlockFactory,
    ImageFactory,
    ReferenceBlockFactory,
    VideoBlockFactory,
)


def list_block(values):
    """Form data of a ListBlock, as the admin's JavaScript would post it."""
    data = {"count": len(values)}
    for index, value in enumerate(values):
        data[str(index)] = {"value": value, "deleted": "", "order": index, "id": ""}
    return data


def test_editor_builds_an_article_with_every_block_type_in_the_admin(
    client, reviewer, reviewer_profile, blog_index, author, anxiety, clinic
):
    picture = ImageFactory()
    body = streamfield(
        [
            ("heading", {"text": "Why it helps", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Plain words about glutamate.</p>")),
            ("image", {"image": picture.pk, "alt_text": "A lake", "caption": "", "credit": ""}),
            ("pull_quote", {"text": "Lighter.", "attribution": ""}),
            ("callout", {"style": "info", "title": "Note", "text": rich_text("<p>Info.</p>")}),
            ("call_to_action", {"heading": "We’re here to help!", "text": rich_text("")}),
            ("key_takeaways", {"heading": "Key takeaways", "items": list_block(["One"])}),
            (
                "references",
                {
                    "heading": "References",
                    "references": list_block([dict(ReferenceBlockFactory())]),
                },
            ),
            (
                "faq",
                {
                    "heading": "FAQ",
                    "items": list_block([{"question": "Q?", "answer": rich_text("<p>A.</p>")}]),
                },
            ),
            (
                "video",
                {
                    "title": "Watch",
                    "video_file": "",
                    "external_url": "https://vimeo.com/1",
                    "transcript": rich_text(""),
                },
            ),
        ]
    )
    data = nested_form_data(
        {
            "title": "Built in the admin",
            "slug": "built-in-the-admin",
            "intro": "Every block, once.",
            "featured_image": picture.pk,
            "featured_image_alt": "A lake",
            "article_authors": inline_formset([{"author": author.pk}]),
            "body": body,
            "topics": [anxiety.pk],
            "tags": "sleep, research",
            "replies_open": "on",
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", blog_index.pk))
    client.force_login(reviewer)  # publishing is a medical reviewer's
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors

    article = BlogPage.objects.get(slug="built-in-the-admin")
    assert article.live
    assert [block.block_type for block in article.body] == [
        "heading",
        "paragraph",
        "image",
        "pull_quote",
        "callout",
        "call_to_action",
        "key_takeaways",
        "references",
        "faq",
        "video",
    ]
    public = client.get(article.url)
    assert public.status_code == 200
    assert b"Plain words about glutamate." in public.content


def test_admin_refuses_a_featured_image_without_alt_text(admin_client, blog_index, author, clinic):
    picture = ImageFactory(description="")
    data = nested_form_data(
        {
            "title": "No alt",
            "slug": "no-alt",
            "intro": "x",
            "featured_image": picture.pk,
            "featured_image_alt": "",
            "article_authors": inline_formset([{"author": author.pk}]),
            "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("blog", "blogpage", blog_index.pk))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "featured_image_alt" in response.context["form"].errors
    assert not BlogPage.objects.filter(slug="no-alt").exists()


def test_heading_anchor_must_be_a_slug():
    block = HeadingBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(HeadingBlockFactory(text="Hi", level="h2", anchor="Not a slug!"))


def test_video_needs_exactly_one_source():
    block = VideoBlock()
    empty = VideoBlockFactory(title="T", video_file=None, external_url="", transcript="")
    with pytest.raises(StructBlockValidationError):
        block.clean(empty)


def test_reference_keeps_bare_doi_and_rejects_letters_in_pubmed_id():
    block = ReferenceBlock()
    cleaned = block.clean(ReferenceBlockFactory(doi="https://doi.org/10.1/abc"))
    assert cleaned["doi"] == "10.1/abc"
    with pytest.raises(StructBlockValidationError):
        block.clean(ReferenceBlockFactory(pubmed_id="PMC123"))


# --- Review due ------------------------------------------------------------------------------


@pytest.fixture
def overdue_article(blog_index, author):
    last = timezone.localdate() - datetime.timedelta(days=400)
    return BlogPageFactory(
        parent=blog_index,
        title="Overdue for review",
        authors=[author],
        reviewed_by=author,
        last_reviewed=last,
    )


@pytest.fixture
def current_article(blog_index, author):
    return BlogPageFactory(
        parent=blog_index,
        title="Recently reviewed",
        authors=[author],
        reviewed_by=author,
        last_reviewed=timezone.localdate(),
    )


def test_review_due_report_lists_only_overdue_articles(
    admin_client, overdue_article, current_article
):
    response = admin_client.get(reverse("blog_review_due"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overdue for review" in html
    assert "Recently reviewed" not in html


def test_review_due_report_exports_csv(admin_client, overdue_article):
    response = admin_client.get(reverse("blog_review_due"), {"export": "csv"})
    assert response.status_code == 200
    assert "Overdue for review" in b"".join(response.streaming_content).decode()


def test_dashboard_panel_counts_overdue_articles(admin_client, overdue_article, current_article):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Medical review due" in html
    assert "1 article needs a new medical review." in html


def test_reports_menu_offers_the_review_due_report(admin_client, overdue_article):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("blog_review_due") in html


def test_review_due_report_is_closed_to_users_without_page_permissions(client, overdue_article):
    outsider = get_user_model().objects.create_user("outsider", password="pw")
    client.force_login(outsider)
    response = client.get(reverse("blog_review_due"))
    assert response.status_code in (302, 403)
