import datetime
from collections import defaultdict

from django.db import transaction

from activities.models import Activity, JointOrganizer, Participant
from core.history import REASON_COPY, REASON_IMPORT
from importing.insert import NewActivity, NewParticipant, NewSection, insert_outline
from importing.json_reader import read_plan_json
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
    The source is read in five queries and the copy written by `insert_outline`,
    so the number of queries does not grow with the size of the plan.
    """
    plan = Plan(committee=committee, year=year, kind=kind, title=title, preamble=source.preamble)
    plan.full_clean()
    plan._change_reason = REASON_COPY
    plan.save()
    activities = _copy_activities(source, years=year - source.year)
    insert_outline(plan=plan, sections=_copy_sections(source, activities), reason=REASON_COPY)
    return plan


def _copy_sections(source: Plan, activities: dict[int, list[NewActivity]]) -> list[NewSection]:
    """The source's section tree as unsaved copies, keeping every position."""
    children = defaultdict(list)
    for section in Section.objects.filter(plan=source).order_by("position"):
        children[section.parent_id].append(section)

    def copies(parent_id: int | None) -> list[NewSection]:
        return [
            NewSection(
                row=Section(
                    position=old.position,
                    heading=old.heading,
                    lead_phrase=old.lead_phrase,
                    body=old.body,
                    show_count=old.show_count,
                ),
                activities=activities[old.pk],
                children=copies(old.pk),
            )
            for old in children[parent_id]
        ]

    return copies(None)


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


def _copy_activities(source: Plan, *, years: int) -> dict[int, list[NewActivity]]:
    """Unsaved copies of every activity with its organizers and participants, by old section pk."""
    copies: dict[int, NewActivity] = {}
    by_section: dict[int, list[NewActivity]] = defaultdict(list)
    for old in Activity.objects.filter(section__plan=source).order_by("section_id", "position"):
        copies[old.pk] = NewActivity(row=_copy_activity(old, years=years))
        by_section[old.section_id].append(copies[old.pk])
    _copy_organizers_and_participants(source, copies)
    return by_section


def _copy_activity(old: Activity, *, years: int) -> Activity:
    """An unsaved copy of `old` with its dates moved by `years` and its status reset."""
    new = Activity(status=Activity.Status.PLANNED)
    for name in ACTIVITY_COPIED_FIELDS:
        setattr(new, name, getattr(old, name))
    new.start_date = move_date(old.start_date, years)
    if old.start_date and old.end_date:
        # A range keeps its length, even when its start falls on 29 February.
        new.end_date = new.start_date + (old.end_date - old.start_date)
    else:
        new.end_date = move_date(old.end_date, years)
    return new


def _copy_organizers_and_participants(source: Plan, copies: dict[int, NewActivity]) -> None:
    """Give each copied activity (by old pk) copies of its joint organizers and participants."""
    for row in JointOrganizer.objects.filter(activity__section__plan=source):
        copies[row.activity_id].joint.append(
            JointOrganizer(committee_id=row.committee_id, position=row.position)
        )
    participants: dict[int, NewParticipant] = {}
    for row in Participant.objects.filter(activity__section__plan=source):
        participants[row.pk] = NewParticipant(
            row=Participant(
                position=row.position, kind=row.kind, text=row.text, sector_id=row.sector_id
            )
        )
        copies[row.activity_id].participants.append(participants[row.pk])
    links = Participant.members.through.objects.filter(participant__activity__section__plan=source)
    for link in links:
        participants[link.participant_id].member_ids.append(link.member_id)


@transaction.atomic
def import_plan(*, data: dict, committee: Committee) -> Plan:
    """Create a draft plan of `committee` from its JSON form (docs/plan-json.md).

    The whole file is checked before anything is written (`read_plan_json`);
    then `insert_outline` writes it, one bulk insert per level of sections and kind of row.
    """
    rows = read_plan_json(data, committee=committee)
    plan = rows.plan
    plan.full_clean()
    plan._change_reason = REASON_IMPORT
    plan.save()
    insert_outline(plan=plan, sections=rows.sections, reason=REASON_IMPORT)
    return plan
