"""One comment as HTML, written in Python: a page of comments shows thirty of them.

``templates/consultation/_comment.html`` calls ``{% comment_article %}``, so every page that
includes it (a subject's comments, a thread, a consultation) gets this markup. Through the
template engine each comment cost an include, three URL reversals and two date formats;
here the URLs are reversed once per page and the rest is a few string operations.

Residents' words are escaped (``escape``, ``_lines``) exactly as ``{{ … }}`` and the
``linebreaksbr`` filter did; nothing they wrote is ever marked safe as it is. A comment comes
as a ``selectors.PublicComment``: plain values, the email never among them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .models import Comment
from .selectors import CommentSummary, PublicComment, Thread

_SENTINEL = 987654321


def pk_url(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for a URL whose only argument is a pk, reversed once per process."""
    head, tail = _split(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return lambda pk: f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=64)
def _split(name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(name, urlconf=urlconf, args=[_SENTINEL]).rpartition(str(_SENTINEL))
    return head, tail


def _when(moment: datetime.datetime) -> tuple[str, str]:
    """``moment`` in local time as the template wrote it: ISO with its offset (``Y-m-d\\TH:i:sO``), and
    ``j F Y, H:i``. Django's ``dateformat`` took a tenth of a comment page to write sixty of these."""
    when = timezone.localtime(moment)
    text = f"{when.day} {MONTHS[when.month]} {when.year}, {when:%H:%M}"
    if when.replace(fold=1 - when.fold).utcoffset() != when.utcoffset():  # the hour the clocks go back:
        return dateformat.format(when, "Y-m-d\\TH:i:sO"), text  # Django's own rule for its offset
    return when.strftime("%Y-%m-%dT%H:%M:%S%z"), text


def _lines(text: str) -> str:
    """Django's ``linebreaksbr`` filter on plain text: escaped, each line ending a ``<br>``."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def placeholder(status: str, moderated_at: datetime.datetime | None) -> str:
    """What stands in for a comment the public no longer sees; empty for a published one."""
    if status == Comment.Status.PUBLISHED:
        return ""
    if status == Comment.Status.HIDDEN:
        return "Hidden while the moderators review it."
    if status == Comment.Status.REMOVED:
        if moderated_at is None:
            return "Deleted by its author."
        return f"Removed by the moderators on {date_format(timezone.localtime(moderated_at), 'j F Y')}."
    return str(Comment.Status(status).label)


@dataclass(frozen=True, slots=True)
class Actions:
    """Which links a page offers under each comment, with the URL makers reversed once for the page."""

    open_for_replies: bool
    can_respond: bool
    can_moderate: bool
    reply: Callable[[int], str] = field(default_factory=lambda: pk_url("consultation:comment-reply"))
    respond: Callable[[int], str] = field(default_factory=lambda: pk_url("consultation:comment-respond"))
    report: Callable[[int], str] = field(default_factory=lambda: pk_url("consultation:comment-report"))
    moderate: Callable[[int], str] = field(default_factory=lambda: pk_url("consultation:moderation-comment"))


def _article(out: list[str], comment: PublicComment, level: int, actions: Actions) -> None:
    pk = int(comment.pk)
    official = " comment-official" if comment.is_official else ""
    out.append(f'<article class="comment{official}" id="comment-{pk}">\n')
    stands_in = placeholder(comment.status, comment.moderated_at)
    if stands_in:
        out.append(
            f'<h{level} class="comment-author"><span class="comment-placeholder">{escape(stands_in)}</span>'
            f"</h{level}>\n"
        )
    else:
        name = escape(comment.display_name)
        badge = ""
        if comment.is_official:
            forum = escape(comment.forum_name or "the partnership")
            badge = f'<span class="official-badge">Response from {forum}</span>'
        area = f"· {escape(comment.area_name)} " if comment.area_name else ""
        iso, text = _when(comment.published_at or comment.created_at)
        out.append(
            f'<h{level} class="comment-author">\n{badge}<bdi>{name}</bdi>\n<span class="comment-meta">{area}· '
            f'<time datetime="{iso}">{text}</time></span>\n</h{level}>\n'
            f'<div class="comment-body" dir="auto">{_lines(comment.body)}</div>\n<ul class="comment-actions">\n'
        )
        top = not comment.parent_id
        if top and actions.open_for_replies:
            out.append(
                f'<li><a href="{actions.reply(pk)}">Reply<span class="visually-hidden"> to {name}</span></a></li>\n'
            )
        if top and actions.can_respond:
            out.append(
                f'<li><a href="{actions.respond(pk)}">Respond for the partnership<span class="visually-hidden">'
                f" to {name}</span></a></li>\n"
            )
        if not comment.is_official:
            out.append(
                f'<li><a href="{actions.report(pk)}">Report<span class="visually-hidden"> the comment by {name}'
                "</span></a></li>\n"
            )
        if actions.can_moderate:
            out.append(
                f'<li><a href="{actions.moderate(pk)}">Moderate<span class="visually-hidden"> comment {pk}</span>'
                "</a></li>\n"
            )
        out.append("</ul>\n")
    out.append("</article>\n")


def comment_article(comment: PublicComment, *, level: int, actions: Actions) -> SafeString:
    """The ``<article>`` of one comment, or of the placeholder standing in for one the public no longer sees."""
    out: list[str] = []
    _article(out, comment, level, actions)
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def comment_threads(threads: list[Thread], *, actions: Actions) -> SafeString:
    """A page's comments, each with its replies: the list ``_comment_list.html`` shows."""
    out = ['<ol class="comment-list list-unstyled">\n']
    for thread in threads:
        out.append("  <li>\n")
        _article(out, thread.comment, 3, actions)
        if thread.replies:
            out.append('    <ol class="reply-list list-unstyled" aria-label="Replies">\n')
            for reply in thread.replies:
                out.append("<li>\n")
                _article(out, reply, 4, actions)
                out.append("</li>")
            out.append("\n    </ol>\n")
        out.append("  </li>\n")
    out.append("</ol>\n")
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def comments_section(summary: CommentSummary, kind: str) -> SafeString:
    """The “What residents say” section of a theme or indicator page (``kind``): the count, the
    latest comments and, on a theme, each objective's count. Residents' words escaped as above."""
    plural = "" if summary.count == 1 else "s"
    out = [
        '<section id="residents-comments" aria-labelledby="residents-comments-heading" class="page-section">\n'
        '  <h2 id="residents-comments-heading">What residents say</h2>\n'
        f"  <p><strong>{int(summary.count)} comment{plural}</strong> on this {escape(kind)}. "
        f'<a href="{escape(summary.url)}">Read them and add yours</a>.</p>\n'
    ]
    on_theme = kind == "theme"
    if summary.latest:
        where = " on the theme, its objectives and measures" if on_theme else ""
        out.append(f'  <h3 class="h5">Latest comments{where}</h3>\n  <ul class="list-unstyled">\n')
        for comment in summary.latest:
            name = escape(comment.display_name)
            area = f", {escape(comment.area_name)}" if comment.area_name else ""
            posted_on = f" {escape(comment.posted_on)}" if on_theme and comment.posted_on else ""
            out.append(
                '    <li class="mb-3 border-start border-3 ps-3">\n'
                f'      <p class="mb-1"><bdi>{name}</bdi>{area}, {comment.day}{posted_on}:</p>\n'
                '      <blockquote class="mb-1 text-break fst-italic" dir="auto">'
                f"{_lines(Truncator(comment.body).chars(280))}</blockquote>\n"
                f'      <a href="{escape(comment.url)}">Read the comment and its replies'
                f'<span class="visually-hidden"> (by {name})</span></a>\n'
                "    </li>\n"
            )
        out.append("  </ul>\n")
    if summary.objectives:
        objective_url = pk_url("consultation:objective-comments")
        out.append('  <h3 class="h5">Comments on each objective</h3>\n  <ul>\n    ')
        for row in summary.objectives:
            plural = "" if row.count == 1 else "s"
            out.append(
                f'<li><a href="{objective_url(row.objective.pk)}">{escape(row.objective.title)}</a> '
                f'<span class="text-secondary">({int(row.count)} comment{plural})</span></li>'
            )
        out.append("\n  </ul>\n")
    out.append("</section>\n")
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703
