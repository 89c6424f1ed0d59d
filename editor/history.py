"""The change history of one plan, as the history page lists it (docs/history.md).

Each tracked table has its own historical table. One UNION query pages through
the records of all six for the plan, newest first; the records of the page are
then read table by table with the record before each (to show what changed),
and every name they refer to is looked up once per kind of thing, so a page
costs the same number of queries however long the history is.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.utils import formats
from django.utils.translation import gettext as _

from activities.models import Activity, JointOrganizer, Participant
from activities.versions import SCHEDULE_FIELDS
from core.history import (
    REASON_BASELINE,
    REASON_COPY,
    REASON_IMPORT,
    REASON_RESTORE,
    REASON_TRASH,
)
from organisation.models import Committee, Member, Sector
from plans.models import Plan, Section
from plans.schedule import Schedule
from plans.wording import ParticipantKind

PLAN, SECTION, ACTIVITY = "plan", "section", "activity"
JOINT, PARTICIPANT, MEMBER = "joint", "participant", "member"
MODELS = {
    PLAN: Plan,
    SECTION: Section,
    ACTIVITY: Activity,
    JOINT: JointOrganizer,
    PARTICIPANT: Participant,
    MEMBER: Participant.members.through,
}
# The link to what a row belongs to never changes, so it is not shown as a change.
CONTAINER_FIELDS = {"plan", "activity", "participant"}


@dataclass
class Change:
    """One line of the history page."""

    when: datetime.datetime
    user: object
    subject: str
    action: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def plan_change_keys(plan: Plan) -> models.QuerySet:
    """(date, record id, kind) of every recorded change of the plan, newest first."""
    parts = [
        queryset.exclude(history_change_reason=REASON_BASELINE)
        .order_by()
        .annotate(record_kind=Value(kind, output_field=models.CharField()))
        .values_list("history_date", "history_id", "record_kind")
        for kind, queryset in _records(plan).items()
    ]
    union = parts[0].union(*parts[1:], all=True)
    return union.order_by("-history_date", "-history_id")


def _records(plan: Plan) -> dict[str, models.QuerySet]:
    """The historical records of each kind that belong to the plan, deleted rows included."""
    sections = Section.history.filter(plan_id=plan.pk).values("id")
    activities = Activity.history.filter(section_id__in=sections).values("id")
    participants = Participant.history.filter(activity_id__in=activities).values("id")
    return {
        PLAN: Plan.history.filter(id=plan.pk),
        SECTION: Section.history.filter(plan_id=plan.pk),
        ACTIVITY: Activity.history.filter(section_id__in=sections),
        JOINT: JointOrganizer.history.filter(activity_id__in=activities),
        PARTICIPANT: Participant.history.filter(activity_id__in=activities),
        MEMBER: MODELS[MEMBER].history.filter(participant_id__in=participants),
    }


def plan_changes(keys: Iterable[tuple]) -> list[Change]:
    """The page's changes, readable: who, when, what, and each field from → to."""
    keys = list(keys)
    wanted = defaultdict(list)
    for _date, history_id, kind in keys:
        wanted[kind].append(history_id)
    records, previous = {}, {}
    for kind, ids in wanted.items():
        history = MODELS[kind].history
        before = (
            history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        rows = history.filter(history_id__in=ids).select_related("history_user")
        for record in rows.annotate(previous_id=Subquery(before)):
            records[kind, record.history_id] = record
        previous_ids = [
            record.previous_id
            for (record_kind, _id), record in records.items()
            if record_kind == kind and record.history_type == "~" and record.previous_id
        ]
        for record in history.filter(history_id__in=previous_ids):
            previous[kind, record.history_id] = record
    names = _names(records.values(), previous.values())
    changes = []
    for _date, history_id, kind in keys:
        record = records[kind, history_id]
        before = previous.get((kind, record.previous_id)) if record.history_type == "~" else None
        changes.append(_change(kind, record, before, names))
    return changes


# --- names of what the records refer to ----------------------------------------------


def _names(*groups: Iterable) -> dict[tuple, object]:
    """Every (model, pk) the records point at, with a name, in one query per model.

    Sections, activities and participants are named from their last record, so a
    deleted one keeps its name; ("activity_of_participant", pk) gives a
    participant's activity, for the lines of its named members.
    """
    wanted = defaultdict(set)
    for group in groups:
        for record in group:
            for model_field in _foreign_keys(record.instance_type):
                value = getattr(record, model_field.attname)
                if value is not None:
                    wanted[model_field.related_model].add(value)
    names = {}
    # Participants first: a named member's line also names the participant's activity.
    participants = _latest(Participant, wanted.pop(Participant, ()))
    for record in participants.values():
        wanted[Activity].add(record.activity_id)
        if record.sector_id:
            wanted[Sector].add(record.sector_id)
    activities = _latest(Activity, wanted.pop(Activity, ()))
    sections = _latest(Section, wanted.pop(Section, ()))
    for target, ids in wanted.items():
        for row in target._base_manager.filter(pk__in=ids):
            names[target, row.pk] = str(row)
    for pk, record in sections.items():
        names[Section, pk] = record.heading or record.lead_phrase
    for pk, record in activities.items():
        names[Activity, pk] = record.topic
    for pk, record in participants.items():
        names[Participant, pk] = _participant_wording(record, names)
        names["activity_of_participant", pk] = record.activity_id
    return names


def _foreign_keys(model: type[models.Model]) -> list[models.Field]:
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.many_to_one and model_field.name not in {"plan"}
    ]


