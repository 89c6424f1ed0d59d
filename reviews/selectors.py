"""Reads of the review: the plan page's workflow panel, versions, comments."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q

from plans.models import Plan, PlanStatus
from plans.outline import SectionNode, walk
from plans.permissions import locked_message, plan_is_locked
from reviews.models import Action, Comment, PlanRevision, Transition, Version
from reviews.permissions import allowed_actions, can_draft_plan, takes_part_in_review

STEPS = [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.ISSUED]


@dataclass
class ReviewPanel:
    """What the workflow panel of the plan page shows to this user."""

    plan: Plan
    transitions: list[Transition]
    versions: list[Version]
    actions: list[str]
    revision_of: PlanRevision | None = None
    revised_by: PlanRevision | None = None
    can_take_part: bool = False
    can_revise: bool = False
    steps: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def locked_notice(self) -> str:
        return locked_message(self.plan) if plan_is_locked(self.plan) else ""

    @property
    def return_note(self) -> Transition | None:
        """The leader's reasons, while a returned plan is being fixed."""
        last = self.transitions[-1] if self.transitions else None
        if last and last.action == Action.RETURN and self.plan.status == PlanStatus.DRAFT:
            return last
        return None


def review_panel(user, plan: Plan) -> ReviewPanel:
    """The panel in three queries: workflow steps, versions, revision links."""
    transitions = list(
        Transition.objects.filter(plan=plan)
        .select_related("user", "version")
        .defer("version__snapshot")
        .order_by("created_at", "pk")
    )
    submitter_id = next(
        (row.user_id for row in reversed(transitions) if row.action == Action.SUBMIT), None
    )
    revision_of = revised_by = None
    for link in PlanRevision.objects.filter(Q(plan=plan) | Q(source=plan)).select_related(
        "plan", "source"
    ):
        if link.plan_id == plan.pk:
            revision_of = link
        else:
            revised_by = link
    return ReviewPanel(
        plan=plan,
        transitions=transitions,
        versions=list(plan_versions(plan)),
        actions=allowed_actions(user, plan, submitter_id=submitter_id),
        revision_of=revision_of,
        revised_by=revised_by,
        can_take_part=takes_part_in_review(user, plan),
        can_revise=(
            plan.status == PlanStatus.ISSUED and revised_by is None and can_draft_plan(user, plan)
        ),
        steps=_steps(plan.status),
    )


def _steps(status: str) -> list[tuple[str, str, str]]:
    """Each status of the workflow with its label and 'done', 'current' or 'todo'."""
    current = STEPS.index(status) if status in STEPS else 0
    states = ["done"] * current + ["current"] + ["todo"] * (len(STEPS) - current - 1)
    return [(step.value, step.label, state) for step, state in zip(STEPS, states, strict=True)]


def plan_versions(plan: Plan):
    """The plan's versions, newest first, without their snapshots, with who saved them."""
    return (
        Version.objects.filter(plan=plan)
        .defer("snapshot")
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def open_comments(plan: Plan) -> list[Comment]:
    """The plan's open comments, oldest first, with their authors (one query)."""
    return list(
        Comment.objects.filter(plan=plan, resolved_at__isnull=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def attach_comments(outline: list[SectionNode], comments: list[Comment]) -> list[Comment]:
    """Give each section and activity of the outline its `open_comments`; returns the plan's own.

    Every section and activity gets the attribute, empty or not, so templates
    read it without a failed lookup per row.
    """
    by_section, by_activity, on_plan = defaultdict(list), defaultdict(list), []
    for comment in comments:
        if comment.activity_id:
            by_activity[comment.activity_id].append(comment)
        elif comment.section_id:
            by_section[comment.section_id].append(comment)
        else:
            on_plan.append(comment)
    for node in walk(outline):
        node.section.open_comments = by_section.get(node.section.pk, [])
        for item in node.activities:
            item.activity.open_comments = by_activity.get(item.activity.pk, [])
    return on_plan


def plan_comments(plan: Plan):
    """Every comment of the plan with its author, resolver and target: open ones first,
    oldest first, then the resolved ones, most recently resolved first."""
    return (
        Comment.objects.filter(plan=plan)
        .select_related("author", "resolved_by", "section", "activity")
        .order_by(F("resolved_at").desc(nulls_first=True), "created_at", "pk")
    )
