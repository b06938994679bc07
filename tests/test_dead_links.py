"""Links to pages and documents that are gone: readers see plain text, not a link that goes
nowhere; editors find every one in the Broken links report and a count on their dashboard."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ArticleBodyFactory,
    BlogPageFactory,
    ContactPageFactory,
    DocumentFactory,
    InformationPageFactory,
    TreatmentFactory,
)

LINK_TEXT = "our leaflet on dosing"


def soup_of(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def page_link(page, text=LINK_TEXT):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def document_link(document, text=LINK_TEXT):
    return f'<a linktype="document" id="{document.pk}">{text}</a>'


def make_dead(kind, blog_index, capture):
    """Rich text linking to a page or document that is then deleted or unpublished, in the
    way the editors' admin does it (deletions are committed)."""
    if kind == "unpublished page":
        target = BlogPageFactory(parent=blog_index, title="Dosing, explained")
        target.unpublish()
        return page_link(target)
    target = (
        BlogPageFactory(parent=blog_index, title="Dosing, explained")
        if kind == "deleted page"
        else DocumentFactory()
    )
    link = page_link(target) if kind == "deleted page" else document_link(target)
    with capture(execute=True):
        target.delete()
    return link


DEAD_KINDS = ["deleted page", "unpublished page", "deleted document"]


def assert_plain_text(region, text=LINK_TEXT):
    """`text` is shown in `region`, and not as (or inside) a link."""
    assert text in region.get_text(" ")
    for link in region.find_all("a"):
        assert text not in link.get_text(" "), link
    assert region.select("a:not([href])") == []


# --- What readers see ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DEAD_KINDS)
def test_dead_link_in_an_article_is_plain_text_in_every_block_with_rich_text(
    client, blog_index, author, clinic, kind, django_capture_on_commit_callbacks
):
    dead = make_dead(kind, blog_index, django_capture_on_commit_callbacks)
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body=ArticleBodyFactory(
            **{
                "0__paragraph": f"<p>Read {dead}.</p>",
                "1__callout__text": f"<p>See {dead}.</p>",
                "2__faq__items__0__answer": f"<p>It is in {dead}.</p>",
                "3__call_to_action__text": f"<p>Ask us, or read {dead}.</p>",
                "4__video__transcript": f"<p>As {dead} says.</p>",
            }
        ),
    )
    soup = soup_of(client.get(article.url))

    for selector in (".prose", ".callout", ".faq__answer", ".call-to-action", ".video"):
        assert_plain_text(soup.select_one(selector))
    assert soup.select("a:not([href])") == []


@pytest.mark.parametrize("kind", DEAD_KINDS)
def test_dead_link_on_the_clinics_own_pages_is_plain_text(
    client, home_page, blog_index, clinic, kind, django_capture_on_commit_callbacks
):
    dead = make_dead(kind, blog_index, django_capture_on_commit_callbacks)
    contact = ContactPageFactory(
        parent=home_page,
        intro=f"<p>Before you write, read {dead}.</p>",
        thank_you_text=f"<p>Meanwhile, read {dead}.</p>",
    )
    information = InformationPageFactory(
        parent=home_page, slug="privacy", body=f"<p>Details are in {dead}.</p>"
    )

    assert_plain_text(soup_of(client.get(contact.url)).select_one(".contact-page__intro"))
    thanks = soup_of(client.get(f"{contact.url}thank-you/"))
    assert_plain_text(thanks.select_one(".contact-thanks__next"))
    assert_plain_text(soup_of(client.get(information.url)).select_one(".prose"))


def test_links_to_live_pages_and_documents_stay_links(client, blog_index, author, clinic):
    target = BlogPageFactory(parent=blog_index, title="Dosing, explained")
    leaflet = DocumentFactory()
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body__0__paragraph=f"<p>{page_link(target, 'the article')} and "
        f"{document_link(leaflet, 'the leaflet')}</p>",
    )
    prose = soup_of(client.get(article.url)).select_one(".prose")

    assert prose.find("a", string="the article")["href"] == target.url
    assert prose.find("a", string="the leaflet")["href"] == leaflet.url


