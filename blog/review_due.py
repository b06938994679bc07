"""Articles whose medical review has run out: a report under Reports and a dashboard panel,
so clinical content never goes stale without someone noticing."""

import datetime

from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from blog.models import BlogPage
from home.editors import EDITING_ACTIONS, editable_pages


def articles_due_for_review(user):
    """Articles (live or draft) this user may edit whose medical review is due."""
    return (
        BlogPage.objects.filter(pk__in=editable_pages(user).values("pk"))
        .review_due()
        .select_related("reviewed_by")
    )


class ReviewDueReportView(ReportView):
    page_title = "Medical review due"
    header_icon = "warning"
    index_url_name = "blog_review_due"
    index_results_url_name = "blog_review_due_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = EDITING_ACTIONS
    model = BlogPage
    list_export = ["title", "next_review_due", "last_reviewed", "reviewed_by", "live"]
    export_headings = {
        "next_review_due": "Review due",
        "last_reviewed": "Last reviewed",
        "reviewed_by": "Reviewed by",
    }
    columns = [
        TitleColumn(
            "title",
            label="Article",
            url_name="wagtailadmin_pages:edit",
        ),
        # "Overdue since …" rather than a bare date: a past date is easy to misread as done.
        Column("review_due_label", label="Review due"),
        DateColumn("last_reviewed", label="Last reviewed"),
        Column("reviewed_by", label="Reviewed by"),
        Column("status_string", label="Status"),
    ]

    def get_filename(self):
        return f"medical-review-due-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return articles_due_for_review(self.request.user)


class ReviewDuePanel(Component):
    """Dashboard panel: how many articles need a new medical review, with the first few."""

    name = "review_due"
    template_name = "blog/admin/review_due_panel.html"
    order = 110
    shown_count = 5

    def __init__(self, articles):
        self.articles = articles

    def get_context_data(self, parent_context):
        articles = list(self.articles[: self.shown_count + 1])
        return {
            "articles": articles[: self.shown_count],
            "more": len(articles) > self.shown_count,
            "total": self.articles.count() if len(articles) > self.shown_count else len(articles),
        }
