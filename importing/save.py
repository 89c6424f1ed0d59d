"""A parsed outline → a draft plan with its sections and activities, in one transaction.

Also what the parser is told about the database (`import_vocabulary`): the
committee's bodies and those below it, the activity types, the sectors.
"""

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from core.history import REASON_IMPORT
from importing.insert import NewActivity, NewParticipant, NewSection, insert_outline
from importing.parsed import (
    COMMITTEE_NAME_MAX,
    CommitteeName,
    OrganizerRef,
    ParsedActivity,
    ParsedPlan,
    ParsedSection,
    TypeName,
    Vocabulary,
)
from organisation.models import Committee, Sector
from plans.models import Plan, Section
from plans.wording import ParticipantKind

# An unknown organizer named like an office becomes an office, anything else a
# special committee (专门委员会), the common case.
OFFICE_NAME = re.compile("(?:室|办公室|办)$")


@dataclass
class ImportResult:
    plan: Plan
    sections: int = 0
    activities: int = 0
    created_committees: list[Committee] = field(default_factory=list)


def import_vocabulary(committee: Committee) -> Vocabulary:
    """What the parser matches names against, for plans of `committee` (three queries)."""
    return Vocabulary(
        committees=committee_names(committee),
        types=[
            TypeName(name, label)
            for name, label in ActivityType.objects.order_by("position", "pk").values_list(
                "name", "content_label"
            )
        ],
        sectors=list(Sector.objects.order_by("position").values_list("name", flat=True)),
    )


def committee_names(root: Committee) -> list[CommitteeName]:
    """The committee and every body below it, nearest first, with the prefix each prints after."""
    by_pk, children = {}, defaultdict(list)
    for committee in Committee.objects.order_by("position", "pk"):
        by_pk[committee.pk] = committee
        children[committee.parent_id].append(committee)
    names, level, depth = [], [by_pk.get(root.pk, root)], 0
    while level:
        for committee in level:
            parent = by_pk.get(committee.parent_id)
            prefix = ""
            if committee.kind in {Committee.Kind.OFFICE, Committee.Kind.SPECIAL_COMMITTEE}:
                prefix = (parent.short_name or parent.name) if parent else ""
            names.append(
                CommitteeName(
                    key=committee.pk,
                    name=committee.name,
                    short_name=committee.short_name,
                    prefix=prefix,
                    depth=depth,
                )
            )
        level = [child for committee in level for child in children[committee.pk]]
        depth += 1
    return names


@transaction.atomic
def create_imported_plan(
    *,
    parsed: ParsedPlan,
    committee: Committee,
    year: int,
    kind: str,
    title: str,
    create_organizers: Collection[str] = (),
) -> ImportResult:
    """Create a draft plan of `committee` from a parsed outline; all or nothing.

    Unknown organizers named in `create_organizers` are created below the committee
    first; other unknown names stay in the activity's notes with the original text.
    `insert_outline` writes the rows, one bulk insert per level of sections and kind of row.
    """
    plan = Plan(
        committee=committee,
        year=year,
        kind=kind,
        title=title,
        document_number=parsed.document_number,
        issue_date=parsed.issue_date,
        preamble="\n".join(parsed.preamble),
    )
    plan.full_clean()
    plan._change_reason = REASON_IMPORT  # the history says how the plan began, as for JSON
    plan.save()
    result = ImportResult(plan=plan)
    wanted = [name for name in parsed.unknown_organizers if name in set(create_organizers)]
    result.created_committees = _create_committees(committee, wanted)
    writer = _Writer(parsed, {row.name: row for row in result.created_committees})
    insert_outline(plan=plan, sections=writer.sections(parsed.sections), reason=REASON_IMPORT)
    result.sections = sum(1 for _ in parsed.walk_sections())
    result.activities = len(parsed.activities)
    return result


def _create_committees(parent: Committee, names: list[str]) -> list[Committee]:
    last = parent.children.aggregate(last=models.Max("position"))["last"] or 0
    created = []
    for offset, name in enumerate(names, start=1):
        kind = (
            Committee.Kind.OFFICE if OFFICE_NAME.search(name) else Committee.Kind.SPECIAL_COMMITTEE
        )
        committee = Committee(
            name=name[:COMMITTEE_NAME_MAX],
            level=parent.level,
            kind=kind,
            parent=parent,
            position=last + offset,
        )
        committee.full_clean()
        committee.save()
        created.append(committee)
    return created


class _Writer:
    """Turns one parsed plan into unsaved rows for `insert_outline`."""

    def __init__(self, parsed: ParsedPlan, created: dict[str, Committee]):
        self.created = created
        self.types = {row.name: row for row in ActivityType.objects.order_by("position", "pk")}
        if not self.types:
            raise ValidationError(_("There are no activity types; an administrator must add some."))
        self.fallback_type = next(iter(self.types.values()))
        self.sectors = {row.name: row for row in Sector.objects.all()}
        keys = {
            ref.key
            for activity in parsed.activities
            for ref in [activity.lead, *activity.joint]
            if ref is not None and ref.key is not None
        }
        self.committees = Committee.objects.in_bulk(keys)

    def sections(self, items: list[ParsedSection]) -> list[NewSection]:
        return [
            NewSection(
                row=Section(
                    heading=item.heading,
                    lead_phrase=item.lead_phrase,
                    body="\n".join(item.paragraphs),
                    show_count=item.show_count,
                ),
                activities=[self._activity(activity) for activity in item.activities],
                children=self.sections(item.children),
            )
            for item in items
        ]

    def _activity(self, item: ParsedActivity) -> NewActivity:
        organizers, unknown = self._organizers(item)
        notes = list(item.targets)
        if unknown and item.organizers_text:
            notes.append(f"组织实施：{item.organizers_text}")
        schedule = item.schedule
        row = Activity(
            type=self.types.get(item.type_name, self.fallback_type),
            topic=item.topic,
            content=item.content,
            schedule_kind=schedule.kind,
            month=schedule.month,
            end_month=schedule.end_month,
            quarter=schedule.quarter,
            half=schedule.half,
            recurrence=schedule.recurrence,
            start_date=schedule.start_date,
            end_date=schedule.end_date,
            event=schedule.event,
            lead_organizer=organizers[0] if organizers else None,
            targets="\n".join(dict.fromkeys(notes)),
        )
        return NewActivity(
            row=row,
            joint=[JointOrganizer(committee=committee) for committee in organizers[1:]],
            participants=self._participants(item),
        )

    def _organizers(self, item: ParsedActivity) -> tuple[list[Committee], bool]:
        """The lead first, then the joint organizers, each once; and whether any was unknown."""
        found: dict[int, Committee] = {}
        unknown = False
        for ref in [item.lead, *item.joint]:
            committee = self._committee(ref) if ref is not None else None
            if committee is None:
                unknown = unknown or ref is not None
                continue
            found.setdefault(committee.pk, committee)
        return list(found.values()), unknown

    def _committee(self, ref: OrganizerRef) -> Committee | None:
        if ref.key is not None:
            return self.committees.get(ref.key)
        return self.created.get(ref.name)

    def _participants(self, item: ParsedActivity) -> list[NewParticipant]:
        rows = []
        for entry in item.participants:
            participant = Participant(kind=entry.kind, text=entry.text)
            if entry.kind == ParticipantKind.SECTOR:
                participant.sector = self.sectors.get(entry.sector)
                if participant.sector is None:  # the sector was renamed meanwhile
                    participant.kind, participant.text = (
                        ParticipantKind.OTHER,
                        f"{entry.sector}委员",
                    )
            rows.append(NewParticipant(row=participant))
        return rows
