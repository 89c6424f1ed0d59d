"""A plan's JSON form (docs/plan-json.md): the schema, and reading a file back.

`read_plan_json` checks a whole decoded file against the schema and the
database (committee, type, sector and member names) without writing anything,
and returns plain unsaved rows (`importing.insert`) for `importing.services.import_plan`.
Each problem is reported with the path of the value, e.g.
`sections[2].activities[0].schedule.month: Must be from 1 to 12.`
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from activities.models import (
    Activity,
    ActivityStatus,
    ActivityType,
    JointOrganizer,
    Participant,
    schedule_errors,
)
from importing.insert import NewActivity, NewParticipant, NewSection
from organisation.models import Committee, Member, Membership, Sector
from plans.models import MAX_SECTION_DEPTH, YEAR_MAX, YEAR_MIN, Plan, PlanKind, Section
from plans.schedule import SCHEDULE_FIELDS, Recurrence, ScheduleKind
from plans.wording import ParticipantKind

FORMAT = "cppcc-plan"
VERSION = 1

# Multi-line text has no length limit in the database; a file may not use that
# to store megabytes in one paragraph.
TEXT_MAX_LENGTH = 20_000

OPTIONAL_SCHEDULE_KEYS = {(ScheduleKind.EVENT, "month")}

# Control characters (and lone surrogates, which UTF-8 cannot hold) are refused;
# multi-line text may keep its line breaks and tabs.
LINE_REFUSED = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
TEXT_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class PlanRows:
    plan: Plan
    sections: list[NewSection]


def read_plan_json(data, *, committee: Committee) -> PlanRows:
    """Check a decoded plan file for `committee`; raise ValidationError listing every problem."""
    reader = _Reader(committee)
    rows = reader.plan(data)
    reader.resolve_members()
    if reader.errors:
        raise ValidationError(reader.errors)
    return rows


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Reader:
    """Walks the decoded JSON once, collecting messages instead of stopping at the first."""

    def __init__(self, committee: Committee):
        self.committee = committee
        self.errors: list[str] = []
        self.tree = _CommitteeTree(committee)
        self.types = {row.name: row for row in ActivityType.objects.all()}
        self.sectors = {row.name: row for row in Sector.objects.all()}
        # Filled once every name is known: (path, name, list to append the member's id to).
        self.member_refs: list[tuple[str, str, list]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}" if path else message)

    # --- shapes ----------------------------------------------------------------

    def object(self, value, path: str, *, required: set[str], optional: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, _("Expected an object."))
            return None
        for key in sorted(required - value.keys()):
            self.error(_at(path, key), _("This field is required."))
        for key in sorted(value.keys() - required - optional, key=str):
            self.error(_at(path, str(key)), _("Unknown field."))
        return value

    def array(self, obj: dict, key: str, path: str) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(_at(path, key), _("Expected a list."))
            return []
        return value

    def text(
        self,
        obj: dict,
        key: str,
        path: str,
        *,
        max_length: int = TEXT_MAX_LENGTH,
        multiline: bool = False,
        blank: bool = True,
    ) -> str:
        if key not in obj:  # a required key's absence is reported by object()
            return ""
        value, path = obj[key], _at(path, key)
        if not isinstance(value, str):
            self.error(path, _("Expected text."))
            return ""
        if len(value) > max_length:
            self.error(
                path,
                _("At most %(limit)d characters (it has %(length)d).")
                % {"limit": max_length, "length": len(value)},
            )
        elif (TEXT_REFUSED if multiline else LINE_REFUSED).search(value):
            self.error(path, _("Control characters are not allowed."))
        elif not blank and not value.strip():
            self.error(path, _("This cannot be blank."))
        return value

    def integer(self, obj: dict, key: str, path: str, *, low: int, high: int) -> int | None:
        value, path = obj.get(key), _at(path, key)
        if value is None:
            return None
        # JSON true/false decode to bool, which Python counts as int.
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(path, _("Expected a whole number."))
            return None
        if not low <= value <= high:
            self.error(path, _("Must be from %(low)d to %(high)d.") % {"low": low, "high": high})
            return None
        return value

    def boolean(self, obj: dict, key: str, path: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.error(_at(path, key), _("Expected true or false."))
            return False
        return value

    def choice(self, obj: dict, key: str, path: str, choices, default: str = "") -> str:
        if key not in obj:
            return default
        value = obj[key]
        if not isinstance(value, str) or value not in choices:
            self.error(
                _at(path, key),
                _("Must be one of: %(choices)s.") % {"choices": ", ".join(choices)},
            )
            return default
        return value

    def date(self, obj: dict, key: str, path: str) -> datetime.date | None:
        value, path = obj.get(key), _at(path, key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(path, _("Enter a date as YYYY-MM-DD."))
            return None

    def name(self, value, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.error(path, _("Expected a name."))
            return None
        return value

    # --- the plan ----------------------------------------------------------------

    def plan(self, data) -> PlanRows:
        empty = PlanRows(plan=Plan(committee=self.committee), sections=[])
        if not isinstance(data, dict):
            self.error("", _("The plan must be a JSON object."))
            return empty
        if data.get("format") != FORMAT:
            self.error(
                "format",
                _("This is not a plan file (“format” must be “%(format)s”).") % {"format": FORMAT},
            )
            return empty
        if data.get("version") != VERSION:
            self.error("version", _("This app reads version %(version)d.") % {"version": VERSION})
            return empty
        obj = self.object(
            data,
            "",
            required={"format", "version", "title", "year", "kind", "sections"},
            optional={"committee", "document_number", "issue_date", "preamble"},
        )
        if "committee" in obj and obj["committee"] is not None:
            self.text(obj, "committee", "", max_length=100)
        plan = Plan(
            committee=self.committee,
            status=Plan.Status.DRAFT,
            title=self.text(obj, "title", "", max_length=200, blank=False),
            year=self.integer(obj, "year", "", low=YEAR_MIN, high=YEAR_MAX),
            kind=self.choice(obj, "kind", "", PlanKind.values),
            document_number=self.text(obj, "document_number", "", max_length=50),
            issue_date=self.date(obj, "issue_date", ""),
            preamble=self.text(obj, "preamble", "", multiline=True),
        )
        sections = self.sections(obj, "", level=1)
        return PlanRows(plan=plan, sections=sections)

    def sections(self, parent: dict, path: str, *, level: int) -> list[NewSection]:
        rows = []
        for index, value in enumerate(self.array(parent, "sections", path)):
            here = _at(_at(path, "sections"), index)
            if level > MAX_SECTION_DEPTH:
                self.error(
                    here,
                    _("Sections nest at most %(depth)d levels.") % {"depth": MAX_SECTION_DEPTH},
                )
                break
            rows.append(self.section(value, here, level=level))
        return rows

    def section(self, value, path: str, *, level: int) -> NewSection:
        obj = self.object(
            value,
            path,
            required=set(),
            optional={"heading", "lead_phrase", "body", "show_count", "sections", "activities"},
        )
        if obj is None:
            return NewSection(row=Section())
        row = Section(
            heading=self.text(obj, "heading", path, max_length=200),
            lead_phrase=self.text(obj, "lead_phrase", path, max_length=100),
            body=self.text(obj, "body", path, multiline=True),
            show_count=self.boolean(obj, "show_count", path),
        )
        if not row.heading.strip() and not row.lead_phrase.strip():
            self.error(_at(path, "heading"), _("Give the section a heading or a lead phrase."))
        activities = [
            self.activity(item, _at(_at(path, "activities"), index))
            for index, item in enumerate(self.array(obj, "activities", path))
        ]
        children = self.sections(obj, path, level=level + 1)
        return NewSection(row=row, activities=activities, children=children)

    def activity(self, value, path: str) -> NewActivity:
        obj = self.object(
            value,
            path,
            required={"type", "topic"},
            optional={
                "content", "targets", "schedule", "participants", "organizers", "status",
            },
        )  # fmt: skip
        if obj is None:
            return NewActivity(row=Activity())
        row = Activity(
            topic=self.text(obj, "topic", path, max_length=200, blank=False),
            content=self.text(obj, "content", path, multiline=True),
            targets=self.text(obj, "targets", path, multiline=True),
            status=self.choice(obj, "status", path, ActivityStatus.values, ActivityStatus.PLANNED),
        )
        type_name = self.name(obj.get("type"), _at(path, "type"))
        if type_name is not None:
            activity_type = self.types.get(type_name)
            if activity_type is not None:
                row.type = activity_type
            else:
                self.error(
                    _at(path, "type"),
                    _("No activity type named “%(name)s”.") % {"name": type_name},
                )
        self.schedule(obj.get("schedule", {"kind": ScheduleKind.UNSCHEDULED}), row, path)
        result = NewActivity(row=row)
        self.organizers(obj.get("organizers", {}), result, _at(path, "organizers"))
        result.participants = [
            self.participant(item, _at(_at(path, "participants"), index))
            for index, item in enumerate(self.array(obj, "participants", path))
        ]
        return result

    def schedule(self, value, activity: Activity, path: str) -> None:
        path, before = _at(path, "schedule"), len(self.errors)
        if not isinstance(value, dict):
            self.error(path, _("Expected an object."))
            return
        if "kind" not in value:
            self.error(_at(path, "kind"), _("This field is required."))
            return
        kind = self.choice(value, "kind", path, ScheduleKind.values)
        if len(self.errors) > before:
            return
        fields = SCHEDULE_FIELDS[kind]
        required = {key for key in fields if (kind, key) not in OPTIONAL_SCHEDULE_KEYS}
        self.object(value, path, required={"kind", *required}, optional=set(fields))
        activity.schedule_kind = kind
        for key in fields:
            if key not in value:
                continue
            attribute = fields[key]
            if key in {"month", "end_month"}:
                setattr(activity, attribute, self.integer(value, key, path, low=1, high=12))
            elif key == "quarter":
                activity.quarter = self.integer(value, key, path, low=1, high=4)
            elif key == "half":
                activity.half = self.integer(value, key, path, low=1, high=2)
            elif key == "recurrence":
                activity.recurrence = self.choice(value, key, path, Recurrence.values)
            elif key == "event":
                activity.event = self.text(value, key, path, max_length=200)
            else:
                setattr(activity, attribute, self.date(value, key, path))
        if len(self.errors) > before:
            return
        keys = {attribute: key for key, attribute in fields.items()}
        for attribute, message in schedule_errors(activity.schedule).items():
            self.error(_at(path, keys.get(attribute, attribute)), str(message))

    def organizers(self, value, activity: NewActivity, path: str) -> None:
        obj = self.object(value, path, required=set(), optional={"lead", "joint"})
        if obj is None:
            return
        if obj.get("lead") is not None:
            activity.row.lead_organizer = self.committee_named(obj["lead"], _at(path, "lead"))
        joint_path = _at(path, "joint")
        seen = set()
        for index, item in enumerate(self.array(obj, "joint", path)):
            committee = self.committee_named(item, _at(joint_path, index))
            if committee is None:
                continue
            if committee.pk in seen:
                self.error(_at(joint_path, index), _("Listed twice."))
            seen.add(committee.pk)
            activity.joint.append(JointOrganizer(committee=committee))

    def committee_named(self, value, path: str) -> Committee | None:
        name = self.name(value, path)
        if name is None:
            return None
        found, message = self.tree.find(name)
        if message:
            self.error(path, message)
        return found

    def participant(self, value, path: str) -> NewParticipant:
        obj = self.object(value, path, required={"kind"}, optional={"text", "sector", "members"})
        row = Participant()
        result = NewParticipant(row=row)
        if obj is None:
            return result
        row.kind = self.choice(obj, "kind", path, ParticipantKind.values)
        row.text = self.text(obj, "text", path, max_length=200)
        if obj.get("sector") is not None:
            name = self.name(obj["sector"], _at(path, "sector"))
            row.sector = self.sectors.get(name) if name else None
            if name and row.sector is None:
                self.error(_at(path, "sector"), _("No sector named “%(name)s”.") % {"name": name})
        elif row.kind == ParticipantKind.SECTOR:
            self.error(_at(path, "sector"), _("Name the sector."))
        needs_text = row.kind not in {ParticipantKind.SECTOR, ParticipantKind.MEMBERS, ""}
        if needs_text and isinstance(obj.get("text", ""), str) and not row.text.strip():
            self.error(_at(path, "text"), _("Enter the wording."))
        members = self.array(obj, "members", path)
        if members and row.kind != ParticipantKind.MEMBERS:
            self.error(_at(path, "members"), _("Only a members entry lists members."))
            return result
        seen = set()
        for index, item in enumerate(members):
            here = _at(_at(path, "members"), index)
            name = self.name(item, here)
            if name is None:
                continue
            if name in seen:
                self.error(here, _("Listed twice."))
            seen.add(name)
            self.member_refs.append((here, name, result.member_ids))
        return result

    def resolve_members(self) -> None:
        """Find every named member in two queries, preferring members of this committee."""
        if not self.member_refs:
            return
        names = {name for _, name, _ in self.member_refs}
        by_name = defaultdict(list)
        for member in Member.objects.filter(name__in=names):
            by_name[member.name].append(member)
        seated = set(
            Membership.objects.filter(
                committee_id__in=self.tree.ids, member__name__in=names
            ).values_list("member_id", flat=True)
        )
        for path, name, members in self.member_refs:
            candidates = by_name[name]
            if len(candidates) > 1:
                candidates = [member for member in candidates if member.pk in seated]
            if len(candidates) == 1:
                members.append(candidates[0].pk)
            elif by_name[name]:
                self.error(path, _("Several members are named “%(name)s”.") % {"name": name})
            else:
                self.error(path, _("No member named “%(name)s”.") % {"name": name})


class _CommitteeTree:
    """The plan's committee and every body below it, to find organizers by name.

    A name is looked up nearest first: the committee itself, its own bodies, then
    the bodies of the committees below it; the full name first, then the short name.
    """

    def __init__(self, root: Committee):
        self.root = root
        children = defaultdict(list)
        for committee in Committee.objects.all():
            children[committee.parent_id].append(committee)
        self.depth: dict[int, int] = {}
        self.nodes: list[Committee] = []
        level, depth = [root], 0
        while level:
            for committee in level:
                self.depth[committee.pk] = depth
                self.nodes.append(committee)
            level = [child for committee in level for child in children[committee.pk]]
            depth += 1
        self.ids = set(self.depth)

    def find(self, name: str) -> tuple[Committee | None, str]:
        for attribute in ("name", "short_name"):
            matches = [node for node in self.nodes if getattr(node, attribute) == name]
            if not matches:
                continue
            nearest = min(self.depth[node.pk] for node in matches)
            matches = [node for node in matches if self.depth[node.pk] == nearest]
            if len(matches) == 1:
                return matches[0], ""
            return None, _("Several committees below %(committee)s are named “%(name)s”.") % {
                "committee": self.root.name,
                "name": name,
            }
        return None, _("No committee named “%(name)s” in %(committee)s or below it.") % {
            "name": name,
            "committee": self.root.name,
        }
