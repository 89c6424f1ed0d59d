import datetime
from collections import defaultdict

from django.db import transaction

from activities.models import Activity, JointOrganizer, Participant
from core.history import REASON_COPY, REASON_IMPORT, create_with_history
from importing.json_reader import ActivityRow, SectionRow, read_plan_json
from organisation.models import Committee
from plans.models import Plan, Section


def move_date(day: datetime.date | None, years: int) -> datetime.date | None:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan(*, source: Plan, committee, year: int, title: str, kind: str) -> Plan:
    """Copy a plan's preamble, sections and activities into a new draft for `year`.

    Dates move by the difference in years, statuses start again at planned, the
    document number and issue date are left empty, and the source is not changed.
    Each level of sections and each kind of row is one bulk insert, so the
    number of queries does not grow with the size of the plan.
    """
    plan = Plan(committee=committee, year=year, kind=kind, title=title, preamble=source.preamble)
    plan.full_clean()
    plan._change_reason = REASON_COPY
    plan.save()
    new_sections = _copy_sections(source, plan)
    new_activities = _copy_activities(source, new_sections, years=year - source.year)
    _copy_joint_organizers(source, new_activities)
    _copy_participants(source, new_activities)
    return plan


def _copy_sections(source: Plan, plan: Plan) -> dict[int, Section]:
    """Copy the section tree level by level; returns new sections by old pk."""
    children = defaultdict(list)
    for section in Section.objects.filter(plan=source).order_by("position"):
        children[section.parent_id].append(section)
    copies: dict[int, Section] = {}
    level = children[None]
    while level:
        rows = []
        for old in level:
            new = Section(
                plan=plan,
                parent=copies[old.parent_id] if old.parent_id else None,
                position=old.position,
                heading=old.heading,
                lead_phrase=old.lead_phrase,
                body=old.body,
                show_count=old.show_count,
            )
            copies[old.pk] = new
            rows.append(new)
        create_with_history(Section, rows, reason=REASON_COPY)
        level = [child for old in level for child in children[old.pk]]
    return copies


# Copied from the source as they are (attribute names) …
ACTIVITY_COPIED_FIELDS = [
    "position",
    "type_id",
    "topic",
    "content",
    "schedule_kind",
    "month",
    "end_month",
    "quarter",
    "half",
    "recurrence",
    "event",
    "lead_organizer_id",
    "targets",
]


# … and set apart: the new section, moved dates, a fresh status, months derived again.
ACTIVITY_RESET_FIELDS = [
    "id",
    "section_id",
    "start_date",
    "end_date",
    "status",
    "first_month",
    "last_month",
]


def _copy_activities(
    source: Plan, sections: dict[int, Section], *, years: int
) -> dict[int, Activity]:
    """Copy every activity with dates moved by `years`; returns new activities by old pk."""
    copies: dict[int, Activity] = {}
    for old in Activity.objects.filter(section__plan=source).order_by("section_id", "position"):
        new = Activity(section=sections[old.section_id], status=Activity.Status.PLANNED)
        for name in ACTIVITY_COPIED_FIELDS:
            setattr(new, name, getattr(old, name))
        new.start_date = move_date(old.start_date, years)
        if old.start_date and old.end_date:
            # A range keeps its length, even when its start falls on 29 February.
            new.end_date = new.start_date + (old.end_date - old.start_date)
        else:
            new.end_date = move_date(old.end_date, years)
        # bulk_create skips save(), which derives these.
        new.first_month, new.last_month = new.schedule.month_span()
        copies[old.pk] = new
    create_with_history(Activity, copies.values(), reason=REASON_COPY)
    return copies


def _copy_joint_organizers(source: Plan, activities: dict[int, Activity]) -> None:
    rows = JointOrganizer.objects.filter(activity__section__plan=source)
    create_with_history(
        JointOrganizer,
        (
            JointOrganizer(
                activity=activities[row.activity_id],
                committee_id=row.committee_id,
                position=row.position,
            )
            for row in rows
        ),
        reason=REASON_COPY,
    )


def _copy_participants(source: Plan, activities: dict[int, Activity]) -> None:
    copies: dict[int, Participant] = {}
    for row in Participant.objects.filter(activity__section__plan=source):
        copies[row.pk] = Participant(
            activity=activities[row.activity_id],
            position=row.position,
            kind=row.kind,
            text=row.text,
            sector_id=row.sector_id,
        )
    create_with_history(Participant, copies.values(), reason=REASON_COPY)
    through = Participant.members.through
    links = through.objects.filter(participant__activity__section__plan=source)
    create_with_history(
        through,
        (
            through(participant=copies[link.participant_id], member_id=link.member_id)
            for link in links
        ),
        reason=REASON_COPY,
    )


@transaction.atomic
def import_plan(*, data: dict, committee: Committee) -> Plan:
    """Create a draft plan of `committee` from its JSON form (docs/plan-json.md).

    The whole file is checked before anything is written (`read_plan_json`);
    then each level of sections and each kind of row is one bulk insert.
    """
    rows = read_plan_json(data, committee=committee)
    plan = rows.plan
    plan.full_clean()
    plan._change_reason = REASON_IMPORT
    plan.save()
    activities: list[ActivityRow] = []
    level: list[tuple[Section | None, list[SectionRow]]] = [(None, rows.sections)]
    while level:
        new_sections, below = [], []
        for parent, siblings in level:
            for position, item in enumerate(siblings, start=1):
                item.row.plan, item.row.parent, item.row.position = plan, parent, position
                new_sections.append(item.row)
                below.append((item.row, item.children))
                for index, activity in enumerate(item.activities, start=1):
                    activity.row.section, activity.row.position = item.row, index
                    activities.append(activity)
        create_with_history(Section, new_sections, reason=REASON_IMPORT)
        level = [(parent, children) for parent, children in below if children]
    for activity in activities:
        # bulk_create skips save(), which derives these.
        activity.row.first_month, activity.row.last_month = activity.row.schedule.month_span()
    create_with_history(Activity, (activity.row for activity in activities), reason=REASON_IMPORT)
    _insert_organizers_and_participants(activities)
    return plan


def _insert_organizers_and_participants(activities: list[ActivityRow]) -> None:
    create_with_history(
        JointOrganizer,
        (
            JointOrganizer(activity=activity.row, committee=committee, position=position)
            for activity in activities
            for position, committee in enumerate(activity.joint, start=1)
        ),
        reason=REASON_IMPORT,
    )
    participants = []
    for activity in activities:
        for position, participant in enumerate(activity.participants, start=1):
            participant.row.activity, participant.row.position = activity.row, position
            participants.append(participant)
    create_with_history(
        Participant, (participant.row for participant in participants), reason=REASON_IMPORT
    )
    through = Participant.members.through
    create_with_history(
        through,
        (
            through(participant=participant.row, member=member)
            for participant in participants
            for member in participant.members
        ),
        reason=REASON_IMPORT,
    )
