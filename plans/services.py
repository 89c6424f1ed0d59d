"""Writes to plans and their outline beyond a single form save."""

from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.history import create_with_history, record_changed
from plans.models import MAX_SECTION_DEPTH, Plan, Section
from plans.permissions import locked_message, plan_is_locked
from plans.skeletons import SKELETONS, Part

# Positions are unique among siblings, so a reorder first parks every row on a
# position no sibling uses, then writes the final ones.
PARKING_OFFSET = 1_000_000_000


class Move(models.TextChoices):
    UP = "up", _("Up")
    DOWN = "down", _("Down")
    INDENT = "indent", _("Indent")
    OUTDENT = "outdent", _("Outdent")


def renumber(
    rows: Sequence[models.Model],
    *,
    fields: Sequence[str] = (),
    moved: models.Model | None = None,
    start: int = 1,
) -> None:
    """Give `rows` the positions start, start + 1 … in their order, also saving `fields`.

    The history records the rows whose position changed, and `moved` (a row
    whose `fields` changed) even if its position did not.
    """
    if not rows:
        return
    model = type(rows[0])
    before = [row.position for row in rows]
    for index, row in enumerate(rows, start=start):
        row.position = PARKING_OFFSET + index
    model.objects.bulk_update(rows, ["position", *fields])
    for index, row in enumerate(rows, start=start):
        row.position = index
    model.objects.bulk_update(rows, ["position"])
    changed = [
        row
        for row, old in zip(rows, before, strict=True)
        if row.position != old or (moved is not None and row.pk == moved.pk)
    ]
    record_changed(model, changed)


def lock_plan(plan: Plan, *, drafts_only: bool = True) -> None:
    """Serialise outline changes to one plan and, `drafts_only`, refuse them once it is not a draft.

    The views check the status before they call in, but a submit can land between
    that check and this lock; the status read under the lock (on SQLite, inside the
    write transaction) is the one that counts. It is copied onto `plan`.
    """
    status = (
        Plan.objects.select_for_update().filter(pk=plan.pk).values_list("status", flat=True).first()
    )
    if status is None:
        raise ValidationError(gone_message())
    plan.status = status
    if drafts_only and plan_is_locked(plan):
        raise PermissionDenied(locked_message(plan))


def reread_locked(*rows: models.Model | None) -> None:
    """Read `rows` again after `lock_plan`; refuse the change when one of them is gone.

    The views read a row before the plan is locked, so another request may delete
    or move it in between. Read again under the lock, a move, delete or insert works
    on the rows as they are now, and on nothing that is no longer there.
    """
    for row in rows:
        if row is None:
            continue
        try:
            row.refresh_from_db()
        except type(row).DoesNotExist:
            raise ValidationError(gone_message()) from None


def gone_message() -> str:
    return _("Someone else deleted this meanwhile, so nothing was changed.")


@transaction.atomic
def create_plan(*, committee, year: int, kind: str, title: str, skeleton: bool = False) -> Plan:
    """Start a draft plan: empty, or with the usual parts of its kind when `skeleton`."""
    plan = Plan(committee=committee, year=year, kind=kind, title=title)
    plan.full_clean()
    plan.save()
    if skeleton:
        _create_skeleton(plan, SKELETONS[kind])
    return plan


def _create_skeleton(plan: Plan, parts: Sequence[Part]) -> None:
    """Save the skeleton's sections, one bulk insert per level."""
    level = [(None, parts)]
    while level:
        rows, below = [], []
        for parent, siblings in level:
            for position, part in enumerate(siblings, start=1):
                section = Section(
                    plan=plan,
                    parent=parent,
                    position=position,
                    heading=part.heading,
                    lead_phrase=part.lead_phrase,
                    show_count=part.show_count,
                )
                rows.append(section)
                if part.children:
                    below.append((section, part.children))
        create_with_history(Section, rows)
        level = below


def sibling_sections(section: Section) -> list[Section]:
    return list(Section.objects.filter(plan_id=section.plan_id, parent_id=section.parent_id))


def next_section_position(plan: Plan, parent: Section | None) -> int:
    last = Section.objects.filter(plan=plan, parent=parent).aggregate(last=models.Max("position"))
    return (last["last"] or 0) + 1


@transaction.atomic
def add_section(*, section: Section) -> Section:
    """Save a new section as the last child of its parent (or of the plan)."""
    lock_plan(section.plan)
    reread_locked(section.parent)
    if section.parent and section.parent.parent_depth() + 1 >= MAX_SECTION_DEPTH:
        raise ValidationError(
            _("Sections nest at most %(depth)d levels.") % {"depth": MAX_SECTION_DEPTH}
        )
    section.position = next_section_position(section.plan, section.parent)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def move_section(*, section: Section, move: str) -> None:
    """Move a section up or down among its siblings, or one level in or out."""
    lock_plan(section.plan)
    reread_locked(section)
    siblings = sibling_sections(section)
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
    renumber([*new_parent.children.order_by("position"), section], fields=["parent"], moved=section)


def _outdent(section: Section, siblings: list[Section], index: int) -> None:
    """Move the section out of its parent, to just below that parent."""
    old_parent = section.parent
    if old_parent is None:
        raise ValidationError(_("A top-level section cannot be outdented."))
    del siblings[index]
    _park(section)
    renumber(siblings)
    aunts = sibling_sections(old_parent)
    place = next(i for i, row in enumerate(aunts) if row.pk == old_parent.pk) + 1
    section.parent = old_parent.parent
    aunts.insert(place, section)
    renumber(aunts, fields=["parent"], moved=section)


def _park(section: Section) -> None:
    """Take the section off its position so its old siblings can close the gap."""
    section.position = PARKING_OFFSET
    # A passing state: the history records where the section lands (renumber).
    section.save_without_historical_record(update_fields=["position"])


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
