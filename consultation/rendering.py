"""One comment as HTML, written in Python: a page of comments shows thirty of them.

``templates/consultation/_comment.html`` calls ``{% comment_article %}``, so every page that
includes it (a subject's comments, a thread, a consultation) gets this markup. Through the
template engine each comment cost an include, three URL reversals and two date formats;
here the URLs are reversed once per page and the rest is a few string operations.

Residents' words are escaped (``escape``, ``linebreaksbr``) exactly as ``{{ … }}`` and the
``linebreaksbr`` filter did; nothing they wrote is ever marked safe as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

from .models import Comment

_SENTINEL = 987654321
_ISO_FORMAT = "Y-m-d\\TH:i:sO"  # as the template wrote it: local time with its offset


def pk_url(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for a URL whose only argument is a pk, reversed once per process."""
    head, tail = _split(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return lambda pk: f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=64)
def _split(name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(name, urlconf=urlconf, args=[_SENTINEL]).rpartition(str(_SENTINEL))
    return head, tail


def comment_article(
    comment: Comment, *, level: int, placeholder: str, open_for_replies: bool, can_respond: bool, can_moderate: bool
) -> SafeString:
    """The ``<article>`` of one comment, or of the placeholder standing in for one the public no longer sees."""
    official = " comment-official" if comment.is_official else ""
    out = [f'<article class="comment{official}" id="comment-{int(comment.pk)}">\n']
    if placeholder:
        out.append(
            f'<h{level} class="comment-author"><span class="comment-placeholder">{escape(placeholder)}</span>'
            f"</h{level}>\n"
        )
    else:
        name = escape(comment.display_name)
        badge = ""
        if comment.is_official:
            forum = comment.responding_forum.name if comment.responding_forum_id else ""
            badge = f'<span class="official-badge">Response from {escape(forum or "the partnership")}</span>'
        area = f"· {escape(comment.area.name)} " if comment.area_id else ""
        when = timezone.localtime(comment.published_at or comment.created_at)
        out.append(
            f'<h{level} class="comment-author">\n{badge}<bdi>{name}</bdi>\n<span class="comment-meta">{area}· '
            f'<time datetime="{dateformat.format(when, _ISO_FORMAT)}">{dateformat.format(when, "j F Y, H:i")}'
            f"</time></span>\n</h{level}>\n"
            f'<div class="comment-body" dir="auto">{linebreaksbr(comment.body)}</div>\n<ul class="comment-actions">\n'
        )
        if not comment.parent_id and open_for_replies:
            url = pk_url("consultation:comment-reply")(comment.pk)
            out.append(f'<li><a href="{url}">Reply<span class="visually-hidden"> to {name}</span></a></li>\n')
        if not comment.parent_id and can_respond:
            url = pk_url("consultation:comment-respond")(comment.pk)
            out.append(
                f'<li><a href="{url}">Respond for the partnership<span class="visually-hidden"> to {name}</span>'
                "</a></li>\n"
            )
        if not comment.is_official:
            url = pk_url("consultation:comment-report")(comment.pk)
            out.append(
                f'<li><a href="{url}">Report<span class="visually-hidden"> the comment by {name}</span></a></li>\n'
            )
        if can_moderate:
            url = pk_url("consultation:moderation-comment")(comment.pk)
            out.append(
                f'<li><a href="{url}">Moderate<span class="visually-hidden"> comment {int(comment.pk)}</span>'
                "</a></li>\n"
            )
        out.append("</ul>\n")
    out.append("</article>\n")
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703
