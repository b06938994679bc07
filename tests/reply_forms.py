"""Posting the Leave a Reply form from a test, as a browser does: with valid hidden security
fields, so each test changes only the fields it is about."""

from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from blog.replies.forms import ReplyForm
from home import spam


def form_data(article, **fields):
    """What the Leave a Reply form of `article` posts; `fields` override (None drops one)."""
    form = ReplyForm(article)
    data = form.generate_security_data()
    data.update(
        {
            "comment": "Ketamine helped my sister, thank you for explaining it so clearly.",
            "name": "Sam",
            "email": "sam@example.com",
            "url": "",
            "reply_to": 0,
            "consent": "on",
            spam.HONEYPOT_FIELD: "",
            spam.TIMESTAMP_FIELD: form[spam.TIMESTAMP_FIELD].value(),
        }
    )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, article, **fields):
    """POST the form of `article` with `client`; the response (not followed)."""
    return client.post(f"/replies/post/{article.pk}/", form_data(article, **fields))


def reader_part(client, url):
    """The reader's part the article at `url` (its query string included) fetches after
    load, as replies.js asks for it: the response of `replies:reader`."""
    article_html = client.get(url)
    place = BeautifulSoup(article_html.content, "html.parser").select_one("#replies-reader")
    query = urlsplit(url).query
    return client.get(place["data-reader-url"] + (f"?{query}" if query else ""))


def reader_view(client, url):
    """The article at `url` as a browser with JavaScript shows it to this reader: the page,
    with the reader's part fetched and put in its place (a BeautifulSoup)."""
    page = BeautifulSoup(client.get(url).content, "html.parser")
    place = page.select_one("#replies-reader[data-reader-url]")
    if place is None:  # not an article: the reply form's own page holds the part itself
        return page
    query = urlsplit(url).query
    part = client.get(place["data-reader-url"] + (f"?{query}" if query else ""))
    fetched = BeautifulSoup(part.content, "html.parser").select_one("#replies-reader")
    place.replace_with(fetched)
    return page
