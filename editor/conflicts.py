"""Two people editing the same thing: the later save is stopped and shown, never lost.

An edit form carries a version token (core.conflicts) of the object as it was when
the form was shown. A save takes the plan's and the object's row locks
(`edit_lock`), reads the saved values again and compares them with the token:

- no part changed since the form was shown: the form saves as before;
- someone else changed a part and this form would overwrite it with something else:
  nothing is saved; the form comes back with what was typed, a panel showing both
  versions of each such part with a choice between them, and a token of the version
  saved now, so that saving again after review saves (`Edit.conflict`);
- the token is missing, damaged or made for another object: the same, listing every
  part that differs, since what the form was based on is unknown.

The parts of an activity form: activities.versions. How it behaves and why:
docs/concurrency.md.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_htmx.http import reswap, retarget

from core.conflicts import (
    BY_BOTH,
    BY_THEM,
    BY_UNKNOWN,
    MINE,
    PICK_PREFIX,
    THEIRS,
    TOKEN_FIELD,
    Conflict,
    ConflictRow,
    FormVersion,
    digest,
    make_token,
    read_token,
    token_plan,
)
from plans.models import Plan
from plans.permissions import get_plan_for
from plans.services import lock_plan

# --- checking a save ---------------------------------------------------------------------------


Bound = forms.BaseForm | FormVersion


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
