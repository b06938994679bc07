"""The Content-Security-Policy of each response: the strict public policy everywhere but
the Wagtail admin, whose pages (previews included) get CONTENT_SECURITY_POLICY_ADMIN.

django-csp 4 chooses a policy per view with decorators, but Wagtail's admin views are
Wagtail's, so the admin's is chosen by path here, through the library's own hook for that
(`get_policy_parts`): one rule for every admin URL, present and future.

Images are allowed from one more origin only when the media storage hands out URLs on
another host (S3 without a custom domain on the site's own host, say): the policy follows
what is configured, and `check --deploy` warns about it (clinicsite/checks.py).
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages
from django.http.request import validate_host
from django.urls import reverse

from csp.middleware import CSPMiddleware, PolicyParts


@cache
def admin_prefix():
    """The Wagtail admin's path prefix ("/admin/"), from the URLconf."""
    return reverse("wagtailadmin_home")


def is_admin_path(path):
    """Whether `path` (a request's path_info) is the admin's, previews included."""
    return path.startswith(admin_prefix())


def is_admin_request(request):
    """Whether `request` is the admin's: an admin path, or the request Wagtail makes up to
    render a preview (`is_dummy`: it carries the page's own path, and its response, with the
    policy this middleware gave it inside, is the one the admin's preview panel frames)."""
    return is_admin_path(request.path_info) or getattr(request, "is_dummy", False)


@cache
def storage_origin(storage):
    """The origin (scheme://host[:port]) of the URLs `storage` gives its files, or None
    when they are relative to the site (a FileSystemStorage under MEDIA_URL = "/media/").

    Cached per storage object: Django makes new ones when STORAGES changes. The first call
    on S3 without a custom domain builds boto3's client (no request is sent)."""
    parts = urlsplit(storage.url("original_images/origin-probe.jpg"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None


def media_origin():
    """The origin of uploaded media's URLs (str) when it is not the site's own, else None.

    The site's own: relative URLs, or one of ALLOWED_HOSTS on the scheme's usual port; the
    policy's 'self' covers those. Another port of an allowed host is another origin."""
    origin = storage_origin(storages["default"])
    if origin is None:
        return None
    parts = urlsplit(origin)
    if parts.port is None and validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return None
    return origin


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, giving admin requests the admin's policy; never a nonce
    (public pages are cached for every reader, and a nonce switches 'unsafe-inline' off)."""

    def get_policy_parts(self, request, response, report_only=False):
        """The library's parts, with the admin's directives on admin paths (a PolicyParts)."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts = PolicyParts(
                config=settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
            )
        update = parts.update
        if not report_only and (origin := media_origin()):
            # Pictures come from the media host; nothing else does.
            update = {**(update or {}), "img-src": [*(update or {}).get("img-src", ()), origin]}
        return PolicyParts(parts.config, update, parts.replace, nonce=None)
