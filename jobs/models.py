"""A document being made in the background for someone (docs/deploy.md, "Background exports")."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One request for a plan's PDF or Word file, and the file once it is made.

    The id is a random UUID: the job's page is addressed by it, so one person's
    job cannot be found by counting. Files go through Django's storage API, each
    job to a name of its own, so a failed write never touches an earlier file.
    """

    Status = ExportJobStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    fmt = models.CharField(_("format"), max_length=10)
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
        ]

    def __str__(self):
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
