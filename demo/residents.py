"""Demonstration content for residents having their say, on top of the Dacorum demo.

Adds, once: published comments on “Reducing Crime and Feeling Safe” (one answered by
the forum lead, one with a resident's reply), a comment on one of its objectives and
one of its indicators; an open consultation asking all four kinds of question; a closed
one with forty confirmed responses, published results and “you said, we did”; and a
suggestion in each status, the adopted one linked to the objective and action it
became, with what that achieved.

Idempotent: every row has a natural key (a slug, a title, a name and text) and is
created only if missing, so a second run writes nothing. Like the plan's demo loader it
writes through the ORM rather than the services: it sets up a finished history
(confirmed, moderated, answered) that the services would reach only by sending the
emails and clicking the links, and it must send no email. Dates are relative to the
day it first runs, so the open consultation is open then.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from consultation.models import (
    Answer,
    Choice,
    Comment,
    Consultation,
    ConsultationResponse,
    MailingListRequest,
    ModerationAction,
    Question,
    RequestStatus,
    Suggestion,
    WorkshopRequest,
)
from partnership import scope
from partnership.models import Area, CommunityPlan, Forum, User
from themes.models import Achievement, Action, Objective, Theme

PLAN_SLUG = "dacorum-2015"
THEME_SLUG = "reducing-crime-and-feeling-safe"
DEMO_EMAIL_DOMAIN = "residents.example.invalid"  # never deliverable


def _email(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{DEMO_EMAIL_DOMAIN}"


class Loader:
    def __init__(self, plan: CommunityPlan, theme: Theme, now: dt.datetime):
        self.plan, self.theme, self.now = plan, theme, now
        self.created: dict[str, int] = {}
        self.wards = {ward.name: ward for ward in Area.objects.all()}
        self.support = User.objects.filter(username="support").first()
        self.lead = User.objects.filter(username="forumlead").first()

    def _count(self, label: str, created: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1

    def days_ago(self, days: float) -> dt.datetime:
        return self.now - dt.timedelta(days=days)

    def at_five(self, days_from_now: int) -> dt.datetime:
        """17:00 local time, ``days_from_now`` days from today (negative: in the past)."""
        day = timezone.localdate(self.now) + dt.timedelta(days=days_from_now)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))

    def ward(self, name: str) -> Area | None:
        return self.wards.get(name)

    # --- Comments -------------------------------------------------------------------------------

    def comment(self, *, where: dict, name: str, ward: str, body: str, days: float, parent=None) -> Comment:
        existing = Comment.objects.filter(**where, display_name=name, body=body).first()
        if existing is not None:
            return existing
        when = self.days_ago(days)
        comment = Comment.objects.create(
            **where,
            parent=parent,
            display_name=name,
            email=_email(name),
            area=self.ward(ward),
            body=body,
            status=Comment.Status.PUBLISHED,
            created_at=when,
            confirmed_at=when + dt.timedelta(minutes=7),
            published_at=when + dt.timedelta(hours=20),
            moderated_at=when + dt.timedelta(hours=20),
        )
        ModerationAction.objects.create(
            comment=comment, kind=ModerationAction.Kind.APPROVE, by=self.support, at=comment.published_at
        )
        self._count("comments", True)
        return comment

    def official_response(self, *, parent: Comment, body: str, days: float) -> Comment | None:
        if self.lead is None:
            return None
        existing = Comment.objects.filter(parent=parent, is_official=True, body=body).first()
        if existing is not None:
            return existing
        when = self.days_ago(days)
        response = Comment.objects.create(
            theme_id=parent.theme_id,
            objective_id=parent.objective_id,
            indicator_id=parent.indicator_id,
            parent=parent,
            display_name=self.lead.get_full_name() or self.lead.username,
            body=body,
            status=Comment.Status.PUBLISHED,
            is_official=True,
            responding_forum=self.theme.lead_forum,
            author=self.lead,
            created_at=when,
            confirmed_at=when,
            published_at=when,
        )
        self._count("official responses", True)
        return response

    def comments(self) -> None:
        theme_only = {"theme": self.theme}
        lights = self.comment(
            where=theme_only,
            name="Pat",
            ward="Grovehill",
            body=(
                "The footpath from Grovehill shops to the bus stops on Henry Wells Square is very dark after 6pm "
                "in winter. My daughter won't walk it any more. Could the lights there be looked at?"
            ),
            days=12,
        )
        self.official_response(
            parent=lights,
            body=(
                "Thank you, Pat. We have passed this to the borough council's street lighting team, who will "
                "survey the path this month. The Grovehill neighbourhood panel will hear the result at its next "
                "meeting, and we will post an update here."
            ),
            days=10,
        )
        self.comment(
            where=theme_only,
            parent=lights,
            name="Sam from Grovehill",
            ward="Grovehill",
            body="Same for the underpass by the school. Two of the lights have been out since October.",
            days=9,
        )
        self.comment(
            where=theme_only,
            name="Margaret",
            ward="Boxmoor",
            body=(
                "It's good to see our PCSO at the ward panel every quarter. We would like more patrols near the "
                "canal in the summer evenings, when groups gather by the lock."
            ),
            days=6,
        )
        self.comment(
            where=theme_only,
            name="Daniel",
            ward="Tring Central",
            body=(
                "Crime figures for Tring look low, but people don't report bike thefts because they don't think "
                "anything will happen. Is there an easier way to report them online?"
            ),
            days=3,
        )
        objective = Objective.objects.filter(theme=self.theme).order_by("order", "pk").first()
        if objective is not None:
            self.comment(
                where={"theme": self.theme, "objective": objective},
                name="Aisha",
                ward="Adeyfield West",
                body="The neighbourhood panel meetings are at 2pm on weekdays. Evening meetings would let working "
                "people come.",
                days=8,
            )
        indicator = self.theme.indicators.filter(is_public=True).order_by("order", "code").first()
        if indicator is not None:
            self.comment(
                where={"theme": self.theme, "indicator": indicator},
                name="Chris",
                ward="Hemel Hempstead Town",
                body="Does this survey ask people in every ward, or only in the town centre?",
                days=5,
            )

    # --- Consultations ----------------------------------------------------------------------------

    def consultation(self, slug: str, **fields) -> tuple[Consultation, bool]:
        consultation, created = Consultation.objects.get_or_create(slug=slug, defaults={"plan": self.plan, **fields})
        self._count("consultations", created)
        if created:
            consultation.themes.set([self.theme])
        return consultation, created

    def questions(self, consultation: Consultation, *, area: str) -> dict[str, Question]:
        spec = [
            ("single", f"Do you feel safe walking in {area} after dark?", True, ["Yes", "Mostly", "No"]),
            (
                "multiple",
                "Which of these would make you feel safer?",
                False,
                ["Better street lighting", "More police patrols", "CCTV", "Cutting back overgrown paths"],
            ),
            ("rating", "How well do the police and council deal with the problems you report?", False, []),
            ("text", "Is there a place near you that feels unsafe? Tell us where, and why.", False, []),
        ]
        questions = {}
        for order, (kind, text, required, choices) in enumerate(spec, start=1):
            question, created = Question.objects.get_or_create(
                consultation=consultation,
                order=order,
                defaults={"kind": kind, "text": text, "required": required},
            )
            if created:
                Choice.objects.bulk_create(
                    Choice(question=question, text=label, order=i) for i, label in enumerate(choices)
                )
            questions[kind] = question
        return questions

    def consultations(self) -> None:
        lead_forum = self.theme.lead_forum
        open_, _ = self.consultation(
            "feeling-safe-after-dark",
            title="Feeling safe after dark",
            summary="Where do you feel unsafe after dark, and what would help? Your answers shape the "
            "partnership's lighting and patrol plans for next winter.",
            background=(
                "Fewer residents say they feel safe outside in their area after dark than the plan aims for. "
                "Before the partnership agrees next year's action plan, it wants to know where people feel unsafe "
                "and what would make the most difference.\n\n"
                "The Community Safety Partnership will publish the results here, with what it decides to do."
            ),
            lead_forum=lead_forum,
            opens_at=self.at_five(-7),
            closes_at=self.at_five(21),
            is_published=True,
        )
        self.questions(open_, area="your area")

        closed, created = self.consultation(
            "town-centre-safety-2014",
            title="Hemel Hempstead town centre at night",
            summary="What residents told us about the town centre at night, and what the partnership did.",
            background=(
                "In 2014 the partnership asked residents how safe they felt in Hemel Hempstead town centre in the "
                "evening, before reviewing the controlled drinking zone."
            ),
            lead_forum=lead_forum,
            opens_at=self.at_five(-120),
            closes_at=self.at_five(-60),
            is_published=True,
            results_published=True,
            free_text_themes=(
                "Most comments were about the walk between the bus station and the Marlowes after 10pm: poor "
                "lighting by the Water Gardens, and groups drinking on the benches. Several people asked for "
                "taxi marshals on Friday and Saturday nights. A few praised the street pastors."
            ),
            you_said_we_did=(
                "You said the Water Gardens path was dark: the council has replaced twelve lamps there with brighter "
                "LED lights.\n\n"
                "You said drinking on the benches made you feel unsafe: the controlled drinking zone has been "
                "renewed and is now enforced on Friday and Saturday nights by the Safer Neighbourhood Team.\n\n"
                "You asked for taxi marshals: we are working with the licensed taxi trade to pilot them over the "
                "Christmas weeks."
            ),
        )
        if created:
            closed.areas.set([w for name, w in self.wards.items() if name.startswith("Hemel Hempstead")])
        questions = self.questions(closed, area="the town centre")
        self.responses(closed, questions)

    def responses(self, consultation: Consultation, questions: dict[str, Question]) -> None:
        if consultation.responses.exists():
            return
        rng = random.Random("dacorum-demo:town-centre-responses")
        choices = {kind: list(q.choices.order_by("order")) for kind, q in questions.items()}
        wards = list(self.wards.values())
        texts = [
            "The path by the Water Gardens is very dark.",
            "Taxi marshals at the weekend, please.",
            "The street pastors do a great job.",
            "Groups drinking on the benches by the bus station.",
        ]
        for n in range(40):
            when = consultation.opens_at + dt.timedelta(hours=rng.randint(1, 24 * 55))
            response = ConsultationResponse.objects.create(
                consultation=consultation,
                email=f"respondent-{n + 1}@{DEMO_EMAIL_DOMAIN}",
                area=rng.choice(wards) if wards else None,
                created_at=when,
                confirmed_at=when + dt.timedelta(minutes=5),
            )
            single = Answer.objects.create(response=response, question=questions["single"])
            single.choices.set([rng.choices(choices["single"], weights=[3, 4, 5])[0]])
            picked = [c for c in choices["multiple"] if rng.random() < 0.5]
            if picked:
                multiple = Answer.objects.create(response=response, question=questions["multiple"])
                multiple.choices.set(picked)
            if rng.random() < 0.8:
                Answer.objects.create(
                    response=response,
                    question=questions["rating"],
                    rating=rng.choices([1, 2, 3, 4, 5], [2, 4, 6, 5, 2])[0],
                )
            if rng.random() < 0.4:
                Answer.objects.create(response=response, question=questions["text"], text=rng.choice(texts))
        self.created["consultation responses"] = 40

    # --- Suggestions ----------------------------------------------------------------------------

    def suggestion(self, title: str, **fields) -> Suggestion:
        name = fields.pop("display_name")
        days = fields.pop("days")
        when = self.days_ago(days)
        suggestion, created = Suggestion.objects.get_or_create(
            title=title,
            theme=fields.pop("theme", self.theme),
            defaults={
                "display_name": name,
                "email": _email(name),
                "routed_to": self.theme.lead_forum,
                "created_at": when,
                "confirmed_at": when + dt.timedelta(minutes=3),
                "status_changed_at": when + dt.timedelta(days=min(days / 2, 30)),
                **fields,
            },
        )
        self._count("suggestions", created)
        return suggestion

    def suggestions(self) -> None:
        objective = Objective.objects.filter(theme=self.theme, title__icontains="designing out crime").first()
        action = Action.objects.filter(objective=objective, title__icontains="lighting").first() if objective else None
        if objective is not None:
            Achievement.objects.get_or_create(
                theme=self.theme,
                text="Lighting improved in 23 underpasses and alleyways that residents and ward panels identified.",
                defaults={"objective": objective, "achieved_on": dt.date(2012, 3, 31), "order": 100},
            )
        self.suggestion(
            "Light the alleyways and underpasses people have to use at night",
            display_name="Jean",
            area=self.ward("Highfield"),
            body=(
                "Several alleyways between the estates and the bus stops have no working lights. Ask residents "
                "which ones they avoid, and light those first."
            ),
            status=Suggestion.Status.ADOPTED,
            response=(
                "Adopted. Ward panels collected the places residents named, and lighting and sight lines were "
                "improved in the underpasses and alleyways they identified."
            ),
            became_objective=objective,
            became_action=action,
            days=400,
        )
        self.suggestion(
            "Evening neighbourhood panel meetings",
            display_name="Aisha",
            area=self.ward("Adeyfield West"),
            body="Hold at least some ward panel meetings in the evening so that people who work can come.",
            status=Suggestion.Status.UNDER_CONSIDERATION,
            days=40,
        )
        self.suggestion(
            "Report bike thefts online",
            display_name="Daniel",
            area=self.ward("Tring Central"),
            body="A simple online form for reporting bike theft, so that more of it is reported.",
            status=Suggestion.Status.RECEIVED,
            days=4,
        )
        self.suggestion(
            "Close the town centre to cars on Friday nights",
            display_name="Lee",
            area=self.ward("Hemel Hempstead Town"),
            body="Pedestrianise the Marlowes after 9pm on Fridays to make it feel safer.",
            status=Suggestion.Status.NOT_ADOPTED,
            response=(
                "Not adopted: the Marlowes is already pedestrianised, and closing the roads around it would cut off "
                "the bus station and taxi ranks. We have asked for taxi marshals instead."
            ),
            days=150,
        )

    # --- Requests -------------------------------------------------------------------------------

    def requests(self) -> None:
        workshop, created = WorkshopRequest.objects.get_or_create(
            group_name="Grovehill Residents' Association",
            defaults={
                "contact_name": "Pat",
                "email": _email("Pat"),
                "area": self.ward("Grovehill"),
                "message": "We meet on the first Tuesday of the month and would like to hear about the plan.",
                "preferred_dates": "First Tuesday of the month, 7pm",
                "created_at": self.days_ago(5),
                "confirmed_at": self.days_ago(5),
            },
        )
        if created:
            workshop.themes.set([self.theme])
        self._count("workshop requests", created)
        forum = Forum.objects.filter(pk=self.theme.lead_forum_id).first()
        if forum is not None:
            _, created = MailingListRequest.objects.get_or_create(
                forum=forum,
                email=_email("Margaret"),
                defaults={
                    "name": "Margaret",
                    "status": RequestStatus.NEW,
                    "created_at": self.days_ago(2),
                    "confirmed_at": self.days_ago(2),
                },
            )
            self._count("mailing-list requests", created)


@transaction.atomic
def load_demo_consultation(*, stdout: TextIO | None = None, now: dt.datetime | None = None) -> dict[str, int] | None:
    """Load the demo; ``None`` (and a message) if the Dacorum demo has not been loaded."""
    plan = CommunityPlan.objects.filter(slug=PLAN_SLUG).first()
    theme = Theme.objects.filter(plan=plan, slug=THEME_SLUG).select_related("lead_forum").first() if plan else None
    if theme is None:
        if stdout is not None:
            stdout.write("The Dacorum demo is not loaded: run `python manage.py load_demo` first. Nothing was added.\n")
        return None
    with scope.using(plan.partnership_id):  # Dacorum's, beside any other partnership
        loader = Loader(plan, theme, now or timezone.now())
        loader.comments()
        loader.consultations()
        loader.suggestions()
        loader.requests()
    if stdout is not None:
        if loader.created:
            for label, count in loader.created.items():
                stdout.write(f"  {count:>3} {label}\n")
        else:
            stdout.write("  Everything was already there: nothing added.\n")
    return loader.created
