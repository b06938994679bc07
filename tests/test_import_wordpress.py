"""`manage.py import_wordpress`: a WordPress export (tests/fixtures/wordpress/, written for
these tests) becomes articles, replies, topics, tags, authors, images and redirects; a bad
file imports nothing; a second run duplicates nothing; nobody gets an email."""

import io
import logging
import tracemalloc
from pathlib import Path

from django.core import mail
from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page

import pytest
from PIL import Image as PILImage

from bench.wordpress_export import write_export
from blog.medical_review import MedicalReviewRequired, publishing_unreviewed_import
from blog.models import Author, BlogPage, Topic
from blog.replies.models import Reply, ScreeningPhrase, Status
from clinicsite.wordpress.body import convert_post_html
from clinicsite.wordpress.comments import plain_text
from clinicsite.wordpress.importer import _Importer, original_of, uploads_path
from clinicsite.wordpress.middleware import wordpress_post_id
from clinicsite.wordpress.models import ImportedComment, ImportedPost
from clinicsite.wordpress.wxr import WxrError, WxrReader, check_export
from home.search import search_pages
from tests.factories import BlogPageFactory

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
EXPORT = FIXTURES / "clinic-export.xml"
GUTENBERG_POST, CLASSIC_POST, DRAFT_POST = 101, 102, 103


def jpeg(path, colour):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", (40, 30), colour).save(path, "JPEG")


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads holding two of the export's three pictures (the chart
    is missing); the lake's resized copy is not there, only its original."""
    folder = tmp_path / "uploads"
    jpeg(folder / "2021" / "03" / "calm-lake.jpg", "#9cc3bd")
    jpeg(folder / "2020" / "11" / "salle-calme.jpg", "#e7c9a9")
    return folder


