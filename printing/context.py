"""What the printed plan's template needs, shared by the print preview and the PDF."""

from dataclasses import dataclass

from activities.models import lead_organizer_name
from plans.kinds import Appendix, Column, rules_for
from plans.models import Plan
from plans.outline import SectionNode, activities_in_time_order, walk
from plans.schedule import ScheduleKind
from plans.stages import stage_name

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
        "draft_mark": draft_mark(plan),
        "appendix": rows,
        "appendix_columns": columns,
        # 附件说明 after the text; kept when the body is laid out apart from the table.
        "attachment_note": f"附件：{plan.title}安排表" if rows else "",
    }


def draft_mark(plan: Plan) -> str:
    """The stage the paper is at (征求意见稿, 送审稿, 审定稿) until it is issued."""
    return "" if plan.status == Plan.Status.ISSUED else stage_name(plan.status)


def signature_indents(issuer: str, date: str) -> tuple[float, float]:
    """How far from the right margin, in characters, the issuer and the date end.

    GB/T 9704-2012 7.3.5.3, a document without a seal: the issuer ends 2 characters
    from the right; the date starts 2 characters to the right of the issuer's first
    character; a date too long for that ends 2 characters from the right and the
    issuer moves left by as much. Digits are half as wide as Chinese characters.
    """
    width = {"issuer": _width(issuer), "date": _width(date)}
    block = max(width["issuer"], width["date"] + 2)
    return 2 + block - width["issuer"], 2 + block - 2 - width["date"]


def _width(text: str) -> float:
    return sum(0.5 if character.isascii() else 1 for character in text)


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
