"""Who may see and record the progress of a committee's activities.

Reading follows the plan: whoever may read the committee's plans sees their
progress. Recording needs an editor's role on the committee (or above it). It
does not ask whether the plan itself may still be edited: an approved or issued
plan is exactly the one being carried out (docs/progress.md).

The getters answer 404 outside the user's committees, so nothing leaks, and 403
when the user may read but not record.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from activities.models import Activity
from core.shortcuts import get_or_404
from organisation.models import Committee, Member
from organisation.permissions import committee_scope, get_committee_for
from progress.models import Attachment, Outcome


def can_record(user, committee_id: int) -> bool:
    return committee_scope(user).can_edit(committee_id)


def _check(user, committee_id: int, *, for_edit: bool, missing: str) -> None:
    scope = committee_scope(user)
    if not scope.can_read(committee_id):
        raise Http404(missing)
    if for_edit and not scope.can_edit(committee_id):
        raise PermissionDenied(_("You may read the progress of this activity but not record it."))


def get_activity_for(user, pk: int, *, for_edit: bool = False) -> Activity:
    """The activity with its plan, type and organizer, checked for this user."""
    rows = Activity.objects.select_related(
        "section__plan__committee", "type", "lead_organizer__parent"
    )
    activity = get_or_404(rows, _("No such activity."), pk=pk)
    _check(
        user, activity.section.plan.committee_id, for_edit=for_edit, missing=_("No such activity.")
    )
    return activity


def get_outcome_for(user, pk: int, *, for_edit: bool = False) -> Outcome:
    """The outcome with its activity and plan, checked for this user."""
    rows = Outcome.objects.select_related("activity__section__plan__committee")
    outcome = get_or_404(rows, _("No such outcome."), pk=pk)
    committee_id = outcome.activity.section.plan.committee_id
    _check(user, committee_id, for_edit=for_edit, missing=_("No such outcome."))
    return outcome


def get_attachment_for(user, pk: int, *, for_edit: bool = False) -> Attachment:
    """The attachment with its activity and plan, checked for this user."""
    rows = Attachment.objects.select_related("activity__section__plan")
    attachment = get_or_404(rows, _("No such attachment."), pk=pk)
    committee_id = attachment.activity.section.plan.committee_id
    _check(user, committee_id, for_edit=for_edit, missing=_("No such attachment."))
    return attachment


def get_committee_for_progress(user, pk: int, *, for_edit: bool = False) -> Committee:
    """The committee if the user may read it (404 otherwise) and, for_edit, record for it."""
    committee = get_committee_for(user, pk)
    if for_edit and not committee_scope(user).can_edit(committee.pk):
        raise PermissionDenied(_("You may read this committee's summaries but not write them."))
    return committee


def get_member_for(user, pk: int) -> Member:
    """The member if they hold a seat in a committee the user may read; 404 otherwise."""
    scope = committee_scope(user)
    members = Member.objects.select_related("sector")
    if not scope.is_admin:
        members = members.filter(memberships__committee_id__in=scope.readable).distinct()
    return get_or_404(members, _("No such member."), pk=pk)
