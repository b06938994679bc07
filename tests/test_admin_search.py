"""No 500 for any input in the admin's searches: every listing and chooser that searches
survives quotes, `*`, `(`, `NEAR` and `-` (SQLite FTS5 syntax, wagtail/wagtail#13227), and
searching authors finds them by name, credentials or job title."""

from django.contrib.auth import get_user_model

from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import parse_query_string

import pytest
from bs4 import BeautifulSoup

from tests.factories import AuthorFactory, DocumentFactory, ImageFactory, ReplyFactory

ODD_QUERIES = [
    '"',
    'dana "portrait',
    'a"b',
    "*",
    "dana*",
    "(",
    "(dana",
    ")",
    "NEAR",
    "NEAR(dana",
    "-",
    "-dana",
    "dana - x",
    "AND OR NOT",
    ":^'",
]

EDITOR_SEARCHES = [
    "/admin/images/",
    "/admin/images/chooser/",
    "/admin/documents/",
    "/admin/documents/chooser/",
    "/admin/pages/search/",
    "/admin/choose-page/search/",
]
ADMIN_SEARCHES = [
    "/admin/snippets/blog/author/",
    "/admin/snippets/choose/blog/author/",
    "/admin/snippets/blog/topic/",
    "/admin/snippets/replies/reply/",
    "/admin/snippets/replies/screeningphrase/",
    "/admin/users/",
    "/admin/pages/",
]


@pytest.fixture
def searchable_things(article):
    """One of everything the admin searches, named Dana."""
    ImageFactory(title="Dana portrait")
    DocumentFactory(title="Dana leaflet")
    AuthorFactory(name="Dana Whitfield", credentials="PMHNP-BC", job_title="Nurse practitioner")
    ReplyFactory(article=article, user_name="Dana")


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("ada", "ada@clinic.example", "pw")


def statuses(client, url):
    """{query: status} of searching `url` for each of ODD_QUERIES."""
    return {query: client.get(url, {"q": query}).status_code for query in ODD_QUERIES}


@pytest.mark.parametrize("url", EDITOR_SEARCHES)
def test_editor_searching_with_search_syntax_gets_results_not_500(
    client, editor, searchable_things, url
):
    client.force_login(editor)
    assert statuses(client, url) == dict.fromkeys(ODD_QUERIES, 200)


@pytest.mark.parametrize("url", ADMIN_SEARCHES)
def test_administrator_searching_with_search_syntax_gets_results_not_500(
    client, administrator, searchable_things, url
):
    client.force_login(administrator)
    assert statuses(client, url) == dict.fromkeys(ODD_QUERIES, 200)


@pytest.mark.parametrize("query", ['"portrait', 'dana "portrait', 'portrait"'])
def test_search_with_an_unbalanced_quote_still_finds_the_words(searchable_things, query):
    backend = get_search_backend()
    for parsed in [query, parse_query_string(query)[1]]:  # as typed, and as the admin parses it
        assert [image.title for image in backend.search(parsed, get_image_model())] == [
            "Dana portrait"
        ]


@pytest.mark.parametrize("query", ["Whitfield", "PMHNP", "nurse", "whit"])
def test_author_search_finds_by_name_credentials_or_job_title(
    client, administrator, searchable_things, author, query
):
    client.force_login(administrator)
    response = client.get("/admin/snippets/blog/author/", {"q": query})
    assert response.status_code == 200
    names = [
        cell.get_text(" ", strip=True)
        for cell in BeautifulSoup(response.content, "html.parser").select("tbody td.title")
    ]
    assert names and all("Dana Whitfield" in name for name in names)
