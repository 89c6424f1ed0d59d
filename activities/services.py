"""Writes to activities beyond a single form save."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from activities.models import Activity
from plans.models import Section
from plans.services import Move, lock_plan, renumber


def _siblings(section_id: int) -> list[Activity]:
    return list(Activity.objects.filter(section_id=section_id).order_by("position"))


def next_activity_position(section: Section) -> int:
    last = Activity.objects.filter(section=section).aggregate(last=models.Max("position"))
    return (last["last"] or 0) + 1


@transaction.atomic
def delete_activity(*, activity: Activity) -> None:
    """Delete an activity and close the gap in its section."""
    lock_plan(activity.section.plan)
    activity.delete()
    renumber(_siblings(activity.section_id))


@transaction.atomic
def move_activity(*, activity: Activity, move: str) -> None:
    """Move an activity one place up or down within its section."""
    if move not in {Move.UP, Move.DOWN}:
        raise ValidationError(_("Unknown move."))
    lock_plan(activity.section.plan)
    siblings = _siblings(activity.section_id)
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
    if section.pk == activity.section_id:
        return
    lock_plan(activity.section.plan)
    old_section_id = activity.section_id
    activity.section = section
    renumber([*_siblings(section.pk), activity], fields=["section"])
    renumber(_siblings(old_section_id))
