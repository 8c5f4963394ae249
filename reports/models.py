"""The annual community report: one row per plan and year, rebuilt in place, and the chair's words for it.

A report is built in the background by ``reports.services.annual_report_build``, called
by a Celery task (``reports.tasks``) or, with no broker, by the report worker
(``reports.worker``). The row is the build's record: where it is
(status and stage), when each step happened, how long each stage took, what went wrong,
and the hash of the content it was built from, so that a re-run on the same figures
skips rendering and a re-run on new ones replaces the file in place.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse

from indicators.models import financial_year_label
from partnership.models import CommunityPlan
from partnership.owned import PartnershipOwned, PartnershipQuerySet, owned_manager

BUILDS_STORAGE = "report_builds"  # every build's PDF and HTML: private, sent by the portal's views
PUBLISHED_STORAGE = "published_reports"  # copies of published reports' files, at stable names


class NamedStorageFileField(models.FileField):
    """A FileField kept in the storage ``STORAGES[storage_alias]``, looked up on each use.

    Looked up rather than bound when the model loads, so that the storage a deployment
    (or a test) configures is the one used, and migrations record its name, not a path.
    """

    def __init__(self, *args, storage_alias: str, **kwargs):
        self.storage_alias = storage_alias
        super().__init__(*args, **kwargs)

    @property
    def storage(self):
        return storages[self.storage_alias]

    @storage.setter
    def storage(self, value) -> None:
        pass  # FileField.__init__ assigns the default storage; the alias decides

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        kwargs["storage_alias"] = self.storage_alias
        return name, path, args, kwargs


class AnnualReportQuerySet(PartnershipQuerySet):
    def published(self):
        """Reports the public may read: published once, with a file to serve.

        A published report that is being rebuilt stays listed: its previous file is
        only replaced, atomically, when the new one is complete.
        """
        return self.filter(published_at__isnull=False).exclude(file="")

    def for_public_list(self):
        return self.published().select_related("plan").order_by("-year", "-plan__start_year")


class AnnualReport(PartnershipOwned):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready to publish"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    class Stage(models.TextChoices):
        GATHERING = "gathering", "Gathering data"
        CHARTS = "charts", "Drawing charts"
        RENDERING = "rendering", "Rendering"
        SAVING = "saving", "Saving"

    IN_PROGRESS = (Status.QUEUED, Status.BUILDING)

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(help_text="Financial year reported on: 2014 for 2014/15.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    # The latest complete build, in the private storage whatever the report's state;
    # publishing copies both to PUBLISHED_STORAGE (reports.services).
    file = NamedStorageFileField(upload_to="reports/", max_length=200, blank=True, storage_alias=BUILDS_STORAGE)
    html_file = NamedStorageFileField(
        upload_to="reports/",
        max_length=200,
        blank=True,
        storage_alias=BUILDS_STORAGE,
        help_text="The HTML version, built with the PDF.",
    )
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Size of the PDF in bytes.")
    page_count = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="sha256 of the gathered content the current file was built from."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(null=True, blank=True, help_text="When the build was last handed to Celery.")
    enqueue_error = models.TextField(
        blank=True, help_text="Why the build could not be handed to Celery; the row stays queued and is retried."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The running build's last sign of life; silent for REPORT_BUILD_LEASE_SECONDS: its worker is gone.",
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_seconds = models.FloatField(null=True, blank=True)
    charts_seconds = models.FloatField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Builds started since the last request.")

    objects = owned_manager(AnnualReportQuerySet)
    partnership_from = "plan"

    class Meta:
        ordering = ["-year", "plan"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="annual_report_unique_per_plan_year")]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.plan} annual report {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.year])

    @property
    def year_label(self) -> str:
        return financial_year_label(self.year)

    @property
    def stages_done(self) -> int:
        """How many of the build's stages (``Stage``, in order) are done: 0 while gathering, 3 while saving."""
        stages = list(self.Stage.values)
        return stages.index(self.stage) if self.stage in stages else 0

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and bool(self.file)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def public_names(self) -> tuple[str, str]:
        """Where publishing puts the PDF and HTML version in ``PUBLISHED_STORAGE``: stable, so links keep working."""
        stem = f"reports/{self.plan.slug}-annual-report-{self.year}"
        return f"{stem}.pdf", f"{stem}.html"

    @property
    def download_name(self) -> str:
        return f"{self.plan.slug}-annual-report-{self.year}-{(self.year + 1) % 100:02d}.pdf"

    @property
    def total_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class ReportIntroduction(PartnershipOwned):
    """The chair's introduction for one year's report, when it differs from the plan's own."""

    partnership_from = "plan"

    plan = models.ForeignKey(CommunityPlan, on_delete=models.CASCADE, related_name="report_introductions")
    year = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Blank paragraphs separate paragraphs.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="report_introduction_unique")]

    def __str__(self) -> str:
        return f"Chair's introduction, {self.plan} {financial_year_label(self.year)}"
