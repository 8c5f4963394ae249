"""Keep the public page cache honest about residents' words.

The public app caches theme and indicator pages for anonymous visitors, and this
app's sections are on them (comment counts, the latest comments, “you said, we did”).
The content version (``partnership.cache``) is raised when something the public sees
changes: a comment or suggestion saved in a state the public can see (or deleted from
one), and any change to a consultation. Unconfirmed and pending submissions change
nothing public, so a flood of them does not empty the cache.

Comment pages carry the residents' form, so they are cached with holes: the CSRF token
and the form's signed timestamp are filled in afresh for every visitor (otherwise the
minimum fill time would count from when the page was cached, not when it was opened).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from partnership.cache import bump_content_version, count_changes_of, invalidate_on, register_hole

from .forms import form_stamp
from .models import Choice, Comment, Consultation, Question, Suggestion

PRIVATE_COMMENT_STATUSES = {Comment.Status.UNCONFIRMED, Comment.Status.PENDING}


def _comment_changed(sender, instance: Comment, **_) -> None:
    # A rejection of a pending comment is counted too: it is rare, and simpler than knowing the old state.
    if instance.status not in PRIVATE_COMMENT_STATUSES:
        bump_content_version(instance=instance)


def _suggestion_changed(sender, instance: Suggestion, **_) -> None:
    if instance.status != Suggestion.Status.UNCONFIRMED:
        bump_content_version(instance=instance)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_comment_changed, sender=Comment, dispatch_uid="consultation-cache-comment", weak=False)
        signal.connect(_suggestion_changed, sender=Suggestion, dispatch_uid="consultation-cache-suggestion", weak=False)
    invalidate_on(Consultation, Question, Choice)
    # The board dashboard counts comments in every state (awaiting moderation included).
    count_changes_of("comments", Comment)
    # ``ResidentForm.started``, as Django's hidden input writes it.
    register_hole("form-started", r'name="started" value="([\w:-]+)"', lambda request: form_stamp())
