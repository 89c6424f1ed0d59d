"""Warnings about a plan's schedule: shown on the editor and the check page, never blocking.

Every check is a pure function over rows already fetched: the activities of
`activities.selectors.plan_outline` (with their participants, members and joint
organizers prefetched) and the special committees of the plan's committee. None
of them queries, so a plan of hundreds of activities is checked without a query
per activity.

Each warning carries a `key` built from the ids it is about, e.g.
`overlap:member:12:activity:3:activity:9`. The same situation gives the same key
on every run, so an acknowledgement (plans.models.WarningAcknowledgement) keeps
applying until the situation changes.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from django.conf import settings
from django.utils.translation import gettext as _

from plans.holidays import HolidayCalendar
from plans.kinds import rules_for
from plans.models import Plan, PlanKind
from plans.outline import SectionNode, activities_in_order
from plans.schedule import ScheduleKind
from plans.wording import ParticipantKind

# Schedules that place an activity in known months, so it counts towards them.
MONTH_KINDS = {ScheduleKind.MONTH, ScheduleKind.MONTHS, ScheduleKind.DATE, ScheduleKind.DATE_RANGE}
DATE_KINDS = {ScheduleKind.DATE, ScheduleKind.DATE_RANGE}
DAY_SEPARATOR = "、"


@dataclass(frozen=True)
class Warning:
    key: str
    kind: str
    message: str
    activity_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlanRule:
    """At least `minimum` activities of type `type_name` in every period of `period_months`."""

    plan_kind: str
    type_name: str
    period_months: int
    minimum: int


# Plan rules are few and change with the committee's rules of procedure: edit here.
PLAN_RULES: list[PlanRule] = [
    PlanRule(
        plan_kind=PlanKind.CONSULTATION, type_name="双月协商座谈会", period_months=2, minimum=1
    ),
]


def plan_warnings(
    plan: Plan,
    outline: Sequence[SectionNode],
    special_committees,
    calendar: HolidayCalendar | None = None,
) -> list[Warning]:
    """Every warning for the plan, in a fixed order: by check, then as found.

    The checks of times, overlaps and holidays look only at items that carry a
    time, so they apply to every kind. Missing times and organizers, and special
    committees that lead nothing, are warned of only in the kinds that schedule
    every item (plans.kinds): a 工作要点's items seldom have either.
    """
    activities = [node.activity for node in activities_in_order(outline)]
    warnings = [
        *too_many_leads(activities, limit=settings.PLAN_MAX_LEADS_PER_MONTH),
        *member_overlaps(activities),
        *leader_overlaps(activities),
        *calendar_days(activities, calendar or HolidayCalendar({})),
    ]
    if rules_for(plan.kind).scheduled:
        warnings += [
            *unscheduled(activities),
            *without_organizer(activities),
            *idle_special_committees(activities, special_committees),
        ]
    return [*warnings, *plan_rules(plan, activities, PLAN_RULES)]


def too_many_leads(activities: Iterable, *, limit: int) -> list[Warning]:
    """A committee leading more than `limit` activities in one month.

    An activity counts in every month its schedule names: a month, months from …
    to …, a date or a date range. Quarters, half years and year-round items are
    not pinned to a month and do not count.
    """
    led: dict[tuple[int, int], list] = defaultdict(list)
    for activity in activities:
        if activity.lead_organizer_id and activity.schedule_kind in MONTH_KINDS:
            for month in range(activity.first_month, activity.last_month + 1):
                led[activity.lead_organizer_id, month].append(activity)
    warnings = []
    for (committee_id, month), rows in sorted(led.items()):
        if len(rows) > limit:
            message = _(
                "%(committee)s leads %(count)d activities in month %(month)d (more than %(limit)d)."
            ) % {
                "committee": rows[0].lead_organizer.name,
                "count": len(rows),
                "month": month,
                "limit": limit,
            }
            key = f"leads:committee:{committee_id}:month:{month}"
            warnings.append(Warning(key, "leads", message, _ids(rows)))
    return warnings


def activity_days(activity) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of an activity with a date or date range, else None."""
    if activity.schedule_kind == ScheduleKind.DATE:
        return activity.start_date, activity.start_date
    if activity.schedule_kind == ScheduleKind.DATE_RANGE:
        return activity.start_date, activity.end_date
    return None


