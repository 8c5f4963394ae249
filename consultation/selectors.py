"""Read models for residents having their say. Plain data out, in a fixed number of queries.

Nothing here loads a resident's email: public querysets ``defer("email")``, so a
template that tried to show one would cost a query per row and fail the query-count
tests before it could leak anything.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString

from indicators.charts import BarItem, bar_chart
from indicators.models import Indicator
from partnership.models import Area, AreaKind, AreaPlan, CommunityPlan
from themes.models import Achievement, Action, AreaPriority, Objective, Theme

from .models import (
    Answer,
    Comment,
    Consultation,
    ConsultationResponse,
    Question,
    Suggestion,
)

PAGE_SIZE = 20
LATEST_ON_PAGE = 3
Status = Comment.Status
SHOWN_STATUSES = (Status.PUBLISHED, Status.REMOVED, Status.HIDDEN)
PUBLIC_COMMENT_RELATED = ("area", "responding_forum")

Subject = Theme | Objective | Indicator | Consultation


# --- Comment pages -------------------------------------------------------------------------------


def subject_q(subject: Subject) -> Q:
    """The comments made on ``subject`` itself (a theme's page leaves out its objectives' and indicators')."""
    if isinstance(subject, Objective):
        return Q(objective=subject)
    if isinstance(subject, Indicator):
        return Q(indicator=subject)
    if isinstance(subject, Theme):
        return Q(theme=subject, objective__isnull=True, indicator__isnull=True)
    if isinstance(subject, Consultation):
        return Q(consultation=subject)
    raise TypeError(type(subject).__name__)


def comments_url(subject: Subject) -> str:
    if isinstance(subject, Objective):
        return reverse("consultation:objective-comments", args=[subject.pk])
    if isinstance(subject, Indicator):
        return reverse("consultation:indicator-comments", args=[subject.slug])
    if isinstance(subject, Theme):
        return reverse("consultation:theme-comments", args=[subject.slug])
    return reverse("consultation:consultation-comments", args=[subject.slug])


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_CURSOR = re.compile(r"(\d{1,19})-(\d{1,19})")


@dataclass(frozen=True)
class Cursor:
    """A place in a list ordered by (created_at, pk): what keyset pagination starts after."""

    created_at: datetime.datetime
    pk: int

    @classmethod
    def of(cls, comment: Comment | PublicComment) -> Cursor:
        return cls(comment.created_at, comment.pk)

    def encode(self) -> str:
        delta = self.created_at - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}-{self.pk}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        match = _CURSOR.fullmatch(text or "")
        if not match:
            return None
        try:
            when = _EPOCH + datetime.timedelta(microseconds=int(match[1]))
        except OverflowError:
            return None
        return cls(when, int(match[2]))

    def before(self) -> Q:
        return Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)

    def after(self) -> Q:
        return Q(created_at__gt=self.created_at) | Q(created_at=self.created_at, pk__gt=self.pk)


# What a comment page shows of a comment (``consultation.rendering``), read as plain values: never
# the email, and no model instances (thirty of them, each with its area and forum, cost more to
# build than the query took to run).
PUBLIC_COMMENT_FIELDS = (
    "pk",
    "parent_id",
    "display_name",
    "body",
    "status",
    "is_official",
    "area__name",
    "responding_forum__name",
    "created_at",
    "published_at",
    "moderated_at",
)


@dataclass(frozen=True, slots=True)
class PublicComment:
    """A comment as the public sees it: what ``consultation.rendering`` writes, and nothing private."""

    pk: int
    parent_id: int | None
    display_name: str
    body: str
    status: str
    is_official: bool
    area_name: str | None
    forum_name: str | None  # the forum an official response was made for
    created_at: datetime.datetime
    published_at: datetime.datetime | None
    moderated_at: datetime.datetime | None

    @classmethod
    def of(cls, comment: Comment) -> PublicComment:
        """From a model instance read with its area and responding forum (a thread's own comment)."""
        return cls(
            comment.pk,
            comment.parent_id,
            comment.display_name,
            comment.body,
            comment.status,
            comment.is_official,
            comment.area.name if comment.area_id else None,
            comment.responding_forum.name if comment.responding_forum_id else None,
            comment.created_at,
            comment.published_at,
            comment.moderated_at,
        )


