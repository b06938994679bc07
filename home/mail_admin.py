"""Reports → Outgoing mail: the emails the site sent or is still trying to send, failures
first, and a dashboard panel when some were given up on or the task worker is late. For those
who may view outgoing mail (`home.view_outgoingmail`: administrators, and any group it is
given to); the rows hold readers' addresses."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import View

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from home.mail import OutgoingMail, late_tasks

mail_permission_policy = ModelPermissionPolicy(OutgoingMail)


def can_view_mail(user):
    """Whether `user` may see the outgoing mail report and its dashboard panel."""
    return mail_permission_policy.user_has_permission(user, "view")


def can_send_again(user):
    """Whether `user` may queue another attempt at an email (`home.change_outgoingmail`)."""
    return mail_permission_policy.user_has_permission(user, "change")


class SendAgainColumn(Column):
    """A "Send again" button on failed and stuck rows, for those who may send again."""

    cell_template_name = "home/admin/outgoing_mail_send_again_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        context["may_send_again"] = instance.state in (
            OutgoingMail.State.FAILED,
            OutgoingMail.State.SENDING,
        ) and can_send_again(request.user)
        context["csrf_token"] = get_token(request)
        return context


class OutgoingMailFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        choices=OutgoingMail.State.choices, empty_label="Any state", label="State"
    )

    class Meta:
        model = OutgoingMail
        fields = ["state"]


class OutgoingMailReportView(ReportView):
    """Every email: recipients, subject, state, attempts, last error, next attempt. Failed
    ones first, then those being sent and waiting, then sent, newest first within each."""

    page_title = "Outgoing mail"
    header_icon = "mail"
    index_url_name = "outgoing_mail"
    index_results_url_name = "outgoing_mail_results"
    permission_policy = mail_permission_policy
    permission_required = "view"
    filterset_class = OutgoingMailFilterSet
    list_export = [
        "created_at",
        "recipients",
        "subject",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    export_headings = {"recipients": "To", "created_at": "Queued"}
    columns = [
        DateColumn("created_at", label="Queued"),
        Column("recipients", label="To"),
        Column("subject", label="Subject"),
        Column("get_state_display", label="State"),
        Column("attempts", label="Attempts"),
        Column("last_error", label="Last error"),
        DateColumn("next_attempt_at", label="Next attempt"),
        SendAgainColumn("send_again", label="Actions", accessor="pk"),
    ]

    def get_filename(self):
        return f"outgoing-mail-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        first = Case(
            When(state=OutgoingMail.State.FAILED, then=Value(0)),
            When(state=OutgoingMail.State.SENDING, then=Value(1)),
            When(state=OutgoingMail.State.WAITING, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return OutgoingMail.objects.order_by(first, "-created_at", "-pk")


class SendAgainView(View):
    """POST: queue one more attempt at the email `pk` (OutgoingMail.send_again), then back
    to the report with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not can_send_again(request.user):
            raise PermissionDenied
        mail = get_object_or_404(OutgoingMail, pk=pk)
        if mail.send_again():
            messages.success(request, f"“{mail.subject}” will be sent again.")
        else:
            messages.warning(request, f"“{mail.subject}” is not waiting to be sent again.")
        return redirect("outgoing_mail")


class OutgoingMailMenuItem(MenuItem):
    """Reports → Outgoing mail, for those who may view it."""

    def is_shown(self, request):
        return can_view_mail(request.user)


def outgoing_mail_menu_item():
    """The Reports menu entry."""
    return OutgoingMailMenuItem(
        "Outgoing mail", reverse("outgoing_mail"), name="outgoing-mail", icon_name="mail", order=70
    )


class MailTroublePanel(Component):
    """Dashboard: emails given up on, emails stuck (due or begun more than
    TASKS_LATE_MINUTES ago), and tasks (mail included) waiting past TASKS_LATE_MINUTES
    because the worker is not running. Shown only when there are some."""

    name = "mail_trouble"
    template_name = "home/admin/mail_trouble_panel.html"
    order = 55

    def __init__(self, failed, stuck, late):
        self.failed = failed
        self.stuck = stuck
        self.late = late

    def get_context_data(self, parent_context):
        return {
            "failed": self.failed,
            "stuck": self.stuck,
            "late": self.late,
            "late_minutes": settings.TASKS_LATE_MINUTES,
            "report_url": reverse("outgoing_mail"),
        }


def mail_trouble_panel(user):
    """The panel for `user`, or None when they may not see mail or nothing is wrong."""
    if not can_view_mail(user):
        return None
    failed = OutgoingMail.objects.failed().count()
    stuck = OutgoingMail.objects.stuck().count()
    late = late_tasks()
    return MailTroublePanel(failed, stuck, late) if failed or stuck or late else None
