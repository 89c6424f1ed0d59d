"""What changed between two snapshots of a plan (reviews.snapshot), for a reader, not a machine.

`compare_snapshots(old, new)` is a pure function: it matches sections and
activities by id and reports, in reading order, each one that was added,
removed, moved or changed, with the changed fields old and new and the
characters that differ marked. Renumbering alone is not a change: when a part
is inserted, the parts after it get new numbers but did not move.

A moved item is one whose parent (part) changed, or whose order among the
siblings that stayed with it changed; of two swapped neighbours only one
counts as moved, as a reader would say.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from activities.models import ActivityStatus
from plans.models import PlanKind

SECTION = "section"
ACTIVITY = "activity"
ADDED, REMOVED, KEPT = "added", "removed", "kept"
# Past this many characters a text is shown whole instead of marked character by
# character: the matcher's time grows with the product of the two lengths.
INLINE_DIFF_MAX = 6000
PLACE_SEPARATOR = " › "


@dataclass(frozen=True)
class Piece:
    """A run of text, `changed` if it is not in the other version."""

    text: str
    changed: bool


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    old_pieces: tuple[Piece, ...]
    new_pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class ItemChange:
    """One section or activity that differs; `state` is added, removed or kept."""

    kind: str
    state: str
    title: str  # as it stands in the newer version (the older one if removed)
    place: str  # the parts it stands in, outermost first ('' at the top level)
    old_title: str = ""
    old_place: str = ""
    moved: bool = False
    # Under another parent; not only renumbered or reordered among the same siblings.
    moved_between_parts: bool = False
    fields: tuple[FieldChange, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.fields)


@dataclass(frozen=True)
class Comparison:
    plan_fields: tuple[FieldChange, ...]
    items: tuple[ItemChange, ...]
    summary: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.plan_fields and not self.items


def compare_snapshots(old: dict, new: dict) -> Comparison:
    """Everything that differs from `old` to `new`, in the order the plan reads."""
    old_side, new_side = _Side(old), _Side(new)
    moved = _moved(old_side, new_side)
    items = []
    for kind, pk in _reading_order(old_side.order, new_side.order):
        item = _item_change(kind, pk, old_side, new_side, moved)
        if item is not None:
            items.append(item)
    return Comparison(
        plan_fields=tuple(_plan_fields(old["plan"], new["plan"])),
        items=tuple(items),
        summary=_summary(items),
    )


def text_pieces(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """`old` and `new` cut into runs, the runs not found in the other marked as changed."""
    if len(old) + len(new) > INLINE_DIFF_MAX:
        return (Piece(old, True),) if old else (), (Piece(new, True),) if new else ()
    old_pieces, new_pieces = [], []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        same = tag == "equal"
        if old_end > old_start:
            old_pieces.append(Piece(old[old_start:old_end], not same))
        if new_end > new_start:
            new_pieces.append(Piece(new[new_start:new_end], not same))
    return tuple(old_pieces), tuple(new_pieces)


def field_change(label, old: str, new: str) -> FieldChange:
    old_pieces, new_pieces = text_pieces(old, new)
    return FieldChange(str(label), old, new, old_pieces, new_pieces)


class _Side:
    """One snapshot indexed for the comparison."""

    def __init__(self, snapshot: dict):
        self.sections = {row["id"]: row for row in snapshot["sections"]}
        self.activities = {row["id"]: row for row in snapshot["activities"]}
        self.order = list(_printed_order(snapshot))

    def rows(self, kind: str) -> dict[int, dict]:
        return self.sections if kind == SECTION else self.activities

    def row(self, kind: str, pk: int) -> dict:
        return self.rows(kind)[pk]

    def parent(self, kind: str, pk: int) -> int | None:
        row = self.row(kind, pk)
        return row["parent"] if kind == SECTION else row["section"]

    def title(self, kind: str, pk: int) -> str:
        row = self.row(kind, pk)
        text = row["heading"] or row["lead_phrase"] if kind == SECTION else row["topic"]
        return f"{row['label']}{text}"

    def place(self, kind: str, pk: int) -> str:
        """The titles of the parts above the item, outermost first."""
        titles, parent, seen = [], self.parent(kind, pk), set()
        while parent is not None and parent in self.sections and parent not in seen:
            seen.add(parent)
            titles.append(self.title(SECTION, parent))
            parent = self.sections[parent]["parent"]
        return PLACE_SEPARATOR.join(reversed(titles))


def _printed_order(snapshot: dict) -> Iterator[tuple[str, int]]:
    """Sections and activities as they print: a part, its activities, then its sub-parts."""
    activities = defaultdict(list)
    for row in snapshot["activities"]:
        activities[row["section"]].append(row["id"])
    for row in snapshot["sections"]:
        yield SECTION, row["id"]
        for pk in activities[row["id"]]:
            yield ACTIVITY, pk


def _reading_order(old: list, new: list) -> list:
    """The newer order with each removed item put back just before where it stood."""
    new_set, old_index = set(new), {entry: index for index, entry in enumerate(old)}
    removed = [entry for entry in old if entry not in new_set]
    merged, next_removed = [], 0
    for entry in new:
        if entry in old_index:
            while (
                next_removed < len(removed) and old_index[removed[next_removed]] < old_index[entry]
            ):
                merged.append(removed[next_removed])
                next_removed += 1
        merged.append(entry)
    merged.extend(removed[next_removed:])
    return merged


def _moved(old: _Side, new: _Side) -> set[tuple[str, int]]:
    """Items in both versions that changed parent, or their order among siblings that stayed."""
    moved = set()
    for kind in (SECTION, ACTIVITY):
        common = [pk for k, pk in new.order if k == kind and pk in old.rows(kind)]
        stayed = set()
        for pk in common:
            if old.parent(kind, pk) != new.parent(kind, pk):
                moved.add((kind, pk))
            else:
                stayed.add(pk)
        for old_ids, new_ids in _sibling_groups(kind, stayed, old, new):
            matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
            in_order = {
                pk
                for block in matcher.get_matching_blocks()
                for pk in new_ids[block.b : block.b + block.size]
            }
            moved |= {(kind, pk) for pk in new_ids if pk not in in_order}
    return moved


def _sibling_groups(
    kind: str, stayed: set[int], old: _Side, new: _Side
) -> Iterable[tuple[list[int], list[int]]]:
    """For each parent: the ids that stayed under it, in the old and in the new order."""
    groups: dict[int | None, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, index in ((old, 0), (new, 1)):
        for k, pk in side.order:
            if k == kind and pk in stayed:
                groups[side.parent(kind, pk)][index].append(pk)
    return groups.values()


def _item_change(kind, pk, old: _Side, new: _Side, moved) -> ItemChange | None:
    in_old, in_new = pk in old.rows(kind), pk in new.rows(kind)
    # An added or removed item shows its whole text, as changed from or to nothing.
    if not in_old:
        fields = tuple(_field_changes(kind, {}, new.row(kind, pk)))
        return ItemChange(kind, ADDED, new.title(kind, pk), new.place(kind, pk), fields=fields)
    if not in_new:
        fields = tuple(_field_changes(kind, old.row(kind, pk), {}))
        return ItemChange(kind, REMOVED, old.title(kind, pk), old.place(kind, pk), fields=fields)
    fields = tuple(_field_changes(kind, old.row(kind, pk), new.row(kind, pk)))
    is_moved = (kind, pk) in moved
    if not fields and not is_moved:
        return None
    return ItemChange(
        kind,
        KEPT,
        new.title(kind, pk),
        new.place(kind, pk),
        old_title=old.title(kind, pk),
        old_place=old.place(kind, pk),
        moved=is_moved,
        moved_between_parts=is_moved and old.parent(kind, pk) != new.parent(kind, pk),
        fields=fields,
    )


SECTION_FIELDS = [
    ("heading", _("Heading")),
    ("lead_phrase", _("Lead phrase")),
    ("body", _("Body text")),
    ("show_count", _("Activity count after the heading")),
]
ACTIVITY_FIELDS = [
    ("type", _("Form")),
    ("topic", _("Topic")),
    ("content", None),  # labelled as the plan prints it: 协商内容, 调研内容 …
    ("schedule", "时间安排"),
    ("participants", "参加人员"),
    ("organizers", "组织实施"),
    ("targets", _("Targets and notes")),
    ("status", _("Status")),
]
PLAN_FIELDS = [
    ("title", _("Title")),
    ("year", _("Year")),
    ("kind", _("Kind")),
    ("document_number", _("Document number")),
    ("issue_date", _("Issue date")),
    ("preamble", _("Preamble")),
]


def _field_changes(kind: str, old: dict, new: dict) -> Iterator[FieldChange]:
    """The fields that differ; against an empty side (added, removed) only those with a value."""
    for name, label in SECTION_FIELDS if kind == SECTION else ACTIVITY_FIELDS:
        if not (old.get(name) or new.get(name)):
            continue
        old_value, new_value = _shown(name, old.get(name)), _shown(name, new.get(name))
        if old_value != new_value:
            label = label or new.get("content_label") or old.get("content_label")
            yield field_change(label, old_value, new_value)


def _plan_fields(old: dict, new: dict) -> Iterator[FieldChange]:
    for name, label in PLAN_FIELDS:
        old_value, new_value = _shown(name, old.get(name)), _shown(name, new.get(name))
        if old_value != new_value:
            yield field_change(label, old_value, new_value)


def _shown(name: str, value) -> str:
    """A stored value as the reader knows it: labels for codes, 是/否 for yes and no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if name == "status" and value in ActivityStatus.values:
        return str(ActivityStatus(value).label)
    if name == "kind" and value in PlanKind.values:
        return str(PlanKind(value).label)
    return str(value)


def _summary(items: list[ItemChange]) -> dict:
    """How many sections and activities were added, removed, moved and changed."""
    summary = {
        kind: dict.fromkeys(("added", "removed", "moved", "changed"), 0)
        for kind in (SECTION, ACTIVITY)
    }
    for item in items:
        counts = summary[item.kind]
        if item.state in (ADDED, REMOVED):
            counts[item.state] += 1
        if item.moved:
            counts["moved"] += 1
        if item.state == KEPT and item.changed:
            counts["changed"] += 1
    return summary
