"""What the printed plan's template needs, shared by the print preview and the PDF."""

from dataclasses import dataclass

from activities.models import lead_organizer_name
from plans.models import Plan
from plans.outline import SectionNode, activities_in_time_order
from plans.text import LABELLED_KINDS

# Plans not yet approved print as a draft for comment, marked in the header.
DRAFT_STATUSES = {Plan.Status.DRAFT, Plan.Status.SUBMITTED}
DRAFT_MARK = "征求意见稿"


@dataclass(frozen=True)
class AppendixRow:
    """One line of the appendix table (附件), already worded."""

    type_name: str
    topic: str
    schedule: str
    lead: str


def print_context(plan: Plan, outline: list[SectionNode]) -> dict:
    """The context of templates/pdf/plan.html."""
    return {
        "plan": plan,
        "outline": outline,
        "labelled": plan.kind in LABELLED_KINDS,
        "draft_mark": DRAFT_MARK if plan.status in DRAFT_STATUSES else "",
        "appendix": appendix_rows(outline),
    }


def appendix_rows(outline: list[SectionNode]) -> list[AppendixRow]:
    """Every activity once, in time order: by first month, then as the outline prints them.

    Activities without a month (常态化, 全年, by event) come last, in outline order.
    """
    return [
        AppendixRow(
            type_name=activity.type.name,
            topic=activity.topic,
            schedule=activity.schedule_wording(),
            lead=lead_organizer_name(activity),
        )
        for activity in (item.activity for item in activities_in_time_order(outline))
    ]
