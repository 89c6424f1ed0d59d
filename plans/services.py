"""Writes to plans and their outline beyond a single form save."""

from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from plans.models import MAX_SECTION_DEPTH, Plan, Section

# Positions are unique among siblings, so a reorder first parks every row on a
# position no sibling uses, then writes the final ones.
PARKING_OFFSET = 1_000_000_000


class Move(models.TextChoices):
    UP = "up", _("Up")
    DOWN = "down", _("Down")
    INDENT = "indent", _("Indent")
    OUTDENT = "outdent", _("Outdent")


def renumber(rows: Sequence[models.Model], *, fields: Sequence[str] = ()) -> None:
    """Give `rows` the positions 1, 2, 3 … in their order, also saving `fields`."""
    if not rows:
        return
    model = type(rows[0])
    for index, row in enumerate(rows, start=1):
        row.position = PARKING_OFFSET + index
    model.objects.bulk_update(rows, ["position", *fields])
    for index, row in enumerate(rows, start=1):
        row.position = index
    model.objects.bulk_update(rows, ["position"])


def lock_plan(plan: Plan) -> None:
    """Serialise outline changes to one plan (a no-op on SQLite, which locks the file)."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()


@transaction.atomic
def create_plan(*, committee, year: int, kind: str, title: str) -> Plan:
    """Start an empty draft plan."""
    plan = Plan(committee=committee, year=year, kind=kind, title=title)
    plan.full_clean()
    plan.save()
    return plan


def _siblings(section: Section) -> list[Section]:
    return list(Section.objects.filter(plan_id=section.plan_id, parent_id=section.parent_id))


def next_section_position(plan: Plan, parent: Section | None) -> int:
    last = Section.objects.filter(plan=plan, parent=parent).aggregate(last=models.Max("position"))
    return (last["last"] or 0) + 1


@transaction.atomic
def add_section(*, section: Section) -> Section:
    """Save a new section as the last child of its parent (or of the plan)."""
    lock_plan(section.plan)
    if section.parent and section.parent.parent_depth() + 1 >= MAX_SECTION_DEPTH:
        raise ValidationError(
            _("Sections nest at most %(depth)d levels.") % {"depth": MAX_SECTION_DEPTH}
        )
    section.position = next_section_position(section.plan, section.parent)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def delete_section(*, section: Section) -> None:
    """Delete a section with everything in it and close the gap among its siblings."""
    lock_plan(section.plan)
    section.delete()
    renumber(_siblings(section))


@transaction.atomic
def move_section(*, section: Section, move: str) -> None:
    """Move a section up or down among its siblings, or one level in or out."""
    lock_plan(section.plan)
    siblings = _siblings(section)
    index = next(i for i, row in enumerate(siblings) if row.pk == section.pk)
    match move:
        case Move.UP | Move.DOWN:
            other = index - 1 if move == Move.UP else index + 1
            if not 0 <= other < len(siblings):
                return
            siblings[index], siblings[other] = siblings[other], siblings[index]
            renumber(siblings)
        case Move.INDENT:
            _indent(section, siblings, index)
        case Move.OUTDENT:
            _outdent(section, siblings, index)
        case _:
            raise ValidationError(_("Unknown move."))


def _indent(section: Section, siblings: list[Section], index: int) -> None:
    """Make the section the last child of the sibling above it."""
    if index == 0:
        raise ValidationError(_("The first section of a level cannot be indented."))
    new_parent = siblings[index - 1]
    tree = _subtree_depths(section)
    if new_parent.parent_depth() + 1 + tree > MAX_SECTION_DEPTH:
        raise ValidationError(
            _("Sections nest at most %(depth)d levels.") % {"depth": MAX_SECTION_DEPTH}
        )
    del siblings[index]
    _park(section)
    renumber(siblings)
    section.parent = new_parent
    renumber([*new_parent.children.order_by("position"), section], fields=["parent"])


def _outdent(section: Section, siblings: list[Section], index: int) -> None:
    """Move the section out of its parent, to just below that parent."""
    old_parent = section.parent
    if old_parent is None:
        raise ValidationError(_("A top-level section cannot be outdented."))
    del siblings[index]
    _park(section)
    renumber(siblings)
    aunts = _siblings(old_parent)
    place = next(i for i, row in enumerate(aunts) if row.pk == old_parent.pk) + 1
    section.parent = old_parent.parent
    aunts.insert(place, section)
    renumber(aunts, fields=["parent"])


def _park(section: Section) -> None:
    """Take the section off its position so its old siblings can close the gap."""
    section.position = PARKING_OFFSET
    section.save(update_fields=["position"])


def _subtree_depths(section: Section) -> int:
    """How many levels the section and its descendants take up (1 for a leaf)."""
    children = defaultdict(list)
    for pk, parent_id in Section.objects.filter(plan_id=section.plan_id).values_list(
        "pk", "parent_id"
    ):
        children[parent_id].append(pk)

    def height(pk: int) -> int:
        return 1 + max((height(child) for child in children[pk]), default=0)

    return height(section.pk)
