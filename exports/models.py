"""A document being made in the background for someone (docs/deploy.md, "Background exports")."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee
from plans.models import Plan
from printing import stages
from progress.models import SummaryPeriod


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportStage(models.TextChoices):
    """How far the worker has got with a running job (printing/stages.py)."""

    PREPARING = stages.PREPARING, _("Preparing")
    LAYOUT = stages.LAYOUT, _("Laying out")
    APPENDIX = stages.APPENDIX, _("Laying out the appendix")
    WRITING = stages.WRITING, _("Writing")
    JOINING = stages.JOINING, _("Joining the parts")
    SAVING = "saving", _("Saving")


class ExportJob(models.Model):
    """One request for a PDF or Word file, and the file once it is made.

    The file is of a plan, or of a committee's summary (工作总结) for a year and
    period: either `plan` or `committee`, `year` and `period` are set.

    The id is a random UUID: the job's page is addressed by it, so one person's
    job cannot be found by counting. Files go through Django's storage API, each
    job to a name of its own, so a failed write never touches an earlier file.
    """

    Status = ExportJobStatus
    Stage = ExportStage

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
        null=True,
        blank=True,
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        related_name="summary_jobs",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=10, choices=SummaryPeriod.choices, blank=True)
    fmt = models.CharField(_("format"), max_length=10)
    # A plan's PDF: what it prints (printing.pdf.pdf_fingerprint), so that the
    # same PDF asked for again comes from this job instead of a new render.
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Written by the worker as it goes (exports.services.run_export), for the job's page.
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    pages = models.PositiveIntegerField(_("pages so far"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportJobStatus.values), name="exportjob_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False, committee__isnull=True)
                | models.Q(
                    plan__isnull=True,
                    committee__isnull=False,
                    year__isnull=False,
                    period__in=SummaryPeriod.values,
                ),
                name="exportjob_plan_or_summary",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=["", *ExportStage.values]),
                name="exportjob_stage_valid",
            ),
        ]

    def __str__(self):
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_summary(self) -> bool:
        return self.plan_id is None

    def stage_text(self) -> str:
        """The stage in words for the job's page, e.g. 正在排版（已排 12 页）; "" before any."""
        pages = self.pages
        if self.stage == self.Stage.PREPARING:
            return gettext("Preparing the document…")
        if self.stage == self.Stage.LAYOUT:
            if pages is None:
                return gettext("Laying out the pages…")
            return ngettext(
                "Laying out the pages (%(pages)d page so far)…",
                "Laying out the pages (%(pages)d pages so far)…",
                pages,
            ) % {"pages": pages}
        if self.stage == self.Stage.APPENDIX:
            return gettext("Laying out the appendix table…")
        if self.stage == self.Stage.WRITING:
            if pages is None:
                return gettext("Writing the file…")
            message = ngettext("Writing %(pages)d page…", "Writing %(pages)d pages…", pages)
            return message % {"pages": pages}
        if self.stage == self.Stage.JOINING:
            return gettext("Joining the parts…")
        if self.stage == self.Stage.SAVING:
            return gettext("Saving the file…")
        return ""

    def source_url(self) -> str:
        """The page of what the file is made from: the plan, or the summary's preview."""
        if self.is_summary:
            return reverse("progress:summary", args=[self.committee_id, self.year, self.period])
        return self.plan.get_absolute_url()

    def source_title(self) -> str:
        return self.filename.rpartition(".")[0] if self.is_summary else self.plan.title

    def retry_url(self) -> str:
        """Asks for the same file again (a new job)."""
        if self.is_summary:
            arguments = [self.committee_id, self.year, self.period, self.fmt]
            return reverse("exports:summary", args=arguments)
        return reverse("exports:plan", args=[self.plan_id, self.fmt])
