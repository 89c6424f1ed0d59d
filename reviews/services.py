"""Writes of the review: workflow steps, named versions, revisions and comments."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from activities.selectors import plan_outline
from core.forms import reject_control_characters as _reject_control_characters
from importing.services import copy_plan
from plans.models import Plan, PlanStatus, Section
from plans.outline import activities_in_order
from plans.stages import STAGE_NAMES, numbered_name, stage_name
from reviews.models import (
    COMMENT_MAX_LENGTH,
    VERSION_NAME_MAX_LENGTH,
    Action,
    Comment,
    PlanRevision,
    Transition,
    Version,
)
from reviews.permissions import (
    RULES,
    can_draft_plan,
    has_role_for,
    self_approval_refused,
    takes_part_in_review,
)
from reviews.snapshot import outline_id_map, plan_snapshot, remap_snapshot

# The usual names of a plan's versions, offered when saving one: its stages.
SUGGESTED_VERSION_NAMES = list(STAGE_NAMES.values())
# Versions saved by the workflow itself, named after the stage the step reaches
# (the mark its paper then carries): 送审稿, 审定稿, 印发稿, numbered when repeated.
AUTOMATIC_VERSION_STEPS = {Action.SUBMIT, Action.APPROVE, Action.ISSUE}
# The issued text a revision starts from, saved in the revision to compare with.
REVISION_BASE_NAME = "原印发稿"
# The steps that cannot be taken back, and what they say when not confirmed (the
# form's tick; callers other than the form confirm by calling).
CONFIRMED_STEPS = {
    Action.APPROVE: gettext_lazy(
        "Tick the box to confirm the approval: the plan can then no longer be changed, "
        "and its text is saved as 审定稿."
    ),
    Action.ISSUE: gettext_lazy(
        "Tick the box to confirm the issue: the plan prints without a mark, with its "
        "number and date, and its text is saved as 印发稿; later changes need a revision."
    ),
}
DOCUMENT_NUMBER_MAX_LENGTH = Plan._meta.get_field("document_number").max_length


def reject_control_characters(text: str) -> None:
    """Refuse control characters, NUL included (forms refuse NUL on their own; services must)."""
    if "\x00" in text:
        raise ValidationError(
            _("This text contains invisible control characters; remove them and try again."),
            code="control_characters",
        )
    _reject_control_characters(text)


def locked_plan(pk: int) -> Plan:
    """The plan read again under a lock, so that two steps cannot both start from one status.

    PostgreSQL locks the row (SELECT … FOR UPDATE): the second transaction waits,
    then reads the status the first one left. SQLite has no row locks; a write
    that changes nothing takes its database lock first, so there too the second
    waits instead of failing with "database is locked" when it comes to write.
    """
    if not connection.features.has_select_for_update:
        Plan.objects.filter(pk=pk).update(status=F("status"))
    return Plan.objects.select_for_update().select_related("committee").get(pk=pk)


def last_submitter_id(plan: Plan) -> int | None:
    """Who submitted the plan most recently (None if nobody did through the workflow)."""
    return (
        Transition.objects.filter(plan=plan, action=Action.SUBMIT)
        .order_by("-created_at", "-pk")
        .values_list("user_id", flat=True)
        .first()
    )


@transaction.atomic
def take_action(
    *,
    plan: Plan,
    action: str,
    user,
    comment: str = "",
    document_number: str | None = None,
    issue_date: datetime.date | None = None,
    confirmed: bool = True,
) -> Transition:
    """Take one workflow step (submit, return, approve, issue) and record it.

    PermissionDenied when the user's role may not take the step (or it would be
    their own approval); ValidationError when the plan is not in the status the
    step starts from, or what the step needs is missing. Nothing changes then.
    """
    rule = RULES.get(action)
    if rule is None:
        raise ValidationError(_("Choose a step of the workflow."))
    if not has_role_for(user, plan, action):
        raise PermissionDenied(_role_refusal(action))
    plan = locked_plan(plan.pk)
    if plan.status != rule.source:
        raise ValidationError(_state_refusal(action, plan))
    submitter_id = last_submitter_id(plan)
    if action == Action.APPROVE and self_approval_refused(user, submitter_id):
        raise PermissionDenied(
            _("You submitted this plan yourself; another leader must approve it.")
        )
    if action in CONFIRMED_STEPS and not confirmed:
        raise ValidationError(CONFIRMED_STEPS[action])
    comment = _clean_text(comment, required=action == Action.RETURN)
    if action == Action.SUBMIT and not plan.sections.exists():
        raise ValidationError(_("An empty plan cannot be submitted; add its parts first."))
    fields = ["status", "updated_at"]
    if action == Action.ISSUE:
        _set_issue_fields(plan, document_number, issue_date)
        fields += ["document_number", "issue_date"]
    plan.status = rule.target
    plan.save(update_fields=fields)
    version = None
    if action in AUTOMATIC_VERSION_STEPS:
        existing = set(Version.objects.filter(plan=plan).values_list("name", flat=True))
        name = numbered_name(stage_name(rule.target), existing)
        version = _save_version(plan, name, user)
    return Transition.objects.create(
        plan=plan,
        action=action,
        from_status=rule.source,
        to_status=rule.target,
        user=user,
        comment=comment,
        version=version,
    )


def submit_plan(*, plan: Plan, user, comment: str = "") -> Transition:
    """Editor: draft → submitted for review."""
    return take_action(plan=plan, action=Action.SUBMIT, user=user, comment=comment)


def return_plan(*, plan: Plan, user, comment: str) -> Transition:
    """Leader: submitted → draft, saying what should change (退回修改)."""
    return take_action(plan=plan, action=Action.RETURN, user=user, comment=comment)


def approve_plan(*, plan: Plan, user, comment: str = "") -> Transition:
    """Leader: submitted → approved (审定)."""
    return take_action(plan=plan, action=Action.APPROVE, user=user, comment=comment)


def issue_plan(
    *,
    plan: Plan,
    user,
    comment: str = "",
    document_number: str | None = None,
    issue_date: datetime.date | None = None,
) -> Transition:
    """Leader: approved → issued (印发), with its document number and date of issue."""
    return take_action(
        plan=plan,
        action=Action.ISSUE,
        user=user,
        comment=comment,
        document_number=document_number,
        issue_date=issue_date,
    )


def _role_refusal(action: str) -> str:
    if action == Action.SUBMIT:
        return _("Only the committee's editors can submit a plan for review.")
    return _("Only the committee's reviewing leaders can return, approve or issue a plan.")


def _state_refusal(action: str, plan: Plan) -> str:
    status = plan.get_status_display()
    if action == Action.SUBMIT:
        message = _("Only a draft can be submitted for review; this plan is now “%(status)s”.")
    elif action == Action.ISSUE:
        message = _("Only an approved plan can be issued; this plan is now “%(status)s”.")
    else:
        message = _(
            "Only a plan submitted for review can be returned or approved; "
            "this plan is now “%(status)s”."
        )
    return message % {"status": status}


def _clean_text(text: str, *, required: bool, max_length: int = COMMENT_MAX_LENGTH) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(_("Say what should be changed before returning the plan."))
    if len(text) > max_length:
        raise ValidationError(
            _("Keep it to %(limit)d characters or fewer.") % {"limit": max_length}
        )
    reject_control_characters(text)
    return text


def _set_issue_fields(
    plan: Plan, document_number: str | None, issue_date: datetime.date | None
) -> None:
    """The document number if given, and the date of issue: given, already set, or today."""
    if document_number is not None:
        document_number = document_number.strip()
        if len(document_number) > DOCUMENT_NUMBER_MAX_LENGTH:
            raise ValidationError(
                _("Keep the document number to %(limit)d characters or fewer.")
                % {"limit": DOCUMENT_NUMBER_MAX_LENGTH}
            )
        reject_control_characters(document_number)
        plan.document_number = document_number
    plan.issue_date = issue_date or plan.issue_date or timezone.localdate()


def _save_version(plan: Plan, name: str, user) -> Version:
    return Version.objects.create(
        plan=plan,
        name=name,
        status=plan.status,
        snapshot=plan_snapshot(plan, plan_outline(plan)),
        created_by=user,
    )


@transaction.atomic
def create_version(*, plan: Plan, name: str, user) -> Version:
    """Save the whole plan as it stands under a name (征求意见稿, 审议稿, 印发稿 or any)."""
    if not takes_part_in_review(user, plan):
        raise PermissionDenied(_("Only the committee's editors and leaders can save versions."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the version a name, e.g. 征求意见稿."))
    if len(name) > VERSION_NAME_MAX_LENGTH:
        raise ValidationError(
            _("Keep the name to %(limit)d characters or fewer.")
            % {"limit": VERSION_NAME_MAX_LENGTH}
        )
    reject_control_characters(name)
    plan = Plan.objects.select_related("committee").get(pk=plan.pk)
    return _save_version(plan, name, user)


@transaction.atomic
def start_revision(*, plan: Plan, user) -> Plan:
    """Start revising an issued plan (修订): a draft copy, linked to it; the issued plan stays.

    The copy keeps the activities' progress (copy_plan starts them again at
    planned) and gets the issued text as its version 原印发稿, with the copy's
    ids, so the revision can be compared with what was issued.
    """
    if not can_draft_plan(user, plan):
        raise PermissionDenied(_("Only the committee's editors can revise a plan."))
    source = locked_plan(plan.pk)
    if source.status != PlanStatus.ISSUED:
        raise ValidationError(_("Only an issued plan is revised; change a draft directly."))
    if PlanRevision.objects.filter(source=source).exists():
        raise ValidationError(_("A revision of this plan has already been started."))
    source_outline = plan_outline(source)
    revision = copy_plan(
        source=source,
        committee=source.committee,
        year=source.year,
        title=source.title,
        kind=source.kind,
    )
    PlanRevision.objects.create(plan=revision, source=source, created_by=user)
    sections, activities = outline_id_map(source_outline, plan_outline(revision))
    _keep_progress(source_outline, activities)
    base = remap_snapshot(
        plan_snapshot(source, source_outline), sections, activities, plan_id=revision.pk
    )
    Version.objects.create(
        plan=revision,
        name=REVISION_BASE_NAME,
        status=PlanStatus.ISSUED,
        snapshot=base,
        created_by=user,
    )
    return revision


def _keep_progress(source_outline, activity_ids: dict[int, int]) -> None:
    """Give the copied activities the statuses of the ones they copy (one query)."""
    rows = [
        Activity(pk=activity_ids[item.activity.pk], status=item.activity.status)
        for item in activities_in_order(source_outline)
    ]
    Activity.objects.bulk_update(rows, ["status"])


@transaction.atomic
def add_comment(
    *,
    plan: Plan,
    user,
    text: str,
    section: Section | None = None,
    activity: Activity | None = None,
) -> Comment:
    """A comment on the plan, one of its sections or one of its activities."""
    if not takes_part_in_review(user, plan):
        raise PermissionDenied(_("Only the committee's editors and leaders can comment."))
    if section is not None and activity is not None:
        raise ValidationError(_("Comment on a part or on an activity, not both at once."))
    if section is not None and section.plan_id != plan.pk:
        raise ValidationError(_("That part is not part of this plan."))
    if activity is not None and activity.section.plan_id != plan.pk:
        raise ValidationError(_("That activity is not part of this plan."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the comment first."))
    text = _clean_text(text, required=False)
    return Comment.objects.create(
        plan=plan, section=section, activity=activity, text=text, author=user
    )


@transaction.atomic
def set_comment_resolved(*, comment: Comment, user, resolved: bool) -> Comment:
    """Mark a comment as resolved (done), or open it again."""
    if not takes_part_in_review(user, comment.plan):
        raise PermissionDenied(_("Only the committee's editors and leaders can resolve comments."))
    if resolved:
        comment.resolved_at, comment.resolved_by = timezone.now(), user
    else:
        comment.resolved_at, comment.resolved_by = None, None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
