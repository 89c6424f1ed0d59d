"""Versions of an edit form: what it was based on, and what a stopped save shows.

The part of "the later save is stopped and shown, never lost" that knows no app
(editor.conflicts holds the save itself; activities.versions the activity form).

An edit form carries a version token (the hidden field `version`): for each part of
the object the form edits — a field, or a group of fields compared as a whole — a
short digest of its saved value when the form was shown, signed so that a damaged
token is noticed (`make_token`, `read_token`). `FormVersion` reads a bound form
part by part, as saved and as typed, with values written as a browser posts them
(`posted`). `Conflict` and `ConflictRow` are what the conflict panel shows.

How it behaves and why: docs/concurrency.md.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

TOKEN_FIELD = "version"
# The conflict panel posts one choice per part: keep-<part>=theirs|mine.
PICK_PREFIX = "keep-"
THEIRS, MINE = "theirs", "mine"
# Who changed a listed part since the form was shown.
BY_THEM, BY_BOTH, BY_UNKNOWN = "them", "both", "unknown"
# A real token is a few hundred characters; anything far longer is refused unread.
MAX_TOKEN_LENGTH = 2000
# Named after the module that first signed tokens (editor.conflicts). Changing it
# would make every token in a browser tab open at the time unreadable, and each of
# those saves would be stopped as "base unknown".
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


def set_posted(data: QueryDict, key: str, value) -> None:
    """Put a posted value in form data as a browser would send it."""
    # A browser leaves out an unticked box and empty choices; so does this.
    if value in ("", []):
        return
    data.setlist(key, value if isinstance(value, list) else [value])


class FormVersion:
    """An edit form read two ways, part by part: as saved when it was bound, and as typed.

    Each field of the form is a part of its own; a subclass may group fields into one
    part and add parts of its own (activities.versions.ActivityVersion).
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
            set_posted(data, key, self._saved(Part(name, "", (name,))))

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


# --- a stopped save ---------------------------------------------------------------------------


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
