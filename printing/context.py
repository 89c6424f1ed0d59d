"""What the printed plan's template needs, shared by the print preview and the PDF."""

from dataclasses import dataclass

from activities.models import lead_organizer_name
from plans.kinds import Appendix, Column, rules_for
from plans.models import Plan
from plans.outline import SectionNode, activities_in_time_order, walk
from plans.schedule import ScheduleKind

# Plans not yet approved print as a draft for comment, marked in the header.
DRAFT_STATUSES = {Plan.Status.DRAFT, Plan.Status.SUBMITTED}
DRAFT_MARK = "征求意见稿"
# Always printed, even when every row leaves them empty.
KEPT_COLUMNS = {"number", "topic"}


@dataclass(frozen=True)
class AppendixRow:
    """One line of the appendix table (附件), already worded."""

    type_name: str
    topic: str
    schedule: str
    lead: str
    category: str = ""
    scheduled: bool = True


def print_context(plan: Plan, outline: list[SectionNode]) -> dict:
    """The context of templates/pdf/plan.html."""
    columns, rows = plan_appendix(plan, outline)
    return {
        "plan": plan,
        "outline": outline,
        "labelled": rules_for(plan.kind).labelled,
        "draft_mark": DRAFT_MARK if plan.status in DRAFT_STATUSES else "",
        "appendix": rows,
        "appendix_columns": columns,
    }


def plan_appendix(plan: Plan, outline: list[SectionNode]) -> tuple[list[Column], list[AppendixRow]]:
    """The appendix table as the plan's kind prints it: its columns and rows (none: no table)."""
    rules = rules_for(plan.kind)
    rows = appendix_rows(outline)
    if rules.appendix == Appendix.WHEN_SCHEDULED:
        # Work key points carry a time or an organizer only here and there: no table
        # unless some item has a time, and then the items with a time or an organizer.
        if not any(row.scheduled for row in rows):
            rows = []
        rows = [row for row in rows if row.scheduled or row.lead]
    return appendix_columns(rules.columns, rows), rows


def appendix_columns(columns: tuple[Column, ...], rows: list[AppendixRow]) -> list[Column]:
    """The kind's columns less those that every row leaves empty (no organizer named, …)."""
    return [
        column
        for column in columns
        if column.key in KEPT_COLUMNS or any(getattr(row, column.key) for row in rows)
    ]


def appendix_rows(outline: list[SectionNode]) -> list[AppendixRow]:
    """Every activity once, in time order: by first month, then as the outline prints them.

    Activities without a month (常态化, 全年, by event) come last, in outline order.
    """
    # The section an activity sits in: a project plan's category (平台建设类项目).
    category = {
        id(item.activity): node.section.heading
        for node in walk(outline)
        for item in node.activities
    }
    return [
        AppendixRow(
            type_name=activity.type.name,
            topic=activity.topic,
            schedule=activity.schedule_wording(),
            lead=lead_organizer_name(activity),
            category=category[id(activity)],
            scheduled=activity.schedule_kind != ScheduleKind.UNSCHEDULED,
        )
        for activity in (item.activity for item in activities_in_time_order(outline))
    ]
