"""Residents having their say: comments, consultations, suggestions, and their requests.

Residents' email addresses are stored to confirm, notify and let them delete what they
wrote; they are never shown on a public page, feed or export (tested).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from partnership.models import Area, CommunityPlan, Forum
from partnership.owned import PartnershipOwned, PartnershipQuerySet, owned_manager
from themes.models import Action, Objective, Theme

BODY_MAX_LENGTH = 5000


class CommentQuerySet(PartnershipQuerySet):
    def visible(self):
        """What the public sees: published comments, and placeholders for removed ones."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.REMOVED])

    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Comment(PartnershipOwned):
    """A resident's comment, or an official response, on a theme, objective, indicator or consultation.

    ``theme`` is always set for comments on a theme, an objective or an indicator (the
    objective's or indicator's theme) so that counts and the moderation queue filter by
    theme in one indexed query; comments on a consultation carry the consultation instead.
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Awaiting email confirmation"
        PENDING = "pending", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        REMOVED = "removed", "Removed by the moderators"
        HIDDEN = "hidden", "Hidden pending review"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    consultation = models.ForeignKey(
        "Consultation", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    display_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True, help_text="Private: never shown.")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    is_official = models.BooleanField(default=False, help_text="A response on behalf of the partnership.")
    responding_forum = models.ForeignKey(
        Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = owned_manager(CommentQuerySet)
    partnership_from = ("theme", "objective", "indicator", "consultation", "parent")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(theme__isnull=False) | models.Q(consultation__isnull=False),
                name="comment_has_a_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(is_official=False) | models.Q(author__isnull=False),
                name="official_response_has_an_author",
            ),
        ]
        indexes = [
            models.Index(fields=["theme", "status", "created_at"]),
            models.Index(fields=["objective", "status", "created_at"]),
            models.Index(fields=["indicator", "status", "created_at"]),
            models.Index(fields=["consultation", "status", "created_at"]),
            models.Index(fields=["parent", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.body[:60]}"

    @property
    def subject(self):
        return self.objective or self.indicator or self.consultation or self.theme


class ModerationAction(models.Model):
    """Every moderation decision: who, when, why. Never edited."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        REMOVE = "remove", "Removed"
        RESTORE = "restore", "Restored"
        AUTO_HIDE = "auto_hide", "Hidden after reports"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderation_actions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d %b %Y} — {self.comment_id}"


class CommentReport(models.Model):
    """A resident flagging a comment. Enough reports hide it pending review."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=500)
    reporter_fingerprint = models.CharField(
        max_length=64, help_text="A one-way hash of the reporter's address: one report each, nothing identifying kept."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter_fingerprint"], name="one_report_per_reporter")
        ]

    def __str__(self) -> str:
        return f"Report on {self.comment_id}: {self.reason[:40]}"


class ConsultationQuerySet(PartnershipQuerySet):
    def published(self):
        return self.filter(is_published=True)


class Consultation(PartnershipOwned):
    class State(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    summary = models.CharField(max_length=400)
    background = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="consultations", blank=True)
    areas = models.ManyToManyField(Area, related_name="consultations", blank=True)
    lead_forum = models.ForeignKey(Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    is_published = models.BooleanField(default=False)
    results_published = models.BooleanField(default=False)
    free_text_themes = models.TextField(blank=True, help_text="What people said in their own words, summarised.")
    you_said_we_did = models.TextField(blank=True)
    closing_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = owned_manager(ConsultationQuerySet)
    partnership_from = "plan"

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="consultation_dates"),
            models.UniqueConstraint(fields=["partnership", "slug"], name="consultation_slug_unique_per_partnership"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:consultation-detail", args=[self.slug])

    def state_at(self, when=None) -> str:
        """Open and closed follow the clock: a consultation closes itself at its close date."""
        when = when or timezone.now()
        if when < self.opens_at:
            return self.State.UPCOMING
        if when < self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    @property
    def state(self) -> str:
        return self.state_at()


class Question(models.Model):
    class Kind(models.TextChoices):
        FREE_TEXT = "text", "Free text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        RATING = "rating", "Rating from 1 to 5"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=400)
    help_text = models.CharField(max_length=400, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ConsultationResponse(PartnershipOwned):
    """One person's answers. Counted once its email is confirmed; one per email per consultation."""

    partnership_from = "consultation"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    email = models.EmailField(help_text="Private: never shown.")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "email"], name="one_response_per_email"),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.consultation}"


class Answer(models.Model):
    response = models.ForeignKey(ConsultationResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True, max_length=BODY_MAX_LENGTH)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.ManyToManyField(Choice, related_name="answers", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class SuggestionQuerySet(PartnershipQuerySet):
    def published(self):
        """What residents may see: confirmed, and let through by a moderator."""
        return self.exclude(status__in=Suggestion.UNPUBLISHED)

    def awaiting_moderation(self):
        return self.filter(status=Suggestion.Status.PENDING)


class Suggestion(PartnershipOwned):
    """A resident's idea for a service change, and what the partnership made of it.

    Like a comment, a confirmed suggestion waits for the LSP Support Group's moderation
    before anyone else sees it (unless ``COMMENTS_POST_MODERATION`` is on).
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Awaiting email confirmation"
        PENDING = "pending", "Awaiting moderation"
        REJECTED = "rejected", "Not published"
        RECEIVED = "received", "Received"
        UNDER_CONSIDERATION = "considering", "Under consideration"
        ADOPTED = "adopted", "Adopted"
        NOT_ADOPTED = "not_adopted", "Not adopted"

    UNPUBLISHED = frozenset({Status.UNCONFIRMED, Status.PENDING, Status.REJECTED})

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    routed_to = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The theme's lead forum when the suggestion arrived.",
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    display_name = models.CharField(max_length=80)
    email = models.EmailField(help_text="Private: never shown.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    response = models.TextField(blank=True, help_text="The partnership's reason, published with the status.")
    became_objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_suggestions"
    )
    became_action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_suggestions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderation_reason = models.TextField(blank=True, help_text="Why it was not published (never shown publicly).")

    objects = owned_manager(SuggestionQuerySet)
    partnership_from = "theme"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "theme", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class WorkshopRequest(PartnershipOwned):
    """“Requesting a workshop for your community group” — the plan's own invitation."""

    group_name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=120)
    email = models.EmailField(help_text="Private: never shown.")
    area = models.ForeignKey(Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    message = models.TextField(max_length=BODY_MAX_LENGTH, blank=True)
    preferred_dates = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)
    note = models.TextField(blank=True, help_text="Support group's note (internal).")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Workshop for {self.group_name}"


class MailingListRequest(PartnershipOwned):
    """Someone asking to join a forum's mailing list."""

    partnership_from = "forum"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="mailing_list_requests")
    name = models.CharField(max_length=120)
    email = models.EmailField(help_text="Private: never shown.")
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["forum", "email"], name="one_request_per_forum_email")]

    def __str__(self) -> str:
        return f"{self.name} → {self.forum}"


class SubmissionReceipt(PartnershipOwned):
    """A residents' form accepted once: its one-time nonce, and the kind of thing it sent.

    Written in the same transaction as what the form created, so a form sent twice (a
    double click, a reload, a replay) finds its receipt and creates nothing more; the
    second answer is the first's “check your email” page. Deleted once the form could no
    longer be sent anyway (``tokens.FORM_MAX_AGE``), by the daily purge.
    """

    nonce = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=20, help_text="What the form sent: comment, suggestion, response…")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.nonce}"
