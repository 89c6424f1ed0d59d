"""Reads for activities across plans: each function returns what one page needs, loaded."""

from dataclasses import dataclass

from django.db.models import (
    F,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)

from activities.models import Activity, JointOrganizer, Participant
from organisation.models import Committee
from plans.holidays import HolidayCalendar
from plans.models import OfficialDay, Plan, WarningAcknowledgement
from plans.outline import SectionNode, activities_in_order, build_outline
from plans.permissions import visible_plans
from plans.warnings import Warning, activity_days, plan_warnings
from plans.wording import ParticipantKind


def activities_for_user(user) -> QuerySet[Activity]:
    """Activities of the plans the user may read, in time order, with what the list shows."""
    return (
        Activity.objects.filter(section__plan__in=visible_plans(user))
        .select_related("section__plan__committee", "type", "lead_organizer__parent")
        .order_by(
            "section__plan__year",
            F("first_month").asc(nulls_last=True),
            F("start_date").asc(nulls_last=True),
            "section__plan_id",
            "section_id",
            "position",
        )
    )


def outline_activities(plan: Plan) -> list[Activity]:
    """The plan's activities with everything their printed fields need (4 queries)."""
    return with_printed_fields(Activity.objects.filter(section__plan=plan))


def with_printed_fields(activities) -> list[Activity]:
    """Fetch `activities` with everything their printed fields need (4 queries).

    Written for plans of hundreds of activities (docs/performance.md), where the
    time goes into Python work per row, not into the queries:
    - the rows are prefetched into plain lists (`to_attr`), which the wording
      methods of Activity and Participant read; a prefetch into the related
      managers builds a filtered queryset for every activity;
    - only members entries print names, so only they get their members.
    """
    rows = list(
        activities.select_related("type", "lead_organizer__parent").prefetch_related(
            Prefetch(
                "joint_organizer_rows",
                queryset=JointOrganizer.objects.select_related("committee__parent"),
                to_attr="printed_joint_organizers",
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("sector"),
                to_attr="printed_participants",
            ),
        )
    )
    members_entries = [
        row
        for activity in rows
        for row in activity.printed_participants
        if row.kind == ParticipantKind.MEMBERS
    ]
    prefetch_related_objects(members_entries, Prefetch("members", to_attr="printed_members"))
    return rows


def plan_outline(plan: Plan) -> list[SectionNode]:
    """The numbered outline of a plan, in a fixed number of queries (5)."""
    return build_outline(plan, plan.sections.all(), outline_activities(plan))


@dataclass(frozen=True)
class CheckedWarning:
    warning: Warning
    acknowledgement: WarningAcknowledgement | None


def plan_check(plan: Plan, outline: list[SectionNode]) -> list[CheckedWarning]:
    """The plan's warnings (plans.warnings), each with its acknowledgement if any (3 queries).

    `outline` is the plan's already-fetched plan_outline; the queries are the
    special committees of the plan's committee, the holiday days entered for the
    years of the plan's dates (plans.holidays), and the acknowledgements.
    """
    special_committees = Committee.objects.filter(
        parent_id=plan.committee_id, kind=Committee.Kind.SPECIAL_COMMITTEE
    ).order_by("position", "pk")
    acknowledgements = {
        row.key: row
        for row in WarningAcknowledgement.objects.filter(plan=plan).select_related("user")
    }
    # The years the plan's dates fall in (a plan can reach into the next); always one query.
    dated = (activity_days(item.activity) for item in activities_in_order(outline))
    years = {day.year for days in dated if days for day in days}
    entered = OfficialDay.objects.filter(date__year__in=years or {plan.year})
    calendar = HolidayCalendar({row.date: (row.kind, row.name) for row in entered})
    return [
        CheckedWarning(warning, acknowledgements.get(warning.key))
        for warning in plan_warnings(plan, outline, special_committees, calendar)
    ]


def warnings_panel(plan: Plan, outline) -> dict:
    """What the editor's warnings panel shows, from the outline the editor already has."""
    checked = plan_check(plan, outline)
    return {
        "total": len(checked),
        "acknowledged_count": sum(1 for row in checked if row.acknowledgement),
        "open": [row.warning for row in checked if not row.acknowledgement],
    }
