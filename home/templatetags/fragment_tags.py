"""`{% cached_fragment %}`: parts of a page kept rendered, dropped by tag versions
(home/fragment_cache.py)."""

from django import template

from home.fragment_cache import do_cached_fragment

register = template.Library()
register.tag("cached_fragment", do_cached_fragment)
