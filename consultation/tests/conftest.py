"""Fixtures for the consultation tests, on top of the root ``tiny_plan`` and ``personas``.

``site`` adds three consultations (open, upcoming, closed with published results) with
one question of each kind. ``make_comment`` and friends write rows straight to the
database for tests that need data in a given state; tests of the flows themselves post
the forms. ``form_data`` builds a form submission that passes the spam checks (a
timestamp from a minute ago, the honeypot empty).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.utils import timezone

from consultation.forms import form_stamp
from consultation.models import (
    Answer,
    Choice,
    Comment,
    Consultation,
    ConsultationResponse,
    Question,
    Suggestion,
)

# --- Helpers ----------------------------------------------------------------------------------------


def make_comment(subject=None, *, parent=None, status=Comment.Status.PUBLISHED, **fields) -> Comment:
    """A comment on ``subject`` (a theme, objective, indicator or consultation), or a reply to ``parent``."""
    from consultation.services import subject_fields

    now = timezone.now()
    defaults = {
        "display_name": "Resident",
        "email": "resident@example.org",
        "body": "A comment.",
        "created_at": now,
        "confirmed_at": now,
    }
    if status == Comment.Status.PUBLISHED:
        defaults["published_at"] = fields.get("created_at", now)
    if parent is not None:
        where = {f"{n}_id": getattr(parent, f"{n}_id") for n in ("theme", "objective", "indicator", "consultation")}
    else:
        where = subject_fields(subject)
    return Comment.objects.create(**where, parent=parent, status=status, **{**defaults, **fields})


def make_consultation(plan, slug: str, *, opens_at, closes_at, **fields) -> Consultation:
    defaults = {
        "title": slug.replace("-", " ").capitalize(),
        "summary": f"What you think about {slug.replace('-', ' ')}.",
        "background": "Background.\n\nMore background.",
        "is_published": True,
    }
    return Consultation.objects.create(
        plan=plan, slug=slug, opens_at=opens_at, closes_at=closes_at, **{**defaults, **fields}
    )


def add_questions(consultation: Consultation) -> dict[str, Question]:
    """One question of each kind: free text, single choice (yes/no), multiple choice, rating."""
    text = Question.objects.create(consultation=consultation, order=1, kind="text", text="What would help?")
    single = Question.objects.create(
        consultation=consultation, order=2, kind="single", text="Do you feel safe?", required=True
    )
    for i, label in enumerate(["Yes", "No"]):
        Choice.objects.create(question=single, text=label, order=i)
    multiple = Question.objects.create(consultation=consultation, order=3, kind="multiple", text="Which matter?")
    for i, label in enumerate(["Lighting", "Patrols", "CCTV"]):
        Choice.objects.create(question=multiple, text=label, order=i)
    rating = Question.objects.create(consultation=consultation, order=4, kind="rating", text="Rate the police")
    return {"text": text, "single": single, "multiple": multiple, "rating": rating}


def make_response(consultation, questions, *, email, single="Yes", multiple=(), rating=None, text="", confirmed=True):
    now = timezone.now()
    response = ConsultationResponse.objects.create(
        consultation=consultation, email=email, confirmed_at=now if confirmed else None
    )
    answer = Answer.objects.create(response=response, question=questions["single"])
    answer.choices.set(questions["single"].choices.filter(text=single))
    if multiple:
        answer = Answer.objects.create(response=response, question=questions["multiple"])
        answer.choices.set(questions["multiple"].choices.filter(text__in=multiple))
    if rating is not None:
        Answer.objects.create(response=response, question=questions["rating"], rating=rating)
    if text:
        Answer.objects.create(response=response, question=questions["text"], text=text)
    return response


def make_suggestion(theme, *, status=Suggestion.Status.RECEIVED, **fields) -> Suggestion:
    now = timezone.now()
    defaults = {
        "title": "More street lights",
        "body": "The alley by the station is dark.",
        "display_name": "Resident",
        "email": "suggester@example.org",
        "routed_to_id": theme.lead_forum_id,
        "confirmed_at": None if status == Suggestion.Status.UNCONFIRMED else now,
        "status_changed_at": now,
    }
    return Suggestion.objects.create(theme=theme, status=status, **{**defaults, **fields})


@dataclass
class Site:
    tiny: object  # the root conftest's TinyPlan
    open: Consultation
    upcoming: Consultation
    closed: Consultation
    questions: dict[str, Question]  # the open consultation's
    closed_questions: dict[str, Question]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The personas' passwords are hashed once each; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site(tiny_plan, shared_data) -> Site:
    """The tiny plan with an open, an upcoming, a closed and a draft consultation."""
    return shared_data.get("site", tiny_plan)


def _build_site(tiny_plan) -> Site:
    now = timezone.now()
    day = datetime.timedelta(days=1)
    open_ = make_consultation(
        tiny_plan.plan,
        "street-safety",
        opens_at=now - 5 * day,
        closes_at=now + 10 * day,
        lead_forum=tiny_plan.safety_forum,
    )
    open_.themes.set([tiny_plan.safety])
    open_.areas.set([tiny_plan.boxmoor])
    upcoming = make_consultation(tiny_plan.plan, "parks", opens_at=now + 3 * day, closes_at=now + 30 * day)
    upcoming.themes.set([tiny_plan.environment])
    closed = make_consultation(
        tiny_plan.plan,
        "town-centre",
        opens_at=now - 60 * day,
        closes_at=now - 30 * day,
        results_published=True,
        free_text_themes="People asked for more lighting.",
        you_said_we_did="You said the car park was dark; we put in new lights.",
        lead_forum=tiny_plan.safety_forum,
    )
    closed.themes.set([tiny_plan.safety])
    make_consultation(tiny_plan.plan, "draft", opens_at=now - day, closes_at=now + day, is_published=False)
    return Site(tiny_plan, open_, upcoming, closed, add_questions(open_), add_questions(closed))


# Built once for consecutive tests of a module, each rolled back to it (the root conftest.py's SharedData).
SHARED_DATA = {"site": (_build_site, ("tiny_plan",))}


@pytest.fixture
def form_data():
    """``form_data(**fields)``: a submission that passes the spam checks."""

    def build(**fields) -> dict[str, str]:
        return {"started": form_stamp(time.time() - 60), "extra_comments": "", **fields}

    return build


@pytest.fixture
def comment_fields(form_data):
    def build(**fields) -> dict[str, str]:
        return form_data(
            **{"display_name": "Jo", "email": "jo@example.org", "area": "", "body": "More lights, please.", **fields}
        )

    return build


# --- HTML checks ------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG elements may close themselves (<rect/>); these are reported by the parser as startendtag.
OPTIONAL_END = {"p", "li", "option", "tr", "td", "th", "dt", "dd", "thead", "tbody"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.refs: list[tuple[str, str]] = []
        self.problems: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            for ref in (attrs.get(name) or "").split():
                self.refs.append((name, ref))
        if tag == "label" and attrs.get("for"):
            self.refs.append(("for", attrs["for"]))
        if tag == "a" and len(attrs.get("href") or "") > 1 and attrs["href"].startswith("#"):
            self.refs.append(("href", attrs["href"][1:]))  # in-page links, the error summary's among them
        # The error summary's heading comes before the h1, as GOV.UK places it: outside the outline.
        if (
            len(tag) == 2
            and tag[0] == "h"
            and tag[1].isdigit()
            and "error-summary-title" not in (attrs.get("class") or "")
        ):
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def check_html(html: str) -> None:
    """Well-formed enough for a validator: balanced tags, unique ids, references (and in-page links)
    that resolve, headings that do not skip a level on the way down."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, checker.problems[:5]
    remaining = [tag for tag in checker.stack if tag not in OPTIONAL_END]
    assert not remaining, remaining
    duplicates = {i for i in checker.ids if checker.ids.count(i) > 1}
    assert not duplicates, duplicates
    missing = [(kind, ref) for kind, ref in checker.refs if ref not in checker.ids]
    assert not missing, missing
    previous = 0
    for level in checker.headings:
        assert level <= previous + 1, f"heading h{level} after h{previous}: {checker.headings}"
        previous = level


@pytest.fixture
def page_ok(public_page):
    """``page_ok(response, title)``: the shared page shell, valid-looking HTML; returns the HTML."""

    def check(response, title: str, *, breadcrumbs: bool = True) -> str:
        html = public_page(response, title, breadcrumbs=breadcrumbs)
        check_html(html)
        return html

    return check
