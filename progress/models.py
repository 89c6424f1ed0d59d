"""Carrying out a plan: what happened to each activity, its outcomes, and the summaries.

The plan's own tables (plans, activities) are not changed here: an activity's
status stays on `activities.Activity`; everything recorded about how it was
carried out hangs off it in this app (docs/progress.md).
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from organisation.models import Committee, Member
from plans.models import YEAR_MAX, YEAR_MIN


class ActivityRecord(models.Model):
    """How one activity was carried out: its real dates, why it moved, what was done."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="record"
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_until = models.DateField(
        _("held until"),
        null=True,
        blank=True,
        help_text=_("The last day, for an activity of several days."),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the activity was postponed or cancelled.")
    )
    notes = models.TextField(_("what was done"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        ordering = ["activity_id"]
        indexes = [models.Index(fields=["held_on"], name="record_held_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_until__isnull=True)
                | Q(held_on__isnull=False, held_until__gte=F("held_on")),
                name="record_until_after_on",
            ),
        ]

    def __str__(self):
        return str(self.activity_id)


class Attendance(models.Model):
    """A member who took part in an activity (counted in the member's record, 履职档案)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["activity_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.activity_id}:{self.member_id}"


class OutcomeKind(models.TextChoices):
    RESEARCH_REPORT = "research_report", _("Research report")
    INSPECTION_REPORT = "inspection_report", _("Inspection report")
    CONSULTATION_REPORT = "consultation_report", _("Consultation report")
    PROPOSAL = "proposal", _("Proposal")
    PUBLIC_OPINION = "public_opinion", _("Public-opinion report")
    INSTRUCTION = "instruction", _("Leader's written instruction")
    MEDIA = "media", _("Media report")


# A report is one document with a title: recorded one per row.
REPORT_KINDS = (
    OutcomeKind.RESEARCH_REPORT,
    OutcomeKind.INSPECTION_REPORT,
    OutcomeKind.CONSULTATION_REPORT,
)
# The measure word each kind is counted in, as a summary prints it.
OUTCOME_UNITS = {
    OutcomeKind.RESEARCH_REPORT: "篇",
    OutcomeKind.INSPECTION_REPORT: "篇",
    OutcomeKind.CONSULTATION_REPORT: "篇",
    OutcomeKind.PROPOSAL: "件",
    OutcomeKind.PUBLIC_OPINION: "条",
    OutcomeKind.INSTRUCTION: "件次",
    OutcomeKind.MEDIA: "篇",
}
# How a summary names each kind (the Chinese terms of the office, in any language).
OUTCOME_WORDS = {
    OutcomeKind.RESEARCH_REPORT: "调研报告",
    OutcomeKind.INSPECTION_REPORT: "视察报告",
    OutcomeKind.CONSULTATION_REPORT: "协商专报",
    OutcomeKind.PROPOSAL: "提案",
    OutcomeKind.PUBLIC_OPINION: "社情民意信息",
    OutcomeKind.INSTRUCTION: "领导批示",
    OutcomeKind.MEDIA: "媒体报道",
}


class Outcome(models.Model):
    """A result of an activity: a report, proposals, public-opinion reports, instructions …"""

    Kind = OutcomeKind

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Required for a report, e.g. 关于加快乡村振兴步伐的调研报告."),
    )
    quantity = models.PositiveSmallIntegerField(
        _("number"),
        default=1,
        help_text=_("Proposals and public-opinion reports in pieces, instructions in 件次."),
    )
    adopted = models.PositiveSmallIntegerField(
        _("adopted"),
        default=0,
        help_text=_("Public-opinion reports only: how many were adopted."),
    )
    by_whom = models.CharField(
        _("by whom"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who adopted it (e.g. 省政协), who wrote the instruction (e.g. 市委主要领导), "
            "or where it was published (e.g. 人民政协报)."
        ),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("When it was formed; if empty, the activity's date counts."),
    )
    members = models.ManyToManyField(
        Member,
        verbose_name=_("members"),
        blank=True,
        related_name="outcomes",
        help_text=_("Members who wrote or submitted it, for their records."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["activity_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OutcomeKind.values), name="outcome_kind_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="outcome_quantity_positive"),
            models.CheckConstraint(
                condition=Q(adopted__lte=F("quantity")), name="outcome_adopted_not_above_quantity"
            ),
            models.CheckConstraint(
                condition=Q(kind=OutcomeKind.PUBLIC_OPINION) | Q(adopted=0),
                name="outcome_adopted_only_public_opinion",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=REPORT_KINDS) | (Q(quantity=1) & ~Q(title="")),
                name="outcome_report_one_with_title",
            ),
        ]

    def __str__(self):
        return self.title or str(self.get_kind_display())

    def clean(self):
        errors = {}
        if self.kind in REPORT_KINDS:
            if not self.title.strip():
                errors["title"] = _("Give the report its title.")
            if self.quantity != 1:
                errors["quantity"] = _("Record each report on its own, with its title.")
        if self.kind != OutcomeKind.PUBLIC_OPINION and self.adopted:
            errors["adopted"] = _("Only public-opinion reports are counted as adopted.")
        elif self.quantity is not None and self.adopted and self.adopted > self.quantity:
            errors["adopted"] = _("More cannot be adopted than were sent.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_report(self) -> bool:
        return self.kind in REPORT_KINDS

    @property
    def unit(self) -> str:
        return OUTCOME_UNITS[self.kind]

    @property
    def word(self) -> str:
        return OUTCOME_WORDS[self.kind]


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    GIF = "gif", "GIF"
    WEBP = "webp", "WebP"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under the activity's folder: the uploaded name is kept in the row only."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"progress/{instance.activity_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file kept with an activity: minutes, a report, photographs.

    Stored through Django's storage API under a random name; served only by
    progress.views.attachments to those who may read the plan.
    """

    Kind = AttachmentKind

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["activity_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="attachment_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="attachment_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class SummaryPeriod(models.TextChoices):
    H1 = "h1", _("First half")
    H2 = "h2", _("Second half")
    YEAR = "year", _("Whole year")


class SummaryNarrative(models.Model):
    """The parts of a summary (工作总结) the staff write themselves; the figures are counted."""

    Period = SummaryPeriod

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    opening = models.TextField(
        _("opening"), blank=True, help_text=_("Paragraphs before the figures, one per line.")
    )
    achievements = models.TextField(
        _("main work and results"), blank=True, help_text=_("Paragraphs, one per line.")
    )
    shortcomings = models.TextField(
        _("problems and shortcomings"), blank=True, help_text=_("Paragraphs, one per line.")
    )
    next_steps = models.TextField(
        _("plans for the next period"), blank=True, help_text=_("Paragraphs, one per line.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("summary text")
        verbose_name_plural = _("summary texts")
        ordering = ["committee_id", "-year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "period"], name="summarynarrative_unique"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="summarynarrative_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(period__in=SummaryPeriod.values), name="summarynarrative_period_valid"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_period_display()}"
