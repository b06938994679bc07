"""The article page: what a reader sees, what search engines and share targets read."""

import datetime
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    AuthorFactory,
    BlogPageFactory,
    ImageFactory,
    TopicFactory,
    every_block_body,
)


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def picture(db):
    return ImageFactory()


@pytest.fixture
def full_article(blog_index, author, anxiety, clinic, picture):
    reviewer = AuthorFactory(name="Rita Okafor", credentials="MD, PhD")
    return BlogPageFactory(
        parent=blog_index,
        title="Ketamine and PTSD",
        slug="ketamine-and-ptsd",
        intro="How ketamine can ease PTSD.",
        featured_image=picture,
        featured_image_alt="Morning light on a lake",
        body=every_block_body(picture),
        authors=[author],
        topics=[anxiety],
        tags=["trauma", "research"],
        reviewed_by=reviewer,
        last_reviewed=datetime.date(2026, 10, 1),
    )


def test_article_renders_title_byline_and_body(client, article):
    page = soup_of(client.get(article.url))
    assert page.h1.get_text(strip=True) == "Unlocking Relief: Ketamine and Anxiety"
    byline = page.select_one(".article__byline").get_text(" ", strip=True)
    assert "By Dana Reyes, MD" in byline
    assert "1 min read" in byline
    assert "Ketamine acts on the glutamate system." in page.select_one(".article-body").get_text()


def test_article_lives_under_the_blog_with_breadcrumbs(client, article):
    assert article.url == "/blog/ketamine-and-anxiety/"
    crumbs = soup_of(client.get(article.url)).select(".breadcrumbs li a")
    assert [a.get_text(strip=True) for a in crumbs] == [
        "Home",
        "Blog",
        "Unlocking Relief: Ketamine and Anxiety",
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_review_line_names_reviewer_and_date(client, full_article):
    review = soup_of(client.get(full_article.url)).select_one(".article__review")
    assert (
        review.get_text(" ", strip=True)
        == "Medically reviewed by Rita Okafor, MD, PhD on October 1, 2026"
    )
    assert review.time["datetime"] == "2026-10-01"


def test_next_review_defaults_to_a_year_after_the_last(full_article):
    assert str(full_article.next_review_due) == "2027-10-01"


def test_every_block_renders_with_its_own_template(client, full_article, picture):
    page = soup_of(client.get(full_article.url))
    body = page.select_one(".article-body")
    assert body.find("h2", id="how-it-works").get_text() == "How it works"
    assert body.find("h3", id="brain").get_text() == "In the brain"
    assert "Ketamine blocks NMDA receptors." in body.select_one(".prose").get_text()
    figure = body.select_one(".article-figure")
    assert figure.img["alt"] == picture.description  # alt falls back to the image's own
    assert figure.img["loading"] == "lazy"
    assert figure.img["width"] and figure.img["height"]
    assert "image/webp" in [source.get("type") for source in figure.find_all("source")]
    assert "Calm water" in figure.figcaption.get_text()
    assert body.select_one(".pull-quote blockquote").get_text(strip=True) == "It felt lighter."
    callout = body.select_one(".callout--warning")
    assert callout.select_one(".callout__title").get_text() == "Caution"
    takeaways = [li.get_text() for li in body.select(".key-takeaways li")]
    assert takeaways == ["Fast", "Safe"]
    faq = body.select_one(".faq details")
    assert faq.summary.get_text() == "Does it hurt?"
    video = body.select_one(".video")
    assert not video.find("iframe")
    assert video.a["href"] == "https://www.youtube.com/watch?v=abc"
    assert video.a["rel"] == ["noopener", "noreferrer"]


def test_references_are_numbered_with_doi_and_pubmed_links(client, full_article):
    page = soup_of(client.get(full_article.url))
    references = page.select(".references ol > li")
    assert len(references) == 1
    hrefs = [a["href"] for a in references[0].find_all("a")]
    assert hrefs == [
        "https://doi.org/10.1001/jamapsychiatry.2014.62",
        "https://pubmed.ncbi.nlm.nih.gov/24740528/",
    ]
    assert "JAMA Psychiatry" in references[0].get_text()


def test_call_to_action_uses_clinic_settings_and_can_be_reworded(
    client, blog_index, author, clinic, home_page
):
    clinic.contact_page = home_page
    clinic.save()
    default = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body__0="call_to_action",
    )
    cta = soup_of(client.get(default.url)).select_one(".call-to-action")
    text = cta.get_text(" ", strip=True)
    assert text.startswith("We’re here to help! Call us at (706) 286-8344")
    assert "fill out our Contact form to get started" in text
    assert cta.find("a", href="tel:+17062868344")
    assert cta.find("a", href="mailto:ketamine@ashfordpain.com")
    assert cta.find("a", string="Contact form")["href"] == "/"

    custom = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body__0__call_to_action__heading="Talk to us",
        body__0__call_to_action__text="<p>Hi.</p>",
    )
    cta = soup_of(client.get(custom.url)).select_one(".call-to-action")
    assert cta.get_text(" ", strip=True) == "Talk to us Hi."


