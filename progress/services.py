"""Writes of progress: an activity's status and record, outcomes, attachments, summary texts."""

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityStatus
from organisation.models import Committee, Member
from progress.models import (
    ActivityRecord,
    Attachment,
    Attendance,
    Outcome,
    SummaryNarrative,
)
from progress.uploads import check_upload

logger = logging.getLogger(__name__)

# A real date may fall in the plan's year or, for items run late, the next one.
YEARS_AFTER_PLAN = 1
NARRATIVE_FIELDS = ("opening", "achievements", "shortcomings", "next_steps")


def check_progress(
    *,
    activity: Activity,
    status: str,
    held_on: datetime.date | None,
    held_until: datetime.date | None,
    reason: str,
    today: datetime.date,
) -> dict[str, str]:
    """Field-by-field messages for a status and dates that do not fit together."""
    errors = {}
    year = activity.section.plan.year
    if status not in ActivityStatus.values:
        errors["status"] = _("Choose a status.")
    if status in {ActivityStatus.POSTPONED, ActivityStatus.CANCELLED} and not reason.strip():
        errors["reason"] = _("Say why the activity was postponed or cancelled.")
    if status == ActivityStatus.DONE and held_on is None:
        errors["held_on"] = _("Enter the date the activity was held.")
    for name, date in (("held_on", held_on), ("held_until", held_until)):
        if date and not year <= date.year <= year + YEARS_AFTER_PLAN:
            errors[name] = _("The date must fall in %(year)d or %(next)d.") % {
                "year": year,
                "next": year + YEARS_AFTER_PLAN,
            }
    if held_until and held_on is None:
        errors["held_on"] = _("Enter the first day as well.")
    elif held_until and held_on and held_until < held_on:
        errors["held_until"] = _("The last day cannot be before the first.")
    if status == ActivityStatus.DONE and held_on and held_on > today and "held_on" not in errors:
        errors["held_on"] = _("A done activity cannot have been held after today.")
    return errors


@transaction.atomic
def record_progress(
    *,
    activity: Activity,
    status: str,
    held_on: datetime.date | None,
    held_until: datetime.date | None,
    reason: str,
    notes: str,
    attendees: Iterable[Member],
    user,
    today: datetime.date,
) -> ActivityRecord:
    """Set the activity's status and write its record and attendance as a whole.

    A reason is kept only for a postponed or cancelled activity, so an old reason
    never shows in a summary after the activity was held after all.
    """
    errors = check_progress(
        activity=activity,
        status=status,
        held_on=held_on,
        held_until=held_until,
        reason=reason,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    keeps_reason = status in {ActivityStatus.POSTPONED, ActivityStatus.CANCELLED}
    record, _created = ActivityRecord.objects.select_for_update().get_or_create(activity=activity)
    record.held_on = held_on
    record.held_until = held_until
    record.reason = reason.strip() if keeps_reason else ""
    record.notes = notes.strip()
    record.updated_by = user if user and user.is_authenticated else None
    record.save()
    if activity.status != status:
        activity.status = status
        # Only the status: the plan's other fields belong to whoever edits the plan.
        activity.save(update_fields=["status"])
    _replace_attendance(activity, attendees)
    return record


def _replace_attendance(activity: Activity, attendees: Iterable[Member]) -> None:
    wanted = {member.pk for member in attendees}
    present = set(activity.attendances.values_list("member_id", flat=True))
    activity.attendances.filter(member_id__in=present - wanted).delete()
    Attendance.objects.bulk_create(
        Attendance(activity=activity, member_id=pk) for pk in sorted(wanted - present)
    )


@transaction.atomic
def save_outcome(*, outcome: Outcome, members: Sequence[Member]) -> Outcome:
    """Write an outcome (new or changed) with the members who wrote it."""
    outcome.full_clean(exclude=["activity"])
    outcome.save()
    outcome.members.set(members)
    return outcome


@transaction.atomic
def delete_outcome(*, outcome: Outcome) -> None:
    """Delete an outcome; its figures leave the dashboards and summaries with it."""
    outcome.delete()


def store_attachment(*, activity: Activity, upload, user) -> Attachment:
    """Check the upload by its content and keep it with the activity.

    Nothing is stored when the file is refused. The file is written through the
    default storage first, then the row; if the row cannot be written the file
    is removed again.
    """
    checked = check_upload(upload)
    attachment = Attachment(
        activity=activity,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        uploaded_by=user if user and user.is_authenticated else None,
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def delete_attachment(*, attachment: Attachment) -> None:
    """Delete the row, then the file once the deletion is committed."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: _delete_file(storage, name))


def _delete_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        # The row is gone, so nobody can reach the file; log it for a clean-up.
        logger.warning("Could not delete attachment file %s", name)


@transaction.atomic
def save_narrative(
    *, committee: Committee, year: int, period: str, texts: dict[str, str], user
) -> SummaryNarrative | None:
    """Write the staff's parts of a summary. All empty and nothing written yet: nothing to keep."""
    texts = {name: texts.get(name, "").strip() for name in NARRATIVE_FIELDS}
    narrative = SummaryNarrative.objects.filter(
        committee=committee, year=year, period=period
    ).first()
    if narrative is None and not any(texts.values()):
        return None
    if narrative is None:
        narrative = SummaryNarrative(committee=committee, year=year, period=period)
    for name, text in texts.items():
        setattr(narrative, name, text)
    narrative.updated_by = user if user and user.is_authenticated else None
    narrative.full_clean(exclude=["committee", "updated_by"])
    narrative.save()
    return narrative
