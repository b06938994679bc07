"""Who counts as an editor of the site's content: anyone who may add, change or publish
some page. Editors see the editorial reports (Medical review due, Broken links) under
Reports and their panels on the dashboard."""

from django.urls import path

from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

EDITING_ACTIONS = ["add", "change", "publish"]


def can_edit_pages(user):
    """True if `user` may add, change or publish at least one page."""
    return PagePermissionPolicy().user_has_any_permission(user, EDITING_ACTIONS)


def editable_pages(user):
    """The pages (a PageQuerySet, not specific) `user` may add to, change or publish."""
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, EDITING_ACTIONS)


class EditorsMenuItem(MenuItem):
    """A menu item (an editorial report) shown only to editors."""

    def is_shown(self, request):
        return can_edit_pages(request.user)


def report_urls(prefix, view_class, name):
    """The admin URLs of a report (`view_class`, a ReportView) under `prefix` ("reports/x"):
    the report, named `name`, and its results alone (what its filters reload), `name`_results.
    """
    return [
        path(f"{prefix}/", view_class.as_view(), name=name),
        path(f"{prefix}/results/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]
