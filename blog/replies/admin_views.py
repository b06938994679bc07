"""The moderation queue's screens in the Wagtail admin: the queue itself, one reply's page
(its details, edit text, answer as the clinic), the one-click actions, permanent deletion and
the bulk actions. Every change goes through blog/replies/moderation.py."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.ui.tables import (
    BaseColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    NumberColumn,
    StatusTagColumn,
    Table,
    TitleColumn,
)
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import DeleteView, IndexView

from blog.replies import blocking, moderation
from blog.replies.filters import ALL, DEFAULT_STATUS
from blog.replies.forms import BlockReaderForm, ClinicAnswerForm, ModeratorEditForm
from blog.replies.models import ReaderBlock, Reply, ReplyReport, Status
from blog.replies.thread import reply_url
from home.converters import ids_in_range

EXCERPT_LENGTH = 140


def queue_queryset():
    """Replies with what the queue shows, in a fixed number of queries for any page size:
    report count, parent excerpt and the thread's position (for the page a "View" link
    opens) as subqueries, articles in one prefetch."""
    report_count = (
        ReplyReport.objects.filter(reply=OuterRef("pk"))
        .order_by()
        .values("reply")
        .annotate(count=Count("pk"))
        .values("count")
    )
    parent = Reply.objects.filter(pk=OuterRef("parent_id")).exclude(pk=OuterRef("pk"))
    return (
        Reply.objects.annotate(
            report_count=Coalesce(Subquery(report_count, output_field=IntegerField()), 0),
            parent_excerpt=Subquery(
                parent.annotate(excerpt=Substr("comment", 1, EXCERPT_LENGTH)).values("excerpt")[:1]
            ),
            parent_author=Subquery(parent.values("user_name")[:1]),
            urgent=Case(
                When(mentions_crisis=True, status=Status.AWAITING, then=True),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .with_thread_position()
        .prefetch_related("content_object")
    )


def status_counts(request):
    """{status: n} for every `Status` value, plus "urgent" (awaiting moderation, with crisis
    language): one aggregate query, once per request (the menu, the dashboard and the
    queue's status views share it)."""
    if not hasattr(request, "_replies_counts"):
        request._replies_counts = Reply.objects.aggregate(
            **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
            urgent=Count("pk", filter=Q(status=Status.AWAITING, mentions_crisis=True)),
        )
    return request._replies_counts


def awaiting_counts(request):
    """{"total": n, "urgent": n} of replies awaiting moderation (from `status_counts`)."""
    counts = status_counts(request)
    return {"total": counts[Status.AWAITING], "urgent": counts["urgent"]}


# The one-click actions, what each is called, and in which state it makes sense.
ACTIONS = {
    "approve": (moderation.approve, "Approve", "approved"),
    "spam": (moderation.mark_spam, "Spam", "marked as spam"),
    "remove": (moderation.remove, "Remove", "removed from the site"),
    "not_spam": (moderation.not_spam, "Not spam", "returned to the queue"),
}
ACTIONS_BY_STATUS = {
    Status.AWAITING: ["approve", "spam", "remove"],
    Status.APPROVED: ["remove", "spam"],
    Status.SPAM: ["not_spam", "approve"],
    Status.REMOVED: ["approve"],
}
# Replies the clinic may answer publicly (a held one is approved first).
ANSWERABLE = (Status.AWAITING, Status.APPROVED)


def action_buttons(reply, url_namespace):
    """(action, label, url) of the actions offered for this reply's state."""
    return [
        (action, ACTIONS[action][1], reverse(f"{url_namespace}:{action}", args=[quote(reply.pk)]))
        for action in ACTIONS_BY_STATUS[reply.status]
    ]


def article_url(reply, request):
    """Where `reply` is (or, held, will be) on its article: the page of the thread that
    holds it, scrolled to it. "" if the article is gone."""
    article = reply.content_object
    if article is None:
        return ""
    return reply_url(reply, article.get_url(request))


# --- The queue -----------------------------------------------------------------------------

# The queue's views, in the order the links above the list show them: (status filter value,
# link label, what the list says when it is empty). "All" and "Reported" have no count.
STATUS_VIEWS = [
    (Status.AWAITING, "Awaiting", "No replies awaiting moderation"),
    (Status.APPROVED, "Approved", "No approved replies"),
    (Status.SPAM, "Spam", "No spam"),
    (Status.REMOVED, "Removed", "No removed replies"),
    (ALL, "All", "No replies"),
]
EMPTY_MESSAGES = {
    **{status: empty for status, _, empty in STATUS_VIEWS},
    "flagged": "No replies reported by readers",
}


class ReplyColumn(TitleColumn):
    """An excerpt of the reply linked to its page, the urgent marker, and what it answers."""

    cell_template_name = "replies/admin/cells/reply.html"

    def get_value(self, instance):
        return Truncator(instance.comment).chars(EXCERPT_LENGTH) or "(no text)"


class ReaderColumn(Column):
    cell_template_name = "replies/admin/cells/reader.html"


class ArticleColumn(Column):
    cell_template_name = "replies/admin/cells/article.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["article"] = instance.content_object
        context["url"] = article_url(instance, parent_context.get("request"))
        return context


class HeldReasonColumn(Column):
    cell_template_name = "replies/admin/cells/held_reason.html"


class ModerateColumn(BaseColumn):
    """One small POST form per action (CSRF-protected), so a reply is moderated in a click."""

    cell_template_name = "replies/admin/cells/moderate.html"

    def __init__(self, *args, url_namespace, next_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_namespace = url_namespace
        self.next_url = next_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["actions"] = action_buttons(instance, self.url_namespace)
        context["next_url"] = self.next_url
        context["csrf_token"] = get_token(parent_context["request"])
        if instance.status in ANSWERABLE:
            # "Reply": the clinic's answer in a box under the row (static/js/reply_queue.js),
            # posted to the same view as the reply's page; without script, that page.
            context["answer_url"] = reverse(f"{self.url_namespace}:answer", args=[instance.pk])
            context["edit_url"] = reverse(f"{self.url_namespace}:edit", args=[instance.pk])
        return context


class ReplyQueueTable(Table):
    """The queue's table: each row can take the keyboard's focus, so a moderator moves
    through the queue and acts on the focused row with single keys (reply_queue.js)."""

    def get_row_attrs(self, instance):
        return {**super().get_row_attrs(instance), "data-reply-row": instance.pk, "tabindex": "0"}


class ReplyIndexView(IndexView):
    """The queue: awaiting moderation unless another status is chosen; urgent replies (held
    for crisis language) first, then oldest first."""

    default_ordering = "submit_date"
    page_title = "Replies"
    url_namespace = None
    table_class = ReplyQueueTable

    @cached_property
    def current_status(self):
        """The status view shown (a `STATUS_CHOICES` value of the filter)."""
        filters = self.filters
        if filters is not None and filters.is_valid():
            return filters.form.cleaned_data.get("status") or DEFAULT_STATUS
        return DEFAULT_STATUS

    def status_views(self):
        """The links above the list, WordPress-style: [{label, count, url, current}], each
        keeping the search and other filters; counts from one aggregate (`status_counts`)."""
        counts = status_counts(self.request)
        query = self.request.GET.copy()
        for parameter in ("status", "p", "_w_filter_fragment"):
            query.pop(parameter, None)
        views = []
        for status, label, _ in STATUS_VIEWS:
            query["status"] = status
            views.append(
                {
                    "label": label,
                    "count": counts.get(status),
                    "url": f"{self.index_url}?{query.urlencode()}",
                    "current": status == self.current_status,
                }
            )
        return views

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        empty = EMPTY_MESSAGES.get(self.current_status, "No replies")
        if self.is_searching:
            empty += f" matching “{self.search_query}”"
        context.update(status_views=self.status_views(), empty_message=f"{empty}.")
        return context

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return queryset.order_by(self.ordering, "pk")
        return queryset.order_by("-urgent", "submit_date", "pk")

    @cached_property
    def next_url(self):
        """The queue as the moderator sees it now, to come back to after an action."""
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(ReplyColumn)
        columns = [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            title_column_class(
                "comment",
                label="Reply",
                get_url=self.get_edit_url,
                get_title_id=lambda reply: f"snippet_{quote(reply.pk)}_title",
            ),
            ReaderColumn("user_name", label="Reader", sort_key="user_name"),
            ArticleColumn("article", label="Article"),
            NumberColumn("report_count", label="Reports", sort_key="report_count"),
            HeldReasonColumn("held_reason", label="Why held"),
            StatusTagColumn(
                "status_label", label="Status", primary=lambda reply: reply.is_approved
            ),
            DateColumn("submit_date", label="Submitted", sort_key="submit_date"),
        ]
        if self.user_has_permission("change"):
            columns.append(
                ModerateColumn(
                    "moderate",
                    label="Moderate",
                    url_namespace=self.url_namespace,
                    next_url=self.next_url,
                )
            )
        return columns

    def get_list_more_buttons(self, instance):
        buttons = []
        if edit_url := self.get_edit_url(instance):
            buttons.append(
                Button("Open, edit or answer", url=edit_url, icon_name="edit", priority=10)
            )
        history_url = reverse(f"{self.url_namespace}:history", args=[quote(instance.pk)])
        buttons.append(Button("History", url=history_url, icon_name="history", priority=20))
        if delete_url := self.get_delete_url(instance):
            buttons.append(
                Button("Delete permanently", url=delete_url, icon_name="bin", priority=30)
            )
        return buttons


# --- One reply -----------------------------------------------------------------------------


class ReplyModerationView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A reply's page in the admin: everything about it, the actions, a form to correct its
    text (POST here) and one to answer it as the clinic (POST to the answer view)."""

    model = Reply
    permission_required = "change"
    template_name = "replies/admin/moderate.html"
    page_title = "Moderate reply"
    header_icon = "comment"
    index_url_name = None
    delete_url_name = None
    history_url_name = None
    url_namespace = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Reply, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return f"Reply #{self.object.pk} by {self.object.user_name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Replies"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def url(self, name, reply=None):
        return reverse(f"{self.url_namespace}:{name}", args=[quote((reply or self.object).pk)])

    def get_header_more_buttons(self):
        buttons = [Button("History", url=self.url("history"), icon_name="history", priority=10)]
        if self.user_has_permission("delete"):
            buttons.append(
                Button("Delete permanently", url=self.url("delete"), icon_name="bin", priority=20)
            )
        return buttons

    def answer_goes_under(self):
        """The reply the clinic's answer is threaded under (its parent at the deepest level)."""
        reply = self.object
        if reply.accepts_answers:
            return reply
        return Reply.objects.filter(pk=reply.answer_parent_id).first()

    def whole_thread(self):
        """The thread `self.object` belongs to, every status included, nested as it is:
        [{"reply", "url", "children": [...]}] from its root down (one query)."""
        reply = self.object
        replies = Reply.objects.filter(
            thread_id=reply.thread_id,
            content_type_id=reply.content_type_id,
            object_pk=reply.object_pk,
        ).order_by("order", "pk")
        nodes = {
            member.pk: {"reply": member, "url": self.url("edit", member), "children": []}
            for member in replies
        }
        roots = []
        for node in nodes.values():
            member = node["reply"]
            parent = nodes.get(member.parent_id) if member.parent_id != member.pk else None
            (parent["children"] if parent else roots).append(node)
        return roots

    def get_context_data(self, **kwargs):
        reply = self.object
        parent = None
        if reply.parent_id != reply.pk:
            parent = Reply.objects.filter(pk=reply.parent_id).first()
        answerable = reply.status in ANSWERABLE
        context = {
            "reply": reply,
            "article": reply.content_object,
            "article_url": article_url(reply, self.request),
            "parent": parent,
            "parent_url": parent and self.url("edit", parent),
            "reports": list(reply.reports.all()),
            "thread": self.whole_thread(),
            "actions": action_buttons(reply, self.url_namespace),
            "next_url": self.url("edit"),
            "history_url": self.url("history"),
            "delete_url": self.url("delete") if self.user_has_permission("delete") else "",
            "edit_form": ModeratorEditForm(initial={"comment": reply.comment}),
            "answer_form": ClinicAnswerForm() if answerable else None,
            "answer_url": self.url("answer"),
            "answer_goes_under": self.answer_goes_under() if answerable else None,
            "pin_url": self.url("pin"),
            "unpin_url": self.url("unpin"),
            "block_form": BlockReaderForm(),
            "block_url": self.url("block"),
            "blocks": list(blocking.blocks_of(reply)),
            **kwargs,
        }
        return super().get_context_data(**context)

    def post(self, request, *args, **kwargs):
        form = ModeratorEditForm(request.POST)
        if form.is_valid():
            moderation.edit_text(self.object, form.cleaned_data["comment"], request.user)
            messages.success(request, f"The text of reply #{self.object.pk} is saved.")
            return redirect(self.url("edit"))
        messages.validation_error(request, "The text could not be saved.", form)
        return self.render_to_response(self.get_context_data(edit_form=form))


class ClinicAnswerView(ReplyModerationView):
    """POST: publish the clinic's answer to the reply (approving a held reply first)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ClinicAnswerForm(request.POST)
        if not form.is_valid():
            messages.validation_error(request, "The answer could not be published.", form)
            return self.render_to_response(self.get_context_data(answer_form=form))
        try:
            answer, threaded_under = moderation.reply_as_clinic(
                self.object, request.user, form.cleaned_data["answer"]
            )
        except moderation.CannotAnswer as refusal:
            messages.error(request, str(refusal))
            return redirect(self.url("edit"))
        message = f"Your answer to reply #{self.object.pk} is published as the clinic."
        if threaded_under.pk != self.object.pk:
            message += (
                f" Replies go no deeper, so it appears under {threaded_under.user_name}’s "
                "reply, just after the one you answered."
            )
        messages.success(
            request, message, buttons=[messages.button(article_url(answer, request), "View")]
        )
        return redirect(get_valid_next_url_from_request(request) or self.url("edit"))


class BlockReaderView(ReplyModerationView):
    """POST: block the reply's author by email and/or network address
    (blog/replies/blocking.py); their next replies go straight to spam."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = BlockReaderForm(request.POST)
        if not form.is_valid():
            messages.validation_error(request, "The reader could not be blocked.", form)
            return self.render_to_response(self.get_context_data(block_form=form))
        blocks = blocking.block_reader(
            self.object,
            request.user,
            email=form.cleaned_data["email"],
            address=form.cleaned_data["address"],
            note=form.cleaned_data["note"],
        )
        if not blocks:
            messages.error(request, "This reply no longer holds that address, so nothing to block.")
        else:
            blocked = " and ".join(block.get_kind_display().lower() for block in blocks)
            until = min(block.expires_at for block in blocks)
            messages.success(
                request,
                f"Blocked by {blocked}: their next replies go straight to spam, until "
                f"{until:%B %-d, %Y} at the earliest.",
            )
        return redirect(self.url("edit"))


class PinView(ReplyModerationView):
    """POST: pin the clinic's answer to the top of its article's thread, or unpin it."""

    http_method_names = ["post"]
    pinning = True

    def post(self, request, *args, **kwargs):
        if not self.pinning:
            moderation.unpin(self.object, request.user)
            messages.success(request, f"Reply #{self.object.pk} is no longer pinned.")
            return redirect(self.url("edit"))
        try:
            moderation.pin(self.object, request.user)
        except moderation.CannotPin as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                f"Reply #{self.object.pk} is pinned to the top of its article’s replies, "
                "as the clinic’s word; any answer pinned there before is unpinned.",
            )
        return redirect(self.url("edit"))


class ModerationActionView(PermissionCheckedMixin, View):
    """POST: approve, remove, mark as spam or not spam; back to where the moderator was."""

    model = Reply
    permission_required = "change"
    http_method_names = ["post"]
    action = None
    index_url_name = None

    def post(self, request, pk):
        reply = get_object_or_404(Reply, pk=pk)
        change_state, _, done = ACTIONS[self.action]
        change_state(reply, request.user)
        messages.success(request, f"Reply #{reply.pk} by {reply.user_name} {done}.")
        return redirect(get_valid_next_url_from_request(request) or reverse(self.index_url_name))


class ReplyDeleteView(DeleteView):
    """Delete permanently, after a confirmation page. A reply others have answered is erased
    instead (text and author wiped, kept as "(removed)") so their answers keep their place."""

    def get_usage_url(self):
        return None  # nothing in the site links to a reply

    @cached_property
    def has_answers(self):
        return self.object.has_answers()

    @property
    def confirmation_message(self):
        if self.has_answers:
            return (
                "Others have answered this reply, so it cannot disappear from its thread: its "
                "text, name, email and website will be wiped for good and it will show as "
                "“(removed)”. This cannot be undone."
            )
        return "Delete this reply permanently? This cannot be undone."

    def delete_action(self):
        self.deleted = moderation.delete_permanently(self.object, self.request.user)

    def get_success_message(self):
        if self.deleted:
            return f"Reply #{self.object.pk} deleted."
        return f"Reply #{self.object.pk} erased; the answers to it keep their place."


class LiftBlockView(DeleteView):
    """Lifting a block is deleting it: the reader's replies are screened as anyone's again."""

    page_title = "Lift block"

    def get_usage_url(self):
        return None

    @property
    def confirmation_message(self):
        return f"Lift this block ({self.object})? Their next replies are screened as anyone's."

    def get_success_message(self):
        return f"Block lifted: {self.object}."


# --- Bulk actions --------------------------------------------------------------------------


class RangeCheckedIds:
    """Mixin for bulk actions on replies: the selected ids (`?id=…`) that no row can have are
    dropped before the lookup, which would otherwise fail on SQLite (OverflowError: a
    reply's key is a one-to-one link, which Django does not range-check); none left is 404."""

    @classmethod
    def get_queryset(cls, model, object_ids):
        if isinstance(object_ids, list | tuple):
            object_ids = ids_in_range(object_ids)
        return super().get_queryset(model, object_ids)


class ReplyBulkAction(RangeCheckedIds, SnippetBulkAction):
    """The same state changes as the one-click actions, on a selection, after confirmation."""

    models = [Reply]
    template_name = "replies/admin/bulk_confirm.html"
    change_state = None
    done = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, reply):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", reply
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for reply in objects:
            cls.change_state(reply, user)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @property
    def confirm_label(self):
        return f"Yes, {self.display_name.lower()}"

    def get_success_message(self, num_parent_objects, num_child_objects):
        replies = "reply" if num_parent_objects == 1 else "replies"
        return f"{num_parent_objects} {replies} {self.done}."


