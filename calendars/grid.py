"""Activities laid out over a year and a month: the year grid (年度安排表) and the calendar.

Pure functions over already-fetched activities: no queries. The grid counts by
one rule, stated again in the page legend:

- the grand total counts every activity once, whatever its schedule;
- a month's total counts every activity that covers the month once, so an item
  spread over a quarter counts in each of its three months;
- an event-timed item (全会期间) sits in its own row, in the column of its month
  when the event's month is known (and counts there), else in the row's
  "month unknown" list; an unscheduled item sits in its own list and counts only
  in the grand total.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.schedule import DAY_KINDS, Schedule, ScheduleKind

MONTHS = range(1, 13)


class Coverage(models.TextChoices):
    """How an activity covers a month: the marker shown in the grid."""

    DATES = "dates", _("Exact date")
    MONTH = "month", _("In the month")
    SPREAD = "spread", _("Spread over several months")
    RECURRING = "recurring", _("Recurring")
    EVENT = "event", _("During an event")
    UNSCHEDULED = "unscheduled", _("Not yet scheduled")


COVERAGE_OF_KIND = {
    ScheduleKind.DATE: Coverage.DATES,
    ScheduleKind.DATE_RANGE: Coverage.DATES,
    ScheduleKind.MONTH: Coverage.MONTH,
    ScheduleKind.MONTHS: Coverage.SPREAD,
    ScheduleKind.QUARTER: Coverage.SPREAD,
    ScheduleKind.HALF: Coverage.SPREAD,
    ScheduleKind.YEAR_ROUND: Coverage.SPREAD,
    ScheduleKind.RECURRING: Coverage.RECURRING,
    ScheduleKind.EVENT: Coverage.EVENT,
    ScheduleKind.UNSCHEDULED: Coverage.UNSCHEDULED,
}


def coverage(schedule: Schedule) -> Coverage:
    """The kind of mark a schedule leaves in the months it covers."""
    return COVERAGE_OF_KIND.get(schedule.kind, Coverage.UNSCHEDULED)


def _date_bounds(schedule: Schedule) -> tuple[datetime.date, datetime.date]:
    return schedule.start_date, schedule.end_date or schedule.start_date


def months_covered(schedule: Schedule, year: int | None = None) -> list[int]:
    """The months of the plan year the schedule covers, in order; [] if none is known.

    A dated item counts in the months of its dates that fall in `year`: a range
    2026-12-28..2027-01-03 covers December of 2026 and January of 2027. Without a
    year, or when no date falls in it, the schedule's own span is used (a range
    running into the next year then covers the rest of its first year).
    """
    if schedule.kind in DAY_KINDS and schedule.start_date and year is not None:
        start, end = _date_bounds(schedule)
        if start.year <= year <= end.year:
            first = start.month if start.year == year else 1
            last = end.month if end.year == year else 12
            return list(range(first, last + 1))
    first, last = schedule.month_span()
    if first is None:
        return []
    return list(range(first, (last or first) + 1))


def days_in_month(schedule: Schedule, year: int, month: int) -> list[datetime.date]:
    """The days of `year`-`month` a dated item occupies; [] for month-level items."""
    if schedule.kind not in DAY_KINDS or schedule.start_date is None:
        return []
    start, end = _date_bounds(schedule)
    month_start = datetime.date(year, month, 1)
    month_end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    first, last = max(start, month_start), min(end, month_end)
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


# --- the year grid ------------------------------------------------------------------


class GridGroup(models.TextChoices):
    TYPE = "type", _("By activity type")
    ORGANIZER = "organizer", _("By lead organizer")


@dataclass
class GridEntry:
    activity: object
    coverage: Coverage

    @property
    def is_spread(self) -> bool:
        return self.coverage in {Coverage.SPREAD, Coverage.RECURRING}


@dataclass
class GridRow:
    label: str
    cells: list[list[GridEntry]] = field(default_factory=lambda: [[] for _ in MONTHS])
    # Activities of the row with no month at all (events whose month is unknown).
    no_month: list[GridEntry] = field(default_factory=list)
    total: int = 0


@dataclass
class YearGrid:
    rows: list[GridRow]
    event_row: GridRow
    unscheduled: list[object]
    month_totals: list[int]
    total: int


def _group_key(activity, group: str) -> tuple[tuple, str]:
    """A sort key and a label for the activity's row."""
    if group == GridGroup.ORGANIZER:
        organizer = activity.lead_organizer
        if organizer is None:
            return (1, 0, 0), str(_("No lead organizer"))
        label = f"{organizer.print_prefix}{organizer.print_name}"
        return (0, organizer.position, organizer.pk), label
    return (0, activity.type.position, activity.type.pk), activity.type.name


def year_grid(activities: Iterable, year: int, group: str = GridGroup.TYPE) -> YearGrid:
    """Lay the activities out in rows of twelve months (see the module docstring for counts).

    Needs each activity's `type` and `lead_organizer__parent` loaded.
    """
    rows: dict[tuple, GridRow] = {}
    event_row = GridRow(label=str(_("During an event")))
    unscheduled, month_totals, total = [], [0] * 12, 0
    for activity in activities:
        total += 1
        schedule = activity.schedule
        mark = coverage(schedule)
        if mark == Coverage.UNSCHEDULED:
            unscheduled.append(activity)
            continue
        months = months_covered(schedule, year)
        if mark == Coverage.EVENT:
            row = event_row
        else:
            key, label = _group_key(activity, group)
            row = rows.setdefault(key, GridRow(label=label))
        row.total += 1
        entry = GridEntry(activity=activity, coverage=mark)
        if not months:
            row.no_month.append(entry)
        for month in months:
            row.cells[month - 1].append(entry)
            month_totals[month - 1] += 1
    return YearGrid(
        rows=[rows[key] for key in sorted(rows)],
        event_row=event_row,
        unscheduled=unscheduled,
        month_totals=month_totals,
        total=total,
    )


# --- the month calendar ---------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    activities: list = field(default_factory=list)


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    # Items that cover the month without a day: listed above the grid.
    this_month: list = field(default_factory=list)


def month_calendar(activities: Iterable, year: int, month: int) -> MonthCalendar:
    """A Monday-first grid of the month with dated items on their days.

    Activities that cover the month without a day (a month, quarter, event …) go
    to `this_month`; dated items that miss the month are left out.
    """
    weeks = [
        [CalendarDay(date=day, in_month=day.month == month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    by_date = {day.date: day for week in weeks for day in week if day.in_month}
    this_month = []
    for activity in activities:
        schedule = activity.schedule
        if schedule.kind in DAY_KINDS:
            for date in days_in_month(schedule, year, month):
                by_date[date].activities.append(activity)
        elif month in months_covered(schedule, year):
            this_month.append(activity)
    return MonthCalendar(year=year, month=month, weeks=weeks, this_month=this_month)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
