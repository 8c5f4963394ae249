"""Quarterly returns: a lead forum's values, progress and narrative for one quarter.

A forum drafts its ``ReturnValue`` rows here; approving the return publishes them as
``indicators.Measurement`` rows (``returns.services.return_approve``). Until then only the
forum, its lead, the support group and the board can see them.

These models moved here from the ``indicators`` app and keep its tables (``db_table``,
and ``table_name`` for their history): the move changed no table and no row
(``returns/migrations/0001_initial.py``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from indicators.models import Indicator, Measurement, ReportingPeriod
from partnership.models import Area, Forum
from partnership.owned import PartnershipOwned
from themes.models import Action, Objective, ProgressStatus


class QuarterlyReturn(PartnershipOwned):
    """A lead forum's report for one quarter. The workflow is in ``returns.services``."""

    partnership_from = "forum"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="returns")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    progress_summary = models.TextField(blank=True)
    achievements = models.TextField(blank=True)
    risks_and_issues = models.TextField(blank=True)
    case_study = models.TextField(blank=True)
    returned_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, help_text="Raised on every save; a stale save is refused.")
    is_reopened = models.BooleanField(
        default=False, help_text="Reopened by the support group after its period closed, until approved again."
    )
    reopened_reason = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], table_name="indicators_historicalquarterlyreturn")

    class Meta:
        db_table = "indicators_quarterlyreturn"
        ordering = ["-period__financial_year", "-period__quarter", "forum__name"]
        constraints = [models.UniqueConstraint(fields=["forum", "period"], name="return_unique_per_forum_period")]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.forum} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("returns:return-detail", args=[self.forum_id, self.period_id])

    def get_edit_url(self) -> str:
        return reverse("returns:return-edit", args=[self.forum_id, self.period_id])

    @property
    def is_locked(self) -> bool:
        """Approved returns, and the returns of a period that is not open, are read-only until reopened."""
        if self.status == self.Status.APPROVED:
            return True
        return self.period.status != ReportingPeriod.Status.OPEN and not self.is_reopened

    @property
    def is_editable(self) -> bool:
        return not self.is_locked and self.status in {self.Status.DRAFT, self.Status.RETURNED}

    @property
    def status_key(self) -> str:
        """The state as lists and forms show it: a return nobody has saved yet is "missing"."""
        return self.status if self.pk else "missing"

    @property
    def status_label(self) -> str:
        return self.get_status_display() if self.pk else "Not started"


class ReturnValue(models.Model):
    """A value as a forum drafts it in its return: borough-wide or for one area.

    Published as a ``Measurement`` when the return is approved; until then only the
    forum, its lead, the support group and the board can see it.
    """

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="return_values")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    no_value_reason = models.CharField(
        max_length=300, blank=True, help_text="Why there is no value this quarter (required to submit without one)."
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Measurement.Status.choices, default=Measurement.Status.FINAL)
    quality = models.CharField(max_length=10, choices=Measurement.Quality.choices, default=Measurement.Quality.GOOD)

    history = HistoricalRecords(table_name="indicators_historicalreturnvalue")

    class Meta:
        db_table = "indicators_returnvalue"
        ordering = ["indicator__order", "indicator__code", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "indicator", "area"],
                condition=models.Q(area__isnull=False),
                name="return_value_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["quarterly_return", "indicator"],
                condition=models.Q(area__isnull=True),
                name="return_value_unique_borough",
            ),
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area_id else "borough"
        return f"{self.indicator.code} {where}: {self.value}"


class ReturnProgress(models.Model):
    """Progress on one objective or action, as reported in a return."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="progress")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords(table_name="indicators_historicalreturnprogress")

    class Meta:
        db_table = "indicators_returnprogress"
        ordering = ["pk"]
        verbose_name_plural = "return progress"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(objective__isnull=False, action__isnull=True)
                | models.Q(objective__isnull=True, action__isnull=False),
                name="return_progress_objective_or_action",
            ),
            models.UniqueConstraint(
                fields=["quarterly_return", "objective"],
                condition=models.Q(objective__isnull=False),
                name="return_progress_unique_objective",
            ),
            models.UniqueConstraint(
                fields=["quarterly_return", "action"],
                condition=models.Q(action__isnull=False),
                name="return_progress_unique_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective or self.action}: {self.get_status_display()}"


class ReminderSent(PartnershipOwned):
    """One reminder per forum, period and stage: what makes the reminder task idempotent."""

    partnership_from = "period"

    class Stage(models.TextChoices):
        BEFORE = "before", "Deadline approaching"
        ON_DEADLINE = "deadline", "Deadline today"
        OVERDUE = "overdue", "Overdue"
        SUPPORT_SUMMARY = "summary", "Late returns summary to the support group"

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        db_table = "indicators_remindersent"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "period", "stage"], condition=models.Q(forum__isnull=False), name="reminder_once"
            ),
            models.UniqueConstraint(
                fields=["period", "stage"], condition=models.Q(forum__isnull=True), name="reminder_summary_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.forum or 'support group'} — {self.period}"
