"""The plan's content: themes, what each sets out to ensure, objectives, actions, achievements."""

from django.db import models
from django.urls import reverse

from partnership.models import AreaPlan, CommunityPlan, Forum, Organisation
from partnership.owned import PartnershipOwned, PartnershipQuerySet, owned_manager


class ThemeQuerySet(PartnershipQuerySet):
    def for_plan(self, plan: CommunityPlan):
        return self.filter(plan=plan).select_related("lead_forum").order_by("number")


class Theme(PartnershipOwned):
    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    vision = models.TextField()
    summary = models.TextField(blank=True, help_text="Partners and linked strategies, in the plan's words.")
    lead_forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="led_themes")
    partners = models.ManyToManyField(Organisation, related_name="themes", blank=True)

    objects = owned_manager(ThemeQuerySet)
    partnership_from = "plan"

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="theme_number_unique_per_plan"),
            models.UniqueConstraint(fields=["plan", "slug"], name="theme_slug_unique_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:theme-detail", args=[self.slug])


class Outcome(models.Model):
    """One of the things a theme must ensure (“To deliver this vision we need to ensure: …”)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="outcomes")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["theme", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ProgressStatus(models.TextChoices):
    """Progress on an objective or action, as forums report it each quarter."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "Some slippage"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class Objective(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=400)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_objectives"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED)
    progress_note = models.TextField(blank=True)

    class Meta:
        ordering = ["theme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """A step in the lead forum's action plan towards an objective."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=400)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED)
    progress_note = models.TextField(blank=True)

    class Meta:
        ordering = ["objective", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Achievement(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="achievements")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="achievements"
    )
    text = models.TextField()
    achieved_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["theme", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class LinkedStrategy(models.Model):
    """A strategy or partnership a theme's work is tied to."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="linked_strategies")
    name = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["theme", "order", "pk"]
        verbose_name_plural = "linked strategies"

    def __str__(self) -> str:
        return self.name


class CrossCuttingTheme(PartnershipOwned):
    """A board-led theme that cuts across several themes (e.g. “Rejuvenating Dacorum”)."""

    partnership_from = "plan"

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="cross_cutting_themes")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    description = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="cross_cutting_themes", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="cross_cutting_slug_unique_per_plan")]

    def __str__(self) -> str:
        return self.title


class AreaPriority(models.Model):
    """One priority in an area plan, linked to the themes it serves.

    It lives here rather than beside ``AreaPlan`` so that the partnership app never
    imports themes: imports flow partnership ← themes ← indicators.
    """

    area_plan = models.ForeignKey(AreaPlan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="area_priorities", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area_plan", "order", "pk"]
        verbose_name_plural = "area priorities"

    def __str__(self) -> str:
        return self.title
