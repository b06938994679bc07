"""The Content-Security-Policy of each response: the strict public policy everywhere but
the Wagtail admin, whose pages (previews included) get CONTENT_SECURITY_POLICY_ADMIN.

django-csp 4 chooses a policy per view with decorators, but Wagtail's admin views are
Wagtail's, so the admin's is chosen by path here, through the library's own hook for that
(`get_policy_parts`): one rule for every admin URL, present and future.
"""

from functools import cache

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware, PolicyParts


@cache
def admin_prefix():
    """The Wagtail admin's path prefix ("/admin/"), from the URLconf."""
    return reverse("wagtailadmin_home")


def is_admin_path(path):
    """Whether `path` (a request's path_info) is the admin's, previews included."""
    return path.startswith(admin_prefix())


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, giving admin requests the admin's policy; never a nonce
    (public pages are cached for every reader, and a nonce switches 'unsafe-inline' off)."""

    def get_policy_parts(self, request, response, report_only=False):
        """The library's parts, with the admin's directives on admin paths (a PolicyParts)."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts = PolicyParts(
                config=settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
            )
        return PolicyParts(parts.config, parts.update, parts.replace, nonce=None)
