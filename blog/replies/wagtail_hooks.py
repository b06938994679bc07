"""Replies in the Wagtail admin: the moderation queue and the screening phrases under one
"Replies" menu (with the number awaiting moderation), bulk actions, audit log wording, a
dashboard panel, and Site history for moderators. Only users with permissions on replies
(the Moderators group, superusers) see any of it."""

from django.conf import settings
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.anchors import PAGE_IDS_HOOK
from blog.models import CARD_QUERYSET_HOOK
from blog.replies import admin_views
from blog.replies.filters import ReplyFilterSet
from blog.replies.models import ReaderBlock, Reply, ScreeningPhrase, Status
from blog.replies.permissions import can_moderate
from blog.replies.retention import overdue_purges

# How the audit log names what happened to a reply: its statuses, and "deleted".
LOGGED_STATUS_LABELS = {**dict(Status.choices), "deleted": "Deleted"}


def with_count(label, request):
    count = admin_views.awaiting_counts(request)["total"]
    return f"{label} ({count})" if count else label


class AwaitingCountMixin:
    """Shows the number of replies awaiting moderation after the menu label, e.g.
    "Replies (3)" (Wagtail's sidebar has no badges); one COUNT per request."""

    def render_component(self, request):
        component = super().render_component(request)
        component.label = with_count(self.label, request)
        component.attrs = {
            **component.attrs,
            "data-replies-awaiting": str(admin_views.awaiting_counts(request)["total"]),
        }
        return component


def with_id_converter(pattern):
    """Wagtail's snippet URL `pattern` with its `<str:pk>` made `<id:pk>` (home/converters.py).

    A reply's key is a one-to-one link to its django-comments row, which Django does not
    range-check as it does plain ids: an id past 2**63 - 1 in the edit or history URL would
    reach SQLite and fail with OverflowError instead of a 404."""
    route = str(pattern.pattern)
    if "<str:pk>" not in route:
        return pattern
    return path(route.replace("<str:pk>", "<id:pk>"), pattern.callback, name=pattern.name)


