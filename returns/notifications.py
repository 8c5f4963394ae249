"""Who is told when a quarterly return moves on, and what they are told.

| step | who is told | what the email gives them |
| --- | --- | --- |
| submitted | the forum's leads | a link to the return, to approve it or send it back |
| sent back | the forum's officers | the reason, and a link to the form to change it |
| approved | the forum's officers | that its figures are published, and a link to the return |
| reopened | the forum's officers | the reason, and a link to the form |

The person who took the step is not told about it. One message per person (nobody sees
who else was told). The workflow services queue ``send_return_notification_task`` with
``on_commit``, so nothing is sent for a step that rolled back and a slow mail server never
holds a request; links are built on ``PORTAL_BASE_URL``.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from partnership.links import portal_url

from .models import QuarterlyReturn
from .reminders import Recipients

logger = logging.getLogger(__name__)


class ReturnEvent(StrEnum):
    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    REOPENED = "reopened"


_SUBJECTS = {
    ReturnEvent.SUBMITTED: "Ready for your sign-off: the {what}",
    ReturnEvent.SENT_BACK: "Sent back for changes: the {what}",
    ReturnEvent.APPROVED: "Approved and published: the {what}",
    ReturnEvent.REOPENED: "Reopened: the {what}",
}


def return_notification_send(*, return_id: int, event: str, by_id: int | None = None) -> int:
    """Tell the people the step concerns; how many were sent (0 if the return is gone)."""
    event = ReturnEvent(event)
    quarterly_return = QuarterlyReturn.objects.select_related("forum", "period").filter(pk=return_id).first()
    if quarterly_return is None:
        return 0
    forum = quarterly_return.forum
    recipients = Recipients([forum], exclude_user_id=by_id)
    to = recipients.leads_of(forum) if event == ReturnEvent.SUBMITTED else recipients.officers_of(forum)
    if not to:
        logger.warning("No one with an email address to tell that the %s was %s", quarterly_return, event)
        return 0
    editable = event in {ReturnEvent.SENT_BACK, ReturnEvent.REOPENED}
    path = quarterly_return.get_edit_url() if editable else quarterly_return.get_absolute_url()
    what = f"{forum.name} return for {quarterly_return.period.label}"
    context = {"event": event.value, "ret": quarterly_return, "url": portal_url(path)}
    body = render_to_string("emails/return_event.txt", context)
    subject = _SUBJECTS[event].format(what=what).replace("the The ", "the ")
    get_connection().send_messages([EmailMessage(subject=subject, body=body, to=[address]) for address in to])
    return len(to)
