"""Tags for the layout every page shares (``base.html`` and its includes)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

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


# The header and footer of a page nobody is signed in to, by everything they show (``_layout_key``).
_LAYOUTS_KEPT = 256
_layouts: dict[tuple, SafeString] = {}


@register.simple_tag(takes_context=True)
def site_layout(context, template_name: str) -> SafeString:
    """``{% site_layout "includes/site_header.html" %}``: the include, rendered once per process for
    each thing it can show to a visitor who is not signed in, and on every page for one who is.

    The header (two menus, the account links) and the footer cost about as much as the
    whole of a small page's middleware. For an anonymous visitor they depend only on the
    page's view (which menu item is current), the plan's title and the URL prefix, which
    make the key; a signed-in person's links (and the sign-out form's CSRF token) are never kept.
    """
    key = _layout_key(context, template_name)
    html = _layouts.get(key) if key is not None else None
    if html is None:
        html = mark_safe(context.template.engine.get_template(template_name).render(context))  # noqa: S308 # nosec B308 B703 — a template's output, escaped by it
        if key is not None:
            if len(_layouts) >= _LAYOUTS_KEPT:
                _layouts.clear()
            _layouts[key] = html
    return html


def _layout_key(context, template_name: str) -> tuple | None:
    user = context.get("user")
    if user is None or user.is_authenticated:
        return None
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    plan = context.get("plan")
    name = context.get("name")  # the footer marks the current page by a ``name`` a page may set
    if name is not None and not isinstance(name, str):
        return None
    return (
        template_name,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        match.view_name if match else None,
        match.namespace if match else None,
        getattr(plan, "title", None) if plan else None,
        bool(context.get("partnership_list")),
        context.get("SITE_NAME"),
        name,
    )
