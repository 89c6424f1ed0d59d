"""Moving a plan, section or activity to the trash: a snapshot of its rows, then the delete.

The plans and activities services call `move_to_trash`; restoring is in
trash.services. Django's deletion collector finds every row the delete removes
(sections below, activities, organizers, participants and their members, and
whatever other apps hang on them), so the snapshot is exactly what went away.
"""

from operator import attrgetter

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models, router
from django.utils.translation import gettext as _

from activities.models import Activity
from core.history import REASON_TRASH, deletions_recorded, record_deleted
from plans.models import Plan, Section
from trash.models import TrashItem, TrashKind

ROOT_KINDS = {Plan: TrashKind.PLAN, Section: TrashKind.SECTION, Activity: TrashKind.ACTIVITY}


def move_to_trash(root: Plan | Section | Activity, *, user=None) -> TrashItem:
    """Keep `root` and everything its delete removes in a TrashItem, record the delete, delete.

    The caller locks the plan and closes the gap among the siblings.
    """
    collector = NestedObjects(using=router.db_for_write(type(root)))
    collector.collect([root])
    if collector.protected:
        raise ValidationError(_("This cannot be deleted: other records still refer to it."))
    collector.sort()
    rows = {
        model: sorted(instances, key=attrgetter("pk"))
        for model, instances in collector.data.items()
    }
    item = TrashItem.objects.create(
        **_describe(root),
        section_count=len(rows.get(Section, ())),
        activity_count=len(rows.get(Activity, ())),
        # Rows are put back in the reverse of the order they are deleted in.
        data=[_serialize(model, rows[model]) for model in reversed(rows)],
        deleted_by=user if user is not None and user.is_authenticated else None,
    )
    for model, instances in rows.items():
        record_deleted(model, instances, reason=REASON_TRASH)
    with deletions_recorded():
        collector.delete()
    return item


def _describe(root: Plan | Section | Activity) -> dict:
    """What the trash page shows of the item without reading its rows."""
    if isinstance(root, Plan):
        plan, label = root, root.title
    elif isinstance(root, Section):
        plan, label = root.plan, str(root)
    else:
        plan, label = root.section.plan, root.topic
    return {
        "kind": ROOT_KINDS[type(root)],
        "committee_id": plan.committee_id,
        "plan_id": plan.pk,
        "plan_title": plan.title,
        "object_id": root.pk,
        "label": label[:200],
    }


def _serialize(model: type[models.Model], instances: list[models.Model]) -> dict:
    # Concrete fields only: a many-to-many field is its own table, collected as rows
    # (and serializing it would cost a query per row).
    names = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    return {
        "model": model._meta.label_lower,
        "rows": serializers.serialize("python", instances, fields=names),
    }


def rows_from_snapshot(data: list[dict]) -> list[tuple[type[models.Model], list[models.Model]]]:
    """The snapshot's rows as unsaved model instances with their keys, model by model."""
    groups = []
    for group in data:
        model = apps.get_model(group["model"])
        objects = serializers.deserialize("python", group["rows"], ignorenonexistent=True)
        groups.append((model, [deserialized.object for deserialized in objects]))
    return groups


def stored_files(data: list[dict]) -> list[tuple[Storage, str]]:
    """The files the snapshot's rows name (attachments), as (storage, name).

    They stay in the storage while the item is in the trash, so that a restore
    brings them back; a purge deletes them.
    """
    files = []
    for group in data:
        model = apps.get_model(group["model"])
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for row in group["rows"]:
            files.extend(
                (field.storage, row["fields"][field.name])
                for field in fields
                if row["fields"].get(field.name)
            )
    return files
