"""The figures of a committee's year or half year, counted from already-fetched rows.

Pure functions, no queries: the selectors fetch the activities (with type, lead
organizer, plan and record), their outcomes and their attendance once, and
everything here counts over those lists. The dashboard, the summaries and the
tests all count through `count_figures`, with the rules of docs/progress.md:

- An activity counts in its *month*: the month it was held if its record has a
  date in the plan's year, else the month its time ends (when it is due: 6 for
  `第二季度`, 12 for `全年`). An activity with no month (not yet scheduled, or at
  an event of unknown month) counts in the whole year only.
- It is *overdue* when its time has ended before today and it is neither done
  nor cancelled nor postponed (postponed ones are listed with their reasons).
- An outcome counts in the month of its own date if that falls in the plan's
  year, else in its activity's month.
- Members taking part are those recorded at activities done in the period.
"""

import calendar
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from activities.models import Activity, ActivityStatus
from plans.schedule import DAY_KINDS
from progress.models import (
    OUTCOME_UNITS,
    OUTCOME_WORDS,
    REPORT_KINDS,
    ActivityRecord,
    Outcome,
    OutcomeKind,
    SummaryPeriod,
)

PERIOD_MONTHS = {
    SummaryPeriod.H1: range(1, 7),
    SummaryPeriod.H2: range(7, 13),
    SummaryPeriod.YEAR: range(1, 13),
}
# Statuses of an activity whose time may run out.
OPEN_STATUSES = {ActivityStatus.PLANNED, ActivityStatus.UNDER_WAY}
CHANGED_STATUSES = (ActivityStatus.POSTPONED, ActivityStatus.CANCELLED)


def record_of(activity: Activity) -> ActivityRecord | None:
    """The activity's record, or None; no query when select_related("record") loaded it."""
    try:
        return activity.record
    except ActivityRecord.DoesNotExist:
        return None


def due_date(activity: Activity, year: int) -> datetime.date | None:
    """The last day of the activity's time: its end date, or the last day of its last month."""
    if activity.schedule_kind in DAY_KINDS and activity.start_date:
        return activity.end_date or activity.start_date
    if activity.last_month is None:
        return None
    last_day = calendar.monthrange(year, activity.last_month)[1]
    return datetime.date(year, activity.last_month, last_day)


def activity_month(activity: Activity, year: int) -> int | None:
    """The month the activity counts in: when it was held, else when it is due."""
    record = record_of(activity)
    if record and record.held_on and record.held_on.year == year:
        return record.held_on.month
    return activity.last_month


def in_period(month: int | None, period: str) -> bool:
    if month is None:
        return period == SummaryPeriod.YEAR
    return month in PERIOD_MONTHS[period]


def is_overdue(activity: Activity, year: int, today: datetime.date) -> bool:
    due = due_date(activity, year)
    return activity.status in OPEN_STATUSES and due is not None and due < today


@dataclass
class Counts:
    """Activities by status; `planned` counts them all, whatever their status."""

    planned: int = 0
    done: int = 0
    under_way: int = 0
    not_started: int = 0
    postponed: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, activity: Activity, *, overdue: bool) -> None:
        self.planned += 1
        match activity.status:
            case ActivityStatus.DONE:
                self.done += 1
            case ActivityStatus.UNDER_WAY:
                self.under_way += 1
            case ActivityStatus.POSTPONED:
                self.postponed += 1
            case ActivityStatus.CANCELLED:
                self.cancelled += 1
            case _:
                self.not_started += 1
        self.overdue += overdue

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


@dataclass
class Row:
    label: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class OutcomeTotals:
    reports: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_KINDS, 0))
    proposals: int = 0
    public_opinion: int = 0
    adopted: int = 0
    instructions: int = 0
    media: int = 0

    def add(self, outcome: Outcome) -> None:
        match outcome.kind:
            case kind if kind in REPORT_KINDS:
                self.reports[kind] += outcome.quantity
            case OutcomeKind.PROPOSAL:
                self.proposals += outcome.quantity
            case OutcomeKind.PUBLIC_OPINION:
                self.public_opinion += outcome.quantity
                self.adopted += outcome.adopted
            case OutcomeKind.INSTRUCTION:
                self.instructions += outcome.quantity
            case OutcomeKind.MEDIA:
                self.media += outcome.quantity

    @property
    def report_total(self) -> int:
        return sum(self.reports.values())

    @property
    def report_rows(self) -> list[tuple[str, int]]:
        """(调研报告, 2) … for each kind of report, in a fixed order."""
        return [(OUTCOME_WORDS[kind], self.reports[kind]) for kind in REPORT_KINDS]


@dataclass
class MonthRow:
    month: int | None
    planned: int = 0
    done: int = 0


@dataclass
class OverdueItem:
    activity: Activity
    due: datetime.date


@dataclass
class CompletedItem:
    """A done activity with what it produced, for a summary."""

    activity: Activity
    record: ActivityRecord | None
    outcomes: list[Outcome]
    attendance: int

    @property
    def outcome_phrases(self) -> list[str]:
        """`形成调研报告《…》`, `提出提案3件`, `报送社情民意信息5条，被采用2条（省政协）` …"""
        return [outcome_phrase(outcome) for outcome in self.outcomes]


