"""The blog's place in the Wagtail admin: authors and topics as snippets, the report and
dashboard panel of articles due for a new medical review (and a warning on an overdue
article's editor), the editor's panel of their articles in medical review, Submit to
Medical review as editors' main button, and the medical review on every route to live."""

from django.contrib import messages
from django.urls import reverse
from django.utils.dateformat import format as date_format

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog import medical_review_admin
from blog.editorial_panel import replace_wagtails_panel
from blog.models import Author, BlogPage, Topic, review_is_overdue
from blog.review_due import ReviewDuePanel, ReviewDueReportView, articles_due_for_review
from home.editors import EditorsMenuItem, can_edit_pages, report_urls


class AuthorViewSet(SnippetViewSet):
    """Authors under Snippets, searched by name, credentials or job title."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "credentials", "job_title"]
    search_fields = ["name", "credentials", "job_title"]
    # The columns shown, matched with "contains" in the database: the search index holds only
    # the name (for the author chooser), and a backend search on a field it does not index
    # fails ("Cannot search with field credentials"). Part of a word finds it too.
    search_backend_name = None


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]


class BlogSnippets(SnippetViewSetGroup):
    items = (AuthorViewSet, TopicViewSet)
    menu_label = "Blog"
    menu_icon = "doc-full"
    menu_order = 200


register_snippet(BlogSnippets)


@hooks.register("register_admin_urls")
def register_review_due_report_urls():
    return report_urls("reports/review-due", ReviewDueReportView, "blog_review_due")


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return EditorsMenuItem(
        "Medical review due",
        reverse("blog_review_due"),
        name="review-due",
        icon_name="warning",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    if can_edit_pages(request.user):
        panels.append(ReviewDuePanel(articles_due_for_review(request.user)))


@hooks.register("construct_homepage_panels")
def show_editorial_status(request, panels):
    replace_wagtails_panel(panels)


@hooks.register("before_edit_page")
def warn_of_an_overdue_review(request, page):
    """Opening an article whose review date has passed says so above the editor, as the
    review report does ("Overdue since …"): whoever edits it should have it reviewed."""
    if request.method != "GET" or not isinstance(page, BlogPage):
        return
    if page.has_medical_review and review_is_overdue(page.next_review_due):
        when = date_format(page.next_review_due, "M j, Y")
        messages.warning(
            request,
            f"Medical review overdue since {when}: a medical reviewer should review this "
            "article again.",
        )


@hooks.register("construct_page_action_menu")
def put_submitting_first_for_editors(menu_items, request, context):
    """Someone who may not publish (an editor) gets "Submit to Medical review" as the page
    editor's main button, not behind the caret beside "Save draft": submitting is how their
    work moves on. Anyone offered Publish keeps Wagtail's order, Save draft first."""
    names = [item.name for item in menu_items]
    if "action-publish" in names or "action-submit" not in names:
        return
    menu_items.insert(0, menu_items.pop(names.index("action-submit")))


# --- No article live without a medical review (blog/medical_review_admin.py) ---------------

hooks.register("before_publish_page", medical_review_admin.record_medical_review_before_publishing)
hooks.register("before_bulk_action", medical_review_admin.refuse_bulk_publishing_without_review)
hooks.register("before_copy_page", medical_review_admin.refuse_copying_live_without_review)
hooks.register("after_copy_page", medical_review_admin.record_medical_review_of_live_copies)


@hooks.register("register_admin_viewset")
def register_article_views():
    return medical_review_admin.ArticleViewSet("article_pages")