def _overlapping_pairs(activities: Iterable) -> list[tuple]:
    """Pairs of dated activities whose days overlap, each pair ordered by id."""
    dated = sorted(
        (activity for activity in activities if activity_days(activity)), key=lambda a: a.pk
    )
    pairs = []
    for first, second in combinations(dated, 2):
        first_start, first_end = activity_days(first)
        second_start, second_end = activity_days(second)
        if first_start <= second_end and second_start <= first_end:
            pairs.append((first, second))
    return pairs


def member_overlaps(activities: Iterable) -> list[Warning]:
    """A named member booked on two dated activities whose days overlap."""
    booked: dict[int, dict[int, object]] = defaultdict(dict)
    names = {}
    for activity in activities:
        for row in activity.printed_participants:
            if row.kind == ParticipantKind.MEMBERS:
                for member in row.printed_members:
                    booked[member.pk][activity.pk] = activity
                    names[member.pk] = member.name
    warnings = []
    for member_id in sorted(booked):
        for first, second in _overlapping_pairs(booked[member_id].values()):
            message = _("%(name)s is booked on two activities at the same time: %(a)s; %(b)s.")
            message %= {"name": names[member_id], "a": first.topic, "b": second.topic}
            key = f"overlap:member:{member_id}:activity:{first.pk}:activity:{second.pk}"
            warnings.append(Warning(key, "overlap", message, (first.pk, second.pk)))
    return warnings


def leader_overlaps(activities: Iterable) -> list[Warning]:
    """The same leader (identical wording) on two dated activities whose days overlap."""
    booked: dict[str, dict[int, object]] = defaultdict(dict)
    for activity in activities:
        for row in activity.printed_participants:
            if row.kind == ParticipantKind.LEADER and row.text.strip():
                booked[row.text.strip()][activity.pk] = activity
    warnings = []
    for text in sorted(booked):
        # The wording can be long and hold any character: the key names it by a digest.
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        for first, second in _overlapping_pairs(booked[text].values()):
            message = _("%(name)s is booked on two activities at the same time: %(a)s; %(b)s.")
            message %= {"name": text, "a": first.topic, "b": second.topic}
            key = f"overlap:leader:{digest}:activity:{first.pk}:activity:{second.pk}"
            warnings.append(Warning(key, "overlap", message, (first.pk, second.pk)))
    return warnings


def calendar_days(activities: Iterable, calendar: HolidayCalendar) -> list[Warning]:
    """Dated activities on a holiday, or on a weekend that is not an adjusted working day.

    Which days are off comes from `calendar` (plans.holidays): the days entered for
    the year, else the chinese-calendar package, which follows the State Council's
    yearly notice, else weekends and fixed-date holidays only. A weekend that the
    notice turns into a working day (调休上班, e.g. Sunday 2024-02-04) counts as a
    working day, so an activity on it gets no warning. Each day of a date range is
    checked, and each warning says which source it went by. A year whose lunar
    holidays and adjusted days are unknown gets one more warning saying so.
    """
    holidays, weekends, unknown_years = defaultdict(list), defaultdict(list), defaultdict(list)
    sources = {}
    dated = [activity for activity in activities if activity_days(activity)]
    for activity in dated:
        start, end = activity_days(activity)
        for offset in range((end - start).days + 1):
            day = start + datetime.timedelta(days=offset)
            if not calendar.knows(day.year) and activity not in unknown_years[day.year]:
                unknown_years[day.year].append(activity)
            answer = calendar.day(day)
            if answer.off:
                (holidays if answer.holiday else weekends)[activity].append(day)
                sources[activity] = answer.source
    warnings = []
    for activity, days in holidays.items():
        message = _("%(topic)s falls on a statutory holiday: %(days)s (by %(source)s).")
        message %= {
            "topic": activity.topic,
            "days": _days_wording(days),
            "source": sources[activity],
        }
        warnings.append(
            Warning(f"holiday:activity:{activity.pk}", "holiday", message, (activity.pk,))
        )
    for activity, days in weekends.items():
        message = _("%(topic)s falls on a weekend: %(days)s (by %(source)s).")
        message %= {
            "topic": activity.topic,
            "days": _days_wording(days),
            "source": sources[activity],
        }
        warnings.append(
            Warning(f"weekend:activity:{activity.pk}", "weekend", message, (activity.pk,))
        )
    for year, rows in sorted(unknown_years.items()):
        message = _(
            "The holidays of %(year)d are not known yet: only weekends and the fixed-date "
            "holidays (元旦, 劳动节, 国庆节) were checked. An administrator can enter the "
            "year's holiday notice."
        ) % {"year": year}
        warnings.append(Warning(f"calendar:unknown:{year}", "calendar", message, _ids(rows)))
    return warnings


