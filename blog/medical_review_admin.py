"""The admin's routes to live for articles, each recording the medical review or refusing.

The rule is the article's (`BlogPage.publish`, `blog/medical_review.py`). What is here turns
a refusal into the message on the article's edit page, before anything goes live, on the
routes where Wagtail's views would otherwise answer 403 or publish without `BlogPage.publish`:

- Publish in the editor (also revert and publish, and Publish on the create form): the
  editor's view publishes its revision itself, so `before_publish_page` records the
  reviewer's review in it, or refuses.
- Approve, from the dashboard or the editor's menu: the approval publishes through
  `BlogPage.publish` inside Wagtail's transaction; the article's views catch the refusal.
- Bulk publish: `before_bulk_action` refuses before anything is published.
- Copy with "Publish copies": `before_copy_page` refuses; `after_copy_page` records the
  reviewer's review on the live copies.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsRevertView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from blog.medical_review import MedicalReviewRequired, is_medical_reviewer
from blog.models import BlogPage, publish_live_copies


def refuse(request, page, refusal=None):
    """The refusal as an error message on `page`'s edit page (a redirect there)."""
    messages.error(request, (refusal or MedicalReviewRequired()).message)
    return redirect("wagtailadmin_pages:edit", page.pk)


# --- Hooks (registered in wagtail_hooks.py) ------------------------------------------------


def record_medical_review_before_publishing(request, page):
    """`before_publish_page`: the editor's revision gets the reviewer's review, or nothing is
    published and the editor says why (the revision stays a draft)."""
    if not isinstance(page, BlogPage):
        return None
    try:
        page.record_medical_review_in(page.latest_revision, request.user)
    except MedicalReviewRequired as refusal:
        if page.live and page.live_revision_id is None:
            # The create view inserts a new page live before publishing its revision:
            # refused, it is a draft like any other.
            BlogPage.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        return refuse(request, page, refusal)
    return None


def refuse_bulk_publishing_without_review(request, action_type, objects, action):
    """`before_bulk_action`: publishing articles (chosen, or drafts under chosen pages when
    "include descendants" is ticked) is for medical reviewers only; refused as a whole."""
    if action_type != "publish" or is_medical_reviewer(request.user):
        return None
    pages = [page for page in objects if isinstance(page, Page)]  # not snippets
    articles = BlogPage.objects.filter(pk__in=[page.pk for page in pages])
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        for page in pages:
            articles |= BlogPage.objects.descendant_of(page)
    if not articles.exists():
        return None
    messages.error(request, MedicalReviewRequired().message)
    return redirect(action.next_url)


def live_articles_copied(request, page):
    """The live articles a copy of `page` posted in `request` would keep live."""
    articles = BlogPage.objects.live()
    if request.POST.get("copy_subpages"):
        return articles.descendant_of(page, inclusive=True)
    return articles.filter(pk=page.pk)


def refuse_copying_live_without_review(request, page):
    """`before_copy_page`: "Publish copies" of live articles is for medical reviewers only.
    An alias only mirrors what a reviewer made live, so it is left alone."""
    if (
        request.method != "POST"
        or not request.POST.get("publish_copies")
        or request.POST.get("alias")
        or is_medical_reviewer(request.user)
        or not live_articles_copied(request, page).exists()
    ):
        return None
    messages.error(request, MedicalReviewRequired().message)
    return redirect(request.get_full_path())


def record_medical_review_of_live_copies(request, page, new_page):
    """`after_copy_page`: live copies of articles go live with the copier's review (they are
    a medical reviewer: `refuse_copying_live_without_review` let them through)."""
    publish_live_copies(new_page, request.user)


# --- The article's own views -------------------------------------------------------------


class RefusedApprovalMixin:
    """An action in the editor's menu (Approve) that publishes: a refusal becomes a message."""

    def perform_workflow_action(self):
        try:
            return super().perform_workflow_action()
        except MedicalReviewRequired as refusal:
            return refuse(self.request, self.page, refusal)


class ArticleEditView(RefusedApprovalMixin, EditView):
    """The article editor: Approve from its menu by anyone but a medical reviewer is refused
    with a message (the edits are kept as a draft)."""


class ArticleRevisionsRevertView(RefusedApprovalMixin, RevisionsRevertView):
    """Reverting an article to an earlier revision, with the same refusal as the editor."""


class ArticleWorkflowActionView(WorkflowActionView):
    """Approve (the dashboard's, or the modal's) by anyone but a medical reviewer: the
    approval is undone (Wagtail's transaction) and the article's edit page says why."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except MedicalReviewRequired as refusal:
            messages.error(request, refusal.message)
            url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(request, {"step": "success", "redirect": url})
            return redirect(url)


class ArticleViewSet(PageViewSet):
    """Wagtail's page views for articles, with the three above."""

    model = BlogPage
    edit_view_class = ArticleEditView
    revisions_revert_view_class = ArticleRevisionsRevertView
    workflow_action_view_class = ArticleWorkflowActionView
    # Only the views change: the blog index's listing in the explorer stays Wagtail's own.
    parent_models = []
