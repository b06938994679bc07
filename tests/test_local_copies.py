"""Each process's copies of cached pages and fragments (home/local_copies.py): a hit costs
one cache round trip and no transfer of the page, yet a copy is never used once another
process has bumped a tag it shows (that process only reaches the shared cache, as here:
`cache.incr` or `page_cache.bump`, never this process's copies). Round trips are counted on
the cache backend; timings are never asserted."""

from django.core.cache import cache
from django.test import Client

import pytest

from blog.models import BlogPage
from home import fragment_cache, local_copies, page_cache
from home.local_copies import OVERHEAD_BYTES, LocalCopies

pytestmark = [pytest.mark.usefixtures("no_minimum_wait"), pytest.mark.django_db]

CACHE_METHODS = ("get", "get_many", "set", "set_many", "add", "incr", "delete", "get_or_set")
KEPT_PREFIXES = (page_cache.KEY_PREFIX, fragment_cache.KEY_PREFIX)


@pytest.fixture
def round_trips(monkeypatch):
    """The calls made on the cache from now on: a list of (method, keys), one per call a
    caller made (a backend's own inner calls, as locmem's get_many calling get, are not
    counted: Redis answers each in one round trip)."""
    calls = []
    inside = []

    def counted(name, method):
        def wrapper(key_or_keys, *args, **kwargs):
            if not inside:
                keys = [key_or_keys] if isinstance(key_or_keys, str) else list(key_or_keys)
                calls.append((name, keys))
            inside.append(name)
            try:
                return method(key_or_keys, *args, **kwargs)
            finally:
                inside.pop()

        return wrapper

    for name in CACHE_METHODS:
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    return calls


def of_kept_entries(calls):
    """The calls that read or write page cache or fragment entries or their versions."""
    return [(name, keys) for name, keys in calls if any(k.startswith(KEPT_PREFIXES) for k in keys)]


