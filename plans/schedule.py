"""When an activity happens: every time form a plan uses, as plain values.

A `Schedule` is what the activity row stores, without the database. It knows
which months it covers (so the database can sort and filter by month) and how
an official writes it in a plan (`6月`, `4月19日至24日`, `第二季度` …).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTER_WORDS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
HALF_WORDS = {1: "上半年", 2: "下半年"}


class ScheduleKind(models.TextChoices):
    UNSCHEDULED = "none", _("Not yet scheduled")
    MONTH = "month", _("Month")
    MONTHS = "months", _("Months (from … to …)")
    DATE = "date", _("Date")
    DATE_RANGE = "range", _("Date range")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half year")
    YEAR_ROUND = "year", _("Year-round")
    RECURRING = "recurring", _("Recurring")
    EVENT = "event", _("During an event")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    HALF_YEARLY = "half_yearly", _("Every half year")


RECURRENCE_WORDS = {
    Recurrence.MONTHLY: "每月",
    Recurrence.QUARTERLY: "每季度",
    Recurrence.HALF_YEARLY: "每半年",
}


@dataclass(frozen=True)
class Schedule:
    kind: str = ScheduleKind.UNSCHEDULED
    month: int | None = None
    end_month: int | None = None
    quarter: int | None = None
    half: int | None = None
    recurrence: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    event: str = ""

    def month_span(self) -> tuple[int | None, int | None]:
        """First and last month of the year this schedule covers; (None, None) if unknown."""
        match self.kind:
            case ScheduleKind.MONTH:
                return self.month, self.month
            case ScheduleKind.MONTHS:
                return self.month, self.end_month
            case ScheduleKind.DATE:
                return self.start_date.month, self.start_date.month
            case ScheduleKind.DATE_RANGE:
                # A range running into the next year covers the rest of this one.
                crosses_year = self.end_date.year > self.start_date.year
                return self.start_date.month, 12 if crosses_year else self.end_date.month
            case ScheduleKind.QUARTER:
                return self.quarter * 3 - 2, self.quarter * 3
            case ScheduleKind.HALF:
                return self.half * 6 - 5, self.half * 6
            case ScheduleKind.YEAR_ROUND | ScheduleKind.RECURRING:
                return 1, 12
            case ScheduleKind.EVENT:
                # The month of an event is optional and only used for sorting.
                return self.month, self.month
        return None, None

    def wording(self) -> str:
        """The schedule as a plan prints it after 时间安排："""
        match self.kind:
            case ScheduleKind.MONTH:
                return f"{self.month}月"
            case ScheduleKind.MONTHS:
                return f"{self.month}月至{self.end_month}月"
            case ScheduleKind.DATE:
                return f"{self.start_date.month}月{self.start_date.day}日"
            case ScheduleKind.DATE_RANGE:
                return date_range_wording(self.start_date, self.end_date)
            case ScheduleKind.QUARTER:
                return QUARTER_WORDS[self.quarter]
            case ScheduleKind.HALF:
                return HALF_WORDS[self.half]
            case ScheduleKind.YEAR_ROUND:
                return "全年"
            case ScheduleKind.RECURRING:
                return RECURRENCE_WORDS[self.recurrence]
            case ScheduleKind.EVENT:
                return self.event
        return ""


def date_range_wording(start: datetime.date, end: datetime.date) -> str:
    """`4月19日至24日`, `4月29日至5月3日`, `2026年12月28日至2027年1月3日`."""
    if start == end:
        return f"{start.month}月{start.day}日"
    if start.year != end.year:
        return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{start.month}月{start.day}日至{end.month}月{end.day}日"
    return f"{start.month}月{start.day}日至{end.day}日"


DAY_KINDS = {ScheduleKind.DATE, ScheduleKind.DATE_RANGE}


def schedule_to_dict(activity) -> dict:
    """The schedule's kind and only the fields that kind uses; dates as YYYY-MM-DD."""
    result = {"kind": activity.schedule_kind}
    for key, attribute in SCHEDULE_FIELDS.get(activity.schedule_kind, {}).items():
        value = getattr(activity, attribute)
        if value is None:  # only an event's month is optional
            continue
        result[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return result


# The fields each kind of schedule uses: JSON key -> Activity attribute. The one list
# of schedule fields: the activity form's (activities.forms) derive from it.
SCHEDULE_FIELDS: dict[str, dict[str, str]] = {
    ScheduleKind.UNSCHEDULED: {},
    ScheduleKind.MONTH: {"month": "month"},
    ScheduleKind.MONTHS: {"month": "month", "end_month": "end_month"},
    ScheduleKind.DATE: {"date": "start_date"},
    ScheduleKind.DATE_RANGE: {"start": "start_date", "end": "end_date"},
    ScheduleKind.QUARTER: {"quarter": "quarter"},
    ScheduleKind.HALF: {"half": "half"},
    ScheduleKind.YEAR_ROUND: {},
    ScheduleKind.RECURRING: {"recurrence": "recurrence"},
    # The month of an event is optional (it only sorts the activity).
    ScheduleKind.EVENT: {"event": "event", "month": "month"},
}