@dataclass
class Figures:
    """Everything counted for one committee (or several) over one period."""

    year: int
    period: str
    counts: Counts
    by_month: list[MonthRow]
    no_month: MonthRow
    by_type: list[Row]
    held_by_type: list[Row]
    by_organizer: list[Row]
    overdue: list[OverdueItem]
    completed: list[CompletedItem]
    changed: list[Activity]
    outcomes: OutcomeTotals
    members: int
    member_times: int


def count_figures(
    activities: Iterable[Activity],
    outcomes: Iterable[Outcome],
    attendances: Iterable[tuple[int, int]],
    *,
    year: int,
    period: str,
    today: datetime.date,
) -> Figures:
    """Count the period's figures (module docstring for the rules).

    `activities` need type, lead_organizer__parent and record loaded;
    `attendances` are (activity_id, member_id) pairs.
    """
    activities = [a for a in activities if in_period(activity_month(a, year), period)]
    by_pk = {activity.pk: activity for activity in activities}
    counts = Counts()
    months = {month: MonthRow(month) for month in PERIOD_MONTHS[period]}
    no_month = MonthRow(None)
    by_type: dict[tuple, Row] = {}
    held_by_type: dict[tuple, Row] = {}
    by_organizer: dict[tuple, Row] = {}
    overdue, changed = [], []
    for activity in activities:
        late = is_overdue(activity, year, today)
        counts.add(activity, overdue=late)
        month_row = months.get(activity_month(activity, year), no_month)
        month_row.planned += 1
        month_row.done += activity.status == ActivityStatus.DONE
        type_key = (activity.type.position, activity.type.pk)
        _row(by_type, type_key, activity.type.name).counts.add(activity, overdue=late)
        if activity.status == ActivityStatus.DONE:
            _row(held_by_type, type_key, activity.type.name).counts.add(activity, overdue=False)
        key, label = _organizer(activity)
        _row(by_organizer, key, label).counts.add(activity, overdue=late)
        if late:
            overdue.append(OverdueItem(activity=activity, due=due_date(activity, year)))
        if activity.status in CHANGED_STATUSES:
            changed.append(activity)

    # One set of outcomes for the totals and each activity's wording, so that a
    # summary never words an outcome its figures leave out (or the other way round).
    outcomes_of = defaultdict(list)
    totals = OutcomeTotals()
    for outcome in _outcomes_in_period(list(outcomes), by_pk, year, period):
        totals.add(outcome)
        if outcome.activity_id in by_pk:
            outcomes_of[outcome.activity_id].append(outcome)

    done_ids = {a.pk for a in activities if a.status == ActivityStatus.DONE}
    present = [(a, m) for a, m in attendances if a in done_ids]
    attendance_of = Counter(activity_id for activity_id, _ in present)
    completed = [
        CompletedItem(
            activity=activity,
            record=record_of(activity),
            outcomes=outcomes_of[activity.pk],
            attendance=attendance_of[activity.pk],
        )
        for activity in activities
        if activity.pk in done_ids
    ]
    return Figures(
        year=year,
        period=period,
        counts=counts,
        by_month=list(months.values()),
        no_month=no_month,
        by_type=[by_type[key] for key in sorted(by_type)],
        held_by_type=[held_by_type[key] for key in sorted(held_by_type)],
        by_organizer=[by_organizer[key] for key in sorted(by_organizer)],
        overdue=sorted(overdue, key=lambda item: (item.due, item.activity.pk)),
        completed=completed,
        changed=changed,
        outcomes=totals,
        members=len({member for _, member in present}),
        member_times=len(present),
    )


def _outcomes_in_period(outcomes, by_pk, year, period) -> list[Outcome]:
    """Outcomes whose own date, or failing that their activity's month, is in the period.

    `by_pk` holds the period's activities only, so an undated outcome of an
    activity outside the period is left out; a dated one is judged by its date,
    which needs its activity's month only as a fallback.
    """
    chosen = []
    for outcome in outcomes:
        if outcome.date and outcome.date.year == year:
            if outcome.date.month in PERIOD_MONTHS[period]:
                chosen.append(outcome)
        elif outcome.activity_id in by_pk:
            chosen.append(outcome)
    return chosen


def _row(rows: dict, key: tuple, label: str) -> Row:
    return rows.setdefault(key, Row(label=label))


def _organizer(activity: Activity) -> tuple[tuple, str]:
    organizer = activity.lead_organizer
    if organizer is None:
        return (1, 0, 0), "未定牵头单位"
    return (0, organizer.position, organizer.pk), organizer.print_prefix + organizer.print_name


def outcome_phrase(outcome: Outcome) -> str:
    """An outcome as a summary words it, in the office's Chinese."""
    word, unit = OUTCOME_WORDS[outcome.kind], OUTCOME_UNITS[outcome.kind]
    if outcome.kind in REPORT_KINDS:
        return f"形成{word}《{outcome.title}》"
    title = f"《{outcome.title}》" if outcome.title else ""
    by_whom = f"（{outcome.by_whom}）" if outcome.by_whom else ""
    match outcome.kind:
        case OutcomeKind.PROPOSAL:
            return f"提出提案{title}{outcome.quantity}{unit}"
        case OutcomeKind.PUBLIC_OPINION:
            adopted = f"，被采用{outcome.adopted}{unit}{by_whom}" if outcome.adopted else ""
            return f"报送社情民意信息{title}{outcome.quantity}{unit}{adopted}"
        case OutcomeKind.INSTRUCTION:
            return f"获{outcome.by_whom or '领导'}批示{outcome.quantity}{unit}"
    return f"{word}{title}{outcome.quantity}{unit}{by_whom}"
