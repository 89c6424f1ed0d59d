"""Writes to activities beyond a single form save."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, JointOrganizer, Participant
from activities.selectors import plan_check, plan_outline
from core.history import create_with_history, delete_with_history
from organisation.models import Committee, Member, Sector
from plans.models import Plan, Section, WarningAcknowledgement
from plans.services import Move, lock_plan, renumber, reread_locked


def sibling_activities(section_id: int) -> list[Activity]:
    return list(Activity.objects.filter(section_id=section_id).order_by("position"))


def next_activity_position(section: Section) -> int:
    last = Activity.objects.filter(section=section).aggregate(last=models.Max("position"))
    return (last["last"] or 0) + 1


@transaction.atomic
def move_activity(*, activity: Activity, move: str) -> None:
    """Move an activity one place up or down within its section."""
    if move not in {Move.UP, Move.DOWN}:
        raise ValidationError(_("Unknown move."))
    lock_plan(activity.section.plan)
    reread_locked(activity)
    siblings = sibling_activities(activity.section_id)
    index = next(i for i, row in enumerate(siblings) if row.pk == activity.pk)
    other = index - 1 if move == Move.UP else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        renumber(siblings)


@transaction.atomic
def move_activity_to_section(*, activity: Activity, section: Section) -> None:
    """Move an activity to the end of another section of the same plan."""
    if section.plan_id != activity.section.plan_id:
        raise ValidationError(_("Activities move only between sections of the same plan."))
    lock_plan(activity.section.plan)
    reread_locked(activity, section)
    if section.pk == activity.section_id:
        return
    old_section_id = activity.section_id
    activity.section = section
    renumber([*sibling_activities(section.pk), activity], fields=["section"], moved=activity)
    renumber(sibling_activities(old_section_id))


@dataclass(frozen=True)
class ParticipantRow:
    """One entry of an activity's participant list, as a form cleaned it."""

    kind: str
    text: str = ""
    sector: Sector | None = None
    members: Sequence[Member] = ()


@transaction.atomic
def save_activity(
    *,
    activity: Activity,
    joint_organizers: Sequence[Committee],
    participants: Sequence[ParticipantRow],
) -> Activity:
    """Write an activity with its joint organizers and participants, each in the order given.

    A new activity goes last in its section. The joint organizer and participant
    rows are numbered 1..n; a row that differs from the one at its position is
    replaced, an unchanged one is kept, so the history shows only what changed.
    """
    joint_ids = [committee.pk for committee in joint_organizers]
    if len(set(joint_ids)) != len(joint_ids):
        raise ValidationError(_("A joint organizer is listed twice."))
    if activity.lead_organizer_id is not None and activity.lead_organizer_id in joint_ids:
        raise ValidationError(_("The lead organizer cannot also be a joint organizer."))
    created = activity.pk is None
    if created:
        lock_plan(activity.section.plan)
        reread_locked(activity.section)
        activity.position = next_activity_position(activity.section)
    activity.save()
    _save_joint_organizers(activity, joint_ids, created=created)
    _save_participants(activity, participants, created=created)
    return activity


def _changed_at_position(old: list, new: list, key) -> tuple[list, list]:
    """The old rows to delete and the new ones to insert: those whose key differs by position."""
    stale = [row for i, row in enumerate(old) if i >= len(new) or key(new[i]) != key(row)]
    fresh = [row for i, row in enumerate(new) if i >= len(old) or key(old[i]) != key(row)]
    return stale, fresh


def _save_joint_organizers(activity: Activity, joint_ids: list[int], *, created: bool) -> None:
    old = [] if created else list(activity.joint_organizer_rows.order_by("position"))
    new = [
        JointOrganizer(activity=activity, committee_id=pk, position=position)
        for position, pk in enumerate(joint_ids, start=1)
    ]
    stale, fresh = _changed_at_position(old, new, key=lambda row: row.committee_id)
    delete_with_history(JointOrganizer, stale)
    create_with_history(JointOrganizer, fresh)


def _save_participants(
    activity: Activity, participants: Sequence[ParticipantRow], *, created: bool
) -> None:
    old = [] if created else list(activity.participants.prefetch_related("members"))
    old_members = {row.pk: [member.pk for member in row.members.all()] for row in old}
    new, new_members = [], {}
    for position, row in enumerate(participants, start=1):
        entry = Participant(
            activity=activity, position=position, kind=row.kind, text=row.text, sector=row.sector
        )
        new.append(entry)
        new_members[id(entry)] = [member.pk for member in dict.fromkeys(row.members)]

    def key(row: Participant):
        members = old_members[row.pk] if row.pk else new_members[id(row)]
        return (row.kind, row.text, row.sector_id, sorted(members))

    stale, fresh = _changed_at_position(old, new, key)
    through = Participant.members.through
    delete_with_history(through, list(through.objects.filter(participant__in=stale)))
    delete_with_history(Participant, stale)
    create_with_history(Participant, fresh)
    create_with_history(
        through,
        (
            through(participant_id=entry.pk, member_id=member_pk)
            for entry in fresh
            for member_pk in new_members[id(entry)]
        ),
    )


@transaction.atomic
def acknowledge_warning(*, plan: Plan, key: str, user) -> WarningAcknowledgement:
    """Mark one of the plan's current warnings as seen; again is a no-op."""
    current = {checked.warning.key for checked in plan_check(plan, plan_outline(plan))}
    if key not in current:
        raise ValidationError(_("This warning no longer applies to the plan."))
    acknowledgement, _created = WarningAcknowledgement.objects.get_or_create(
        plan=plan, key=key, defaults={"user": user}
    )
    return acknowledgement
