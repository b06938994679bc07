"""Wagtail's user bar, for staff only, without asking anyone else's browser who it is."""

from django import template
from django.conf import settings

from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_userbar(context, position="bottom-right"):
    """Wagtail's `{% wagtailuserbar %}` for a request with a session cookie, nothing for the
    rest. Wagtail's tag reads `request.user`, which loads the session and makes the response
    `Vary: Cookie` even for a reader with no session: the page could then not be the one
    cached HTML for every reader. Staff always have a session (they signed in)."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context, position)