def test_table_of_contents_links_to_each_heading(client, full_article):
    toc = soup_of(client.get(full_article.url)).select(".toc a")
    assert [(a["href"], a.get_text()) for a in toc] == [
        ("#how-it-works", "How it works"),
        ("#brain", "In the brain"),
    ]


def test_article_reading_time_counts_body_words(blog_index, author):
    words = " ".join(["word"] * 1000)
    long_read = BlogPageFactory(
        parent=blog_index, authors=[author], body__0__paragraph=f"<p>{words}</p>"
    )
    assert long_read.reading_minutes == 6  # ~1010 words at 200 a minute


def test_related_articles_share_a_topic_newest_first_at_most_three(
    client, blog_index, author, anxiety, article
):
    ptsd = TopicFactory(name="PTSD")
    same = [
        BlogPageFactory(parent=blog_index, authors=[author], topics=[anxiety], title=f"Same {n}")
        for n in range(4)
    ]
    BlogPageFactory(parent=blog_index, authors=[author], topics=[ptsd], title="Other topic")
    titles = [
        a.get_text(strip=True)
        for a in soup_of(client.get(article.url)).select(".related .article-card__title a")
    ]
    assert titles == ["Same 3", "Same 2", "Same 1"]
    assert article.title not in titles
    assert len(same) == 4


def test_replies_follow_the_article_before_related_articles(
    client, blog_index, author, anxiety, article
):
    BlogPageFactory(parent=blog_index, authors=[author], topics=[anxiety], title="Same topic")
    page = soup_of(client.get(article.url))
    article_body, replies, related = (
        page.select_one(selector) for selector in ("article.article", "#replies", ".related")
    )
    assert related is not None
    following = [tag for tag in article_body.find_next_siblings() if tag.name == "section"]
    assert following[:2] == [replies, related]
    assert page.select_one("#replies-heading").get_text() == "Leave a Reply"  # none yet


def test_disclaimer_comes_from_clinic_settings(client, article, clinic):
    clinic.medical_disclaimer = "Talk to your own doctor first."
    clinic.save()
    disclaimer = soup_of(client.get(article.url)).select_one(".disclaimer")
    text = disclaimer.get_text(" ", strip=True)
    assert text.startswith("Talk to your own doctor first. If you are in crisis, call or text")
    assert disclaimer.select_one(".crisis-line a[href='tel:988']")


# --- Share row -----------------------------------------------------------------------------

TRICKY_TITLE = 'Q&A: "Ketamine" — ¿qué? #1 & 100% <safe>?'


@pytest.fixture
def tricky_article(blog_index, author, clinic, picture):
    return BlogPageFactory(
        parent=blog_index,
        title=TRICKY_TITLE,
        slug="q-and-a",
        intro="Ask & answer: 'why?'",
        featured_image=picture,
        featured_image_alt="A lake",
        authors=[author],
    )


def share_targets(client, page):
    row = soup_of(client.get(page.url)).select_one(".share")
    return {a["class"][1].removeprefix("share__link--"): a for a in row.select("a.share__link")}


def test_share_links_encode_title_and_url_exactly(client, tricky_article):
    links = share_targets(client, tricky_article)
    article_url = "http://localhost/blog/q-and-a/"
    expected = {
        "facebook": ("www.facebook.com", {"u": article_url}),
        "x": ("x.com", {"url": article_url, "text": TRICKY_TITLE}),
        "linkedin": ("www.linkedin.com", {"url": article_url}),
    }
    for network, (host, params) in expected.items():
        parts = urlsplit(links[network]["href"])
        assert parts.scheme == "https" and parts.netloc == host
        assert {k: v[0] for k, v in parse_qs(parts.query).items()} == params
        assert " " not in links[network]["href"]


def test_pinterest_gets_absolute_image_and_description(client, tricky_article):
    pin = urlsplit(share_targets(client, tricky_article)["pinterest"]["href"])
    params = {k: v[0] for k, v in parse_qs(pin.query).items()}
    assert pin.netloc == "www.pinterest.com"
    assert params["url"] == "http://localhost/blog/q-and-a/"
    assert params["description"] == "Ask & answer: 'why?'"
    assert params["media"].startswith("http://testserver/")
    assert ".fill-1200x630.format-jpeg" in params["media"]


def test_email_share_is_a_mailto_with_subject_and_link(client, tricky_article):
    mailto = share_targets(client, tricky_article)["email"]["href"]
    assert mailto.startswith("mailto:?")
    params = parse_qs(mailto.removeprefix("mailto:?"))
    assert params["subject"] == [TRICKY_TITLE]
    assert params["body"][0].endswith("http://localhost/blog/q-and-a/")


def test_share_links_open_safely_with_accessible_names(client, tricky_article):
    links = share_targets(client, tricky_article)
    for network in ("facebook", "x", "pinterest", "linkedin"):
        assert links[network]["target"] == "_blank"
        assert links[network]["rel"] == ["noopener", "noreferrer"]
    assert links["facebook"]["aria-label"] == "Share on Facebook, opens in a new window"
    copy = links["copy"]
    assert copy["href"] == "http://localhost/blog/q-and-a/"  # works without JavaScript
    assert "data-share-copy" in copy.attrs


