"""The crisis line in templates, from home/crisis.py: `{% crisis_line %}` writes "call or
text 988 (Suicide & Crisis Lifeline, free, 24/7) or dial 911" with tap-to-call links, to
follow a lead-in such as "In a crisis,"; `{% crisis_line_text %}` writes it as plain text
(for emails and the admin). Neither needs a request or the database (the 500 page uses it)."""

from django import template
from django.utils.html import format_html

from home import crisis

register = template.Library()


@register.simple_tag
def crisis_line():
    return format_html(
        '<span class="crisis-line">call or text <a href="tel:{number}">{number}</a> '
        '({name}, free, 24/7) or dial <a href="tel:{emergency}">{emergency}</a></span>',
        number=crisis.CRISIS_LINE_NUMBER,
        name=crisis.CRISIS_LINE_NAME,
        emergency=crisis.EMERGENCY_NUMBER,
    )


@register.simple_tag
def crisis_line_text():
    return crisis.crisis_line_text()
