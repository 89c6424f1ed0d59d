"""A plan's outline as it prints: sections and activities in order, numbered.

`build_outline` takes already-fetched rows (see `activities.selectors.plan_outline`)
and derives every number, so no number is ever stored.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from plans.kinds import rules_for
from plans.models import Plan, Section
from plans.numbering import number_label


@dataclass
class ActivityNode:
    activity: object  # activities.models.Activity; plans does not import activities
    label: str


@dataclass
class SectionNode:
    section: Section
    level: int
    label: str
    activities: list[ActivityNode] = field(default_factory=list)
    children: list["SectionNode"] = field(default_factory=list)

    @property
    def activity_count(self) -> int:
        """Activities in this section and all below it, for headings such as (4个)."""
        return len(self.activities) + sum(child.activity_count for child in self.children)

    @property
    def opening(self) -> str:
        """The first paragraph as printed after the lead phrase ('' if none)."""
        paragraphs = self.section.paragraphs
        return paragraphs[0] if paragraphs else ""

    @property
    def more_paragraphs(self) -> list[str]:
        return self.section.paragraphs[1:]

    @property
    def heading_text(self) -> str:
        count = f"（{self.activity_count}个）" if self.section.show_count else ""
        return f"{self.section.heading}{count}"


def build_outline(
    plan: Plan, sections: Iterable[Section], activities: Iterable
) -> list[SectionNode]:
    """Arrange sections and activities into a numbered tree."""
    children_of: dict[int | None, list[Section]] = defaultdict(list)
    for section in sections:
        children_of[section.parent_id].append(section)
    activities_of: dict[int, list] = defaultdict(list)
    for activity in activities:
        activities_of[activity.section_id].append(activity)
    counter = _ItemCounter(continuous=rules_for(plan.kind).items_run_on)

    def build(parent_id: int | None, level: int) -> list[SectionNode]:
        nodes = []
        ordered = sorted(children_of[parent_id], key=lambda section: section.position)
        for number, section in enumerate(ordered, start=1):
            node = SectionNode(section=section, level=level, label=number_label(level, number))
            own = sorted(activities_of[section.pk], key=lambda activity: activity.position)
            node.activities = counter.number(own, item_level=min(max(level + 1, 3), 4))
            node.children = build(section.pk, level + 1) if level < 4 else []
            nodes.append(node)
        return nodes

    return build(None, 1)


class _ItemCounter:
    """Numbers activities, per section or running on across the plan."""

    def __init__(self, *, continuous: bool):
        self.continuous = continuous
        self.running = 0

    def number(self, activities: list, *, item_level: int) -> list[ActivityNode]:
        if not self.continuous and len(activities) == 1:
            # A group with one activity prints it without a number, as plans do.
            return [ActivityNode(activity=activities[0], label="")]
        start = self.running if self.continuous else 0
        nodes = [
            ActivityNode(activity=activity, label=number_label(item_level, start + offset))
            for offset, activity in enumerate(activities, start=1)
        ]
        if self.continuous:
            self.running += len(activities)
        return nodes


def walk(nodes: list[SectionNode]):
    """Every section node, depth first, in printed order."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def activities_in_order(nodes: list[SectionNode]) -> list[ActivityNode]:
    """Every activity node of the outline in printed order, e.g. for the appendix table."""
    return [item for node in walk(nodes) for item in node.activities]


def activities_in_time_order(nodes: list[SectionNode]) -> list[ActivityNode]:
    """Every activity by its first month, then in printed order; those without a month last.

    The order of the appendix table (附件) and of the exported activity table.
    """
    # sorted() is stable, so activities of the same month keep their printed order.
    return sorted(
        activities_in_order(nodes),
        key=lambda item: (item.activity.first_month is None, item.activity.first_month or 0),
    )