@dataclass(frozen=True)
class Thread:
    comment: Comment | PublicComment  # a thread's page reads its comment as a model, for the subject
    replies: list[PublicComment]


@dataclass(frozen=True)
class CommentPage:
    threads: list[Thread]
    published_count: int
    older: str | None  # cursor for ?before=
    newer: str | None  # cursor for ?after=
    # The newest comments: "No comments yet" when empty. A page past the oldest comment (or past
    # the newest) is empty too, but not the first: it says "No more comments".
    is_first_page: bool = True


def _public_comments() -> QuerySet[Comment]:
    return Comment.objects.select_related(*PUBLIC_COMMENT_RELATED).defer("email")


def _public_values(comments: QuerySet[Comment]) -> list[PublicComment]:
    return [PublicComment(*row) for row in comments.values_list(*PUBLIC_COMMENT_FIELDS)]


def replies_for(comment_ids: list[int]) -> dict[int, list[PublicComment]]:
    """Replies of these comments that the public sees, oldest first: one query for the whole page."""
    replies: dict[int, list[PublicComment]] = defaultdict(list)
    if comment_ids:
        for reply in _public_values(
            Comment.objects.filter(parent_id__in=comment_ids, status__in=SHOWN_STATUSES).order_by("created_at", "pk")
        ):
            replies[reply.parent_id].append(reply)
    return replies


def _page_of(
    comments: QuerySet[Comment], ordering: tuple[str, ...], published: QuerySet[Comment]
) -> tuple[list[PublicComment], int | None]:
    """``PAGE_SIZE + 1`` comments in ``ordering``, with what the page shows of them, and the number of
    ``published`` (``None`` when there are no comments to carry it), in one query.

    The ids are chosen in a subquery and the joins (area, forum) made only for those: joined
    first, the database would join every comment on the subject before keeping twenty-one. The
    count is a subquery that does not depend on the row, so the database counts once.
    """
    ids = comments.order_by(*ordering).values("pk")[: PAGE_SIZE + 1]
    counted = published.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    rows = list(
        Comment.objects.filter(pk__in=Subquery(ids))
        .annotate(published_count=Subquery(counted))
        .order_by(*ordering)
        .values_list(*PUBLIC_COMMENT_FIELDS, "published_count")
    )
    return [PublicComment(*row[:-1]) for row in rows], (rows[0][-1] if rows else None)


def comment_page(subject: Subject, *, before: str | None = None, after: str | None = None) -> CommentPage:
    """One page of a subject's comments, newest first, with their replies.

    Two queries whatever the number of comments: twenty-one top-level comments (the
    twenty-first says whether there are older ones) with the count of published comments,
    and the replies to the twenty; on a page with no comments, the count alone. Keyset
    pagination (``before``/``after`` a cursor) so the thousandth page costs what the first does.
    """
    on_subject = Comment.objects.filter(subject_q(subject))
    published = on_subject.filter(status=Status.PUBLISHED)
    top = on_subject.filter(parent__isnull=True, status__in=SHOWN_STATUSES)
    after_cursor, before_cursor = Cursor.decode(after), Cursor.decode(before)
    if after_cursor is not None:
        rows, published_count = _page_of(top.filter(after_cursor.after()), ("created_at", "pk"), published)
        has_newer = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        has_older = True
    else:
        if before_cursor is not None:
            top = top.filter(before_cursor.before())
        rows, published_count = _page_of(top, ("-created_at", "-pk"), published)
        has_older = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        has_newer = before_cursor is not None
    if published_count is None:  # no comments here: the replies need no query, the count does
        published_count = published.count()
    replies = replies_for([comment.pk for comment in rows])
    return CommentPage(
        threads=[Thread(comment, replies[comment.pk]) for comment in rows],
        published_count=published_count,
        older=Cursor.of(rows[-1]).encode() if rows and has_older else None,
        newer=Cursor.of(rows[0]).encode() if rows and has_newer else None,
        is_first_page=not has_newer and bool(rows or (after_cursor is None and before_cursor is None)),
    )


def comment_thread(comment_pk: int) -> Thread | None:
    """A comment the public may see, and its replies (two queries)."""
    comment = (
        _public_comments()
        .select_related("theme", "objective", "indicator", "consultation")
        .filter(pk=comment_pk, parent__isnull=True, status__in=SHOWN_STATUSES)
        .first()
    )
    if comment is None:
        return None
    return Thread(comment, replies_for([comment.pk])[comment.pk])


