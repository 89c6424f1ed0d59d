"""What the preview page shows of a parsed plan, worded as the plan will print.

The template decides nothing: each activity comes with its printed schedule,
participants and organizers, each line with the label of its role.
"""

from dataclasses import dataclass, field

from importing.parsed import (
    LineMark,
    LineRole,
    Override,
    ParsedActivity,
    ParsedPlan,
    ParsedSection,
)
from plans.wording import (
    OrganizerName,
    ParticipantEntry,
    ParticipantKind,
    organizers_wording,
    participants_wording,
)

ROLE_LABELS = dict(LineRole.choices)
# Bootstrap colours of the role badges.
ROLE_COLOURS = {
    LineRole.JUNK: "danger",
    LineRole.OUTSIDE: "light",
    LineRole.SEPARATOR: "light",
    LineRole.APPENDIX: "light",
    LineRole.TITLE: "dark",
    LineRole.ISSUER: "dark",
    LineRole.DOCUMENT_NUMBER: "dark",
    LineRole.ISSUE_DATE: "dark",
    LineRole.PREAMBLE: "secondary",
    LineRole.HEADING: "primary",
    LineRole.LEAD: "primary",
    LineRole.PARAGRAPH: "secondary",
    LineRole.ACTIVITY: "success",
    LineRole.FIELD: "info",
    LineRole.ACTIVITY_TEXT: "info",
}


@dataclass
class LineRow:
    mark: LineMark
    role_label: str
    colour: str
    override_label: str

    @property
    def muted(self) -> bool:
        return self.mark.role in {LineRole.OUTSIDE, LineRole.JUNK, LineRole.SEPARATOR}


@dataclass
class ActivityView:
    activity: ParsedActivity
    content_label: str
    schedule: str
    participants: str
    organizers: str
    unknown_organizers: list[str] = field(default_factory=list)


@dataclass
class SectionView:
    section: ParsedSection
    activities: list[ActivityView]
    children: list["SectionView"]

    @property
    def heading_text(self) -> str:
        count = f"（{self.section.activity_count}个）" if self.section.show_count else ""
        return f"{self.section.heading}{count}"


def line_rows(parsed: ParsedPlan) -> list[LineRow]:
    """Every non-blank line with what it became; blank lines say nothing."""
    overrides = dict(Override.choices)
    rows = []
    for mark in parsed.lines:
        if mark.role == LineRole.BLANK:
            continue
        role_label = str(ROLE_LABELS.get(mark.role, mark.role))
        if mark.role in {LineRole.HEADING, LineRole.LEAD} and mark.level:
            role_label = f"{role_label} {mark.level}"
        rows.append(
            LineRow(
                mark=mark,
                role_label=role_label,
                colour=ROLE_COLOURS.get(mark.role, "secondary"),
                override_label=str(overrides[mark.override]) if mark.override else "",
            )
        )
    return rows


def outline_view(parsed: ParsedPlan, labels: dict[str, str]) -> list[SectionView]:
    """The outline to show; `labels` gives each activity type's content label."""
    return [_section_view(section, labels) for section in parsed.sections]


def _section_view(section: ParsedSection, labels: dict[str, str]) -> SectionView:
    return SectionView(
        section=section,
        activities=[activity_view(activity, labels) for activity in section.activities],
        children=[_section_view(child, labels) for child in section.children],
    )


def activity_view(activity: ParsedActivity, labels: dict[str, str] | None = None) -> ActivityView:
    refs = [ref for ref in [activity.lead, *activity.joint] if ref is not None]
    known = [
        OrganizerName(prefix=ref.printed[: -len(ref.name)] if ref.printed else "", name=ref.name)
        for ref in refs
        if ref.key is not None
    ]
    entries = [
        ParticipantEntry(
            kind=entry.kind,
            text=entry.sector if entry.kind == ParticipantKind.SECTOR else entry.text,
        )
        for entry in activity.participants
    ]
    return ActivityView(
        activity=activity,
        content_label=(labels or {}).get(activity.type_name, "主要内容"),
        schedule=activity.schedule.wording(),
        participants=participants_wording(entries),
        organizers=organizers_wording(known[0] if known else None, known[1:]),
        unknown_organizers=[ref.name for ref in refs if ref.key is None],
    )
