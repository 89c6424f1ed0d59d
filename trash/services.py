"""Restoring what was moved to the trash, and purging it for good."""

import logging
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, JointOrganizer, Participant
from activities.services import sibling_activities
from core.history import (
    REASON_RESTORE,
    create_with_history,
    is_tracked,
)
from organisation.permissions import is_admin
from plans.models import MAX_SECTION_DEPTH, Plan, Section
from plans.services import lock_plan, renumber, reread_locked, sibling_sections
from trash.models import TrashItem, TrashKind
from trash.snapshot import move_to_trash, rows_from_snapshot, stored_files

logger = logging.getLogger(__name__)

ROOT_MODELS = {TrashKind.PLAN: Plan, TrashKind.SECTION: Section, TrashKind.ACTIVITY: Activity}
# The rows a plan is made of: restoring refuses rather than leave one of them out.
CORE_MODELS = {Plan, Section, Activity, JointOrganizer, Participant, Participant.members.through}

Groups = list[tuple[type[models.Model], list[models.Model]]]


@transaction.atomic
def restore_item(*, item: TrashItem) -> Plan | Section | Activity:
    """Put a trashed plan, section or activity back where it was, with everything in it.

    Every row comes back with its own key and values; a section or activity
    takes its old place among its siblings, those after it moving down one.
    """
    groups = rows_from_snapshot(item.data)
    root = next(
        row
        for model, rows in groups
        if model is ROOT_MODELS[item.kind]
        for row in rows
        if row.pk == item.object_id
    )
    if item.kind != TrashKind.PLAN:
        plan = Plan.objects.filter(pk=item.plan_id).first()
        if plan is None:
            raise ValidationError(
                _("The plan “%(title)s” it belongs to is deleted; restore the plan first.")
                % {"title": item.plan_title}
            )
        lock_plan(plan, drafts_only=False)  # refused below, with the reason
        if plan.status != Plan.Status.DRAFT:
            # Only a draft is written in (reviews); an issued text stays as issued.
            raise ValidationError(
                _("The plan “%(title)s” is no longer a draft; nothing can be put back into it.")
                % {"title": plan.title}
            )
        siblings = _siblings_after_checks(root, groups)
        index = min(root.position - 1, len(siblings))
        renumber(siblings[index:], start=index + 2)
        root.position = index + 1
    _settle_missing_references(groups)
    _check_still_unique(groups)
    for model, rows in groups:
        _insert(model, rows)
    item.delete()
    return root


def _siblings_after_checks(root: Section | Activity, groups: Groups) -> list:
    """The rows the root goes back among, once sure its parent is there and it fits."""
    if isinstance(root, Activity):
        if not Section.objects.filter(pk=root.section_id).exists():
            raise ValidationError(_container_gone(root.section_id))
        return list(Activity.objects.filter(section_id=root.section_id).order_by("position"))
    if root.parent_id is not None:
        parent = Section.objects.filter(pk=root.parent_id).select_related("parent").first()
        if parent is None:
            raise ValidationError(_container_gone(root.parent_id))
        sections = next(rows for model, rows in groups if model is Section)
        if parent.parent_depth() + 1 + _height(root, sections) > MAX_SECTION_DEPTH:
            raise ValidationError(
                _("It no longer fits: sections nest at most %(depth)d levels.")
                % {"depth": MAX_SECTION_DEPTH}
            )
    siblings = Section.objects.filter(plan_id=root.plan_id, parent_id=root.parent_id)
    return list(siblings.order_by("position"))


def _container_gone(section_id: int) -> str:
    """Say which part is gone, by its last recorded name (the history keeps it)."""
    record = Section.history.filter(id=section_id).order_by("-history_id").first()
    name = (record.heading or record.lead_phrase) if record else f"#{section_id}"
    return _("The part “%(name)s” it was in is deleted; restore that part first.") % {"name": name}


def _height(root: Section, sections: list[Section]) -> int:
    """How many levels the restored subtree takes up (1 for a section without children)."""
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section.pk)

    def height(pk: int) -> int:
        return 1 + max((height(child) for child in children[pk]), default=0)

    return height(root.pk)


