"""Heading anchors and the table of contents: every heading gets an id that is not empty,
keeps the reader's script, and is taken by nothing else on the page."""

from collections import Counter

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

import pytest
from bs4 import BeautifulSoup

from blog.blocks import ArticleBodyBlock, HeadingBlock
from tests.factories import (
    ArticleBodyFactory,
    BlogPageFactory,
    ImageFactory,
    ReplyFactory,
    every_block_body,
)


def rendered(client, article):
    response = client.get(article.url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def heading_ids(soup):
    return [heading["id"] for heading in soup.select(".article-heading")]


def contents_links(soup):
    return [(a["href"], a.get_text()) for a in soup.select(".toc a")]


def headings_body(*texts, anchors=None):
    """A body of H2 headings with `texts`, each followed by a paragraph; `anchors` maps a
    heading's position to the anchor its editor typed."""
    anchors = anchors or {}
    declarations = {}
    for position, text in enumerate(texts):
        declarations[f"{2 * position}__heading__text"] = text
        declarations[f"{2 * position}__heading__anchor"] = anchors.get(position, "")
        declarations[f"{2 * position + 1}__paragraph"] = "<p>Text.</p>"
    return ArticleBodyFactory(**declarations)


def assert_contents_lead_to_their_headings(soup):
    """Every contents link names an element that exists once: the heading it lists."""
    for href, text in contents_links(soup):
        assert href.startswith("#") and len(href) > 1, href
        targets = soup.find_all(id=href[1:])
        assert len(targets) == 1, (href, len(targets))
        assert targets[0].get_text() == text


def test_headings_in_cyrillic_and_chinese_get_anchors_in_their_own_script(
    client, blog_index, author
):
    article = BlogPageFactory(
        parent=blog_index, authors=[author], body=headings_body("Что такое кетамин", "治疗过程")
    )
    soup = rendered(client, article)

    assert heading_ids(soup) == ["что-такое-кетамин", "治疗过程"]
    assert contents_links(soup) == [
        ("#что-такое-кетамин", "Что такое кетамин"),
        ("#治疗过程", "治疗过程"),
    ]
    assert_contents_lead_to_their_headings(soup)


def test_two_headings_with_the_same_text_get_different_anchors(client, blog_index, author):
    article = BlogPageFactory(
        parent=blog_index, authors=[author], body=headings_body("Risks", "Benefits", "Risks")
    )
    soup = rendered(client, article)

    assert heading_ids(soup) == ["risks", "benefits", "risks-2"]
    assert [href for href, _ in contents_links(soup)] == ["#risks", "#benefits", "#risks-2"]
    assert_contents_lead_to_their_headings(soup)


def test_heading_without_letters_or_digits_still_gets_an_anchor(client, blog_index, author):
    article = BlogPageFactory(
        parent=blog_index, authors=[author], body=headings_body("!!!", "💊", "?")
    )
    soup = rendered(client, article)

    ids = heading_ids(soup)
    assert all(ids) and len(set(ids)) == 3, ids
    assert_contents_lead_to_their_headings(soup)


def test_an_editors_anchor_keeps_its_name_and_a_made_up_one_makes_way(client, blog_index, author):
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        # The editor named the third heading "risks"; the first heading's text says "Risks".
        body=headings_body("Risks", "Dosing", "Side effects", anchors={2: "risks"}),
    )
    soup = rendered(client, article)

    assert heading_ids(soup) == ["risks-2", "dosing", "risks"]
    assert_contents_lead_to_their_headings(soup)


def test_an_editors_anchor_that_repeats_another_is_made_unique(client, blog_index, author):
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body=headings_body("One", "Two", "Three", anchors={0: "same", 1: "same", 2: "same-2"}),
    )
    soup = rendered(client, article)

    ids = heading_ids(soup)
    assert ids[0] == "same" and ids[2] == "same-2"
    assert len(set(ids)) == 3, ids
    assert_contents_lead_to_their_headings(soup)


@pytest.fixture
def busy_article(blog_index, author, anxiety, clinic):
    """An article with everything its page can show: every block, a related article, and a
    thread of approved replies (one answered) under the open reply form."""
    BlogPageFactory(parent=blog_index, authors=[author], topics=[anxiety])
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        topics=[anxiety],
        body=every_block_body(ImageFactory()),
    )
    first = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=first.pk)
    ReplyFactory(article=article)
    return article


def test_headings_never_take_an_id_the_page_itself_uses(client, busy_article, settings):
    """Headings named after every id the article page already carries (the main landmark,
    the contents, the authors, related articles, the replies and the reply form, each reply,
    the blocks' own labels…), one of them also as the editor's anchor: each id on the page
    stays unique, and the contents still lead to the headings."""
    # The body changes in place below (no publish): each request must render it again.
    settings.PAGE_CACHE_ENABLED = False
    page_ids = [tag["id"] for tag in rendered(client, busy_article).find_all(id=True)]
    assert {"main", "toc-heading", "replies", "replies-reader"} <= set(page_ids)

    body = list(busy_article.body.raw_data)
    own_headings = sum(1 for block in body if block["type"] == "heading")
    for text in page_ids:
        body.append({"type": "heading", "value": {"text": text, "level": "h2", "anchor": ""}})
    body.append({"type": "heading", "value": {"text": "Ours", "level": "h2", "anchor": "replies"}})
    busy_article.body = body
    busy_article.save()

    soup = rendered(client, busy_article)
    repeated = [
        id_ for id_, count in Counter(t["id"] for t in soup.find_all(id=True)).items() if count > 1
    ]
    assert repeated == []
    assert len(contents_links(soup)) == own_headings + len(page_ids) + 1
    assert_contents_lead_to_their_headings(soup)


# --- What the editor may type ----------------------------------------------------------------


def test_editor_may_type_an_anchor_in_any_script():
    value = HeadingBlock().to_python({"text": "Что такое кетамин", "level": "h2", "anchor": ""})
    value["anchor"] = "что-такое-кетамин"
    assert HeadingBlock().clean(value)["anchor"] == "что-такое-кетамин"


@pytest.mark.parametrize("anchor", ["Risks", "risks and benefits", "#risks"])
def test_editor_is_told_how_to_write_an_anchor(anchor):
    value = HeadingBlock().to_python({"text": "Risks", "level": "h2", "anchor": anchor})
    with pytest.raises(StructBlockValidationError):
        HeadingBlock().clean(value)


@pytest.mark.parametrize("anchor", ["main", "replies", "leave-a-reply", "reply-12"])
def test_editor_cannot_take_an_id_the_page_uses(db, anchor):
    value = HeadingBlock().to_python({"text": "Risks", "level": "h2", "anchor": anchor})
    with pytest.raises(StructBlockValidationError) as refused:
        HeadingBlock().clean(value)
    assert "anchor" in refused.value.block_errors


def test_editor_cannot_give_two_headings_the_same_anchor(db):
    block = ArticleBodyBlock()
    body = block.to_python(
        [
            {"type": "heading", "value": {"text": "Risks", "level": "h2", "anchor": "risks"}},
            {"type": "heading", "value": {"text": "More", "level": "h2", "anchor": "risks"}},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as refused:
        block.clean(body)
    assert list(refused.value.block_errors) == [1]