def fetch(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response, response.get("X-Page-Cache")


def version_key(tag):
    return f"{page_cache.KEY_PREFIX}:tag:{tag}"


def page_key(rf, url):
    return page_cache.cache_key(rf.get(url))


# --- Pages ---------------------------------------------------------------------------------


def test_a_hit_makes_one_round_trip_and_never_fetches_the_page(article, round_trips):
    assert fetch(article.url)[1] == "miss"  # rendered here: this process keeps a copy
    round_trips.clear()
    response, state = fetch(article.url)
    assert state == "hit"
    assert [name for name, _keys in round_trips] == ["get_many"]
    # Only the versions of the tags the page shows, and EPOCH: never the page itself.
    (keys,) = [keys for _name, keys in round_trips]
    assert all(key.startswith(f"{page_cache.KEY_PREFIX}:tag:") for key in keys)


def test_a_process_without_a_copy_fetches_the_page_once_then_keeps_it(article, rf, round_trips):
    fetch(article.url)
    local_copies.store().clear()  # as a worker that did not render it
    round_trips.clear()
    assert fetch(article.url)[1] == "hit"
    assert page_key(rf, article.url) in {key for _name, keys in round_trips for key in keys}
    round_trips.clear()
    assert fetch(article.url)[1] == "hit"
    assert len(round_trips) == 1


def test_the_copy_alone_answers_a_hit(article, rf):
    fetch(article.url)
    cache.delete(page_key(rf, article.url))  # the shared entry gone; this process's copy kept
    assert fetch(article.url)[1] == "hit"


@pytest.mark.parametrize("tag", ["site", "page"])
def test_a_copy_is_never_served_once_another_process_bumps_a_tag_it_shows(article, rf, tag):
    fetch(article.url)
    cache.delete(page_key(rf, article.url))  # what is left to serve is this process's copy
    BlogPage.objects.filter(pk=article.pk).update(title="Renamed through another server")
    # That server's invalidation, as it reaches Redis: this process's copies are untouched.
    if tag == "site":
        cache.incr(version_key(page_cache.SITE))
    else:
        page_cache.bump({page_cache.page_tag(article.pk)})
    response, state = fetch(article.url)
    assert state == "miss"
    if tag == "site":  # everything renders again, the kept fragments too
        assert "Renamed through another server" in response.content.decode()


def test_a_lost_counter_drops_the_copies_that_depend_on_it(article):
    fetch(article.url)
    cache.delete(version_key(page_cache.page_tag(article.pk)))
    assert fetch(article.url)[1] == "miss"


def test_a_stale_copy_gives_way_to_another_process_s_newer_render(article, rf):
    fetch(article.url)
    key = page_key(rf, article.url)
    old = local_copies.store().get(key)
    page_cache.bump({page_cache.page_tag(article.pk)})
    assert fetch(article.url)[1] == "miss"  # the newer render, in the shared cache
    local_copies.store().put(key, old, len(old[3]), 60)  # this process still holds the old
    assert fetch(article.url)[1] == "hit"
    assert local_copies.store().get(key)[0] != old[0]  # the newer one is kept instead


def test_a_page_larger_than_the_bound_is_served_from_the_shared_cache(article, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    fetch(article.url)
    assert len(local_copies.store()) == 0
    assert fetch(article.url)[1] == "hit"


def test_a_deploy_never_serves_the_previous_codes_copies(article, monkeypatch):
    fetch(article.url)
    monkeypatch.setattr(page_cache, "code_version", lambda: "the-next-release")
    monkeypatch.setattr(fragment_cache, "code_version", lambda: "the-next-release")
    assert fetch(article.url)[1] == "miss"


# --- Fragments -----------------------------------------------------------------------------


def kept(rf, text):
    """Fragment "part" in a new request, rendered as `text` if it is not kept."""
    return fragment_cache.cached(rf.get("/"), "part", [1], lambda: text)


def test_a_kept_fragment_comes_from_this_process_s_copy(rf, round_trips):
    assert kept(rf, "first") == "first"
    round_trips.clear()
    assert kept(rf, "second") == "first"
    assert [name for name, _keys in round_trips] == ["get_many"]  # its versions, and EPOCH


def test_a_fragment_copy_is_never_used_once_another_process_bumps_its_tag(rf):
    assert kept(rf, "first") == "first"
    assert kept(rf, "second") == "first"
    cache.incr(version_key(page_cache.SITE))  # another server's invalidation, in Redis
    assert kept(rf, "third") == "third"
    assert kept(rf, "fourth") == "third"


def test_a_fragment_that_renders_while_a_tag_is_bumped_is_not_kept(rf):
    """The decision to keep compares EPOCH with a fresh read, never with the request's."""
    request = rf.get("/")

    def changed_while_rendering():
        page_cache.bump({"anything"})  # as a reply approved in another process would
        return "rendered during a change"

    assert fragment_cache.cached(request, "part", [1], changed_while_rendering)
    assert kept(rf, "rendered after it") == "rendered after it"


def test_fragments_of_one_request_read_each_tag_version_once(rf, round_trips):
    request = rf.get("/")
    for name in ("first", "second", "third"):
        fragment_cache.cached(request, name, [1], lambda name=name: name)
    request = rf.get("/")
    round_trips.clear()
    for name in ("first", "second", "third"):
        assert fragment_cache.cached(request, name, [1], lambda: "again") == name
    assert len(round_trips) == 1


@pytest.fixture
def published(
    django_capture_on_commit_callbacks, article, other_article, reviewer_profile, reviewer
):
    """`article` published through a revision, as the admin does (its fragments are kept by
    its live revision's id; a page saved without one renders them every time)."""
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision(user=reviewer).publish(user=reviewer)
    return BlogPage.objects.get(pk=article.pk)


def test_a_cold_article_render_makes_at_most_2_round_trips_for_its_fragments(
    published, settings, round_trips
):
    """With the page cache off (every request renders), its six kept fragments (head,
    header, review, body, related cards, footer) cost 12 round trips when each was fetched
    and checked on its own: now 2 (SITE and EPOCH, then the related cards' LISTS and pages)."""
    settings.PAGE_CACHE_ENABLED = False
    fetch(published.url)
    round_trips.clear()
    fetch(published.url)
    calls = of_kept_entries(round_trips)
    assert len(calls) <= 2, calls
    assert {name for name, _keys in calls} == {"get_many"}


def test_a_started_epoch_is_read_with_the_versions_beside_it(rf, round_trips):
    """A version read before the request's EPOCH could predate an invalidation that EPOCH
    already counts: when EPOCH had to be started, every version is read again with it."""
    page_cache.tag_versions([page_cache.SITE])
    cache.delete(version_key(page_cache.EPOCH))  # lost (evicted, or a fresh Redis)
    round_trips.clear()
    page_cache.request_versions(rf.get("/"), [page_cache.SITE])
    last_read = [keys for name, keys in round_trips if name == "get_many"][-1]
    assert {version_key(page_cache.SITE), version_key(page_cache.EPOCH)} <= set(last_read)


# --- The store -----------------------------------------------------------------------------


def test_the_copies_are_bounded_in_bytes_least_recently_used_out_first():
    copies = LocalCopies(max_bytes=3 * (1000 + OVERHEAD_BYTES))
    for name in "abc":
        copies.put(name, name.upper(), 1000, 60)
    assert copies.get("a") == "A"  # "b" is now the least recently used
    copies.put("d", "D", 1000, 60)
    assert [copies.get(name) for name in "abcd"] == ["A", None, "C", "D"]
    assert copies.bytes_held <= copies.max_bytes


def test_a_copy_larger_than_the_bound_is_not_kept():
    copies = LocalCopies(max_bytes=2000)
    copies.put("small", "S", 100, 60)
    copies.put("large", "L", 2000, 60)
    assert copies.get("large") is None
    assert copies.get("small") == "S"


def test_a_copy_expires_with_its_timeout(monkeypatch):
    copies = LocalCopies(max_bytes=10_000)
    now = [1000.0]
    monkeypatch.setattr(local_copies, "monotonic", lambda: now[0])
    copies.put("page", "P", 100, 60)
    now[0] += 59
    assert copies.get("page") == "P"
    now[0] += 2
    assert copies.get("page") is None
    assert len(copies) == 0
