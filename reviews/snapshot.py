"""A whole plan as plain JSON values, as it stands: what a named version stores.

Unlike the JSON export (importing.json_writer), a snapshot keeps the ids of
sections and activities, so two snapshots can be compared item by item
(reviews.compare): an item with the same id that stands elsewhere was moved,
one whose fields differ was changed. It also keeps the printed wording of
schedules, participants and organizers, which is what a reader compares.
Sections and activities are listed in printed order.
"""

from plans.models import Plan
from plans.outline import SectionNode, walk
from plans.schedule import schedule_to_dict

SCHEMA = 1


def plan_snapshot(plan: Plan, outline: list[SectionNode]) -> dict:
    """The plan and its outline as plain values; needs `plan.committee` and the outline loaded."""
    sections, activities = [], []
    for node in walk(outline):
        section = node.section
        sections.append(
            {
                "id": section.pk,
                "parent": section.parent_id,
                "label": node.label,
                "heading": section.heading,
                "lead_phrase": section.lead_phrase,
                "body": section.body,
                "show_count": section.show_count,
            }
        )
        activities.extend(
            _activity(item.activity, item.label, section.pk) for item in node.activities
        )
    return {
        "schema": SCHEMA,
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "year": plan.year,
            "kind": plan.kind,
            "committee": plan.committee.name,
            "document_number": plan.document_number,
            "issue_date": plan.issue_date.isoformat() if plan.issue_date else "",
            "preamble": plan.preamble,
            "status": plan.status,
        },
        "sections": sections,
        "activities": activities,
    }


def _activity(activity, label: str, section_id: int) -> dict:
    return {
        "id": activity.pk,
        "section": section_id,
        "label": label,
        "type": activity.type.name,
        "content_label": activity.type.content_label,
        "topic": activity.topic,
        "content": activity.content,
        "schedule": activity.schedule_wording(),
        "schedule_data": schedule_to_dict(activity),
        "participants": activity.participants_wording(),
        "organizers": activity.organizers_wording(),
        "targets": activity.targets,
        "status": activity.status,
    }


def outline_id_map(
    source: list[SectionNode], copy: list[SectionNode]
) -> tuple[dict[int, int], dict[int, int]]:
    """Section and activity ids of `source` mapped to those of its exact `copy`.

    importing.services.copy_plan keeps the tree and every position, so the two
    outlines walk in step.
    """
    sections, activities = {}, {}
    for old, new in zip(walk(source), walk(copy), strict=True):
        sections[old.section.pk] = new.section.pk
        for old_item, new_item in zip(old.activities, new.activities, strict=True):
            activities[old_item.activity.pk] = new_item.activity.pk
    return sections, activities


def remap_snapshot(
    snapshot: dict, sections: dict[int, int], activities: dict[int, int], *, plan_id: int
) -> dict:
    """The same snapshot with its ids replaced, e.g. to compare a revision with its source."""
    return {
        **snapshot,
        "plan": {**snapshot["plan"], "id": plan_id},
        "sections": [
            {
                **row,
                "id": sections[row["id"]],
                "parent": sections[row["parent"]] if row["parent"] is not None else None,
            }
            for row in snapshot["sections"]
        ],
        "activities": [
            {**row, "id": activities[row["id"]], "section": sections[row["section"]]}
            for row in snapshot["activities"]
        ],
    }
