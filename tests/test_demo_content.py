"""The demo's data files (clinicsite/demo/): how the loader reads them and what it refuses."""

import shutil

import pytest

from clinicsite.demo.content import DATA_DIR, load_content
from clinicsite.demo.reading import ContentError, html_paragraphs, prose

ARTICLE = """
title = "A test article"
slug = "a-test-article"
intro = "Short."
status = "in review"
authors = ["maren-tillbrook"]
"""


@pytest.fixture
def articles_dir(tmp_path):
    """An empty articles folder beside a copy of the real shared data, without its replies
    (they answer the real articles): tests add one article each."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "replies.toml").write_text("")
    (tmp_path / "articles").mkdir()
    return tmp_path / "articles"


def load_with_article(articles_dir, text, name="a-test-article.toml"):
    (articles_dir / name).write_text(text)
    return load_content(articles_dir.parent / "data", articles_dir)


def test_wrapped_text_reads_as_one_line_and_blank_lines_separate_paragraphs():
    assert prose("\nOne line\n    wrapped here.\n") == "One line wrapped here."
    assert (
        html_paragraphs("First\nparagraph.\n\nSecond.\n") == "<p>First paragraph.</p><p>Second.</p>"
    )
    assert html_paragraphs("") == ""


def test_published_articles_come_in_order_of_publication_then_those_in_review():
    articles = load_content().articles
    published = [article for article in articles if article.status == "published"]
    assert [article.date_published for article in published] == sorted(
        article.date_published for article in published
    )
    assert articles[-1].slug == "preparing-for-your-first-ketamine-session"
    assert articles[-1].status == "in review"


def test_publication_times_are_the_clinics_wall_clock():
    article = next(a for a in load_content().articles if a.slug == "ketamine-and-anxiety")
    assert article.date_published.isoformat() == "2026-01-20T09:00:00-05:00"


def test_callout_ending_with_the_crisis_note_keeps_its_own_text_first(articles_dir):
    content = load_with_article(
        articles_dir,
        ARTICLE
        + """
[[body]]
type = "callout"
style = "warning"
title = "Take care"
text = "Tell the team."
crisis_note = true
""",
    )
    (callout,) = content.articles[0].body
    assert callout["value"]["text"].startswith("<p>Tell the team. If you are thinking about")
    assert callout["value"]["text"].endswith("call 911 in an emergency.</p>")


def test_image_block_takes_alt_text_and_caption_from_its_picture(articles_dir):
    content = load_with_article(
        articles_dir,
        ARTICLE
        + """
[pictures.figure]
title = "A picture"
seed = 1
palette = "lake"
scene = "lake"
alt = "Drawing of a lake."
caption = "A caption."

[[body]]
type = "image"
picture = "figure"
""",
    )
    article = content.articles[0]
    (image,) = article.stream_data(lambda picture: 42)
    assert image["value"] == {
        "image": 42,
        "alt_text": "Drawing of a lake.",
        "caption": "A caption.",
        "credit": "",
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('\n[[body]]\ntype = "heading"\ntext = "Hi"\nlevle = "h3"\n', "body block 1: unknown key"),
        ('\n[[body]]\ntype = "poem"\n', "unknown block type 'poem'"),
        ('\n[[body]]\ntype = "references"\nreferences = ["nobody-1999"]\n', "no reference"),
        ('\n[[body]]\ntype = "image"\npicture = "figure"\n', "no picture 'figure'"),
        ('\n[[body]]\ntype = "paragraph"\n', "'text' is missing"),
        (
            '\n[[body]]\ntype = "table"\ncaption = "C"\ncolumns = ["A", "B"]\nrows = [["1"]]\n',
            "every row needs 2 cells",
        ),
    ],
)
def test_a_mistake_in_an_article_is_an_error_naming_the_file(articles_dir, extra, message):
    with pytest.raises(ContentError, match=f"a-test-article.toml.*{message}"):
        load_with_article(articles_dir, ARTICLE + extra)


def test_an_unknown_author_or_topic_is_an_error(articles_dir):
    with pytest.raises(ContentError, match="no author 'nobody'"):
        load_with_article(articles_dir, ARTICLE.replace("maren-tillbrook", "nobody"))
    with pytest.raises(ContentError, match="no topic 'gardening'"):
        load_with_article(articles_dir, ARTICLE + 'topics = ["gardening"]\n')


def test_an_article_file_is_named_after_its_slug(articles_dir):
    with pytest.raises(ContentError, match="named after the slug"):
        load_with_article(articles_dir, ARTICLE, name="another-name.toml")


PUBLISHED_EXTRA = (
    'date_published = 2026-01-01T09:00:00\n\n[[body]]\ntype = "heading"\ntext = "Hi"\n'
)


def test_a_reply_to_an_unknown_article_or_an_answer_to_nothing_is_an_error(articles_dir):
    replies = articles_dir.parent / "data" / "replies.toml"
    base = 'key = "r"\nname = "Jo"\nemail = "jo@example.com"\ntext = "Hi."\n'
    base += 'posted = 2026-02-01T10:00:00\nstatus = "approved"\n'
    for extra, message in [
        ('article = "no-such-article"\n', "'no-such-article' is not a published article"),
        ('article = "a-test-article"\nanswer_to = "nobody"\n', "no earlier reply 'nobody'"),
    ]:
        replies.write_text("[[reply]]\n" + base + extra)
        article = ARTICLE.replace('"in review"', '"published"') + PUBLISHED_EXTRA
        with pytest.raises(ContentError, match=message):
            load_with_article(articles_dir, article)
