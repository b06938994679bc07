"""Settings → Login lockouts: administrators see who is locked out of the admin and unlock
them (django-axes' own screen needs Django's admin app, which the site does not install)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from home.lockouts import cool_off, current_lockouts, unlock

logger = logging.getLogger(__name__)

# Clearing failures is deleting axes' rows: administrators hold this permission (as they
# hold every one); it can be given to a group in the shell, never through a form.
UNLOCK_PERMISSION = "axes.delete_accessattempt"


def can_unlock(user):
    """Whether `user` may see and lift login lockouts."""
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)


class UnlockPermissionMixin:
    """Refuses (PermissionDenied: Wagtail's "no permission" redirect) anyone but those who
    may unlock."""

    def dispatch(self, request, *args, **kwargs):
        if not can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LockoutsView(UnlockPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """The lockouts in force, each with an Unlock button (a POST to UnlockView)."""

    template_name = "home/admin/lockouts.html"
    page_title = "Login lockouts"
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lockouts=current_lockouts(),
            account_limit=settings.AXES_FAILURE_LIMIT,
            address_limit=settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            minutes=round(cool_off() / timedelta(minutes=1)),
            **kwargs,
        )


class UnlockView(UnlockPermissionMixin, View):
    """POST `ip_address` and, for one account's lockout, `username`: their failures are
    cleared and they may sign in at once; back to the list with a message."""

    http_method_names = ["post"]

    def post(self, request):
        ip_address = request.POST.get("ip_address") or None
        username = request.POST.get("username") or None
        unlock(ip_address, username)
        who = f"{username} from {ip_address}" if username else f"the address {ip_address}"
        logger.info("%s unlocked logins of %s", request.user.get_username(), who)
        messages.success(request, f"Logins of {who} are unlocked.")
        return redirect("login_lockouts")


class LockoutsMenuItem(MenuItem):
    """The Settings menu entry, shown to those who may unlock."""

    def is_shown(self, request):
        return can_unlock(request.user)


def lockouts_menu_item():
    """Settings → Login lockouts."""
    return LockoutsMenuItem(
        "Login lockouts",
        reverse("login_lockouts"),
        name="login-lockouts",
        icon_name="lock",
        order=900,
    )
