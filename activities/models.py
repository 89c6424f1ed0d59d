"""Activity types and the activities a plan schedules and carries out."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history import register

from core.history import History
from organisation.models import Committee, Member, Sector
from plans.models import Section
from plans.schedule import Recurrence, Schedule, ScheduleKind
from plans.wording import (
    OrganizerName,
    ParticipantEntry,
    ParticipantKind,
    organizers_wording,
    participants_wording,
)


class ActivityCategory(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    RESEARCH = "research", _("Research")
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Democratic supervision")
    PROPOSALS = "proposals", _("Proposals")
    PUBLIC_OPINION = "public_opinion", _("Public-opinion reports")
    MEETINGS = "meetings", _("Briefings and symposiums")
    STUDY = "study", _("Study")
    HISTORY = "history", _("History materials")
    UNITY = "unity", _("Unity and friendship")
    PUBLICITY = "publicity", _("Publicity")
    SELF_BUILDING = "self_building", _("Self-building")


class ActivityType(models.Model):
    """A form of activity (协商形式 and the like); an editable list."""

    Category = ActivityCategory

    name = models.CharField(_("name"), max_length=50, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    content_label = models.CharField(
        _("content label"),
        max_length=20,
        default="主要内容",
        help_text=_("How the content field is labelled in print, e.g. 协商内容, 调研内容."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ActivityCategory.values),
                name="activitytype_category_valid",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="activitytype_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(content_label=""), name="activitytype_label_not_empty"
            ),
        ]

    def __str__(self):
        return self.name


def _schedule_complete() -> Q:
    """Each schedule kind has the fields it needs (the form also checks, with messages)."""
    kind = ScheduleKind
    return (
        Q(schedule_kind__in=[kind.UNSCHEDULED, kind.YEAR_ROUND])
        | Q(schedule_kind=kind.MONTH, month__isnull=False)
        | (
            Q(schedule_kind=kind.MONTHS, month__isnull=False, end_month__isnull=False)
            & Q(end_month__gt=F("month"))
        )
        | Q(schedule_kind=kind.DATE, start_date__isnull=False)
        | Q(schedule_kind=kind.DATE_RANGE, start_date__isnull=False, end_date__isnull=False)
        | Q(schedule_kind=kind.QUARTER, quarter__isnull=False)
        | Q(schedule_kind=kind.HALF, half__isnull=False)
        | Q(schedule_kind=kind.RECURRING, recurrence__in=Recurrence.values)
        | (Q(schedule_kind=kind.EVENT) & ~Q(event=""))
    )


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """One activity of a plan: a consultation, research trip, inspection …"""

    Status = ActivityStatus

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveIntegerField(_("position"))
    type = models.ForeignKey(
        ActivityType,
        verbose_name=_("type"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    topic = models.CharField(_("topic"), max_length=200)
    content = models.TextField(_("content"), blank=True)

    schedule_kind = models.CharField(
        _("time"), max_length=20, choices=ScheduleKind.choices, default=ScheduleKind.UNSCHEDULED
    )
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(_("end month"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    half = models.PositiveSmallIntegerField(
        _("half year"), null=True, blank=True, choices=[(1, "上半年"), (2, "下半年")]
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    event = models.CharField(
        _("event"), max_length=200, blank=True, help_text=_("e.g. 市政协十四届二次全会期间")
    )
    # Derived from the schedule on save, so the database can sort and filter by month.
    first_month = models.PositiveSmallIntegerField(_("first month"), null=True, editable=False)
    last_month = models.PositiveSmallIntegerField(_("last month"), null=True, editable=False)

    lead_organizer = models.ForeignKey(
        Committee,
        verbose_name=_("lead organizer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    joint_organizers = models.ManyToManyField(
        Committee,
        verbose_name=_("joint organizers"),
        through="JointOrganizer",
        related_name="joint_activities",
        blank=True,
    )
    targets = models.TextField(
        _("targets and notes"), blank=True, help_text=_("e.g. 视察全年不少于两次")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    history = History()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["section_id", "position"]
        indexes = [
            models.Index(fields=["first_month", "last_month"], name="activity_months"),
            models.Index(fields=["status"], name="activity_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="activity_unique_position_in_section"
            ),
            models.CheckConstraint(condition=~Q(topic=""), name="activity_topic_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="activity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(schedule_kind__in=ScheduleKind.values),
                name="activity_schedule_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12) | Q(month__isnull=True),
                name="activity_month_in_range",
            ),
            models.CheckConstraint(
                condition=Q(end_month__gte=1, end_month__lte=12) | Q(end_month__isnull=True),
                name="activity_end_month_in_range",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4) | Q(quarter__isnull=True),
                name="activity_quarter_in_range",
            ),
            models.CheckConstraint(
                condition=Q(half__in=[1, 2]) | Q(half__isnull=True),
                name="activity_half_in_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date"))
                | Q(end_date__isnull=True)
                | Q(start_date__isnull=True),
                name="activity_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(first_month__lte=F("last_month"))
                | Q(first_month__isnull=True, last_month__isnull=True),
                name="activity_month_span_ordered",
            ),
            models.CheckConstraint(
                condition=_schedule_complete(), name="activity_schedule_complete"
            ),
        ]

    def __str__(self):
        return self.topic

    def save(self, *args, **kwargs):
        self.first_month, self.last_month = self.schedule.month_span()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "first_month", "last_month"}
        super().save(*args, **kwargs)

    @property
    def schedule(self) -> Schedule:
        return Schedule(
            kind=self.schedule_kind,
            month=self.month,
            end_month=self.end_month,
            quarter=self.quarter,
            half=self.half,
            recurrence=self.recurrence,
            start_date=self.start_date,
            end_date=self.end_date,
            event=self.event,
        )

    def clean(self):
        errors = schedule_errors(self.schedule)
        if errors:
            raise ValidationError(errors)

    @property
    def run_in_topic(self) -> str:
        """The topic as the lead phrase of a run-in item, closed by 。: 加强理论武装。"""
        return self.topic.rstrip("。") + "。"

    def printed_fields(self) -> list[tuple[str, str]]:
        """The labelled lines a plan prints under the topic, empty ones left out."""
        fields = [
            (self.type.content_label, self.content),
            ("时间安排", self.schedule_wording()),
            ("参加人员", self.participants_wording()),
            ("组织实施", self.organizers_wording()),
        ]
        return [(label, value) for label, value in fields if value]

    def schedule_wording(self) -> str:
        return self.schedule.wording()

    def organizers_wording(self) -> str:
        """Needs lead_organizer__parent and the joint organizers' committees loaded.

        Reads the list `printed_joint_organizers` if a Prefetch(to_attr=...) made it
        (activities.selectors.outline_activities), else the related manager.
        """
        lead = _organizer_name(self.lead_organizer) if self.lead_organizer else None
        rows = getattr(self, "printed_joint_organizers", None)
        if rows is None:
            rows = self.joint_organizer_rows.all()
        joint = [_organizer_name(row.committee) for row in rows]
        return organizers_wording(lead, joint)

    def participants_wording(self) -> str:
        """Needs participants with their sector and members loaded.

        Reads the list `printed_participants` if a Prefetch(to_attr=...) made it
        (activities.selectors.outline_activities), else the related manager.
        """
        rows = getattr(self, "printed_participants", None)
        if rows is None:
            rows = self.participants.all()
        return participants_wording([row.entry() for row in rows])


def _organizer_name(committee: Committee) -> OrganizerName:
    return OrganizerName(prefix=committee.print_prefix, name=committee.print_name)


def schedule_errors(schedule: Schedule) -> dict[str, str]:
    """Field-by-field messages for a schedule that lacks what its kind needs."""
    kind, errors = schedule.kind, {}
    if kind in {ScheduleKind.MONTH, ScheduleKind.MONTHS} and schedule.month is None:
        errors["month"] = _("Choose the month.")
    if kind == ScheduleKind.MONTHS:
        if schedule.end_month is None:
            errors["end_month"] = _("Choose the last month.")
        elif schedule.month is not None and schedule.end_month <= schedule.month:
            errors["end_month"] = _("The last month must come after the first.")
    if kind in {ScheduleKind.DATE, ScheduleKind.DATE_RANGE} and schedule.start_date is None:
        errors["start_date"] = _("Enter the date.")
    if kind == ScheduleKind.DATE_RANGE:
        if schedule.end_date is None:
            errors["end_date"] = _("Enter the end date.")
        elif schedule.start_date and schedule.end_date < schedule.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
    if kind == ScheduleKind.QUARTER and schedule.quarter is None:
        errors["quarter"] = _("Choose the quarter.")
    if kind == ScheduleKind.HALF and schedule.half is None:
        errors["half"] = _("Choose the half year.")
    if kind == ScheduleKind.RECURRING and not schedule.recurrence:
        errors["recurrence"] = _("Choose how often it recurs.")
    if kind == ScheduleKind.EVENT and not schedule.event.strip():
        errors["event"] = _("Name the event, e.g. 市政协十四届二次全会期间.")
    return errors


class JointOrganizer(models.Model):
    """A body that organises an activity together with the lead, in printed order."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="joint_organizer_rows",
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"))
    history = History()

    class Meta:
        verbose_name = _("joint organizer")
        verbose_name_plural = _("joint organizers")
        ordering = ["activity_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "committee"], name="jointorganizer_unique_committee"
            ),
            models.UniqueConstraint(
                fields=["activity", "position"], name="jointorganizer_unique_position"
            ),
        ]

    def __str__(self):
        return str(self.committee_id)


