"""The demo blog `seed_demo` builds: a live index, reviewed articles that show off the body
blocks, and nothing duplicated or overwritten when it runs again."""

from django.core.management import call_command
from django.test import Client
from django.utils.html import strip_tags

import pytest
from bs4 import BeautifulSoup

from blog.models import Author, BlogIndexPage, BlogPage, Topic, body_texts
from clinicsite.demo.content import load_content


@pytest.fixture
def seeded_blog(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return BlogIndexPage.objects.get()


@pytest.fixture
def articles(seeded_blog):
    return list(BlogPage.objects.live().descendant_of(seeded_blog).order_by("date_published"))


def blocks_of(article, block_type):
    return [block.value for block in article.body if block.block_type == block_type]


def test_blog_index_is_live_at_blog(seeded_blog):
    assert seeded_blog.live
    assert seeded_blog.show_in_menus
    assert seeded_blog.url == "/blog/"
    assert Client().get("/blog/").status_code == 200


def test_at_least_four_articles_each_use_seven_block_types(articles):
    assert len(articles) >= 4
    for article in articles:
        assert len({block.block_type for block in article.body}) >= 7, article.title


def test_every_article_file_is_seeded_under_the_blog(seeded_blog):
    slugs = {article.slug for article in load_content().articles}
    assert slugs == set(BlogPage.objects.child_of(seeded_blog).values_list("slug", flat=True))


def test_article_bodies_pass_the_blocks_own_validation(seeded_blog):
    # The draft waiting for review too: a reviewer must be able to approve it as it is.
    for article in BlogPage.objects.child_of(seeded_blog):
        article.body.stream_block.clean(article.body)


def test_articles_use_both_heading_levels_and_both_callout_styles(articles):
    for article in articles:
        assert {heading["level"] for heading in blocks_of(article, "heading")} == {"h2", "h3"}
        assert {callout["style"] for callout in blocks_of(article, "callout")} == {
            "info",
            "warning",
        }


def test_calls_to_action_leave_the_wording_to_clinic_settings(articles):
    for article in articles:
        calls = blocks_of(article, "call_to_action")
        assert calls, article.title
        assert all(not call["text"].source for call in calls)


def test_a_demo_article_compares_treatments_in_a_captioned_table(articles):
    article = next(article for article in articles if blocks_of(article, "table"))
    soup = BeautifulSoup(Client().get(article.url).content, "html.parser")
    table = soup.select_one(".data-table table")
    assert table.caption.get_text(strip=True)
    assert len(table.select("thead th[scope=col]")) == 3
    assert "Ketamine" in [th.get_text() for th in table.select("tbody th[scope=row]")]


def test_every_reference_has_a_year_and_a_doi_or_pubmed_id(articles):
    for article in articles:
        assert blocks_of(article, "references"), article.title
        for reference in article.references:
            assert reference["year"]
            assert reference["doi"] or reference["pubmed_id"]
            assert reference["authors"] and reference["title"] and reference["publication"]


def test_every_article_has_authors_topics_tags_reviewer_and_described_image(articles):
    reviewer = Author.objects.get(user__username="reviewer")
    for article in articles:
        assert article.author_list
        assert article.topic_list
        assert 2 <= len(article.tag_list) <= 4
        assert article.reviewed_by == reviewer
        assert article.last_reviewed
        assert article.featured_image and article.featured_image_alt
        assert len(article.intro) <= 300


def test_published_revisions_carry_the_bylines_topics_and_tags(articles):
    for article in articles:
        revision = article.live_revision.as_object()
        assert [link.author for link in revision.article_authors.all()] == article.author_list
        assert set(revision.topics.all()) == set(article.topic_list)
        assert {tag.name for tag in revision.tags.all()} == {tag.name for tag in article.tag_list}


def test_articles_are_between_500_and_900_words(articles):
    for article in articles:
        words = sum(
            len(strip_tags(text).split()) for text in body_texts(list(article.body.raw_data))
        )
        assert 500 <= words <= 900, (article.title, words)


def test_publication_dates_are_fixed_and_distinct(articles):
    dates = [article.date_published for article in articles]
    assert all(date is not None and date.tzinfo is not None for date in dates)
    assert len(set(dates)) == len(dates)


def test_one_article_is_already_due_for_medical_review(articles):
    assert any(article.review_is_due for article in articles)


def test_topics_include_the_clinics_conditions(seeded_blog):
    assert {"Anxiety", "PTSD", "Depression", "Treatment"} <= set(
        Topic.objects.values_list("name", flat=True)
    )


def test_seeding_again_keeps_an_editors_changes_and_adds_no_duplicates(seeded_blog, articles):
    article = articles[0]
    article.title = "Edited by an editor"
    reviewer = Author.objects.get(user__username="reviewer")
    article.save_revision().publish(user=reviewer.user)
    reviewer.bio = "Rewritten bio."
    reviewer.save()
    articles_before = BlogPage.objects.count()

    call_command("seed_demo")

    article.refresh_from_db()
    reviewer.refresh_from_db()
    assert article.title == "Edited by an editor"
    assert reviewer.bio == "Rewritten bio."
    assert BlogPage.objects.count() == articles_before
    assert BlogPage.objects.live().count() == len(articles)
    assert BlogIndexPage.objects.count() == 1
    assert Author.objects.filter(name=reviewer.name).count() == 1