def test_video_whose_file_was_deleted_shows_its_title_without_a_link(
    client, blog_index, author, clinic, django_capture_on_commit_callbacks
):
    video = DocumentFactory(title="Session video")
    article = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body__0__video__title="What happens in a session",
        body__0__video__video_file=video,
        body__0__video__external_url="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    figure = soup_of(client.get(article.url)).select_one(".video")

    assert "What happens in a session" in figure.get_text()
    assert figure.find("a") is None
    assert figure.find("video") is None


def test_links_chosen_in_settings_and_on_the_home_page_skip_unpublished_pages(
    client, home_page, blog_index, author, clinic
):
    contact = ContactPageFactory(parent=home_page)
    privacy = InformationPageFactory(parent=home_page, slug="privacy")
    clinic.contact_page, clinic.privacy_page = contact, privacy
    clinic.save()
    more = BlogPageFactory(parent=blog_index, title="More on PTSD")
    TreatmentFactory(page=home_page, name="Depression", link_page=more)
    home_page.hero_cta_page = more
    home_page.save()
    article = BlogPageFactory(parent=blog_index, authors=[author], body__0="call_to_action")
    for page in (contact, privacy, more):
        page.unpublish()

    for url in ("/", article.url):
        soup = soup_of(client.get(url))
        hrefs = {a.get("href") for a in soup.find_all("a")}
        assert not hrefs & {contact.url, privacy.url, more.url}, url
        assert soup.select("a:not([href])") == []


def test_breadcrumbs_name_an_unpublished_section_without_linking_to_it(
    client, blog_index, author, clinic
):
    article = BlogPageFactory(parent=blog_index, authors=[author])
    blog_index.unpublish()
    crumbs = soup_of(client.get(article.url)).select_one(".breadcrumbs")

    assert blog_index.title in crumbs.get_text()
    assert blog_index.url not in {a.get("href") for a in crumbs.find_all("a")}


# --- What it costs -----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_query_count_does_not_grow_with_its_links(client, blog_index, author, clinic):
    """A link to a page and one to a document in one paragraph, against links to eight pages
    and eight documents spread over paragraphs, callouts, FAQ answers and transcripts: the
    same number of queries."""
    one = BlogPageFactory(
        parent=blog_index,
        authors=[author],
        body__0__paragraph=f"<p>{page_link(BlogPageFactory(parent=blog_index))} and "
        f"{document_link(DocumentFactory())}</p>",
    )
    pages = BlogPageFactory.create_batch(8, parent=blog_index)
    documents = DocumentFactory.create_batch(8)
    declarations = {}
    for position, (page, document) in enumerate(zip(pages, documents, strict=True)):
        links = f"<p>{page_link(page)} and {document_link(document)}</p>"
        field = ["paragraph", "callout__text", "faq__items__0__answer", "video__transcript"]
        declarations[f"{position}__{field[position % 4]}"] = links
    many = BlogPageFactory(
        parent=blog_index, authors=[author], body=ArticleBodyFactory(**declarations)
    )

    assert count_queries(client, many.url) == count_queries(client, one.url)


# --- What editors see -------------------------------------------------------------------------