class Participant(models.Model):
    """One entry of an activity's participant list, in printed order."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    text = models.CharField(
        _("wording"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 市政府分管副市长, 市发改委, 部分政协委员, 智库专家"),
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members"), blank=True, related_name="participations"
    )
    history = History()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["activity_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="participant_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ParticipantKind.values), name="participant_kind_valid"
            ),
            # A sector entry names its sector; every other entry but a list of
            # named members carries its wording.
            models.CheckConstraint(
                condition=Q(kind=ParticipantKind.SECTOR, sector__isnull=False)
                | Q(kind=ParticipantKind.MEMBERS)
                | (~Q(kind=ParticipantKind.SECTOR) & ~Q(text="")),
                name="participant_has_wording",
            ),
        ]

    def __str__(self):
        return self.text or self.get_kind_display()

    def entry(self) -> ParticipantEntry:
        """Needs `sector` loaded, and `members` for a members entry.

        Only a members entry prints names, so only it reads its members: the list
        `printed_members` if activities.selectors.outline_activities prefetched it, else
        the related manager.
        """
        if self.kind == ParticipantKind.SECTOR:
            return ParticipantEntry(kind=self.kind, text=self.sector.name)
        if self.kind != ParticipantKind.MEMBERS:
            return ParticipantEntry(kind=self.kind, text=self.text)
        members = getattr(self, "printed_members", None)
        if members is None:
            members = self.members.all()
        names = tuple(member.name for member in members)
        return ParticipantEntry(kind=self.kind, text=self.text, member_names=names)


# The named members of a participant entry are rows of the m2m table; they get
# a history of their own, like the entries (docs/history.md).
register(Participant.members.through, app="activities", records_class=History)


def lead_organizer_name(activity) -> str:
    """The lead organizer as the 牵头单位 column prints it: 市政协调研室, or ''.

    Needs lead_organizer__parent loaded (activities.selectors.outline_activities does).
    """
    committee = activity.lead_organizer
    if committee is None:
        return ""
    return committee.print_prefix + committee.print_name