class ReplyViewSet(SnippetViewSet):
    model = Reply
    icon = "comment"
    menu_label = "Replies"
    menu_name = "reply-queue"
    index_view_class = admin_views.ReplyIndexView
    index_template_name = "replies/admin/queue.html"
    index_results_template_name = "replies/admin/queue_results.html"
    edit_view_class = admin_views.ReplyModerationView
    delete_view_class = admin_views.ReplyDeleteView
    filterset_class = ReplyFilterSet
    search_fields = ["comment", "user_name", "user_email"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    # Only for Wagtail's generic machinery; moderators edit text on the reply's own page.
    panels = [FieldPanel("comment")]

    def get_queryset(self, request):
        return admin_views.queue_queryset()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(url_namespace=self.url_namespace, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return kwargs  # the reply's page is not a model form

    def get_urlpatterns(self):
        actions = [
            path(
                f"{action.replace('_', '-')}/<id:pk>/",
                self.construct_view(admin_views.ModerationActionView, action=action),
                name=action,
            )
            for action in admin_views.ACTIONS
        ]
        answer = self.construct_view(admin_views.ClinicAnswerView)
        block = self.construct_view(admin_views.BlockReaderView)
        return [
            *[with_id_converter(pattern) for pattern in super().get_urlpatterns()],
            *actions,
            path("answer/<id:pk>/", answer, name="answer"),
            path("block/<id:pk>/", block, name="block"),
            path("pin/<id:pk>/", self.construct_view(admin_views.PinView), name="pin"),
            path(
                "unpin/<id:pk>/",
                self.construct_view(admin_views.PinView, pinning=False),
                name="unpin",
            ),
        ]

    @property
    def menu_item_class(self):
        return type("ReplyMenuItem", (AwaitingCountMixin, super().menu_item_class), {})


class ScreeningPhraseViewSet(SnippetViewSet):
    model = ScreeningPhrase
    icon = "warning"
    menu_label = "Screening phrases"
    list_display = ["phrase", "kind"]
    list_filter = ["kind"]
    search_fields = ["phrase"]
    search_backend_name = None  # plain "contains" matching, so part of a phrase finds it


class ReaderBlockViewSet(SnippetViewSet):
    """Blocked readers: listed while in force (masked, never the address), each lifted by
    deleting it. Blocks are made from a reply's page, not here."""

    model = ReaderBlock
    icon = "cross"
    menu_label = "Blocked readers"
    list_display = ["shown_as", "kind", "note", "created_at", "expires_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["note"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    delete_view_class = admin_views.LiftBlockView
    index_template_name = "replies/admin/index.html"

    def get_queryset(self, request):
        return ReaderBlock.objects.active().select_related("created_by")


class RepliesSubmenuMenuItem(AwaitingCountMixin, SubmenuMenuItem):
    pass


class RepliesGroup(SnippetViewSetGroup):
    items = (ReplyViewSet, ScreeningPhraseViewSet, ReaderBlockViewSet)
    menu_label = "Replies"
    menu_name = "replies"
    menu_icon = "comment"
    menu_order = 210

    def get_menu_item(self, order=None):
        return RepliesSubmenuMenuItem(
            label=self.menu_label,
            menu=Menu(register_hook_name=self.submenu_hook, items=self.get_submenu_items()),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


register_snippet(RepliesGroup)


for bulk_action in (
    admin_views.ApproveBulkAction,
    admin_views.MarkSpamBulkAction,
    admin_views.RemoveBulkAction,
    admin_views.NotSpamBulkAction,
    # Registered after Wagtail's own snippet "delete" (order), which it replaces for replies.
    admin_views.DeleteRepliesBulkAction,
    admin_views.LiftBlocksBulkAction,
):
    hooks.register("register_bulk_action", bulk_action, order=100)


# --- Article cards ------------------------------------------------------------------------


@hooks.register(CARD_QUERYSET_HOOK)
def annotate_reply_count(articles):
    """Article cards (listings, related articles, the home page) show how many approved
    replies each article has, as its thread shows them all (blog/replies/thread.py): one
    subquery in the cards' own query."""
    return articles.annotate(reply_count=Reply.objects.approved().count_per_article())


# --- Article page ids ----------------------------------------------------------------------


@hooks.register(PAGE_IDS_HOOK)
def replies_section_ids():
    """The ids the replies section gives its elements on an article (templates/replies/,
    its forms' fields by Django's "id_<name>"), which no heading may take as its anchor."""
    return [
        "replies",
        "replies-heading",
        "replies-reader",
        "leave-a-reply",
        "reply-form-heading",
        "reply-form-error",
        "reply-privacy-note",
        "pinned-reply-label",
        r"reply-\d+(?:-author)?",
        r"id_\w+",
    ]


# --- Audit log -----------------------------------------------------------------------------

LOG_ACTIONS = {
    # action: (label in filters, message in history)
    "replies.approve": ("Reply: approve", "Approved"),
    "replies.remove": ("Reply: remove", "Removed from the site"),
    "replies.spam": ("Reply: mark as spam", "Marked as spam"),
    "replies.not_spam": ("Reply: not spam", "Marked as not spam, back in the queue"),
    "replies.edit_text": ("Reply: edit text", "Text edited by a moderator"),
    "replies.clinic_reply": ("Reply: written as the clinic", "Written as the clinic"),
    "replies.answered": ("Reply: answered as the clinic", "Answered as the clinic"),
    "replies.delete": ("Reply: delete", "Deleted permanently"),
    "replies.erase": (
        "Reply: erase",
        "Erased by a moderator (text and author wiped; kept because others answered it)",
    ),
    "replies.reader_edit": (
        "Reply: edited by its author",
        "Edited by its author, back to the queue",
    ),
    "replies.withdraw": ("Reply: withdrawn by its author", "Withdrawn by its author"),
    "replies.erase_on_request": ("Reply: erased on request", "Erased at its author’s request"),
    "replies.purge_spam": (
        "Reply: purged as old spam",
        "Purged as old spam (erased instead if others answered it)",
    ),
    "replies.hidden_by_reports": ("Reply: hidden by reports", "Hidden after reader reports"),
    "replies.block": ("Reply: author blocked", "Its author was blocked"),
    "replies.pin": ("Reply: pinned", "Pinned to the top of its article’s replies"),
    "replies.unpin": ("Reply: unpinned", "Unpinned"),
}


class ReplyLogFormatter(LogFormatter):
    """Messages such as "Approved (was: Awaiting moderation)", naming the other reply of an
    answer and the number of reports."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        message = self.message
        if "answer" in data:
            message += f" (reply #{data['answer']})"
        if "in_answer_to" in data:
            message += f", answering reply #{data['in_answer_to']}"
        if "reports" in data:
            message += f" ({data['reports']})"
        if "blocked" in data:
            message += f" (by {' and '.join(data['blocked'])})"
        previous = data.get("previous_status")
        if previous and previous != data.get("status"):
            message += f" (was: {LOGGED_STATUS_LABELS.get(previous, previous)})"
        return message


@hooks.register("register_log_actions")
def register_reply_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        formatter = type(
            "_ReplyLogFormatter", (ReplyLogFormatter,), {"label": label, "message": message}
        )
        actions.register_action(action)(formatter)


# --- Dashboard and reports menu ------------------------------------------------------------


class RepliesAwaitingPanel(Component):
    """Dashboard: how many replies wait for a moderator, urgent ones called out."""

    name = "replies_awaiting"
    template_name = "replies/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        counts = admin_views.awaiting_counts(request)
        return {**counts, "queue_url": reverse(Reply.snippet_viewset.get_url_name("list"))}


@hooks.register("construct_homepage_panels")
def add_replies_awaiting_panel(request, panels):
    if can_moderate(request.user):
        panels.append(RepliesAwaitingPanel())


class OverduePurgesPanel(Component):
    """Dashboard, for administrators, only when the daily purges of readers' personal data
    have stopped (see blog/replies/retention.py)."""

    name = "overdue_purges"
    template_name = "replies/admin/overdue_purges_panel.html"
    order = 50

    def __init__(self, overdue):
        self.overdue = overdue

    def get_context_data(self, parent_context):
        return {
            "overdue": self.overdue,
            "ip_kept_days": settings.REPLIES_IP_KEPT_DAYS,
            "spam_kept_days": settings.REPLIES_SPAM_KEPT_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_overdue_purges_panel(request, panels):
    if request.user.is_superuser:
        overdue = overdue_purges()
        if overdue:
            panels.append(OverduePurgesPanel(overdue))


class ModeratorSiteHistoryMenuItem(MenuItem):
    """Wagtail shows Site history only to users with page permissions; moderators have none
    but need it for the replies' audit trail (it lists only entries they may see)."""

    def is_shown(self, request):
        has_pages = policy_registry.get_by_type(Page).explorable_root_instance(request.user)
        return has_pages is None and can_moderate(request.user)


@hooks.register("register_reports_menu_item")
def register_moderator_site_history():
    return ModeratorSiteHistoryMenuItem(
        "Site history",
        reverse("wagtailadmin_reports:site_history"),
        name="site-history",
        icon_name="history",
        order=1000,
    )