def unscheduled(activities: Iterable) -> list[Warning]:
    """Activities with no time yet."""
    return [
        Warning(
            f"time:activity:{activity.pk}",
            "time",
            _("%(topic)s has no time.") % {"topic": activity.topic},
            (activity.pk,),
        )
        for activity in activities
        if activity.schedule_kind == ScheduleKind.UNSCHEDULED
    ]


def without_organizer(activities: Iterable) -> list[Warning]:
    """Activities with neither a lead nor a joint organizer."""
    return [
        Warning(
            f"organizer:activity:{activity.pk}",
            "organizer",
            _("%(topic)s has no organizer.") % {"topic": activity.topic},
            (activity.pk,),
        )
        for activity in activities
        if not activity.lead_organizer_id and not activity.printed_joint_organizers
    ]


def idle_special_committees(activities: Iterable, special_committees: Iterable) -> list[Warning]:
    """Special committees of the plan's committee that lead no activity of the plan."""
    leading = {activity.lead_organizer_id for activity in activities}
    return [
        Warning(
            f"idle:committee:{committee.pk}",
            "idle",
            _("%(committee)s leads no activity in this plan.") % {"committee": committee.name},
        )
        for committee in special_committees
        if committee.pk not in leading
    ]


def plan_rules(plan: Plan, activities: Iterable, rules: Iterable[PlanRule]) -> list[Warning]:
    """Each rule of the plan's kind: too few activities of its type in a period.

    An activity counts in a period when all the months its schedule names lie
    within it (a month, months, a date or a date range).
    """
    activities = list(activities)
    warnings = []
    for rule in rules:
        if rule.plan_kind != plan.kind:
            continue
        for start in range(1, 13, rule.period_months):
            end = min(start + rule.period_months - 1, 12)
            found = [
                activity
                for activity in activities
                if activity.type.name == rule.type_name
                and activity.schedule_kind in MONTH_KINDS
                and start <= activity.first_month
                and activity.last_month <= end
            ]
            if len(found) < rule.minimum:
                message = _(
                    "Months %(start)d–%(end)d have %(count)d %(type)s; "
                    "the plan rule asks for at least %(minimum)d."
                ) % {
                    "start": start,
                    "end": end,
                    "count": len(found),
                    "type": rule.type_name,
                    "minimum": rule.minimum,
                }
                key = f"rule:{rule.type_name}:months:{start}-{end}"
                warnings.append(Warning(key, "rule", message, _ids(found)))
    return warnings


def _ids(activities: Iterable) -> tuple[int, ...]:
    return tuple(activity.pk for activity in activities)


def _days_wording(days: Sequence[datetime.date]) -> str:
    return DAY_SEPARATOR.join(f"{day.month}月{day.day}日" for day in days)
