"""Who may see a page: the one rule every public route that shows anything of a page obeys.

- **Listings** (search, feeds, the sitemap, article cards, the home page's latest articles)
  are the same for every reader, so they hold only `public_pages`: live, and with no view
  restriction (password, login or groups) on the page or any page above it.
- **Routes about one page** that are not the page itself (the reply routes: thread
  permalinks, the reply form's page, reporting, editing, posting) answer as serving the page
  would: `page_view_refusal` gives Wagtail's own answer (its password form, or a redirect
  to log in) when the request has not passed a restriction, and 404 for a page that is not
  live. Once a reader has given the password (or logged in), these routes work for them.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from django.http import Http404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction


def public_pages(pages):
    """`pages` (a PageQuerySet) narrowed to what every reader may see: live pages with no view
    restriction on them or above them."""
    return pages.live().public()


def public_pages_in_one_query(pages):
    """`public_pages(pages)`, the same rule, without its query ahead: Wagtail's `.public()`
    first reads every restriction of the site, while here a restriction on the page or an
    ancestor (a page whose path begins the page's) is a subquery of the listing's own
    query. Search backends take only field filters, so site search keeps `public_pages`."""
    restricted_at_or_above = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef("path"), Length("page__path"))
    )
    return pages.live().exclude(Exists(restricted_at_or_above))


def view_restrictions(page):
    """The view restrictions that apply to `page` (a Page): its own and its ancestors', an
    alias's taken from its source, as Wagtail's `Page.get_view_restrictions` says, in one
    query instead of two (Wagtail reads the ancestors first); none without a query for a
    page loaded by `with_view_restriction_flag` whose flag says there are none. A
    PageViewRestriction QuerySet."""
    if page.__dict__.get("has_view_restrictions") is False:
        return PageViewRestriction.objects.none()
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
    ).distinct()


def page_view_refusal(page, request):
    """None if `request` may see `page` (a live Page whose view restrictions, its ancestors'
    included, all accept the request); otherwise the response serving the page would give in
    its place: Wagtail's password form (200, returning to this URL once the password is
    given) or a redirect to the login page, never cached.

    Raises Http404 when `page` is None (deleted) or not live.
    """
    if page is None or not page.live:
        raise Http404("No such page")
    for restriction in page.get_view_restrictions():
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]
            )
            response = page.serve_password_required_response(request, form, action_url)
        else:
            # As Wagtail's own check does (wagtail_hooks.require_wagtail_login, which cannot
            # be imported while models load).
            login_url = getattr(
                settings, "WAGTAIL_FRONTEND_LOGIN_URL", reverse("wagtailcore_login")
            )
            response = redirect_to_login(request.get_full_path(), login_url)
        add_never_cache_headers(response)
        return response
    return None


def page_is_visible(page, request):
    """True if `request` may see `page` (a Page or None): `page_view_refusal` has nothing to
    say. For routes that leave a page out rather than answer for it."""
    return (
        page is not None
        and page.live
        and all(restriction.accept_request(request) for restriction in page.get_view_restrictions())
    )


def with_view_restriction_flag(pages):
    """`pages` (a PageQuerySet) with `has_view_restrictions` on each: whether
    `view_restrictions(page)` finds any (the same rule, as a subquery of the pages' own
    query), so that serving a page without restrictions, as most are, costs no query for
    them (home/routing.py loads the page it serves this way)."""
    at_or_above = PageViewRestriction.objects.filter(
        Q(page__path=Left(OuterRef("path"), Length("page__path")), page__alias_of__isnull=True)
        | Q(page__aliases__path=Left(OuterRef("path"), Length("page__aliases__path")))
    )
    return pages.annotate(has_view_restrictions=Exists(at_or_above))