@pytest.fixture
def article_with_dead_links(blog_index, author, django_capture_on_commit_callbacks):
    """The article “Ketamine and sleep”, whose paragraph links to a deleted article and a deleted
    leaflet and whose FAQ links to an unpublished article; one live link besides."""
    gone = BlogPageFactory(parent=blog_index, title="Gone for good")
    draft = BlogPageFactory(parent=blog_index, title="Back in draft")
    live = BlogPageFactory(parent=blog_index, title="Still live")
    leaflet = DocumentFactory(title="Old leaflet")
    article = BlogPageFactory(
        parent=blog_index,
        title="Ketamine and sleep",
        authors=[author],
        body=ArticleBodyFactory(
            **{
                "0__paragraph": f"<p>{page_link(gone, 'a')} {document_link(leaflet, 'b')} "
                f"{page_link(live, 'c')}</p>",
                "1__faq__items__0__answer": f"<p>{page_link(draft, 'd')}</p>",
            }
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
        leaflet.delete()
    draft.unpublish()
    return article


def report_rows(client, url=None):
    soup = soup_of(client.get(url or reverse("broken_links")))
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def test_broken_links_report_lists_each_dead_link_with_its_page_place_and_target(
    client, editor, article_with_dead_links
):
    client.force_login(editor)
    rows = report_rows(client)

    assert sorted(rows) == sorted(
        [
            ["Ketamine and sleep", "Body → Paragraph", "A deleted page"],
            ["Ketamine and sleep", "Body → Paragraph", "A deleted document"],
            ["Ketamine and sleep", "Body → FAQ", "Back in draft (unpublished)"],
        ]
    )


def test_broken_links_report_links_each_row_to_the_place_in_the_editor(
    client, editor, article_with_dead_links
):
    client.force_login(editor)
    soup = soup_of(client.get(reverse("broken_links")))
    edit_url = reverse("wagtailadmin_pages:edit", args=[article_with_dead_links.pk])
    hrefs = [a["href"] for a in soup.select("table.listing tbody a")]

    assert edit_url in hrefs
    assert any(href.startswith(f"{edit_url}#:w:contentpath=body.") for href in hrefs)


def test_broken_links_report_covers_the_clinics_own_pages(
    admin_client, home_page, blog_index, clinic, django_capture_on_commit_callbacks
):
    gone = BlogPageFactory(parent=blog_index)
    ContactPageFactory(parent=home_page, title="Contact us", intro=f"<p>{page_link(gone)}</p>")
    InformationPageFactory(parent=home_page, title="Privacy", body=f"<p>{page_link(gone)}</p>")
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()

    assert sorted(report_rows(admin_client)) == [
        ["Contact us", "Intro", "A deleted page"],
        ["Privacy", "Body", "A deleted page"],
    ]


def test_broken_links_report_names_a_contact_page_unpublished_in_clinic_settings(
    admin_client, home_page, clinic
):
    contact = ContactPageFactory(parent=home_page, title="Contact us")
    clinic.contact_page = contact
    clinic.save()
    contact.unpublish()

    assert ["Clinic settings", "Contact page", "Contact us (unpublished)"] in report_rows(
        admin_client
    )


def test_a_fixed_link_leaves_the_report(
    client, editor, reviewer, reviewer_profile, article_with_dead_links
):
    client.force_login(editor)
    back_in_draft = BlogPageFactory._meta.model.objects.get(title="Back in draft")
    back_in_draft.save_revision().publish(user=reviewer)
    article_with_dead_links.body = ArticleBodyFactory(**{"0__paragraph": "<p>No links.</p>"})
    article_with_dead_links.save()

    assert report_rows(client) == []


def test_broken_links_report_exports_csv(client, editor, article_with_dead_links):
    client.force_login(editor)
    response = client.get(reverse("broken_links"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode()

    assert "Ketamine and sleep,Body → FAQ,Back in draft (unpublished)" in text
    assert text.count("Ketamine and sleep") == 3


def test_editors_dashboard_counts_broken_links_and_offers_the_report(
    client, editor, article_with_dead_links
):
    client.force_login(editor)
    soup = soup_of(client.get(reverse("wagtailadmin_home")))
    panel = soup.select_one("#broken-links-section")

    assert "3 broken links" in panel.get_text(" ", strip=True)
    assert panel.find("a", href=reverse("broken_links"))
    assert reverse("broken_links") in str(soup)  # the Reports menu


def test_broken_links_report_is_closed_to_staff_who_cannot_edit_pages(
    client, moderator, article_with_dead_links
):
    client.force_login(moderator)
    response = client.get(reverse("broken_links"))
    assert response.status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("broken_links") not in home
