"""Who may read and change a plan and its parts.

The getters answer 404 for anything outside the user's committees, so a plan's
existence does not leak, and 403 when the user may read but not change it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.shortcuts import get_or_404
from organisation.permissions import committee_scope
from plans.models import Plan, Section


def can_view_plan(user, plan: Plan) -> bool:
    return committee_scope(user).can_read(plan.committee_id)


def can_edit_plan(user, plan: Plan) -> bool:
    """Editors of the committee may change a plan while it is a draft (reviews: workflow)."""
    return committee_scope(user).can_edit(plan.committee_id) and not plan_is_locked(plan)


def plan_is_locked(plan: Plan) -> bool:
    """Only a draft is written in: submitted, approved and issued plans are read-only."""
    return plan.status != Plan.Status.DRAFT


def locked_message(plan: Plan) -> str:
    """Why a plan that is not a draft cannot be changed, and what to do instead."""
    if plan.status == Plan.Status.SUBMITTED:
        return _(
            "This plan has been submitted for review and cannot be changed; "
            "a leader can return it for changes."
        )
    if plan.status == Plan.Status.APPROVED:
        return _("This plan has been approved and can no longer be changed.")
    return _(
        "This plan has been issued and can no longer be changed; start a revision to change it."
    )


def visible_plans(user):
    """Plans whose committee the user may read."""
    scope = committee_scope(user)
    if scope.is_admin:
        return Plan.objects.all()
    return Plan.objects.filter(committee_id__in=scope.readable)


def check_plan_access(user, plan: Plan, *, for_edit: bool) -> None:
    """Raise 404 if the user may not see the plan, 403 if they may not change it (now)."""
    if not can_view_plan(user, plan):
        raise Http404(_("No such plan."))
    if for_edit and not committee_scope(user).can_edit(plan.committee_id):
        raise PermissionDenied(_("You may read this plan but not change it."))
    if for_edit and plan_is_locked(plan):
        # One check for every editing view: sections, activities, details, warnings.
        raise PermissionDenied(locked_message(plan))


def get_plan_for(user, pk: int, *, for_edit: bool = False) -> Plan:
    """The plan with its committee, checked for this user."""
    plan = get_or_404(Plan.objects.select_related("committee"), _("No such plan."), pk=pk)
    check_plan_access(user, plan, for_edit=for_edit)
    return plan


def get_section_for(user, pk: int, *, for_edit: bool = False) -> Section:
    """The section with its plan, checked for this user."""
    rows = Section.objects.select_related("plan__committee", "parent")
    section = get_or_404(rows, _("No such section."), pk=pk)
    check_plan_access(user, section.plan, for_edit=for_edit)
    return section
