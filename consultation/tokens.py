"""Signed links sent by email: confirm what you sent, delete your comment.

Nothing is stored: a token is the kind of thing, its id and its ``created_at`` (so a
resubmitted consultation response, which gets a new ``created_at``, makes the earlier
link stop working), signed with ``SECRET_KEY`` and a salt per purpose. Confirmation
links expire after ``CONSULTATION_CONFIRM_DAYS`` (7 by default); deletion links do not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing

# How long a residents' form, once handed out, can be sent back (``forms.ResidentForm``);
# the record of a form already accepted is kept at least this long (``services``).
FORM_MAX_AGE = datetime.timedelta(days=1)

CONFIRM_SALT = "consultation.confirm"
DELETE_SALT = "consultation.delete-comment"


class Kind(StrEnum):
    COMMENT = "comment"
    SUGGESTION = "suggestion"
    RESPONSE = "response"
    WORKSHOP = "workshop"
    MAILING_LIST = "mailing-list"


class BadToken(Exception):
    """The link was altered, has expired, or was never ours."""


@dataclass(frozen=True)
class TokenData:
    kind: Kind
    pk: int
    stamp: int

    def matches(self, obj) -> bool:
        return obj is not None and version_of(obj) == self.stamp


def version_of(obj) -> int:
    created: datetime.datetime = obj.created_at
    return int(created.timestamp() * 1_000_000)


def confirm_days() -> int:
    return settings.CONSULTATION_CONFIRM_DAYS


def make_confirm_token(kind: Kind, obj) -> str:
    return signing.dumps([str(kind), obj.pk, version_of(obj)], salt=CONFIRM_SALT, compress=True)


def make_delete_token(comment) -> str:
    return signing.dumps([Kind.COMMENT.value, comment.pk, version_of(comment)], salt=DELETE_SALT, compress=True)


def _read(token: str, *, salt: str, max_age: datetime.timedelta | None) -> TokenData:
    if len(token) > 400:
        raise BadToken("Too long.")
    try:
        kind, pk, stamp = signing.loads(token, salt=salt, max_age=max_age)
        return TokenData(Kind(kind), int(pk), int(stamp))
    except (signing.BadSignature, ValueError, TypeError) as exc:  # SignatureExpired is a BadSignature
        raise BadToken(str(exc)) from exc


def read_confirm_token(token: str) -> TokenData:
    return _read(token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=confirm_days()))


def read_delete_token(token: str) -> TokenData:
    return _read(token, salt=DELETE_SALT, max_age=None)