class ApproveBulkAction(ReplyBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve selected replies"
    action_priority = 10
    change_state = staticmethod(moderation.approve)
    done = "approved"


class MarkSpamBulkAction(ReplyBulkAction):
    display_name = "Spam"
    action_type = "spam"
    aria_label = "Mark selected replies as spam"
    action_priority = 20
    change_state = staticmethod(moderation.mark_spam)
    done = "marked as spam"


class RemoveBulkAction(ReplyBulkAction):
    display_name = "Remove"
    action_type = "remove"
    aria_label = "Remove selected replies from the site"
    action_priority = 25
    change_state = staticmethod(moderation.remove)
    done = "removed from the site"


class NotSpamBulkAction(ReplyBulkAction):
    display_name = "Not spam"
    action_type = "not_spam"
    aria_label = "Return selected replies to the queue"
    action_priority = 27
    change_state = staticmethod(moderation.not_spam)
    done = "returned to the queue"


class DeleteRepliesBulkAction(RangeCheckedIds, DeleteBulkAction):
    """Wagtail's snippet delete (delete permission, confirmation page), but each reply goes
    through moderation.delete_permanently: logged, and erased instead if it was answered."""

    models = [Reply]
    aria_label = "Delete selected replies permanently"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        view.erased = sum(
            not moderation.delete_permanently(reply, view.request.user) for reply in objects
        )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        replies = "reply" if num_parent_objects == 1 else "replies"
        message = f"{num_parent_objects} {replies} deleted."
        if self.erased:
            message += f" {self.erased} had answers and were erased instead, keeping their place."
        return message


class LiftBlocksBulkAction(DeleteBulkAction):
    """Wagtail's snippet delete for blocked readers, named for what it does: lifting."""

    models = [ReaderBlock]
    display_name = "Lift"
    aria_label = "Lift the selected blocks"

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} block{'' if num_parent_objects == 1 else 's'} lifted."
