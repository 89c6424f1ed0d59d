"""Writes to plans and their outline beyond a single form save."""

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, JointOrganizer, Participant
from cppcc.models import Committee
from plans.history import REASON_COPY, REASON_IMPORT, create_with_history, record_changed
from plans.models import MAX_SECTION_DEPTH, Plan, Section, WarningAcknowledgement
from plans.permissions import locked_message, plan_is_locked
from plans.plan_json import ActivityRow, SectionRow, read_plan_json
from plans.selectors import plan_check, plan_outline
from plans.skeletons import SKELETONS, Part
from trash.models import TrashItem
from trash.snapshot import move_to_trash

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


def _siblings(section: Section) -> list[Section]:
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
def delete_plan(*, plan: Plan, user=None) -> TrashItem:
    """Move a plan with everything in it to the trash, from where it can be restored."""
    lock_plan(plan)
    return move_to_trash(plan, user=user)


@transaction.atomic
def delete_section(*, section: Section, user=None) -> TrashItem:
    """Move a section with everything in it to the trash and close the gap among its siblings."""
    lock_plan(section.plan)
    reread_locked(section)
    item = move_to_trash(section, user=user)
    renumber(_siblings(section))
    return item


@transaction.atomic
def move_section(*, section: Section, move: str) -> None:
    """Move a section up or down among its siblings, or one level in or out."""
    lock_plan(section.plan)
    reread_locked(section)
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
    renumber([*new_parent.children.order_by("position"), section], fields=["parent"], moved=section)


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
