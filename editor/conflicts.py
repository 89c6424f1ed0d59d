"""Two people editing the same thing: the later save is stopped and shown, never lost.

An edit form carries a version token (the hidden field `version`): for each part of
the object the form edits — a field, or an activity's whole schedule or participant
list — a short digest of its saved value when the form was shown, signed so that a
damaged token is noticed. A save takes the plan's and the object's row locks
(`edit_lock`), reads the saved values again and compares them with the token:

- no part changed since the form was shown: the form saves as before;
- someone else changed a part and this form would overwrite it with something else:
  nothing is saved; the form comes back with what was typed, a panel showing both
  versions of each such part with a choice between them, and a token of the version
  saved now, so that saving again after review saves (`Edit.conflict`);
- the token is missing, damaged or made for another object: the same, listing every
  part that differs, since what the form was based on is unknown.

How it behaves and why: docs/concurrency.md.
"""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from activities.forms import SCHEDULE_DETAIL_FIELDS
from organisation.models import Member, Sector
from plans.models import Plan
from plans.permissions import get_plan_for
from plans.schedule import Schedule
from plans.services import lock_plan
from plans.wording import ParticipantEntry, ParticipantKind, participants_wording

TOKEN_FIELD = "version"
# The conflict panel posts one choice per part: keep-<part>=theirs|mine.
PICK_PREFIX = "keep-"
THEIRS, MINE = "theirs", "mine"
# Who changed a listed part since the form was shown.
BY_THEM, BY_BOTH, BY_UNKNOWN = "them", "both", "unknown"
# A real token is a few hundred characters; anything far longer is refused unread.
MAX_TOKEN_LENGTH = 2000
SIGNING_SALT = "editor.conflicts.version"
# 64 bits of SHA-256: an accidental match between two versions of a part is negligible.
DIGEST_LENGTH = 16
LIST_SEPARATOR = "、"

# --- values and tokens ------------------------------------------------------------------


def posted(value):
    """A form value written as a browser posts it, so saved and typed values compare equal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | models.QuerySet):
        return [posted(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def digest(value) -> str:
    """A short fingerprint of one part's value."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_LENGTH]


def make_token(key: str, saved: dict, *, plan_id: int) -> str:
    """The token a form carries: whose it is, its plan, and a digest of each part as saved."""
    digests = {name: digest(value) for name, value in saved.items()}
    return signing.dumps({"o": key, "p": plan_id, "v": digests}, salt=SIGNING_SALT)


def _payload(raw: str) -> dict | None:
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    try:
        payload = signing.loads(raw, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("o"), str):
        return None
    return payload


def read_token(raw: str, key: str) -> dict[str, str] | None:
    """The digests a form was based on; None if its token is missing, damaged or another's."""
    payload = _payload(raw)
    if payload is None or payload["o"] != key:
        return None
    digests = payload.get("v")
    if not isinstance(digests, dict) or not all(isinstance(v, str) for v in digests.values()):
        return None
    return digests


def token_plan(raw: str, pk) -> int | None:
    """The plan named by a good token for the object with this key, else None."""
    payload = _payload(raw)
    if payload is None or payload["o"].rpartition(":")[2] != str(pk):
        return None
    plan_id = payload.get("p")
    return plan_id if isinstance(plan_id, int) else None


# --- reading an edit form as versions ------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One thing an edit form changes, compared and chosen as a whole."""

    name: str
    label: str
    fields: tuple[str, ...]


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels = {}
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an option group
            labels.update({str(v): str(text) for v, text in label})
        else:
            labels[str(value)] = str(label)
    return labels


def show_value(field: forms.Field, value) -> str:
    """How the conflict panel writes one field's value."""
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if value in ("", []):
        return _("(empty)")
    if not hasattr(field, "choices"):
        return value
    labels = _choice_labels(field)
    values = value if isinstance(value, list) else [value]
    return LIST_SEPARATOR.join(labels.get(item, item) for item in values)


