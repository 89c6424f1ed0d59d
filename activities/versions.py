"""The activity form as versions: its schedule is one part, its participant list another.

A schedule or a list of participants only makes sense whole, so the conflict check
(editor.conflicts, core.conflicts) compares and offers each as one part, worded as
the plan prints it. How it behaves and why: docs/concurrency.md.
"""

import datetime

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

from activities.forms import SCHEDULE_DETAIL_FIELDS
from core.conflicts import FormVersion, Part, posted, set_posted
from organisation.models import Member, Sector
from plans.schedule import Schedule
from plans.wording import ParticipantEntry, ParticipantKind, participants_wording

# The schedule part: its kind, then every detail field in the form's order. A token
# digests the part's values in this order, so a form open while it is reordered takes
# its schedule for changed by someone else.
SCHEDULE_FIELDS = ("schedule_kind", *SCHEDULE_DETAIL_FIELDS)
PARTICIPANT_FIELDS = ("kind", "text", "sector", "members")


class ActivityVersion(FormVersion):
    """The activity form: its schedule is one part, and so is the participant list."""

    def __init__(self, form: forms.BaseForm, participants: forms.BaseFormSet):
        super().__init__(form)
        self.participants = participants

    def parts(self) -> list[Part]:
        parts = []
        for part in super().parts():
            if part.name == "schedule_kind":
                parts.append(Part("schedule", _("Time arrangement"), SCHEDULE_FIELDS))
            elif part.name not in SCHEDULE_FIELDS:
                parts.append(part)
            if part.name == "joint_organizers":
                parts.append(Part("participants", _("Participants"), ()))
        return parts

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.participants.is_valid()])

    def show(self, part: Part, value) -> str:
        if value is None or part.name not in {"schedule", "participants"}:
            # What could not be read says so; the other parts are single fields.
            return super().show(part, value)
        text = _schedule_text(value) if part.name == "schedule" else _participants_text(value)
        return text or _("(empty)")

    def use_saved(self, data: QueryDict, part: Part) -> None:
        if part.name != "participants":
            super().use_saved(data, part)
            return
        prefix = self.participants.prefix
        for key in [key for key in data if key.startswith(f"{prefix}-")]:
            del data[key]
        rows = self.participants.initial or []
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows) + self.participants.extra)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = str(self.participants.max_num)
        for index, row in enumerate(rows):
            for name in PARTICIPANT_FIELDS:
                set_posted(data, f"{prefix}-{index}-{name}", posted(row.get(name)))

    def _saved(self, part: Part):
        if part.name != "participants":
            return super()._saved(part)
        return [
            _participant(row["kind"], row["text"], row["sector"], row["members"])
            for row in self.participants.initial or []
        ]

    def _typed(self, part: Part):
        if part.name != "participants":
            return super()._typed(part)
        if not self.participants.is_valid():
            return None
        return [
            _participant(row.kind, row.text, row.sector, row.members)
            for row in self.participants.rows()
        ]


def _participant(kind, text, sector, members) -> list:
    return [posted(kind), posted(text), posted(sector), sorted(posted(list(members)))]


def _schedule_text(values: list[str]) -> str:
    fields = dict(zip(SCHEDULE_FIELDS, values, strict=True))

    def number(name):
        return int(fields[name]) if fields[name].isdigit() else None

    def day(name):
        try:
            return datetime.date.fromisoformat(fields[name])
        except ValueError:
            return None

    schedule = Schedule(
        kind=fields["schedule_kind"],
        month=number("month"),
        end_month=number("end_month"),
        quarter=number("quarter"),
        half=number("half"),
        recurrence=fields["recurrence"],
        start_date=day("start_date"),
        end_date=day("end_date"),
        event=fields["event"],
    )
    try:
        return schedule.wording()
    except (AttributeError, KeyError, TypeError):
        # An incomplete schedule cannot be worded; the form below says what is missing.
        return ""


def _participants_text(rows: list[list]) -> str:
    """The 参加人员 line of a participant list given as posted values (a few queries)."""
    sectors = Sector.objects.in_bulk([int(row[2]) for row in rows if row[2].isdigit()])
    member_ids = [int(pk) for row in rows for pk in row[3] if pk.isdigit()]
    members = Member.objects.in_bulk(member_ids)
    entries = []
    for kind, text, sector, member_pks in rows:
        if kind == ParticipantKind.SECTOR:
            sector_row = sectors.get(int(sector)) if sector.isdigit() else None
            entries.append(ParticipantEntry(kind=kind, text=sector_row.name if sector_row else ""))
            continue
        chosen = [members[int(pk)] for pk in member_pks if pk.isdigit() and int(pk) in members]
        names = tuple(member.name for member in sorted(chosen, key=lambda m: (m.name, m.pk)))
        entries.append(ParticipantEntry(kind=kind, text=text, member_names=names))
    return participants_wording(entries)
