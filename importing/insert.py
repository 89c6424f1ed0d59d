"""Writing a plan's outline: sections, activities, joint organizers, participants.

Copying a plan, the JSON import and the Word and text import each build a tree of
unsaved rows their own way (`NewSection` → `NewActivity` → `NewParticipant`) and
hand it to `insert_outline`, which writes it with one bulk insert per level of
sections and per kind of row, each with one more for its history (bulk inserts
send no signals, so simple-history would record nothing by itself).
"""

from dataclasses import dataclass, field

from django.db import models

from activities.models import Activity, JointOrganizer, Participant
from core.history import create_with_history
from plans.models import Plan, Section


@dataclass
class NewParticipant:
    row: Participant
    member_ids: list[int] = field(default_factory=list)


@dataclass
class NewActivity:
    row: Activity
    joint: list[JointOrganizer] = field(default_factory=list)
    participants: list[NewParticipant] = field(default_factory=list)


@dataclass
class NewSection:
    row: Section
    activities: list[NewActivity] = field(default_factory=list)
    children: list["NewSection"] = field(default_factory=list)


def insert_outline(*, plan: Plan, sections: list[NewSection], reason: str) -> None:
    """Insert the unsaved tree `sections` into the saved `plan`, with history rows for `reason`.

    Foreign keys are set here. A row without a position is numbered 1, 2 … in
    its list; a row that has one keeps it (a copy keeps its source's).
    """
    activities = _insert_sections(plan, sections, reason)
    for activity in activities:
        # bulk_create skips save(), which derives these.
        activity.row.first_month, activity.row.last_month = activity.row.schedule.month_span()
    create_with_history(Activity, [activity.row for activity in activities], reason=reason)
    _insert_organizers_and_participants(activities, reason)


def _insert_sections(plan: Plan, sections: list[NewSection], reason: str) -> list[NewActivity]:
    """Insert the sections level by level; returns their activities in outline order."""
    activities: list[NewActivity] = []
    level: list[tuple[Section | None, list[NewSection]]] = [(None, sections)]
    while level:
        rows, below = [], []
        for parent, siblings in level:
            for position, item in enumerate(siblings, start=1):
                item.row.plan, item.row.parent = plan, parent
                _number(item.row, position)
                rows.append(item.row)
                if item.children:
                    below.append((item.row, item.children))
                for index, activity in enumerate(item.activities, start=1):
                    # Set before the section is saved: bulk_create takes its id then.
                    activity.row.section = item.row
                    _number(activity.row, index)
                    activities.append(activity)
        create_with_history(Section, rows, reason=reason)
        level = below
    return activities


def _insert_organizers_and_participants(activities: list[NewActivity], reason: str) -> None:
    joint, participants = [], []
    for activity in activities:
        for position, organizer in enumerate(activity.joint, start=1):
            organizer.activity = activity.row
            _number(organizer, position)
            joint.append(organizer)
        for position, participant in enumerate(activity.participants, start=1):
            participant.row.activity = activity.row
            _number(participant.row, position)
            participants.append(participant)
    create_with_history(JointOrganizer, joint, reason=reason)
    create_with_history(
        Participant, [participant.row for participant in participants], reason=reason
    )
    through = Participant.members.through
    create_with_history(
        through,
        (
            through(participant=participant.row, member_id=member_id)
            for participant in participants
            for member_id in participant.member_ids
        ),
        reason=reason,
    )


def _number(row: models.Model, position: int) -> None:
    if row.position is None:
        row.position = position