def _latest(model: type[models.Model], ids: Iterable[int]) -> dict:
    """The last record of each row (deleted ones too), by the row's key."""
    ids = list(ids)
    if not ids:
        return {}
    newest = (
        model.history.filter(id=OuterRef("id")).order_by("-history_id").values("history_id")[:1]
    )
    rows = model.history.filter(id__in=ids, history_id=Subquery(newest))
    return {record.id: record for record in rows}


def _participant_wording(record, names: dict) -> str:
    if record.kind == ParticipantKind.SECTOR and record.sector_id:
        return names.get((Sector, record.sector_id), "")
    return record.text or str(ParticipantKind(record.kind).label)


# --- one change --------------------------------------------------------------------------


def _change(kind: str, record, before, names: dict) -> Change:
    return Change(
        when=record.history_date,
        user=record.history_user,
        subject=_subject(kind, record, names),
        action=_action(kind, record, before),
        fields=_fields(kind, record, before, names),
    )


def _subject(kind: str, record, names: dict) -> str:
    if kind == PLAN:
        return _("the plan")
    if kind == SECTION:
        return _("part “%(name)s”") % {"name": record.heading or record.lead_phrase}
    if kind == ACTIVITY:
        return _("activity “%(name)s”") % {"name": record.topic}
    if kind == MEMBER:
        activity_id = names.get(("activity_of_participant", record.participant_id))
    else:
        activity_id = record.activity_id
    topic = names.get((Activity, activity_id), f"#{activity_id}")
    return _("activity “%(name)s”") % {"name": topic}


def _action(kind: str, record, before) -> str:
    reason = record.history_change_reason
    if reason == REASON_TRASH:
        return _("moved to the trash")
    if reason == REASON_RESTORE:
        return _("restored from the trash")
    if record.history_type == "+":
        if reason == REASON_COPY:
            return _("created by copying a plan")
        if reason == REASON_IMPORT:
            return _("created by importing")
        return _("added")
    if record.history_type == "-":
        return _("deleted")
    if before is not None and kind in {SECTION, ACTIVITY}:
        moved = {"position", "parent", "section"}
        if set(_changed_names(kind, record, before)) <= moved:
            return _("moved")
    return _("changed")


def _fields(kind: str, record, before, names: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) of what the change did to the row."""
    if kind in {JOINT, PARTICIPANT, MEMBER}:
        label, value = _row_line(kind, record, names)
        if record.history_type == "-":
            return [(label, value, "")]
        if record.history_type == "+":
            return [(label, "", value)]
    if before is None:
        return []
    lines = []
    model = MODELS[kind]
    for name in _changed_names(kind, record, before):
        if name == "schedule":
            lines.append((_("Time"), _schedule(before), _schedule(record)))
            continue
        model_field = model._meta.get_field(name)
        lines.append(
            (
                str(model_field.verbose_name),
                _display(model_field, getattr(before, model_field.attname), names),
                _display(model_field, getattr(record, model_field.attname), names),
            )
        )
    return lines


def _changed_names(kind: str, record, before) -> list[str]:
    """The fields that differ between two records; an activity's time counts as one."""
    model = MODELS[kind]
    names = []
    for model_field in model._meta.concrete_fields:
        if (
            model_field.primary_key
            or not model_field.editable
            or model_field.name in CONTAINER_FIELDS
            or model_field.name in SCHEDULE_FIELDS
            or not hasattr(record, model_field.attname)
        ):
            continue
        if getattr(record, model_field.attname) != getattr(before, model_field.attname):
            names.append(model_field.name)
    if kind == ACTIVITY and _schedule(record) != _schedule(before):
        names.append("schedule")
    return names


def _row_line(kind: str, record, names: dict) -> tuple[str, str]:
    """What an organizer, participant or named member line says."""
    if kind == JOINT:
        return _("Joint organizer"), names.get((Committee, record.committee_id), "")
    if kind == PARTICIPANT:
        return _("Participants"), _participant_wording(record, names)
    return _("Named member"), names.get((Member, record.member_id), "")


def _schedule(record) -> str:
    values = {name: getattr(record, name) for name in SCHEDULE_FIELDS}
    values["kind"] = values.pop("schedule_kind")
    return Schedule(**values).wording()


def _display(model_field: models.Field, value, names: dict) -> str:
    """A stored value as the page shows it."""
    if value is None or value == "":
        return ""
    if model_field.many_to_one:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return formats.date_format(value)
    return str(value)
