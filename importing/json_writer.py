"""A whole plan as JSON, in the schema of docs/plan-json.md.

The file names committees, types, sectors and members instead of giving ids, and
stores no numbers (they follow from the order), so it can be read back into
another database by `import_plan` and compared with a later export as text.
"""

import json

from importing.json_reader import FORMAT, VERSION
from plans.models import Plan
from plans.outline import SectionNode
from plans.schedule import schedule_to_dict
from plans.wording import ParticipantKind


def render_json(plan: Plan, outline: list[SectionNode]) -> bytes:
    """The plan as UTF-8 JSON, keys sorted so that equal plans give equal bytes."""
    text = json.dumps(plan_to_dict(plan, outline), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def plan_to_dict(plan: Plan, outline: list[SectionNode]) -> dict:
    """The plan's JSON form as plain values; needs `plan.committee` and the outline loaded."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": plan.title,
        "year": plan.year,
        "kind": plan.kind,
        "committee": plan.committee.name,
        "document_number": plan.document_number,
        "issue_date": plan.issue_date.isoformat() if plan.issue_date else None,
        "preamble": plan.preamble,
        "sections": [_section(node) for node in outline],
    }


def _section(node: SectionNode) -> dict:
    section = node.section
    return {
        "heading": section.heading,
        "lead_phrase": section.lead_phrase,
        "body": section.body,
        "show_count": section.show_count,
        "activities": [_activity(item.activity) for item in node.activities],
        "sections": [_section(child) for child in node.children],
    }


def _activity(activity) -> dict:
    return {
        "type": activity.type.name,
        "topic": activity.topic,
        "content": activity.content,
        "targets": activity.targets,
        "schedule": schedule_to_dict(activity),
        "participants": [_participant(row) for row in _rows(activity, "printed_participants")],
        "organizers": {
            "lead": activity.lead_organizer.name if activity.lead_organizer else None,
            "joint": [row.committee.name for row in _rows(activity, "printed_joint_organizers")],
        },
        "status": activity.status,
    }


def _participant(row) -> dict:
    # Only a members entry prints names, so only it has its members prefetched.
    members = _rows(row, "printed_members") if row.kind == ParticipantKind.MEMBERS else []
    return {
        "kind": row.kind,
        "text": row.text,
        "sector": row.sector.name if row.sector else None,
        "members": [member.name for member in members],
    }


def _rows(obj, prefetched: str) -> list:
    """The list activities.selectors.outline_activities prefetched, else the related rows."""
    rows = getattr(obj, prefetched, None)
    if rows is not None:
        return rows
    manager = {
        "printed_participants": "participants",
        "printed_joint_organizers": "joint_organizer_rows",
        "printed_members": "members",
    }[prefetched]
    return list(getattr(obj, manager).all())
