"""Who may take which step of the workflow, comment, and save versions.

Editors (起草) of a plan's committee submit it; its reviewing leaders (审核领导)
return, approve and issue it; administrators may do everything. Nobody approves
a plan they submitted themselves unless PLAN_ALLOW_SELF_APPROVAL is on. Roles on
a committee cover the bodies below it (organisation.permissions).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.shortcuts import get_or_404
from organisation.models import StaffRole
from organisation.permissions import committee_scope
from plans.models import Plan, PlanStatus
from plans.permissions import check_plan_access
from reviews.models import Action, Comment


@dataclass(frozen=True)
class Rule:
    """A step: the status it starts from, the status it leads to, and the role that takes it."""

    source: str
    target: str
    role: str


RULES = {
    Action.SUBMIT: Rule(PlanStatus.DRAFT, PlanStatus.SUBMITTED, StaffRole.Role.EDITOR),
    Action.RETURN: Rule(PlanStatus.SUBMITTED, PlanStatus.DRAFT, StaffRole.Role.LEADER),
    Action.APPROVE: Rule(PlanStatus.SUBMITTED, PlanStatus.APPROVED, StaffRole.Role.LEADER),
    Action.ISSUE: Rule(PlanStatus.APPROVED, PlanStatus.ISSUED, StaffRole.Role.LEADER),
}


def can_review_plan(user, plan: Plan) -> bool:
    """Return, approve and issue: the committee's leaders (and administrators)."""
    return committee_scope(user).can_review(plan.committee_id)


def can_draft_plan(user, plan: Plan) -> bool:
    """Submit and revise: the committee's editors (and administrators), whatever the status."""
    return committee_scope(user).can_edit(plan.committee_id)


def takes_part_in_review(user, plan: Plan) -> bool:
    """Comment, resolve comments and save versions: the committee's editors and leaders."""
    return can_draft_plan(user, plan) or can_review_plan(user, plan)


def has_role_for(user, plan: Plan, action: str) -> bool:
    """Whether the user's role lets them take `action` on the plan at all (status aside)."""
    if RULES[action].role == StaffRole.Role.EDITOR:
        return can_draft_plan(user, plan)
    return can_review_plan(user, plan)


def self_approval_refused(user, submitter_id: int | None) -> bool:
    """Whether the user would approve their own submission where that is not allowed."""
    return (
        submitter_id is not None
        and submitter_id == user.pk
        and not settings.PLAN_ALLOW_SELF_APPROVAL
    )


def allowed_actions(user, plan: Plan, *, submitter_id: int | None) -> list[str]:
    """The steps the user may take on the plan now, in workflow order."""
    return [
        action
        for action, rule in RULES.items()
        if plan.status == rule.source
        and has_role_for(user, plan, action)
        and not (action == Action.APPROVE and self_approval_refused(user, submitter_id))
    ]


def get_comment_for(user, pk: int) -> Comment:
    """The comment with its plan, if the user may read the plan."""
    rows = Comment.objects.select_related("plan__committee")
    comment = get_or_404(rows, _("No such comment."), pk=pk)
    check_plan_access(user, comment.plan, for_edit=False)
    return comment
