"""Reads for the year grid, the month calendar and the home-page agenda."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, QuerySet, Value, When

from activities.models import Activity, ActivityStatus
from organisation.models import Committee
from organisation.permissions import committee_scope
from plans.models import Plan
from plans.schedule import DAY_KINDS, ScheduleKind

AGENDA_DAYS = 30
# Month-level items shown in the agenda: those whose time is "in this month".
AGENDA_MONTH_KINDS = {ScheduleKind.MONTH, ScheduleKind.MONTHS}


def _calendar_activities() -> QuerySet[Activity]:
    return Activity.objects.select_related(
        "type", "lead_organizer__parent", "section__plan"
    ).order_by(
        F("first_month").asc(nulls_first=True),
        # Within a month, items without a day come before the dated ones.
        F("start_date").asc(nulls_first=True),
        "section__plan_id",
        "section_id",
        "position",
    )


def plan_activities(plan: Plan) -> QuerySet[Activity]:
    """The plan's activities with what the year grid prints, in time order."""
    return _calendar_activities().filter(section__plan=plan)


def committee_year_activities(committee: Committee, year: int) -> QuerySet[Activity]:
    """The activities of every plan the committee has for the year, in time order."""
    return _calendar_activities().filter(
        section__plan__committee=committee, section__plan__year=year
    )


def committee_month_activities(committee: Committee, year: int, month: int) -> QuerySet[Activity]:
    """Activities of the committee that fall in the month.

    Those of the year's plans covering the month, and dated ones of any of its
    plans whose dates reach into it (a range 2026-12-28..2027-01-03 of the 2026
    plan shows in January 2027).
    """
    month_start = datetime.date(year, month, 1)
    month_end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    in_year = Q(section__plan__year=year, first_month__lte=month, last_month__gte=month)
    dated = Q(schedule_kind__in=DAY_KINDS, start_date__lte=month_end) & (
        Q(end_date__gte=month_start) | Q(end_date__isnull=True, start_date__gte=month_start)
    )
    return _calendar_activities().filter(in_year | dated, section__plan__committee=committee)


@dataclass(frozen=True)
class AgendaItem:
    activity: Activity
    # The first day shown: the start date, or the 1st for a month-level item.
    date: datetime.date
    month_level: bool


def agenda(user, today: datetime.date, *, limit: int | None = None) -> list[AgendaItem]:
    """The next 30 days of the committees the user works for, by date.

    Dated items overlapping today..today+30, and month-level items (`6月`,
    `5月至7月`) of this year's plans that cover this month. Cancelled items are
    left out. One query; `limit` keeps the first so many (a province office reads
    hundreds of bodies' items, and the home page shows the first few).
    """
    scope = committee_scope(user)
    if not (scope.is_admin or scope.readable):
        return []
    until = today + datetime.timedelta(days=AGENDA_DAYS)
    dated = Q(schedule_kind__in=DAY_KINDS, start_date__lte=until) & (
        Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    )
    this_month = Q(
        schedule_kind__in=AGENDA_MONTH_KINDS,
        section__plan__year=today.year,
        first_month__lte=today.month,
        last_month__gte=today.month,
    )
    activities = _calendar_activities().filter(dated | this_month)
    activities = activities.exclude(status=ActivityStatus.CANCELLED)
    if not scope.is_admin:
        activities = activities.filter(section__plan__committee_id__in=scope.readable)
    month_start = today.replace(day=1)
    is_dated = Q(schedule_kind__in=DAY_KINDS)
    # By date; a month-level item counts as the first of the month and comes
    # before the dated items of that day.
    activities = activities.annotate(
        agenda_date=Case(
            When(is_dated, then=F("start_date")),
            default=Value(month_start),
            output_field=DateField(),
        ),
        agenda_dated=Case(When(is_dated, then=Value(1)), default=Value(0)),
    ).order_by("agenda_date", "agenda_dated", "pk")
    if limit is not None:
        activities = activities[:limit]
    return [
        AgendaItem(activity=activity, date=activity.start_date, month_level=False)
        if activity.schedule_kind in DAY_KINDS
        else AgendaItem(activity=activity, date=month_start, month_level=True)
        for activity in activities
    ]
