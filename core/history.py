"""Recording the change history of plans, sections and activities (docs/history.md).

django-simple-history keeps one historical table per model and writes a row on
every save and delete. The services change many rows at once (bulk inserts,
renumbering, moving a subtree to the trash), which send no signals, so they call
the helpers here to write the history of those rows in one insert per model.
The user comes from the request (simple-history's HistoryRequestMiddleware); a
command or a test without a request records no user.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

# Why a change was made, stored in history_change_reason (see editor.history).
REASON_TRASH = "trash"
REASON_RESTORE = "restore"
REASON_COPY = "copy"
REASON_IMPORT = "import"
# The old year's words replaced after a copy into the new year (importing.new_year).
REASON_NEW_YEAR = "new year"
# Written by the migrations plans 0005 and activities 0005 for rows older than the
# history: what later changes are compared with, not changes themselves.
REASON_BASELINE = "baseline"


class History(HistoricalRecords):
    """HistoricalRecords whose per-row delete record can be switched off.

    A service that deletes many rows records them in bulk first
    (`record_deleted`), then deletes inside `deletions_recorded()` so that
    Django's cascade does not write the same record once more, row by row.
    """

    def post_delete(self, instance, using=None, **kwargs):
        if getattr(self.context, "deletions_recorded", False):
            return
        super().post_delete(instance, using=using, **kwargs)


@contextmanager
def deletions_recorded() -> Iterator[None]:
    """Inside this block deletes write no history: the caller has recorded them."""
    outer = getattr(History.context, "deletions_recorded", False)
    History.context.deletions_recorded = True
    try:
        yield
    finally:
        History.context.deletions_recorded = outer


def is_tracked(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _history_manager(model: type[models.Model]):
    return getattr(model, model._meta.simple_history_manager_attribute)


def record_changed(model: type[models.Model], rows: Sequence[models.Model], *, reason: str = ""):
    """Record rows changed by bulk_update or a queryset update, in one insert."""
    if rows and is_tracked(model):
        _history_manager(model).bulk_history_create(
            rows, update=True, default_change_reason=reason or None
        )


def record_deleted(model: type[models.Model], rows: Sequence[models.Model], *, reason: str = ""):
    """Record rows about to be deleted; delete them inside `deletions_recorded()`.

    simple-history records bulk creates and updates (bulk_history_create) but has no
    bulk delete record, so this one writes the rows itself, as that method does.
    """
    if not rows or not is_tracked(model):
        return
    history_model = _history_manager(model).model
    now = timezone.now()
    history_model.objects.bulk_create(
        history_model(
            history_date=now,
            history_user=history_model.get_default_history_user(row),
            history_change_reason=reason or None,
            history_type="-",
            **{
                field.attname: getattr(row, field.attname) for field in history_model.tracked_fields
            },
        )
        for row in rows
    )


def create_with_history(
    model: type[models.Model], rows: Iterable[models.Model], *, reason: str = ""
) -> list[models.Model]:
    """bulk_create the rows and record them, one insert each for rows and history."""
    rows = list(rows)
    if not rows:
        return rows
    return bulk_create_with_history(rows, model, default_change_reason=reason or None)


def delete_with_history(
    model: type[models.Model], rows: Sequence[models.Model], *, reason: str = ""
) -> None:
    """Delete rows of one model (and what cascades from them), recording the rows in bulk."""
    if not rows:
        return
    record_deleted(model, rows, reason=reason)
    with deletions_recorded():
        model._base_manager.filter(pk__in=[row.pk for row in rows]).delete()