# --- Sections on the indicators app's pages ----------------------------------------------------


@dataclass(frozen=True)
class ObjectiveCount:
    objective: Objective
    count: int

    @property
    def url(self) -> str:
        return reverse("consultation:objective-comments", args=[self.objective.pk])


@dataclass(frozen=True, slots=True)
class LatestComment:
    """One of the latest comments a theme or indicator page shows: plain values, never the email."""

    pk: int
    display_name: str
    body: str
    published_at: datetime.datetime | None
    created_at: datetime.datetime
    area_name: str | None
    objective_title: str | None  # where on the theme it was made, if not on the theme itself
    indicator_title: str | None

    @property
    def day(self) -> str:
        """“5 March 2015”: when it was published (Django's ``date:"j F Y"``, without its cost)."""
        when = timezone.localtime(self.published_at or self.created_at)
        return f"{when.day} {MONTHS[when.month]} {when.year}"

    @property
    def posted_on(self) -> str:
        """Where on a theme it was made: “on the objective …”; empty for the theme itself."""
        if self.objective_title is not None:
            return f"on the objective “{self.objective_title}”"
        if self.indicator_title is not None:
            return f"on the indicator “{self.indicator_title}”"
        return ""

    @property
    def url(self) -> str:
        return reverse("consultation:comment-thread", args=[self.pk])


@dataclass(frozen=True)
class CommentSummary:
    count: int  # published comments on the subject itself, replies included
    latest: list[LatestComment]  # the latest published comments (on the theme: anywhere in it)
    url: str
    objectives: list[ObjectiveCount] = field(default_factory=list)


# What a list of the latest comments shows (``consultation/sections/comments.html``), and no more:
# the email least of all. Model instances of four joined tables cost more to build than to run.
LATEST_COMMENT_FIELDS = (
    "pk",
    "display_name",
    "body",
    "published_at",
    "created_at",
    "area__name",
    "objective__title",
    "indicator__title",
)


def latest_comments(filter_q: Q) -> list[LatestComment]:
    """The latest published top-level comments matching ``filter_q``; one query, joins only for those shown."""
    ordering = ("-created_at", "-pk")
    ids = (
        Comment.objects.filter(filter_q, status=Status.PUBLISHED, parent__isnull=True)
        .order_by(*ordering)
        .values("pk")[:LATEST_ON_PAGE]
    )
    rows = Comment.objects.filter(pk__in=Subquery(ids)).order_by(*ordering).values_list(*LATEST_COMMENT_FIELDS)
    return [LatestComment(*row) for row in rows]


def theme_comment_summary(theme: Theme, objectives: list[Objective] | None = None) -> CommentSummary:
    """Two queries: the published comments counted on the theme itself and on each of its objectives
    at once, and the latest comments anywhere in the theme.

    ``objectives``: the theme's objectives in the page's order (a theme page has read them
    already; they need their id and title); read here, in a third query, when not given.
    """
    if objectives is None:
        objectives = list(Objective.objects.filter(theme=theme).order_by("order", "pk").only("id", "title", "theme_id"))
    # The theme's own comments fall in the group of no objective.
    counts = dict(
        Comment.objects.filter(subject_q(theme) | Q(objective__theme=theme), status=Status.PUBLISHED)
        .values_list("objective_id")
        .annotate(comments=Count("pk"))
        .order_by()
    )
    return CommentSummary(
        count=counts.get(None, 0),
        latest=latest_comments(Q(theme=theme)),
        url=comments_url(theme),
        objectives=[ObjectiveCount(objective, counts.get(objective.pk, 0)) for objective in objectives],
    )


def indicator_comment_summary(indicator: Indicator) -> CommentSummary:
    """Two queries: the count and the latest comments."""
    count = Comment.objects.filter(indicator=indicator, status=Status.PUBLISHED).count()
    return CommentSummary(count=count, latest=latest_comments(Q(indicator=indicator)), url=comments_url(indicator))


def published_count(subject: Subject) -> int:
    return Comment.objects.filter(subject_q(subject), status=Status.PUBLISHED).count()


@dataclass(frozen=True, slots=True)
class Named:
    """An objective or action a suggestion became: what “you said, we did” links and names."""

    pk: int
    title: str


