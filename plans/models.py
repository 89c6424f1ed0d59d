"""Plans and the outline of sections they are written in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.history import History
from organisation.models import Committee
from plans.kinds import PlanKind

YEAR_MIN = 2000
YEAR_MAX = 2100
MAX_SECTION_DEPTH = 4


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


class Plan(models.Model):
    """One annual plan document of one committee."""

    Kind = PlanKind

    Status = PlanStatus

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(
        _("document number"), max_length=50, blank=True, help_text=_("e.g. 河洛政协〔2026〕3号")
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("Paragraphs before the first part, one per line.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Every change, with who and when (docs/history.md); the record's own date
    # says when, so the timestamps are not copied.
    history = History(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "committee_id", "kind", "pk"]
        indexes = [models.Index(fields=["committee", "year"], name="plan_committee_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="plan_year_in_range"
            ),
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="plan_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("editor:detail", args=[self.pk])

    @property
    def preamble_paragraphs(self) -> list[str]:
        return split_paragraphs(self.preamble)


class Section(models.Model):
    """A numbered part of a plan; sections nest up to four levels."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed on a line of its own, e.g. 指导思想. Leave empty for a lead-phrase item."
        ),
    )
    lead_phrase = models.CharField(
        _("lead phrase"),
        max_length=100,
        blank=True,
        help_text=_(
            "A short bold phrase that opens the first paragraph, e.g. 围绕中心，服务大局。"
        ),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Paragraphs, one per line."))
    show_count = models.BooleanField(
        _("show activity count"),
        default=False,
        help_text=_("Print the number of activities after the heading, e.g. (4个)."),
    )
    history = History()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["plan_id", "parent_id", "position"]
        constraints = [
            # Top-level sections have no parent, and NULLs never clash in a unique
            # index, so the two cases need one constraint each.
            models.UniqueConstraint(
                fields=["plan", "position"],
                condition=Q(parent__isnull=True),
                name="section_unique_top_position",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="section_unique_child_position",
            ),
            models.CheckConstraint(
                condition=~Q(heading="") | ~Q(lead_phrase=""),
                name="section_has_heading_or_lead",
                violation_error_message=_("Give the section a heading or a lead phrase."),
            ),
        ]

    def __str__(self):
        return self.heading or self.lead_phrase

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot contain itself.")})
        if self.parent and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The parent section belongs to another plan.")})
        if self.parent and self.parent_depth() >= MAX_SECTION_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Sections nest at most %(depth)d levels.")
                    % {"depth": MAX_SECTION_DEPTH}
                }
            )

    def parent_depth(self) -> int:
        """How many sections stand above this one (0 for a top-level section)."""
        depth, ancestor, seen = 0, self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            seen.add(ancestor.pk)
            depth += 1
            ancestor = ancestor.parent
        return depth

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)


def split_paragraphs(text: str) -> list[str]:
    """Split stored text into its non-empty paragraphs, one per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class WarningAcknowledgement(models.Model):
    """An editor's note that a warning of plans.warnings was seen and is fine as it stands."""

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="warning_acknowledgements",
    )
    key = models.CharField(_("warning"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warning acknowledgement")
        verbose_name_plural = _("warning acknowledgements")
        ordering = ["plan_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="warningack_unique_key"),
            models.CheckConstraint(condition=~Q(key=""), name="warningack_key_not_empty"),
        ]

    def __str__(self):
        return self.key


class OfficialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off for a holiday")
    WORKDAY = "workday", _("Adjusted working day")


class OfficialDay(models.Model):
    """A day of the State Council's holiday notice, for a year chinese-calendar lacks.

    Entered by an administrator (typed, or pasted from the notice in the admin).
    Once a year has one entered day, its entered days are what the plan's holiday
    and weekend warnings go by (plans.holidays).
    """

    Kind = OfficialDayKind

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("holiday"), max_length=20, blank=True, help_text=_("e.g. 春节; empty for a working day.")
    )

    class Meta:
        verbose_name = _("official holiday or working day")
        verbose_name_plural = _("official holidays and working days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OfficialDayKind.values), name="officialday_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
