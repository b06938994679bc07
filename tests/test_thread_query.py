"""The thread's one query, compiled once per process (`thread.compiled_page`, a
`home.compiled_query.CompiledQuery`): whatever article and page it is run for, it gives
exactly the rows the ORM queryset (`thread.page_query`) gives when evaluated afresh."""

from datetime import datetime
from types import SimpleNamespace
from unittest import mock

from django.contrib.auth import get_user_model
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

import pytest

from blog.replies import moderation, thread
from blog.replies.models import Reply, Status, article_type_id
from home.compiled_query import CompiledQuery
from tests.factories import ReplyFactory


def orm_rows(article, number):
    """What evaluating the page's queryset gives, built and compiled afresh."""
    return list(thread.page_query(Reply.objects.for_article(article), number))


def shown_pks(rows):
    return sorted(row[0] for row in rows)


@pytest.fixture
def two_threads(article, other_article, moderator):
    """Different replies on two articles: on `article`, five threads (a root with an answer
    and an answer to it, a removed root with an approved answer, a root with a held answer,
    a clinic answer pinned, a plain root) and a held new thread; on `other_article`, three
    threads of their own. Returns {article: [replies], other_article: [replies]}."""
    first = ReplyFactory(article=article, user_name="Pat")
    answer = ReplyFactory(article=article, parent_id=first.pk, user_url="https://example.org")
    ReplyFactory(article=article, parent_id=answer.pk)
    removed = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=removed.pk)
    moderation.remove(removed, moderator)
    held_under = ReplyFactory(article=article)
    ReplyFactory(article=article, parent_id=held_under.pk, status=Status.AWAITING)
    clinic = ReplyFactory(article=article, is_clinic_reply=True)
    moderation.pin(clinic, moderator)
    ReplyFactory(article=article)
    ReplyFactory(article=article, status=Status.AWAITING)
    others = [ReplyFactory(article=other_article, user_name=f"Other {n}") for n in range(3)]
    ReplyFactory(article=other_article, parent_id=others[0].pk)
    return {
        article: list(Reply.objects.for_article(article)),
        other_article: list(Reply.objects.for_article(other_article)),
    }


def test_every_page_of_two_articles_is_what_the_orm_query_gives(
    article, other_article, two_threads, settings
):
    settings.REPLIES_PER_PAGE = 2
    for number in (1, 2, 3, 4):  # article: 5 threads, 3 pages; other_article: 2 pages
        for subject in (article, other_article):
            assert thread.page_rows(subject, number) == orm_rows(subject, number)

    mine = {reply.pk for reply in two_threads[article]}
    theirs = {reply.pk for reply in two_threads[other_article]}
    assert {row[0] for row in thread.page_rows(article, 1)} <= mine
    assert {row[0] for row in thread.page_rows(other_article, 1)} <= theirs
    seen = [shown_pks(thread.page_rows(article, number)) for number in (1, 2, 3)]
    assert all(seen) and sum(map(len, seen)) == len(set().union(*map(set, seen)))
    assert thread.page_rows(article, 4) == [] and thread.page_rows(other_article, 3) == []


def test_a_page_past_the_last_gives_nothing_to_show(article, two_threads, settings):
    settings.REPLIES_PER_PAGE = 2

    assert thread.load_page(article, 4) == ([], 0, 0, None)


def test_the_counts_and_the_pinned_answer_are_the_articles_own(
    article, other_article, two_threads, settings
):
    settings.REPLIES_PER_PAGE = 2
    pinned = Reply.objects.get(is_clinic_reply=True).pk
    approved = Reply.objects.for_article(article).approved()

    _, count, threads_shown, pinned_id = thread.load_page(article, 2)
    assert count == approved.count() == 7
    assert threads_shown == approved.values("thread_id").distinct().count() == 5
    assert pinned_id == pinned
    _, count, threads_shown, pinned_id = thread.load_page(other_article, 1)
    assert (count, threads_shown, pinned_id) == (4, 3, None)


def test_rows_are_read_as_the_orm_reads_them(article, two_threads):
    """Aware datetimes (SQLite stores text), bools (SQLite stores 0/1), counts as ints."""
    rows = thread.page_rows(article, 1)
    by_pk = {reply.pk: reply for reply in two_threads[article]}
    index = thread.THREAD_FIELDS.index

    for row in rows:
        moment = row[index("submit_date")]
        assert isinstance(moment, datetime) and timezone.is_aware(moment)
        assert moment == by_pk[row[0]].submit_date
        assert type(row[index("is_clinic_reply")]) is bool
        assert row[index("status")] in Status.values
    assert {type(value) for row in rows for value in row[-3:-1]} == {int}


def test_an_article_id_equal_to_other_parameters_finds_its_own_replies(article, two_threads):
    """Ids that equal the content type's id or a boolean's value: only the marker's places
    take the article's id."""
    for stand_in in (article_type_id(), 1, 0):
        Reply.objects.for_article(article).update(object_pk=str(stand_in))
        of_stand_in = SimpleNamespace(pk=stand_in)

        rows = thread.page_rows(of_stand_in, 1)

        assert rows and rows == orm_rows(of_stand_in, 1)
        assert thread.page_rows(article, 1) == []
        Reply.objects.for_article(of_stand_in).update(object_pk=str(article.pk))


def test_a_page_is_one_query_and_compiled_only_once(
    article, two_threads, django_assert_num_queries
):
    thread.load_page(article, 1)

    not_again = mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled"))
    with not_again, django_assert_num_queries(1):
        roots, count, _, _ = thread.load_page(article, 1)
    assert roots and count == 7


def test_a_changed_page_size_compiles_its_own_query(article, two_threads, settings):
    settings.REPLIES_PER_PAGE = 2
    two = thread.page_rows(article, 1)
    settings.REPLIES_PER_PAGE = 3

    assert thread.page_rows(article, 1) == orm_rows(article, 1)
    assert len(shown_pks(thread.page_rows(article, 1))) > len(shown_pks(two))


# --- CompiledQuery itself -----------------------------------------------------------------

MARKER = "compiled-query-test:name"


@pytest.fixture
def readers(db):
    User = get_user_model()
    return [User.objects.create(username=name, is_staff=name == "ann") for name in ("ann", "bo")]


def by_name(name):
    User = get_user_model()
    return User.objects.filter(username=name).values_list("pk", "date_joined", "is_staff")


def test_compiled_query_gives_what_the_queryset_gives_for_each_value(readers):
    compiled = CompiledQuery(by_name(MARKER), [MARKER])

    for name in ("ann", "bo", "nobody"):
        assert compiled.rows(name) == list(by_name(name))
    assert compiled.rows("ann")[0][2] is True


@pytest.mark.parametrize(
    "queryset",
    [
        pytest.param(lambda User: User.objects.filter(username=MARKER), id="not values_list"),
        pytest.param(
            lambda User: User.objects.filter(username=MARKER).values_list("pk", flat=True),
            id="flat",
        ),
        pytest.param(
            lambda User: User.objects.filter(username__contains=MARKER).values_list("pk"),
            id="marker transformed",
        ),
        pytest.param(
            lambda User: User.objects.filter(username="ann").values_list("pk"), id="no marker"
        ),
    ],
)
def test_compiled_query_refuses_what_it_cannot_run_as_the_queryset_would(db, queryset):
    with pytest.raises(ValueError):
        CompiledQuery(queryset(get_user_model()), [MARKER])
