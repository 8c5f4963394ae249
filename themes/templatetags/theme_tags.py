"""Tags for showing the plan's objectives and actions."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def progress_status(item) -> str:
    """``{% progress_status objective %}``: an objective's or action's progress, labelled for screen readers."""
    return format_html(
        '<span class="progress-status progress-{}"><span class="visually-hidden">Status: </span>{}</span>\n',
        item.status,
        item.get_status_display(),
    )