def _set_posted(data: QueryDict, key: str, value) -> None:
    # A browser leaves out an unticked box and empty choices; so does this.
    if value in ("", []):
        return
    data.setlist(key, value if isinstance(value, list) else [value])


class FormVersion:
    """An edit form read two ways, part by part: as saved when it was bound, and as typed.

    Each field of the form is a part of its own; `ActivityVersion` groups fields and
    adds the participant rows.
    """

    def __init__(self, form: forms.BaseForm):
        self.form = form

    @property
    def key(self) -> str | None:
        """Which object the form edits; None for a new one, which nobody else can edit yet."""
        instance = self.form.instance
        return None if instance.pk is None else f"{instance._meta.label_lower}:{instance.pk}"

    def parts(self) -> list[Part]:
        return [
            Part(name, str(field.label or name), (name,))
            for name, field in self.form.fields.items()
        ]

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def saved(self) -> dict:
        """Each part as saved: the values the form started from."""
        return {part.name: self._saved(part) for part in self.parts()}

    def typed(self) -> dict:
        """Each part as typed; None where the form could not read it."""
        self.is_valid()
        return {part.name: self._typed(part) for part in self.parts()}

    def show(self, part: Part, value) -> str:
        """How the conflict panel writes one part's value."""
        if value is None:
            return _("(could not be read; see the form below)")
        return show_value(self.form.fields[part.fields[0]], value)

    def use_saved(self, data: QueryDict, part: Part) -> None:
        """Put the saved value of a part in place of what was posted for it."""
        for name in part.fields:
            key = self.form.add_prefix(name)
            data.pop(key, None)
            _set_posted(data, key, self._saved(Part(name, "", (name,))))

    def _saved(self, part: Part):
        form = self.form
        values = [
            posted(form.get_initial_for_field(form.fields[name], name)) for name in part.fields
        ]
        return values[0] if len(values) == 1 else values

    def _typed(self, part: Part):
        cleaned = getattr(self.form, "cleaned_data", {})
        if any(name not in cleaned for name in part.fields):
            return None
        values = [posted(cleaned[name]) for name in part.fields]
        return values[0] if len(values) == 1 else values


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
                _set_posted(data, f"{prefix}-{index}-{name}", posted(row.get(name)))

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


# --- checking a save ---------------------------------------------------------------------------


Bound = forms.BaseForm | FormVersion


@dataclass(frozen=True)
class ConflictRow:
    """One part in the conflict panel: both versions and which one is preselected."""

    name: str
    label: str
    theirs: str
    mine: str
    changed_by: str
    keep: str


@dataclass(frozen=True)
class Conflict:
    """Why a save was stopped: what someone else saved meanwhile, beside what was typed."""

    rows: list[ConflictRow]
    # False when the form's token was missing or damaged, so its base is unknown.
    token_valid: bool


