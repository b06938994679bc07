"""The article page's weight on the wire: with 200 approved replies its HTML stays within
issue 14's 50 KB gzipped (`make bench-http` prints the same figure)."""

import gzip

import pytest

from tests.factories import ReplyFactory

GZIPPED_BUDGET = 50 * 1024  # bytes


def reader_words(count, seed):
    """`count` words of a reader's reply, different for every `seed`."""
    vocabulary = "thank you this helped me understand the first session and what comes after"
    words = vocabulary.split()
    return " ".join(words[(seed * 7 + i) % len(words)] for i in range(count)) + f" ({seed})."


@pytest.fixture
def article_with_200_replies(article):
    """128 threads, 48 answers to them and 24 answers to those: 200 approved replies."""
    tops = [ReplyFactory(article=article, comment=reader_words(40, n)) for n in range(128)]
    answers = [
        ReplyFactory(article=article, parent_id=tops[n].pk, comment=reader_words(30, n))
        for n in range(48)
    ]
    for n in range(24):
        ReplyFactory(article=article, parent_id=answers[n].pk, comment=reader_words(20, n))
    return article


def test_an_article_with_200_replies_is_at_most_50_kb_gzipped(article_with_200_replies, client):
    response = client.get(article_with_200_replies.url)
    assert response.status_code == 200
    assert reader_words(40, 0) in response.content.decode()  # the thread is on the page
    assert len(gzip.compress(response.content, 6)) <= GZIPPED_BUDGET