def test_every_share_link_carries_an_icon_from_the_sites_own_sprite(client, tricky_article):
    links = share_targets(client, tricky_article)
    assert set(links) == {"facebook", "x", "pinterest", "linkedin", "email", "copy"}
    sprite = Path(settings.BASE_DIR) / "static" / "img" / "share-icons.svg"
    symbols = set(re.findall(r'<symbol id="([a-z]+)"', sprite.read_text()))
    for network, link in links.items():
        icon = link.select_one("svg.share__icon")
        assert icon and icon["aria-hidden"] == "true", network
        href = icon.use["href"]
        assert href.startswith("/static/img/share-icons.svg#"), href  # our own file, no host
        assert href.rsplit("#", 1)[1] == network and network in symbols
        assert link.select_one(".share__label").get_text(strip=True)
        assert not link.find_all(style=True)


# --- Search engines --------------------------------------------------------------------------


def json_ld_of(page):
    script = page.find("script", type="application/ld+json")
    return json.loads(script.string)


def test_json_ld_describes_a_reviewed_medical_page_with_citations(client, full_article, clinic):
    data = json_ld_of(soup_of(client.get(full_article.url)))
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "Ketamine and PTSD"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Dana Reyes",
            "honorificSuffix": "MD",
            "jobTitle": "Psychiatrist",
        }
    ]
    assert data["reviewedBy"]["name"] == "Rita Okafor"
    assert data["lastReviewed"] == "2026-10-01"
    assert data["datePublished"] and data["dateModified"]
    assert data["image"].startswith("http://testserver/")
    assert data["publisher"]["name"] == clinic.clinic_name
    assert data["citation"][0]["url"] == "https://doi.org/10.1001/jamapsychiatry.2014.62"
    assert data["citation"][0]["isPartOf"]["name"] == "JAMA Psychiatry"


def test_json_ld_cannot_be_broken_out_of(client, blog_index, author, clinic):
    sneaky = BlogPageFactory(
        parent=blog_index, authors=[author], title="</script><script>alert(1)</script>"
    )
    html = client.get(sneaky.url).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block
    assert json.loads(block)["headline"] == "</script><script>alert(1)</script>"


def test_open_graph_and_twitter_cards_describe_the_article(client, full_article):
    page = soup_of(client.get(full_article.url))

    def meta(key):
        tags = page.find_all("meta", attrs={"property": key}) or page.find_all(
            "meta", attrs={"name": key}
        )
        return [tag["content"] for tag in tags]

    assert meta("og:type") == ["article"]
    assert meta("og:title") == ["Ketamine and PTSD"]
    assert meta("og:description") == ["How ketamine can ease PTSD."]
    assert meta("og:image")[0].startswith("http://testserver/")
    assert meta("og:image:width") == ["1200"] and meta("og:image:height") == ["630"]
    assert meta("article:section") == ["Anxiety"]
    assert sorted(meta("article:tag")) == ["research", "trauma"]
    assert meta("article:published_time")[0].startswith("20")
    assert meta("twitter:card") == ["summary_large_image"]
    assert page.find("link", rel="canonical")["href"] == "http://localhost/blog/ketamine-and-ptsd/"
    assert page.find("meta", attrs={"name": "description"})["content"] == full_article.intro


def test_article_page_has_no_inline_script_or_style_and_no_third_party_loads(client, full_article):
    page = soup_of(client.get(full_article.url))
    assert not page.find_all(style=True) and not page.find_all("style")
    for script in page.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"
        assert not script.get("src", "").startswith(("http", "//"))
    for tag in page.find_all(["img", "source", "iframe", "video"]):
        for attr in ("src", "srcset"):
            assert not tag.get(attr, "").startswith(("http", "//")), tag


# --- Query budget ----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # first render creates image renditions; count the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_query_count_does_not_grow_with_its_content(
    client, blog_index, author, anxiety, clinic, picture
):
    """One of each thing against many of each: the same number of queries."""
    author.photo = ImageFactory()
    author.save()
    small = BlogPageFactory(
        parent=blog_index,
        featured_image=picture,
        body=every_block_body(picture),
        authors=[author],
        topics=[anxiety],
        tags=["one"],
    )
    BlogPageFactory(
        parent=blog_index, authors=[author], topics=[anxiety], featured_image=ImageFactory()
    )
    small_count = count_queries(client, small.url)

    pictures = ImageFactory.create_batch(6)
    topics = [anxiety, *TopicFactory.create_batch(3)]
    authors = [author, *AuthorFactory.create_batch(3, photo=ImageFactory())]
    large = BlogPageFactory(
        parent=blog_index,
        featured_image=picture,
        body=every_block_body(*pictures),
        authors=authors,
        topics=topics,
        tags=["one", "two", "three", "four", "five"],
    )
    for _ in range(4):
        BlogPageFactory(
            parent=blog_index, authors=[author], topics=topics, featured_image=ImageFactory()
        )
    assert count_queries(client, large.url) == small_count
