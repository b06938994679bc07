"""Links to pages and documents that are gone render as plain text in rich text (home.links,
home.rich_text), and editors get the Broken links report and dashboard panel
(home.broken_links); administrators lift login lockouts under Settings
(home.lockout_views); staff who may view outgoing mail get its report and, when mail fails
or the task worker is late, a dashboard panel (home.mail_admin)."""

from django.urls import path, reverse

from wagtail import hooks

from home import page_cache
from home.broken_links import BrokenLinksPanel, BrokenLinksReportView, broken_links
from home.editors import EditorsMenuItem, can_edit_pages, report_urls
from home.lockout_views import LockoutsView, UnlockView, lockouts_menu_item
from home.mail_admin import (
    OutgoingMailReportView,
    SendAgainView,
    mail_trouble_panel,
    outgoing_mail_menu_item,
)
from home.rich_text import LiveDocumentLinkHandler, LivePageLinkHandler


# After Wagtail's own registrations (order 0) of the "page" and "document" link types,
# which these handlers replace.
@hooks.register("register_rich_text_features", order=100)
def register_live_link_handlers(features):
    features.register_link_type(LivePageLinkHandler)
    features.register_link_type(LiveDocumentLinkHandler)


@hooks.register("register_admin_urls")
def register_broken_links_report_urls():
    return report_urls("reports/broken-links", BrokenLinksReportView, "broken_links")


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return EditorsMenuItem(
        "Broken links", reverse("broken_links"), name="broken-links", icon_name="link", order=60
    )


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if can_edit_pages(request.user):
        panels.append(BrokenLinksPanel(broken_links(request.user)))


@hooks.register("register_admin_urls")
def register_lockouts_urls():
    return [
        path("lockouts/", LockoutsView.as_view(), name="login_lockouts"),
        path("lockouts/unlock/", UnlockView.as_view(), name="login_lockouts_unlock"),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return lockouts_menu_item()


@hooks.register("register_admin_urls")
def register_outgoing_mail_report_urls():
    return [
        *report_urls("reports/outgoing-mail", OutgoingMailReportView, "outgoing_mail"),
        path(
            "reports/outgoing-mail/<id:pk>/send-again/",
            SendAgainView.as_view(),
            name="outgoing_mail_send_again",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_outgoing_mail_menu_item():
    return outgoing_mail_menu_item()


@hooks.register("construct_homepage_panels")
def add_mail_trouble_panel(request, panels):
    panel = mail_trouble_panel(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("before_serve_page")
def record_served_page(page, request, serve_args, serve_kwargs):
    """The page cache keeps a served page under its own tag. A page with a view restriction
    needs no check here (it would cost a query per render): Wagtail answers a reader who has
    not passed it with a redirect to log in, never stored, and one who has passed it has a
    session cookie, which the page cache never serves nor stores."""
    page_cache.depends_on(request, page_cache.page_tag(page.pk))
