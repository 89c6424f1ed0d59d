"""Activities as an iCalendar feed (RFC 5545), by the rules of docs/calendar.md.

`render_ics` turns already-fetched activities into bytes and neither queries nor
writes. Every event is all-day, since a plan schedules by date, month or quarter,
not by the hour. Each activity keeps one UID for life, so a calendar that reloads
the feed replaces the event when the activity changes.
"""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from activities.models import Activity, ActivityStatus
from plans.schedule import ScheduleKind

PRODID = "-//CPPCC work plans//Calendar feeds//ZH"

# Kinds that become an event spanning their whole months (first day of the first
# month to the first day after the last month).
MONTH_KINDS = {ScheduleKind.MONTH, ScheduleKind.MONTHS, ScheduleKind.QUARTER, ScheduleKind.HALF}

STATUS = {
    ActivityStatus.POSTPONED: "TENTATIVE",
    ActivityStatus.CANCELLED: "CANCELLED",
}


def site_host() -> str:
    """The host named in UIDs: the first plain name in ALLOWED_HOSTS, else `localhost`.

    It comes from configuration, not from the request, so the UIDs stay the same
    whichever address a calendar used to fetch the feed.
    """
    for host in settings.ALLOWED_HOSTS:
        name = host.lstrip(".")
        if name and "*" not in name:
            return name
    return "localhost"


def activity_path(activity: Activity) -> str:
    """The activity in its plan's editor, as a path (the caller adds scheme and host)."""
    return f"{reverse('editor:detail', args=[activity.section.plan_id])}#activity-{activity.pk}"


def site_url(path: str) -> str:
    """`path` on the configured host, for links made without a request (export_plan)."""
    return f"https://{site_host()}{path}"


def event_uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@{site_host()}"


def event_dates(activity: Activity, year: int) -> tuple[datetime.date, datetime.date] | None:
    """All-day start and exclusive end of the activity's event; None if it has none.

    `year` is the plan's year, for schedules that name only months.
    """
    schedule = activity.schedule
    if schedule.kind == ScheduleKind.DATE:
        return schedule.start_date, schedule.start_date + datetime.timedelta(days=1)
    if schedule.kind == ScheduleKind.DATE_RANGE:
        # A range into the next year is kept as written.
        return schedule.start_date, schedule.end_date + datetime.timedelta(days=1)
    if schedule.kind in MONTH_KINDS:
        first, last = schedule.month_span()
        return datetime.date(year, first, 1), _first_day_after_month(year, last)
    # Year-round, recurring, event-timed and unscheduled items have no dates to show.
    return None


def _first_day_after_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)


def render_ics(
    activities: Iterable[Activity],
    *,
    name: str,
    url_for: Callable[[Activity], str],
    stamp: datetime.datetime | None = None,
) -> bytes:
    """A VCALENDAR of one all-day VEVENT per dated activity.

    Each activity needs `type`, `section.plan` and what `printed_fields` reads
    loaded (see calendars.feeds.feed_activities); `url_for(activity)` gives the
    absolute link back to it.
    """
    stamp = stamp or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for activity in activities:
        dates = event_dates(activity, activity.section.plan.year)
        if dates is None:
            continue
        event = Event()
        event.add("uid", event_uid(activity))
        event.add("dtstamp", stamp)
        event.add("dtstart", dates[0])
        event.add("dtend", dates[1])
        event.add("summary", f"{activity.type.name} · {activity.topic}")
        description = "\n".join(f"{label}：{value}" for label, value in activity.printed_fields())
        if description:
            event.add("description", description)
        event.add("url", url_for(activity))
        event.add("status", STATUS.get(activity.status, "CONFIRMED"))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