@dataclass(frozen=True, slots=True)
class AdoptedSuggestion:
    """What “you said, we did” shows of a resident's suggestion (never the email)."""

    pk: int
    title: str
    display_name: str
    created_at: datetime.datetime
    area_name: str | None


@dataclass(frozen=True)
class Adoption:
    """A resident's suggestion that the partnership adopted, what it became, and what that achieved."""

    suggestion: AdoptedSuggestion
    objective: Named | None
    action: Named | None
    achievements: list[Achievement]


# What "you said, we did" shows of a suggestion and what it became, read as plain values.
ADOPTION_FIELDS = (
    "pk",
    "title",
    "display_name",
    "created_at",
    "area__name",
    "became_objective_id",
    "became_objective__title",
    "became_action_id",
    "became_action__title",
)


def _adoptions(suggestions: QuerySet[Suggestion]) -> list[Adoption]:
    """Adopted suggestions linked to what they became, and that objective's achievements.

    One query, and a second for the achievements only when something was adopted. A suggestion
    adopted but not (yet) linked to anything is left out here rather than by an OR in the query,
    which cost more to build than the few such rows cost to read.
    """
    rows = [
        row
        for row in suggestions.filter(status=Suggestion.Status.ADOPTED)
        .order_by("-status_changed_at", "-pk")
        .values_list(*ADOPTION_FIELDS)
        if row[5] is not None or row[7] is not None
    ]
    objective_ids = {row[5] for row in rows if row[5] is not None}
    by_objective: dict[int, list[Achievement]] = defaultdict(list)
    if objective_ids:
        for achievement in Achievement.objects.filter(objective_id__in=objective_ids).order_by("order", "pk"):
            by_objective[achievement.objective_id].append(achievement)
    adoptions = []
    for row in rows:
        pk, title, display_name, created_at, area_name, objective_id, objective_title, action_id, action_title = row
        adoptions.append(
            Adoption(
                suggestion=AdoptedSuggestion(pk, title, display_name, created_at, area_name),
                objective=Named(objective_id, objective_title) if objective_id is not None else None,
                action=Named(action_id, action_title) if action_id is not None else None,
                achievements=by_objective.get(objective_id, []),
            )
        )
    return adoptions


def adoptions_for_theme(theme: Theme) -> list[Adoption]:
    return _adoptions(Suggestion.objects.filter(theme=theme))


def adoptions_for_objective(objective: Objective) -> list[Adoption]:
    return _adoptions(Suggestion.objects.filter(became_objective=objective))


# --- Objective page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveHeader:
    objective: Objective  # with theme, theme.plan, owner
    actions: list[Action]
    achievements: list[Achievement]
    adoptions: list[Adoption]


def objective_header(objective: Objective) -> ObjectiveHeader:
    """Three queries: actions, achievements, the suggestions it came from (a fourth if any did)."""
    actions = list(Action.objects.filter(objective=objective).select_related("owner").order_by("order", "pk"))
    achievements = list(Achievement.objects.filter(objective=objective).order_by("order", "pk"))
    return ObjectiveHeader(objective, actions, achievements, adoptions_for_objective(objective))


# --- Consultations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationRow:
    consultation: Consultation
    state: str
    themes: list[Theme]
    areas: list[Area]

    @property
    def state_label(self) -> str:
        return Consultation.State(self.state).label


def consultation_rows(
    consultations: QuerySet[Consultation], now: datetime.datetime | None = None
) -> list[ConsultationRow]:
    """Three queries: the consultations, their themes, their areas."""
    now = now or timezone.now()
    return [
        ConsultationRow(c, c.state_at(now), list(c.themes.all()), list(c.areas.all()))
        for c in consultations.prefetch_related(
            "themes",
            "areas",
        )
    ]


def consultation_state_counts(consultations: QuerySet[Consultation], now: datetime.datetime | None = None) -> dict:
    """How many are open, upcoming and closed, in one query."""
    now = now or timezone.now()
    return consultations.aggregate(
        open=Count("pk", filter=Q(opens_at__lte=now, closes_at__gt=now)),
        upcoming=Count("pk", filter=Q(opens_at__gt=now)),
        closed=Count("pk", filter=Q(closes_at__lte=now)),
        all=Count("pk"),
    )


