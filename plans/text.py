"""A plan as plain text in its printed order and wording.

Used to check the demo and, later, by exports and the importer's round trip.
The HTML and PDF renderers follow the same rules.
"""

from plans.kinds import rules_for
from plans.models import Plan
from plans.outline import ActivityNode, SectionNode


def plan_as_text(plan: Plan, outline: list[SectionNode]) -> str:
    """The whole plan, one paragraph a line."""
    lines = [plan.title]
    if plan.document_number:
        lines.append(plan.document_number)
    lines.extend(plan.preamble_paragraphs)
    # Labelled kinds print every field (协商内容：…); the others one run-in paragraph.
    labelled = rules_for(plan.kind).labelled
    for node in outline:
        lines.extend(_section_lines(node, labelled=labelled))
    return "\n".join(lines) + "\n"


def _section_lines(node: SectionNode, *, labelled: bool) -> list[str]:
    section = node.section
    paragraphs = list(section.paragraphs)
    lines = []
    if section.heading:
        lines.append(f"{node.label}{node.heading_text}")
        if section.lead_phrase:
            first = paragraphs.pop(0) if paragraphs else ""
            lines.append(section.lead_phrase + first)
    else:
        first = paragraphs.pop(0) if paragraphs else ""
        lines.append(f"{node.label}{section.lead_phrase}{first}")
    lines.extend(paragraphs)
    for item in node.activities:
        lines.extend(activity_lines(item, labelled=labelled))
    for child in node.children:
        lines.extend(_section_lines(child, labelled=labelled))
    return lines


def activity_lines(item: ActivityNode, *, labelled: bool) -> list[str]:
    """One activity as the plan prints it."""
    activity = item.activity
    if not labelled:
        return [f"{item.label}{activity.run_in_topic}{activity.content}".rstrip()]
    lines = [f"{item.label}{activity.topic}"]
    lines.extend(f"{label}：{value}" for label, value in activity.printed_fields())
    return lines