def run_import(*args, export=EXPORT, **options):
    """Run the command; return what it printed."""
    out = io.StringIO()
    call_command("import_wordpress", str(export), *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def imported(blog_index, clinic, uploads, settings, tmp_path):
    """The fixture export imported once, with its uploads; returns the command's output."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return run_import(uploads=str(uploads))


def article_from(post_id):
    return ImportedPost.objects.get(wordpress_id=post_id).article.specific


def reply_from(comment_id):
    return ImportedComment.objects.get(wordpress_id=comment_id).reply


def block_types(article):
    return [block.block_type for block in article.body]


# --- Articles -----------------------------------------------------------------------------


def test_published_posts_go_live_with_their_dates_topics_tags_and_authors(imported, blog_index):
    article = article_from(GUTENBERG_POST)
    assert article.live and article.get_parent().pk == blog_index.pk
    assert article.title == "How ketamine calms an anxious brain"
    assert article.slug == "how-ketamine-calms-anxiety"
    assert article.intro == "Why ketamine can ease anxiety in hours rather than weeks."
    assert article.date_published.isoformat() == "2021-03-04T15:00:00+00:00"
    assert article.first_published_at.isoformat() == "2021-03-04T15:00:00+00:00"
    assert article.last_published_at.isoformat() == "2022-01-10T14:00:00+00:00"
    assert [topic.name for topic in article.topics.all()] == ["Anxiety"]  # not Uncategorized
    assert sorted(tag.name for tag in article.tags.all()) == ["glutamate", "ketamine"]
    assert [link.author.name for link in article.article_authors.all()] == ["Mina Park"]
    assert article.featured_image.title == "A still lake at dawn"
    assert article.featured_image_alt == "A still lake at dawn"


def test_non_ascii_title_slug_topic_and_author_are_kept(imported, client):
    article = article_from(CLASSIC_POST)
    assert article.title == "Kétamine et anxiété : ce qu’il faut savoir"
    assert article.slug == "kétamine-et-anxiété"
    assert [link.author.name for link in article.article_authors.all()] == ["Jérôme Laurent"]
    topic = article.topics.get()
    assert (topic.name, topic.slug) == ("Santé mentale", "sante-mentale")
    assert [tag.name for tag in article.tags.all()] == ["séance"]
    # No excerpt: the intro is the start of the text.
    assert article.intro.startswith("Beaucoup de patients nous demandent combien de temps")
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Kétamine et anxiété" in response.content.decode()


def test_gutenberg_blocks_become_article_blocks(imported):
    article = article_from(GUTENBERG_POST)
    assert block_types(article) == [
        "heading", "paragraph", "image", "pull_quote", "heading", "paragraph",
    ]  # fmt: skip
    heading, paragraph, image, quote, subheading, table = article.body
    assert heading.value["text"] == "What happens in the brain"
    assert (subheading.value["text"], subheading.value["level"]) == ("Is it right for me?", "h3")
    source = paragraph.value.source
    assert "<strong>glutamate</strong>" in source
    assert '<a href="https://example.org/glutamate">' in source
    assert "<li>It blocks NMDA receptors.</li>" in source
    assert image.value["image"].title == "A still lake at dawn"
    assert image.value["caption"] == "Calm can come sooner than people expect."
    assert quote.value["text"] == "I noticed the change within a day."
    assert quote.value["attribution"] == "A patient, with permission"
    # Unknown markup keeps its words, as clean rich text; scripts are gone.
    assert "Sessions · Six over three weeks" in table.value.source
    assert "script" not in str(article.body.raw_data) and "alert" not in str(article.body.raw_data)
    assert "<table> kept as text, a line per row" in imported
    assert "<script> dropped" in imported


def test_classic_editor_paragraphs_captions_and_headings_become_blocks(imported):
    article = article_from(CLASSIC_POST)
    assert block_types(article) == ["paragraph", "image", "heading", "paragraph"]
    first, image, heading, last = article.body
    assert first.value.source == (
        "<p>Beaucoup de patients nous demandent <em>combien de temps</em> dure une séance.</p>"
        "<p>Une séance dure environ une heure.<br/>Nous restons avec vous tout du long.</p>"
    )
    assert image.value["caption"] == "La salle de soins"
    assert image.value["alt_text"] == "Une salle de soins lumineuse"
    assert heading.value["text"] == "Et après ?"
    assert last.value.source == "<p>Un suivi est prévu <strong>la semaine suivante</strong>.</p>"


@pytest.mark.parametrize("post_id", [GUTENBERG_POST, CLASSIC_POST])
def test_the_old_themes_share_row_and_leave_a_reply_heading_are_dropped(imported, post_id):
    text = str(article_from(post_id).body.raw_data).lower()
    for remnant in ("share this article", "facebook", "pinterest", "leave a reply"):
        assert remnant not in text


def test_a_featured_image_missing_from_the_uploads_is_reported(blog_index, clinic, tmp_path):
    (tmp_path / "uploads").mkdir()
    output = run_import(uploads=str(tmp_path / "uploads"))
    assert article_from(GUTENBERG_POST).featured_image is None
    assert "image missing from --uploads: 2021/03/calm-lake.jpg" in output


def test_a_missing_image_is_reported_and_left_out_never_fetched(imported):
    article = article_from(GUTENBERG_POST)
    assert [block.value["alt_text"] for block in article.body if block.block_type == "image"] == [
        "A still lake at dawn"
    ]
    assert "image missing from --uploads: 2021/03/missing-chart.png" in imported
    assert "  images: 2 imported, 1 missing\n" in imported  # the resized copy is its original
    assert get_image_model().objects.count() == 2


def test_drafts_stay_drafts_and_private_trashed_posts_and_pages_are_skipped(imported):
    draft = article_from(DRAFT_POST)
    assert not draft.live and draft.first_published_at is None
    assert draft.get_latest_revision().as_object().title == "Notes for a future article on PTSD"
    assert draft.slug == "notes-for-a-future-article-on-ptsd"
    assert BlogPage.objects.count() == 3
    assert "post 104 “Staff rota” (line 269): status “private”: skipped" in imported
    assert "post 105 “An old announcement” (line 282): status “trash”: skipped" in imported
    assert "post 106 “About us” (line 295): a page, not a blog post: skipped" in imported
    assert "Imported: posts: 3 created, 3 skipped" in imported


def test_imported_articles_go_live_recorded_as_never_medically_reviewed(imported):
    live = BlogPage.objects.live()
    assert live.count() == 2
    assert all(article.reviewed_by is None for article in live)
    assert set(BlogPage.objects.review_due()) == set(live)


def test_publishing_outside_the_import_still_needs_a_medical_reviewer(blog_index, author):
    article = BlogPageFactory(parent=blog_index, live=False, authors=[author])
    with pytest.raises(MedicalReviewRequired):
        article.save_revision().publish()
    assert not BlogPage.objects.get(pk=article.pk).live


def test_the_import_exception_never_publishes_an_article_naming_a_reviewer(blog_index, author):
    article = BlogPageFactory(parent=blog_index, live=False, reviewed_by=author)
    article.last_reviewed = article.first_published_at.date()
    article.save()
    with publishing_unreviewed_import(), pytest.raises(MedicalReviewRequired):
        article.save_revision().publish()
    assert not BlogPage.objects.get(pk=article.pk).live


def test_the_import_exception_does_not_let_a_user_who_is_no_reviewer_publish(
    blog_index, author, editor
):
    article = BlogPageFactory(parent=blog_index, live=False, authors=[author])
    with publishing_unreviewed_import(), pytest.raises(MedicalReviewRequired):
        article.save_revision().publish(user=editor)


# --- Replies --------------------------------------------------------------------------------


def test_comments_keep_their_status_and_trash_and_pingbacks_are_skipped(imported):
    assert reply_from(1001).status == Status.APPROVED
    assert reply_from(1005).status == Status.AWAITING
    spam = reply_from(1006)
    assert spam.status == Status.SPAM and spam.website_url == ""
    assert not ImportedComment.objects.filter(wordpress_id__in=[1007, 1008]).exists()
    assert Reply.objects.count() == 6
    assert "comments: 4 approved, 1 awaiting, 1 pingbacks skipped, 1 spam, 1 trash skipped" in (
        imported
    )


def test_replies_keep_their_threads_three_deep_and_deeper_answers_follow_the_third(imported):
    first, answer, answer_to_answer, deeper = (reply_from(pk) for pk in (1001, 1002, 1003, 1004))
    assert (first.level, answer.level, answer_to_answer.level) == (0, 1, 2)
    assert answer.parent_id == first.pk and answer_to_answer.parent_id == answer.pk
    assert {reply.thread_id for reply in (answer, answer_to_answer, deeper)} == {first.pk}
    # REPLIES_MAX_DEPTH is 3: the fourth level follows the third, under its parent.
    assert (deeper.level, deeper.parent_id) == (2, answer.pk)
    assert first.user_name == "Sam Rivera" and first.user_url == "https://sam.reader.example"
    assert first.submit_date.isoformat() == "2021-03-05T13:00:00+00:00"


def test_comment_html_becomes_reader_text_shown_escaped(imported, client):
    text = reply_from(1001).comment
    assert text == (
        "Does the effect last? I read this study (https://example.org/study) and I'm hopeful."
        "\n\n> Gains were sustained after several infusions.\n\nI tried <b> tags once."
    )
    page = client.get(article_from(GUTENBERG_POST).url).content.decode()
    assert "I tried &lt;b&gt; tags once." in page
    assert 'href="https://example.org/study"' in page
    assert "<script>alert(1)" not in page and "<em>last</em>" not in page


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<a href='https://a.example/'>https://a.example/</a>", "https://a.example/"),
        ("<a href='javascript:alert(1)'>click</a>", "click"),
        ("one<br>two<p>three</p>", "one\ntwo\n\nthree"),
        ("<i>so</i> <b>very</b> <code>x &amp; y</code>", "so very x & y"),
        ("<blockquote>a\nb</blockquote>c", "> a\n> b\n\nc"),
    ],
)
def test_comment_tags_become_plain_text(html, text):
    assert plain_text(html) == text


def test_ip_addresses_older_than_the_retention_window_are_not_imported(imported):
    assert set(Reply.objects.values_list("ip_address", flat=True)) == {None}


def test_ip_addresses_within_the_retention_window_are_imported(
    blog_index, clinic, uploads, settings
):
    settings.REPLIES_IP_KEPT_DAYS = 365 * 100
    run_import()
    assert reply_from(1001).ip_address == "203.0.113.7"


def test_the_import_sends_no_email(blog_index, clinic, moderator, reviewer_profile, settings):
    settings.REPLIES_POLICY = "hold_all"
    run_import()
    assert Reply.objects.exists()
    assert mail.outbox == []


# --- Running again ---------------------------------------------------------------------------


def test_a_second_run_duplicates_nothing(imported, uploads):
    counts = (BlogPage.objects.count(), Reply.objects.count(), Redirect.objects.count())
    images, topics, authors = (
        get_image_model().objects.count(),
        Topic.objects.count(),
        Author.objects.count(),
    )
    output = run_import(uploads=str(uploads))
    assert (BlogPage.objects.count(), Reply.objects.count(), Redirect.objects.count()) == counts
    assert (get_image_model().objects.count(), Topic.objects.count()) == (images, topics)
    assert Author.objects.count() == authors
    assert "posts: 3 skipped, 3 unchanged" in output
    assert "comments: 6 already imported, 1 pingbacks skipped, 1 trash skipped" in output


def test_a_second_run_updates_a_post_changed_in_wordpress(imported, uploads, tmp_path):
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text()
        .replace("How ketamine calms an anxious brain", "How ketamine eases anxiety")
        .replace("2022-01-10 14:00:00", "2023-02-01 10:00:00"),
    )
    article = article_from(GUTENBERG_POST)
    output = run_import(export=changed, uploads=str(uploads))
    assert "[1/5] updated: How ketamine eases anxiety" in output
    article.refresh_from_db()
    assert article.title == "How ketamine eases anxiety" and article.live
    assert BlogPage.objects.count() == 3


def test_a_second_run_leaves_an_article_edited_here_alone(imported, uploads, tmp_path):
    article = article_from(GUTENBERG_POST)
    article.title = "Edited by the clinic"
    article.save_revision()
    changed = tmp_path / "changed.xml"
    changed.write_text(EXPORT.read_text().replace("2022-01-10 14:00:00", "2023-02-01 10:00:00"))
    output = run_import(export=changed, uploads=str(uploads))
    assert "edited here since the last import: left as it is here" in output
    assert article.get_latest_revision().as_object().title == "Edited by the clinic"


def test_an_article_or_reply_deleted_here_stays_deleted_on_a_second_run(imported, uploads):
    article_from(CLASSIC_POST).delete()
    reply_from(1005).delete()
    output = run_import(uploads=str(uploads))
    assert "its article was deleted here since the last import: left deleted" in output
    assert not BlogPage.objects.filter(title__startswith="Kétamine").exists()
    assert not Reply.objects.filter(comment="Is a referral needed first?").exists()


# --- Links ---------------------------------------------------------------------------------


def test_old_permalinks_redirect_to_the_imported_articles(imported, client):
    article = article_from(CLASSIC_POST)
    response = client.get("/2020/11/k%C3%A9tamine-et-anxi%C3%A9t%C3%A9/")
    assert response.status_code == 301
    assert response["Location"] == article.url
    response = client.get("/2021/03/how-ketamine-calms-anxiety/")
    assert (response.status_code, response["Location"]) == (301, article_from(101).url)


@pytest.mark.parametrize("query", ["p=101", "page_id=101", "p=101&utm_source=x"])
def test_old_query_string_links_redirect_to_the_imported_article(imported, client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 301
    assert response["Location"] == article_from(GUTENBERG_POST).url


@pytest.mark.parametrize("query", ["p=103", "p=104", "p=999", "p=abc", "p=" + "9" * 30])
def test_query_string_links_to_nothing_public_show_the_home_page(imported, client, query):
    # 103 is a draft, 104 was private (never imported), 999 never existed.
    assert client.get(f"/?{query}").status_code == 200


@pytest.mark.parametrize(
    ("path", "post_id"),
    [("/?p=7", 7), ("/?page_id=8", 8), ("/", None), ("/blog/?p=7", None), ("/?s=p", None)],
)
def test_only_wordpress_links_to_the_home_page_are_looked_up(rf, path, post_id):
    assert wordpress_post_id(rf.get(path)) == post_id


# --- Bad files and dry runs -----------------------------------------------------------------


def test_a_malformed_file_imports_nothing_and_names_the_line(blog_index, tmp_path):
    broken = tmp_path / "broken.xml"
    text = EXPORT.read_text()
    # The file breaks in its last item: the posts before it must not be imported either.
    broken.write_text(text.replace("<wp:post_id>150</wp:post_id>", "<wp:post_id>150</wp:post>"))
    with pytest.raises(CommandError) as refused:
        run_import(export=broken)
    line = text[: text.index("<wp:post_id>150")].count("\n") + 1
    assert f"line {line}: the file is not well-formed XML (mismatched tag, column" in str(
        refused.value
    )
    assert "Nothing was imported." in str(refused.value)
    assert not BlogPage.objects.exists() and not Reply.objects.exists()
    assert not ImportedPost.objects.exists() and not Redirect.objects.exists()


def test_an_item_missing_a_required_field_imports_nothing(blog_index, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(EXPORT.read_text().replace("<wp:status><![CDATA[trash]]></wp:status>", ""))
    with pytest.raises(CommandError, match=r"line 282: item 105 has no <wp:status>"):
        run_import(export=broken)
    assert not BlogPage.objects.exists()


def test_an_unknown_wxr_version_is_refused_with_a_clear_message(blog_index, tmp_path):
    future = tmp_path / "future.xml"
    future.write_text(
        EXPORT.read_text()
        .replace("<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>2.0</wp:wxr_version>")
        .replace("http://wordpress.org/export/1.2/", "http://wordpress.org/export/2.0/")
    )
    with pytest.raises(CommandError, match=r"line 21: WXR version 2.0 is not supported"):
        run_import(export=future)
    assert not Page.objects.type(BlogPage).exists()


def test_older_wxr_versions_are_read(blog_index, clinic, tmp_path):
    older = tmp_path / "older.xml"
    older.write_text(
        EXPORT.read_text()
        .replace("<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>1.1</wp:wxr_version>")
        .replace("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/")
    )
    run_import(export=older)
    assert BlogPage.objects.count() == 3


def test_entities_are_refused(blog_index, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>\n'
        "<rss><channel><title>&a;</title></channel></rss>"
    )
    with pytest.raises(WxrError, match="line 2"):
        check_export(bomb)


def test_a_dry_run_says_what_would_happen_and_writes_nothing(
    blog_index, clinic, uploads, settings, tmp_path, caplog
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    caplog.set_level(logging.INFO, logger="wagtail")
    output = run_import(uploads=str(uploads), dry_run=True)
    # Wagtail logs the pages it creates and publishes; a dry run's are rolled back.
    assert not [r for r in caplog.records if "Published" in r.getMessage()]
    assert "[1/5] would be created: How ketamine calms an anxious brain" in output
    assert "Would import: posts: 3 created, 3 skipped" in output
    assert "comments: 4 approved, 1 awaiting" in output
    assert "Dry run: nothing was written." in output
    assert not BlogPage.objects.exists() and not Reply.objects.exists()
    assert not get_image_model().objects.exists() and not Redirect.objects.exists()
    assert not (tmp_path / "media").exists()


def test_progress_is_one_line_per_post(imported):
    assert "[1/5] created: How ketamine calms an anxious brain" in imported
    assert "[5/5] skipped: An old announcement" in imported


def test_without_a_blog_nothing_is_imported(home_page):
    with pytest.raises(CommandError, match="There is no blog to import into"):
        run_import()


# --- Helpers ---------------------------------------------------------------------------------


def test_uploads_paths_and_originals():
    url = "https://old.example/wp-content/uploads/2021/03/lake-300x200.jpg"
    assert uploads_path(url) == "2021/03/lake-300x200.jpg"
    assert original_of("2021/03/lake-300x200.jpg") == "2021/03/lake.jpg"
    assert original_of("2021/03/1x1.png") == "2021/03/1x1.png"
    assert uploads_path("https://cdn.example/picture.jpg") is None


def test_an_upload_path_outside_the_folder_is_never_read(blog_index, clinic, tmp_path):
    secret = tmp_path / "secret.jpg"
    jpeg(secret, "#000000")
    export = tmp_path / "export.xml"
    export.write_text(EXPORT.read_text().replace("2021/03/calm-lake-1024x640.jpg", "../secret.jpg"))
    (tmp_path / "uploads").mkdir()
    output = run_import(export=export, uploads=str(tmp_path / "uploads"))
    assert "image missing from --uploads: ../secret.jpg" in output
    assert not get_image_model().objects.exists()


# --- Search ----------------------------------------------------------------------------------


def test_imported_articles_are_searchable_and_indexing_resumes_after_the_import(
    imported, blog_index
):
    assert [page.pk for page in search_pages("glutamate").pages] == [
        article_from(GUTENBERG_POST).pk
    ]
    later = BlogPageFactory(parent=blog_index, title="Sleep after a session", slug="sleep")
    later.save_revision()  # any save after the import indexes as usual
    assert [page.pk for page in search_pages("sleep").pages] == [later.pk]


# --- Post HTML, piece by piece -------------------------------------------------------------


def convert(html):
    """The blocks of `html`, every image found as id 1."""
    return convert_post_html(html, lambda url, title: 1)


def test_a_share_plugins_row_is_dropped_but_a_box_about_social_anxiety_is_kept():
    body = convert(
        '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li>'
        '<a href="https://twitter.com/intent/tweet">Twitter</a></li></ul></div>'
        '<div class="social-anxiety-box"><p>Social anxiety is common.</p></div>'
        "<p>Please share.</p>"
    )
    assert body.blocks == [
        {"type": "paragraph", "value": "<p>Social anxiety is common.</p><p>Please share.</p>"}
    ]
    assert body.remnants == 1


def test_links_lose_what_could_run_and_unknown_attributes():
    body = convert(
        '<p onclick="steal()"><a href="javascript:alert(1)">x</a> <span style="color:red">y</span>'
        ' <a href="https://a.example/" target="_blank">z</a></p>'
    )
    assert body.blocks[0]["value"] == '<p><a>x</a> y <a href="https://a.example/">z</a></p>'


def test_an_embedded_video_becomes_a_link_never_a_frame():
    body = convert(
        '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc123\n</div><figcaption>A tour</figcaption></figure>"
    )
    assert body.blocks == [
        {
            "type": "video",
            "value": {
                "title": "A tour",
                "video_file": None,
                "external_url": "https://www.youtube.com/watch?v=abc123",
                "transcript": "",
            },
        }
    ]


def test_an_image_inside_a_paragraph_follows_its_words_and_a_long_quote_stays_text():
    body = convert(
        '<p>Before <img src="https://old.example/wp-content/uploads/a.jpg" alt="A"> after</p>'
        f"<blockquote><p>{'word ' * 100}</p></blockquote>"
    )
    assert [block["type"] for block in body.blocks] == ["paragraph", "image", "paragraph"]
    assert body.blocks[0]["value"] == "<p>Before  after</p>"
    assert "a quotation too long for a pull-quote block kept as text" in body.notes


def test_a_held_comment_mentioning_a_crisis_is_urgent_and_nobody_is_emailed(
    blog_index, clinic, moderator, tmp_path
):
    ScreeningPhrase.objects.get_or_create(kind=ScreeningPhrase.Kind.CRISIS, phrase="end my life")
    export = tmp_path / "export.xml"
    export.write_text(
        EXPORT.read_text().replace(
            "Is a referral needed first?", "Some days I want to end my life."
        )
    )
    run_import(export=export)
    held = reply_from(1005)
    assert (held.status, held.mentions_crisis, held.held_reason) == (
        Status.AWAITING,
        True,
        Reply.HeldReason.CRISIS,
    )
    assert held.is_urgent
    assert mail.outbox == []


def test_a_post_that_fails_is_rolled_back_alone_and_the_command_says_so(
    blog_index, clinic, monkeypatch
):
    original = _Importer.import_comments

    def fail_on_the_first_post(importer, item, article):
        if item.post_id == GUTENBERG_POST:
            raise RuntimeError("disk full")
        return original(importer, item, article)

    monkeypatch.setattr(_Importer, "import_comments", fail_on_the_first_post)
    with pytest.raises(CommandError, match=r"1 post\(s\) failed"):
        run_import()
    assert not ImportedPost.objects.filter(wordpress_id=GUTENBERG_POST).exists()
    assert not BlogPage.objects.filter(slug="how-ketamine-calms-anxiety").exists()
    # The author made for the failed post was rolled back with it, and made again after.
    assert [link.author.name for link in article_from(DRAFT_POST).article_authors.all()] == [
        "Mina Park"
    ]


def test_reading_an_export_keeps_one_record_in_memory_whatever_the_files_size(tmp_path):
    def peak_bytes_reading(posts):
        export = write_export(tmp_path / f"export-{posts}.xml", posts, posts * 5)
        tracemalloc.start()
        for _record in WxrReader(export):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return export.stat().st_size, peak

    small_size, small_peak = peak_bytes_reading(20)
    large_size, large_peak = peak_bytes_reading(400)
    assert large_size > 15 * small_size
    assert large_peak < 2 * small_peak