def _settle_missing_references(groups: Groups) -> None:
    """Deal with rows outside the snapshot that are gone since, as their delete would have.

    A reference that would have been set to NULL is set to NULL; a row that would
    have been deleted with it is left out; a protected one (an activity type, an
    organizer, a sector) stops the restore with a message naming what is missing.
    """
    inside = {(model, row.pk) for model, rows in groups for row in rows}
    wanted = defaultdict(set)
    for _model, field, _row, value in _references(groups):
        if (field.related_model, value) not in inside:
            wanted[field.related_model].add(value)
    existing = {
        target: set(target._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for target, ids in wanted.items()
    }
    dropped = defaultdict(set)
    for model, field, row, value in _references(groups):
        if (field.related_model, value) in inside or value in existing[field.related_model]:
            continue
        on_delete = field.remote_field.on_delete
        # A named member's link may go (as deleting the member does); the plan's own
        # rows may not.
        droppable = model is Participant.members.through or model not in CORE_MODELS
        if on_delete is models.SET_NULL:
            setattr(row, field.attname, None)
        elif on_delete is models.CASCADE and droppable:
            dropped[model].add(row.pk)
        else:
            raise ValidationError(
                _("It cannot be restored: the %(thing)s it refers to no longer exists.")
                % {"thing": field.related_model._meta.verbose_name}
            )
    for index, (model, rows) in enumerate(groups):
        groups[index] = (model, [row for row in rows if row.pk not in dropped[model]])


def _check_still_unique(groups: Groups) -> None:
    """Refuse, with a message, rows whose unique values were taken since they were deleted.

    The plan's own rows keep their keys and nothing else can take their places; rows
    around them (a revision link, a record of progress) may have a successor since.
    """
    for model, rows in groups:
        if model in CORE_MODELS:
            continue
        for row in rows:
            try:
                row.validate_unique()
                row.validate_constraints()
            except ValidationError:
                raise ValidationError(
                    _("It cannot be restored: a newer %(thing)s has taken its place.")
                    % {"thing": model._meta.verbose_name}
                ) from None


def _references(groups: Groups):
    for model, rows in groups:
        for field in model._meta.concrete_fields:
            if field.many_to_one or field.one_to_one:
                for row in rows:
                    value = getattr(row, field.attname)
                    if value is not None:
                        yield model, field, row, value


def _insert(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert the rows with their keys and record them; timestamps keep their old values."""
    if not rows:
        return
    stamps = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    # bulk_create stamps auto_now fields with the present time; put the old ones back.
    kept = [[getattr(row, name) for name in stamps] for row in rows]
    if is_tracked(model):
        create_with_history(model, rows, reason=REASON_RESTORE)
    else:
        model._base_manager.bulk_create(rows)
    if stamps:
        for row, values in zip(rows, kept, strict=True):
            for name, value in zip(stamps, values, strict=True):
                setattr(row, name, value)
        model._base_manager.bulk_update(rows, stamps)


@transaction.atomic
def purge_item(*, item: TrashItem, user) -> None:
    """Delete a trashed item for good, its attachments' files too; only administrators may."""
    if not is_admin(user):
        raise PermissionDenied(_("Only administrators can delete for good."))
    files = stored_files(item.data)
    item.delete()
    transaction.on_commit(lambda: _delete_files(files))  # not before the purge is committed


def _delete_files(files) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            # The rows are gone, so nobody can reach the file; log it for a clean-up.
            logger.warning("Could not delete %s of a purged trash item", name)


@transaction.atomic
def delete_plan(*, plan: Plan, user=None) -> TrashItem:
    """Move a plan with everything in it to the trash, from where it can be restored."""
    lock_plan(plan)
    return move_to_trash(plan, user=user)


@transaction.atomic
def delete_section(*, section: Section, user=None) -> TrashItem:
    """Move a section with everything in it to the trash and close the gap among its siblings."""
    lock_plan(section.plan)
    reread_locked(section)
    item = move_to_trash(section, user=user)
    renumber(sibling_sections(section))
    return item


@transaction.atomic
def delete_activity(*, activity: Activity, user=None) -> TrashItem:
    """Move an activity to the trash and close the gap in its section."""
    lock_plan(activity.section.plan)
    reread_locked(activity)
    item = move_to_trash(activity, user=user)
    renumber(sibling_activities(activity.section_id))
    return item