@dataclass(frozen=True)
class ResultRow:
    label: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    rows: list[ResultRow]
    average: Decimal | None = None

    @property
    def has_chart(self) -> bool:
        return self.question.kind != Question.Kind.FREE_TEXT and bool(self.rows)

    @property
    def chart(self) -> SafeString:
        """The one shared SVG renderer; the table beside it carries the same figures."""
        summary = "; ".join(f"{row.label}: {row.count}" for row in self.rows)
        return bar_chart(
            [BarItem(row.label, row.count) for row in self.rows],
            title=f"Answers to “{self.question.text}”",
            description=f"Number of people choosing each answer, of {self.answered} who answered. {summary}.",
            unit_label="Number of people",
            chart_id=f"question-{self.question.pk}-chart",
        )


@dataclass(frozen=True)
class Results:
    total: int
    questions: list[QuestionResult]


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


RATING_LABELS = {1: "1 (lowest)", 2: "2", 3: "3", 4: "4", 5: "5 (highest)"}


def consultation_results(consultation: Consultation, questions: list[Question]) -> Results:
    """Counts among confirmed responses only. Three queries: responses, answers by rating, choices chosen.

    ``questions`` come with their choices prefetched. Free-text answers are counted, not
    shown: the partnership publishes its own summary (``free_text_themes``).
    """
    confirmed = Q(response__consultation=consultation, response__confirmed_at__isnull=False)
    total = ConsultationResponse.objects.filter(consultation=consultation, confirmed_at__isnull=False).count()
    answered: dict[int, int] = defaultdict(int)
    ratings: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, rating, count in (
        Answer.objects.filter(confirmed).values_list("question_id", "rating").annotate(n=Count("id")).order_by()
    ):
        answered[question_id] += count
        if rating is not None:
            ratings[question_id][rating] = count
    chosen = dict(
        Answer.choices.through.objects.filter(answer__in=Answer.objects.filter(confirmed))
        .values_list("choice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    results = []
    for question in questions:
        n = answered.get(question.pk, 0)
        rows: list[ResultRow] = []
        average = None
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            rows = [
                ResultRow(c.text, chosen.get(c.pk, 0), _percent(chosen.get(c.pk, 0), n)) for c in question.choices.all()
            ]
        elif question.kind == Question.Kind.RATING:
            counts = ratings.get(question.pk, {})
            rows = [ResultRow(RATING_LABELS[r], counts.get(r, 0), _percent(counts.get(r, 0), n)) for r in range(1, 6)]
            if n:
                average = (Decimal(sum(r * c for r, c in counts.items())) / n).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
        results.append(QuestionResult(question, n, rows, average))
    return Results(total, results)


def consultation_questions(consultation: Consultation) -> list[Question]:
    """Two queries: the questions, and their choices."""
    return list(consultation.questions.prefetch_related("choices").order_by("order", "pk"))


# --- Area plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeInAreaPlans:
    theme: Theme
    areas: list[Area]

    @property
    def count(self) -> int:
        return len(self.areas)


@dataclass(frozen=True)
class AreaPlanThemes:
    total_areas: int  # areas of the kinds that have plans
    areas_with_plans: int
    years: list[int]
    rows: list[ThemeInAreaPlans]
    kinds: list[str] = field(default_factory=list)  # the kinds of area that have plans, in ``AreaKind`` order

    @property
    def area_word(self) -> str:
        """ "wards" when only wards have plans; "areas" for several kinds (or none)."""
        return AreaKind(self.kinds[0]).plural if len(self.kinds) == 1 else "areas"

    @property
    def area_word_singular(self) -> str:
        return AreaKind(self.kinds[0]).label if len(self.kinds) == 1 else "area"

    @property
    def plan_word(self) -> str:
        """ "ward plan", "parish plan"; "area plan" for several kinds (or none)."""
        return f"{self.area_word_singular} plan"

    @property
    def a_plan_word(self) -> str:
        """ "a ward plan", "an area plan"."""
        return f"{'an' if self.plan_word[0] in 'aeiou' else 'a'} {self.plan_word}"

    @property
    def chart_label(self) -> str:
        return f"{self.area_word.capitalize()} whose latest plan has a priority for each theme"

    @property
    def chart(self) -> SafeString:
        summary = "; ".join(f"{row.theme.title}: {row.count}" for row in self.rows)
        return bar_chart(
            [BarItem(row.theme.title, row.count) for row in self.rows],
            title=self.chart_label,
            description=f"Number of {self.area_word}, of {self.total_areas}. {summary}.",
            unit_label=f"Number of {self.area_word}",
            chart_id="area-plan-themes-chart",
        )


def area_plan_themes(plan: CommunityPlan) -> AreaPlanThemes:
    """How many areas reference each of the plan's themes in their latest area plans.

    Counted within the areas of the kinds that have plans (a partnership with ward plans
    counts "12 of 25 wards", whatever policing areas it also reports by). Four queries: those
    areas, each area's latest plan, the themes those plans' priorities serve, and the plan's
    themes.
    """
    planned_kinds = AreaPlan.objects.values("area__kind")
    areas = {
        area.pk: area
        for area in Area.objects.filter(kind__in=planned_kinds).order_by("name").only("id", "name", "slug", "kind")
    }
    latest_year = AreaPlan.objects.filter(area=OuterRef("area")).order_by("-year").values("year")[:1]
    latest = dict(AreaPlan.objects.filter(year=Subquery(latest_year)).values_list("pk", "year"))
    links = (
        AreaPriority.themes.through.objects.filter(areapriority__area_plan_id__in=list(latest))
        .values_list("theme_id", "areapriority__area_plan__area_id")
        .distinct()
    )
    by_theme: dict[int, set[int]] = defaultdict(set)
    for theme_id, area_id in links:
        by_theme[theme_id].add(area_id)
    themes = list(Theme.objects.filter(plan=plan).order_by("number").only("id", "number", "title", "slug", "plan_id"))
    rows = [
        ThemeInAreaPlans(theme, sorted((areas[a] for a in by_theme[theme.pk] if a in areas), key=lambda a: a.name))
        for theme in themes
    ]
    present = {area.kind for area in areas.values()}
    # One latest plan per area (an area has one plan a year), so the plans count the areas.
    return AreaPlanThemes(
        total_areas=len(areas),
        areas_with_plans=len(latest),
        years=sorted(set(latest.values())),
        rows=rows,
        kinds=[kind.value for kind in AreaKind if kind.value in present],
    )


# --- The board dashboard's "what residents are saying" ----------------------------------------------


@dataclass(frozen=True)
class ResidentsRow:
    title: str
    url: str  # the comments page
    published: int  # published comments and replies, all time
    in_period: int  # of those, published during the reporting period
    pending: int  # confirmed, awaiting moderation
    unanswered: int  # published comments no one has responded to for the partnership


@dataclass(frozen=True)
class ResidentsSummary:
    rows: list[ResidentsRow]
    total: ResidentsRow

    @property
    def has_comments(self) -> bool:
        return bool(self.total.published or self.total.pending)


def dashboard_residents(plan: CommunityPlan, period, themes: list[Theme] | None = None) -> ResidentsSummary:
    """Comment counts by theme (and for the plan's consultations) for the board: two queries, one if
    the page passes the plan's ``themes`` (in order, with their slug) it has read."""
    official_reply = Comment.objects.filter(parent=OuterRef("pk"), is_official=True, status=Status.PUBLISHED)
    published = Q(status=Status.PUBLISHED)
    # Comments on a consultation carry no theme: they are counted under None.
    counts = {
        row["theme_id"]: row
        for row in Comment.objects.filter(Q(theme__plan=plan) | Q(consultation__plan=plan))
        .values("theme_id")
        .annotate(
            published=Count("pk", filter=published),
            in_period=Count("pk", filter=published & Q(published_at__date__range=(period.starts_on, period.ends_on))),
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            unanswered=Count(
                "pk", filter=published & Q(parent__isnull=True, is_official=False) & ~Q(Exists(official_reply))
            ),
        )
        .order_by()
    }
    fields = ("published", "in_period", "pending", "unanswered")

    def row(title: str, url: str, found: dict | None) -> ResidentsRow:
        return ResidentsRow(title, url, *((found or {}).get(name, 0) for name in fields))

    rows = [
        row(f"{theme.number}. {theme.title}", comments_url(theme), counts.get(theme.pk))
        for theme in (Theme.objects.for_plan(plan) if themes is None else themes)
    ]
    if None in counts:
        rows.append(row("Consultations", reverse("consultation:consultation-list"), counts[None]))
    total = ResidentsRow("All", "", *(sum(getattr(r, name) for r in rows) for name in fields))
    return ResidentsSummary(rows, total)
