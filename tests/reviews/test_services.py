"""The review's services: every workflow step by every role from every status, versions,
revisions and comments. Allowed steps work and are recorded; refused ones change nothing."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from activities.models import Activity
from activities.selectors import plan_outline
from organisation.models import StaffRole
from plans.models import Plan, Section
from plans.permissions import can_edit_plan, check_plan_access
from plans.services import move_section
from reviews.compare import compare_snapshots
from reviews.models import Action, Comment, PlanRevision, Transition, Version
from reviews.permissions import allowed_actions
from reviews.services import (
    add_comment,
    approve_plan,
    create_version,
    issue_plan,
    return_plan,
    set_comment_resolved,
    start_revision,
    submit_plan,
    take_action,
)
from reviews.snapshot import plan_snapshot
from tests.factories import (
    ActivityFactory,
    CommitteeFactory,
    PlanFactory,
    SectionFactory,
    StaffRoleFactory,
    UserFactory,
)
from tests.reviews.steps import STATUSES, STEPS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    # Messages are translated when raised; other tests may leave English on.
    with translation.override("zh-hans"):
        yield


ROLES = ["editor", "leader", "viewer", "outsider", "admin"]


@pytest.fixture
def people(editor, leader, viewer, outsider, admin_user):
    return {
        "editor": editor,
        "leader": leader,
        "viewer": viewer,
        "outsider": outsider,
        "admin": admin_user,
    }


def state(plan) -> tuple:
    """Everything a refused step must leave as it was."""
    plan.refresh_from_db()
    return (
        plan.status,
        plan.document_number,
        plan.issue_date,
        Transition.objects.count(),
        Version.objects.count(),
    )


def run(action, plan, user, comment="请修改第二部分。"):
    return take_action(plan=plan, action=action, user=user, comment=comment)


# --- the workflow: status × step × role ----------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(STEPS))
@pytest.mark.parametrize("status", STATUSES)
def test_every_step_by_every_role_from_every_status(plan, people, status, action, role):
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    source, target, roles = STEPS[action]
    user = people[role]
    before = state(plan)
    if status == source and role in roles:
        step = run(action, plan, user)
        plan.refresh_from_db()
        assert plan.status == target
        assert (step.action, step.from_status, step.to_status, step.user) == (
            action,
            source,
            target,
            user,
        )
        assert step.comment == "请修改第二部分。"
        assert Transition.objects.filter(plan=plan).count() == 1
    else:
        expected = PermissionDenied if role not in roles else ValidationError
        with pytest.raises(expected):
            run(action, plan, user)
        assert state(plan) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATUSES)
def test_the_allowed_steps_are_those_the_services_accept(plan, people, status, role):
    plan.status = status
    expected = [
        action
        for action, (source, _target, roles) in STEPS.items()
        if source == status and role in roles
    ]
    assert allowed_actions(people[role], plan, submitter_id=None) == expected


def test_a_plan_goes_through_the_whole_workflow_and_each_step_is_recorded(plan, editor, leader):
    submit_plan(plan=plan, user=editor, comment="请审定。")
    return_plan(plan=plan, user=leader, comment="第二项活动时间需调整。")
    plan.refresh_from_db()
    assert plan.status == "draft"
    submit_plan(plan=plan, user=editor)
    approve_plan(plan=plan, user=leader)
    issue_plan(
        plan=plan,
        user=leader,
        document_number="河洛政协〔2026〕3号",
        issue_date=datetime.date(2026, 1, 20),
    )
    plan.refresh_from_db()
    assert (plan.status, plan.document_number, plan.issue_date) == (
        "issued",
        "河洛政协〔2026〕3号",
        datetime.date(2026, 1, 20),
    )
    steps = list(
        Transition.objects.filter(plan=plan).values_list(
            "action", "from_status", "to_status", "user__username", "comment"
        )
    )
    assert steps == [
        ("submit", "draft", "submitted", editor.username, "请审定。"),
        ("return", "submitted", "draft", leader.username, "第二项活动时间需调整。"),
        ("submit", "draft", "submitted", editor.username, ""),
        ("approve", "submitted", "approved", leader.username, ""),
        ("issue", "approved", "issued", leader.username, ""),
    ]


def test_each_step_saves_the_text_under_the_name_its_paper_is_marked_with(plan, editor, leader):
    submitted = submit_plan(plan=plan, user=editor)
    approved = approve_plan(plan=plan, user=leader)
    issued = issue_plan(plan=plan, user=leader)
    assert (submitted.version.name, submitted.version.status) == ("送审稿", "submitted")
    assert (approved.version.name, approved.version.status) == ("审定稿", "approved")
    assert (issued.version.name, issued.version.status) == ("印发稿", "issued")
    topics = [row["topic"] for row in issued.version.snapshot["activities"]]
    assert topics == ["推进乡村振兴", "优化营商环境"]
    assert list(Version.objects.filter(plan=plan).values_list("name", flat=True)) == [
        "印发稿",
        "审定稿",
        "送审稿",
    ]


def test_a_stage_reached_again_is_numbered(plan, editor, leader):
    create_version(plan=plan, name="征求意见稿", user=editor)
    submit_plan(plan=plan, user=editor)
    return_plan(plan=plan, user=leader, comment="请补充时间安排。")
    submit_plan(plan=plan, user=editor)
    return_plan(plan=plan, user=leader, comment="再补充组织单位。")
    third = submit_plan(plan=plan, user=editor)
    assert third.version.name == "送审稿（三）"
    assert sorted(Version.objects.filter(plan=plan).values_list("name", flat=True)) == sorted(
        ["征求意见稿", "送审稿", "送审稿（二）", "送审稿（三）"]
    )


def test_issuing_without_a_date_dates_the_plan_today_and_keeps_its_number(plan, leader):
    Plan.objects.filter(pk=plan.pk).update(status="approved", document_number="甲政协〔2026〕1号")
    plan.refresh_from_db()
    issue_plan(plan=plan, user=leader)
    plan.refresh_from_db()
    assert plan.document_number == "甲政协〔2026〕1号"
    assert plan.issue_date == timezone.localdate()


@pytest.mark.parametrize(
    ("number", "message"),
    [("号" * 51, "50"), ("甲\x07号", "控制字符")],
)
def test_a_bad_document_number_is_refused_and_nothing_changes(plan, leader, number, message):
    Plan.objects.filter(pk=plan.pk).update(status="approved")
    before = state(plan)
    with pytest.raises(ValidationError, match=message):
        issue_plan(plan=plan, user=leader, document_number=number)
    assert state(plan) == before


@pytest.mark.parametrize("comment", ["", "   \n ", None])
def test_returning_needs_a_comment(plan, leader, comment):
    Plan.objects.filter(pk=plan.pk).update(status="submitted")
    before = state(plan)
    with pytest.raises(ValidationError, match="请说明需要修改的地方"):
        return_plan(plan=plan, user=leader, comment=comment)
    assert state(plan) == before


@pytest.mark.parametrize(
    ("comment", "message"), [("改" * 2001, "2000"), ("请\x1b修改", "控制字符")]
)
def test_a_huge_or_malformed_comment_is_refused(plan, leader, comment, message):
    Plan.objects.filter(pk=plan.pk).update(status="submitted")
    before = state(plan)
    with pytest.raises(ValidationError, match=message):
        return_plan(plan=plan, user=leader, comment=comment)
    assert state(plan) == before


def test_a_hostile_comment_is_kept_as_plain_text(plan, leader):
    Plan.objects.filter(pk=plan.pk).update(status="submitted")
    step = return_plan(plan=plan, user=leader, comment="<script>alert(1)</script>")
    assert step.comment == "<script>alert(1)</script>"


def test_an_empty_plan_cannot_be_submitted(committee, editor):
    plan = PlanFactory(committee=committee)
    with pytest.raises(ValidationError, match="空白计划不能报审"):
        submit_plan(plan=plan, user=editor)
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert not Transition.objects.exists()


def test_an_unknown_step_is_refused(plan, editor):
    with pytest.raises(ValidationError):
        take_action(plan=plan, action="publish", user=editor)
    assert state(plan)[0] == "draft"


def test_no_step_can_be_skipped(plan, leader, admin_user):
    for user in (leader, admin_user):
        for action in (Action.APPROVE, Action.ISSUE, Action.RETURN):
            with pytest.raises(ValidationError):
                run(action, plan, user)
    Plan.objects.filter(pk=plan.pk).update(status="submitted")
    with pytest.raises(ValidationError):
        run(Action.ISSUE, plan, admin_user)
    assert state(plan)[0] == "submitted"
    assert not Transition.objects.exists()


def test_a_step_reads_the_status_again_so_a_stale_page_cannot_repeat_it(plan, editor, leader):
    stale = Plan.objects.get(pk=plan.pk)
    submit_plan(plan=plan, user=editor)
    approve_plan(plan=plan, user=leader)
    # `stale` still says draft; the service must not trust it.
    with pytest.raises(ValidationError, match="当前为“审定”"):
        submit_plan(plan=stale, user=editor)
    assert Transition.objects.count() == 2


# --- nobody approves their own submission -------------------------------------------


def test_nobody_approves_their_own_submission(plan, admin_user, leader):
    submit_plan(plan=plan, user=admin_user)
    plan.refresh_from_db()
    assert allowed_actions(admin_user, plan, submitter_id=admin_user.pk) == ["return"]
    with pytest.raises(PermissionDenied, match="另一位领导审定"):
        approve_plan(plan=plan, user=admin_user)
    plan.refresh_from_db()
    assert plan.status == "submitted"
    approve_plan(plan=plan, user=leader)
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_an_editor_below_who_leads_above_cannot_approve_what_they_submitted(committee):
    body = CommitteeFactory(name="乙工作组", parent=committee)
    plan = PlanFactory(committee=body)
    SectionFactory(plan=plan, position=1)
    person = UserFactory()
    StaffRoleFactory(user=person, committee=body, role=StaffRole.Role.EDITOR)
    StaffRoleFactory(user=person, committee=committee, role=StaffRole.Role.LEADER)
    submit_plan(plan=plan, user=person)
    with pytest.raises(PermissionDenied):
        approve_plan(plan=plan, user=person)
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_self_approval_can_be_allowed_by_a_setting(plan, admin_user, settings):
    settings.PLAN_ALLOW_SELF_APPROVAL = True
    submit_plan(plan=plan, user=admin_user)
    plan.refresh_from_db()
    assert allowed_actions(admin_user, plan, submitter_id=admin_user.pk) == [
        "return",
        "approve",
    ]
    approve_plan(plan=plan, user=admin_user)
    plan.refresh_from_db()
    assert plan.status == "approved"


# --- read-only once submitted ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("submitted", "已报审"),
        ("approved", "已审定"),
        ("issued", "已印发"),
    ],
)
def test_only_a_draft_can_be_changed(plan, editor, admin_user, status, message):
    assert can_edit_plan(editor, plan)
    plan.status = status
    for user in (editor, admin_user):
        assert not can_edit_plan(user, plan)
        with pytest.raises(PermissionDenied, match=message):
            check_plan_access(user, plan, for_edit=True)
        check_plan_access(user, plan, for_edit=False)


# --- two steps at once -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks tables, not rows; run with DATABASE_URL",
)
def test_two_leaders_approving_at_once_make_one_step(committee, editor, leader):
    plan = PlanFactory(committee=committee)
    SectionFactory(plan=plan, position=1)
    second = StaffRoleFactory(committee=committee, role=StaffRole.Role.LEADER).user
    submit_plan(plan=plan, user=editor)
    barrier, results = threading.Barrier(2), []

    def approve(user):
        from django.db import connections

        try:
            barrier.wait()
            approve_plan(plan=Plan.objects.get(pk=plan.pk), user=user)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (leader, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert Transition.objects.filter(plan=plan, action="approve").count() == 1


# --- versions ---------------------------------------------------------------------------


def test_a_version_keeps_the_whole_plan_with_ids(plan, editor):
    version = create_version(plan=plan, name=" 征求意见稿 ", user=editor)
    assert version.name == "征求意见稿"
    assert version.created_by == editor
    snapshot = version.snapshot
    section = plan.sections.get()
    assert snapshot["plan"]["title"] == "2026年度协商工作计划"
    assert snapshot["sections"] == [
        {
            "id": section.pk,
            "parent": None,
            "label": "一、",
            "heading": "重点协商",
            "lead_phrase": "",
            "body": "",
            "show_count": False,
        }
    ]
    first = snapshot["activities"][0]
    activity = Activity.objects.get(topic="推进乡村振兴")
    assert (first["id"], first["section"], first["label"], first["schedule"]) == (
        activity.pk,
        section.pk,
        "1.",
        "6月",
    )


def test_a_version_stays_as_it_was_when_the_plan_changes(plan, editor):
    version = create_version(plan=plan, name="征求意见稿", user=editor)
    Activity.objects.filter(topic="推进乡村振兴").update(topic="全面推进乡村振兴")
    version.refresh_from_db()
    assert version.snapshot["activities"][0]["topic"] == "推进乡村振兴"
    now = plan_snapshot(plan, plan_outline(plan))
    comparison = compare_snapshots(version.snapshot, now)
    assert [(item.title, [f.label for f in item.fields]) for item in comparison.items] == [
        ("1.全面推进乡村振兴", ["议题"])
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请给版本起个名字"),
        ("   ", "请给版本起个名字"),
        ("稿" * 51, "50"),
        ("稿\x00", "控制字符"),
    ],
)
def test_a_bad_version_name_is_refused(plan, editor, name, message):
    with pytest.raises(ValidationError, match=message):
        create_version(plan=plan, name=name, user=editor)
    assert not Version.objects.exists()


def test_viewers_and_outsiders_save_no_versions(plan, viewer, outsider, leader):
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            create_version(plan=plan, name="征求意见稿", user=user)
    assert not Version.objects.exists()
    assert create_version(plan=plan, name="审议稿", user=leader).name == "审议稿"


def test_versions_can_be_saved_in_every_status(plan, leader):
    for status in STATUSES:
        Plan.objects.filter(pk=plan.pk).update(status=status)
        plan.refresh_from_db()
        assert create_version(plan=plan, name=f"{status}稿", user=leader).status == status


# --- revisions ----------------------------------------------------------------------------


@pytest.fixture
def issued(plan, editor, leader):
    submit_plan(plan=plan, user=editor)
    approve_plan(plan=plan, user=leader)
    issue_plan(plan=plan, user=leader, document_number="甲政协〔2026〕1号")
    Activity.objects.filter(topic="推进乡村振兴").update(status="done")
    plan.refresh_from_db()
    return plan


def test_a_revision_is_a_draft_copy_linked_to_the_issued_plan(issued, editor):
    before = plan_snapshot(issued, plan_outline(issued))
    revision = start_revision(plan=issued, user=editor)
    assert (revision.status, revision.year, revision.title, revision.committee) == (
        "draft",
        issued.year,
        issued.title,
        issued.committee,
    )
    assert PlanRevision.objects.get(plan=revision).source == issued
    issued.refresh_from_db()
    assert issued.status == "issued"
    assert plan_snapshot(issued, plan_outline(issued)) == before
    # The activities keep their progress.
    assert list(Activity.objects.filter(section__plan=revision).values_list("topic", "status")) == [
        ("推进乡村振兴", "done"),
        ("优化营商环境", "planned"),
    ]


def test_a_trashed_revision_cannot_come_back_once_another_has_started(issued, editor):
    from trash.services import delete_plan, restore_item

    item = delete_plan(plan=start_revision(plan=issued, user=editor))
    newer = start_revision(plan=issued, user=editor)

    with pytest.raises(ValidationError, match="修订"):
        restore_item(item=item)
    assert PlanRevision.objects.get(source=issued).plan == newer
    assert Plan.objects.filter(revision_of__source=issued).count() == 1


def test_a_revision_starts_with_the_issued_text_to_compare_with(issued, editor):
    revision = start_revision(plan=issued, user=editor)
    base = Version.objects.get(plan=revision)
    assert (base.name, base.status) == ("原印发稿", "issued")
    comparison = compare_snapshots(base.snapshot, plan_snapshot(revision, plan_outline(revision)))
    # Only what a revision does not carry over: its number and date come when it is issued.
    assert comparison.items == ()
    assert [change.label for change in comparison.plan_fields] == ["文号", "成文日期"]
    section = revision.sections.get()
    move_section(section=SectionFactory(plan=revision, position=2, heading="新增部分"), move="up")
    comparison = compare_snapshots(base.snapshot, plan_snapshot(revision, plan_outline(revision)))
    assert [(item.state, item.title, item.moved) for item in comparison.items] == [
        ("added", "一、新增部分", False)
    ]
    assert Section.objects.get(pk=section.pk).position == 2


def test_only_an_issued_plan_is_revised_once_by_its_editors(issued, plan, editor, leader, viewer):
    for user in (leader, viewer):
        with pytest.raises(PermissionDenied):
            start_revision(plan=issued, user=user)
    start_revision(plan=issued, user=editor)
    with pytest.raises(ValidationError, match="已经开始修订"):
        start_revision(plan=issued, user=editor)
    draft = PlanFactory(committee=issued.committee)
    with pytest.raises(ValidationError, match="只有已印发的计划"):
        start_revision(plan=draft, user=editor)
    assert Plan.objects.count() == 3
    assert PlanRevision.objects.count() == 1


# --- comments -------------------------------------------------------------------------------


def test_leaders_and_editors_comment_on_the_plan_a_section_or_an_activity(plan, leader, editor):
    section = plan.sections.get()
    activity = Activity.objects.get(topic="推进乡村振兴")
    on_plan = add_comment(plan=plan, user=leader, text=" 整体结构清晰。 ")
    on_section = add_comment(plan=plan, user=leader, text="请补充目标。", section=section)
    on_activity = add_comment(plan=plan, user=editor, text="时间待定。", activity=activity)
    assert (on_plan.text, on_plan.section, on_plan.activity) == ("整体结构清晰。", None, None)
    assert (on_section.section, on_activity.activity) == (section, activity)
    assert all(comment.is_open for comment in (on_plan, on_section, on_activity))


def test_a_comment_on_something_of_another_plan_is_refused(plan, committee, leader):
    other = PlanFactory(committee=committee)
    section = SectionFactory(plan=other, position=1)
    activity = ActivityFactory(section=section, position=1)
    with pytest.raises(ValidationError, match="不属于这个计划"):
        add_comment(plan=plan, user=leader, text="意见", section=section)
    with pytest.raises(ValidationError, match="不属于这个计划"):
        add_comment(plan=plan, user=leader, text="意见", activity=activity)
    with pytest.raises(ValidationError):
        add_comment(
            plan=plan,
            user=leader,
            text="意见",
            section=plan.sections.get(),
            activity=Activity.objects.filter(section__plan=plan).first(),
        )
    assert not Comment.objects.exists()


@pytest.mark.parametrize("text", ["", "  ", "意" * 2001, "意\x08见"])
def test_an_empty_huge_or_malformed_comment_is_refused(plan, leader, text):
    with pytest.raises(ValidationError):
        add_comment(plan=plan, user=leader, text=text)
    assert not Comment.objects.exists()


def test_viewers_and_outsiders_do_not_comment_or_resolve(plan, leader, viewer, outsider):
    comment = add_comment(plan=plan, user=leader, text="请修改。")
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            add_comment(plan=plan, user=user, text="意见")
        with pytest.raises(PermissionDenied):
            set_comment_resolved(comment=comment, user=user, resolved=True)
    comment.refresh_from_db()
    assert comment.is_open
    assert Comment.objects.count() == 1


def test_an_editor_resolves_a_comment_and_can_open_it_again(plan, leader, editor):
    comment = add_comment(plan=plan, user=leader, text="请修改。")
    set_comment_resolved(comment=comment, user=editor, resolved=True)
    comment.refresh_from_db()
    assert (comment.is_open, comment.resolved_by) == (False, editor)
    set_comment_resolved(comment=comment, user=editor, resolved=False)
    comment.refresh_from_db()
    assert (comment.is_open, comment.resolved_by) == (True, None)