class Edit:
    """An edit form bound to what was posted and checked against the version it was based on.

    `bind(data)` makes the edit form for the posted data (None to show it), or a
    FormVersion for a form whose parts are not simply its fields. After a conflict,
    the choices posted from the panel take the saved value of each part marked
    "theirs" in place of what the form holds.
    """

    def __init__(self, request, bind: Callable[[QueryDict | None], Bound], *, plan: Plan):
        self.plan_id = plan.pk
        self.bind = bind
        data = request.POST if request.method == "POST" else None
        self.version = self._bind(data)
        self.conflict: Conflict | None = None
        if data is not None and self.version.key is not None:
            self._check(data)

    def _bind(self, data: QueryDict | None) -> FormVersion:
        bound = self.bind(data)
        return bound if isinstance(bound, FormVersion) else FormVersion(bound)

    @property
    def form(self) -> forms.BaseForm:
        return self.version.form

    @property
    def token(self) -> str:
        """The token of the version saved now, for the form to carry."""
        key = self.version.key
        if key is None:
            return ""
        return make_token(key, self.version.saved(), plan_id=self.plan_id)

    def can_save(self) -> bool:
        return self.form.is_bound and self.conflict is None and self.version.is_valid()

    def _check(self, data: QueryDict) -> None:
        saved = self.version.saved()
        base = read_token(data.get(TOKEN_FIELD, ""), self.version.key)
        if base is None:
            self.conflict = self._conflict(saved, base=None)
            return
        changed = {name for name, value in saved.items() if digest(value) != base.get(name)}
        if changed:
            conflict = self._conflict(saved, base=base, changed=changed)
            # Parts the others changed that the form already holds as saved lose nothing.
            self.conflict = conflict if conflict.rows else None
            return
        theirs = [
            part for part in self.version.parts() if data.get(PICK_PREFIX + part.name) == THEIRS
        ]
        if theirs:
            merged = data.copy()
            for part in theirs:
                self.version.use_saved(merged, part)
            self.version = self._bind(merged)

    def _conflict(self, saved: dict, *, base: dict | None, changed=frozenset()) -> Conflict:
        typed = self.version.typed()
        rows = []
        for part in self.version.parts():
            mine, theirs = typed[part.name], saved[part.name]
            if mine == theirs or (base is not None and part.name not in changed):
                continue
            if base is None:
                changed_by = BY_UNKNOWN
            elif mine is None or digest(mine) != base.get(part.name):
                changed_by = BY_BOTH
            else:
                changed_by = BY_THEM
            rows.append(
                ConflictRow(
                    name=part.name,
                    label=part.label,
                    theirs=self.version.show(part, theirs),
                    mine=self.version.show(part, mine),
                    changed_by=changed_by,
                    # What only the others changed is kept unless this user says otherwise.
                    keep=THEIRS if changed_by == BY_THEM else MINE,
                )
            )
        return Conflict(rows=rows, token_valid=base is not None)


# --- locking and deleted objects ---------------------------------------------------------------


@contextmanager
def edit_lock(request, obj: models.Model, *, plan: Plan | None = None) -> Iterator[None]:
    """For a save: one transaction holding the plan's and then the object's row lock.

    The object is read again under the lock, so the comparison and the save see the
    latest version and a concurrent save waits for this one to finish. The plan is
    locked first, as every outline change does (plans.services.lock_plan), so
    writers always take their locks in the same order. Raises Http404 when the
    object was deleted meanwhile. Showing a form (GET) takes no lock.
    """
    if request.method != "POST":
        yield
        return
    if plan is None and isinstance(obj, Plan):
        plan = obj  # its own details: the same lock, and the same check that it is a draft
    with transaction.atomic():
        if plan is not None:
            try:
                lock_plan(plan)
            except ValidationError:  # the plan went, with everything in it
                raise Http404(_("It was deleted while you were editing it.")) from None
        if obj.pk is not None:
            _reread_locked(obj)
        yield


def _reread_locked(obj: models.Model) -> None:
    model = type(obj)
    queryset = model._default_manager.select_for_update(of=("self",))
    try:
        obj.refresh_from_db(from_queryset=queryset)
    except model.DoesNotExist:
        raise Http404(_("It was deleted while you were editing it.")) from None


def gone_for_htmx(view):
    """An htmx save of something deleted meanwhile: say so at the top of the form.

    Without htmx the 404 page answers. htmx does not show error answers, so the
    message comes as a normal one placed inside the form, which keeps what was
    typed. Only for someone who may still edit the plan the form's token names:
    anyone else gets the 404, so nothing leaks and the refusal is logged (audit).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if not (
                request.htmx and request.method == "POST" and _may_edit_plan_of(request, kwargs)
            ):
                raise
        response = render(request, "includes/_conflict.html#gone", {})
        return reswap(retarget(response, "this"), "afterbegin")

    return wrapper


def _may_edit_plan_of(request, view_kwargs) -> bool:
    plan_id = token_plan(request.POST.get(TOKEN_FIELD, ""), view_kwargs.get("pk"))
    if plan_id is None:
        return False
    try:
        get_plan_for(request.user, plan_id, for_edit=True)
    except (Http404, PermissionDenied):
        return False
    return True
