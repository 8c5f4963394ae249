"""Tags for the layout every page shares (``base.html`` and its includes)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% url name %}`` for a URL without arguments, reversed once per process.

    The header, menu and footer name about twenty such URLs on every page; reversing each
    one every time was a third of the cost of the page around the content.
    """
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)
