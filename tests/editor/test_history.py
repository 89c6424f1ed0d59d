"""The change history: every change to a plan, its sections and activities, and the history page."""

import importlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, JointOrganizer, Participant
from activities.selectors import plan_outline
from activities.services import (
    ParticipantRow,
    move_activity,
    move_activity_to_section,
    save_activity,
)
from core.history import (
    REASON_BASELINE,
    REASON_COPY,
    REASON_IMPORT,
    REASON_RESTORE,
    REASON_TRASH,
)
from importing.json_writer import render_json
from importing.services import copy_plan, import_plan
from plans.models import Plan, Section
from plans.services import PARKING_OFFSET, add_section, create_plan, move_section
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    MembershipFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
)
from trash.services import delete_activity, delete_section, restore_item

pytestmark = pytest.mark.django_db

MEMBERS = Participant.members.through


def records(model, **filters) -> list[tuple]:
    """(type, reason, key) of the model's history records, oldest first."""
    rows = model.history.filter(**filters).order_by("history_id")
    return [(row.history_type, row.history_change_reason, row.id) for row in rows]


@pytest.fixture
def plan(committee):
    plan = PlanFactory(committee=committee, kind="work_plan")
    for position, heading in enumerate(["甲", "乙", "丙"], start=1):
        SectionFactory(plan=plan, position=position, heading=heading)
    return plan


def section(plan, heading) -> Section:
    return Section.objects.get(plan=plan, heading=heading)


@pytest.fixture
def world(committee):
    """What a full activity refers to: organizers, a sector, named members."""
    return {
        "type": ActivityTypeFactory(),
        "bodies": [
            SpecialCommitteeFactory(parent=committee, name=name)
            for name in ("调研室", "经济委员会", "农业和农村委员会")
        ],
        "sector": SectorFactory(name="经济界"),
        "members": [
            MembershipFactory(member__name=name, committee=committee).member
            for name in ("张明", "李华")
        ],
    }


def full_activity(section, world, **fields) -> Activity:
    activity = Activity(
        section=section, type=world["type"], topic="推进乡村振兴", month=6, **fields
    )
    activity.schedule_kind = "month"
    activity.lead_organizer = world["bodies"][0]
    return save_activity(
        activity=activity,
        joint_organizers=[world["bodies"][1]],
        participants=[
            ParticipantRow(kind="unit", text="市发改委"),
            ParticipantRow(kind="sector", sector=world["sector"]),
            ParticipantRow(kind="members", members=world["members"]),
        ],
    )


# --- what is recorded --------------------------------------------------------------------------


def test_creating_a_plan_with_its_skeleton_is_recorded(committee):
    plan = create_plan(
        committee=committee, year=2027, kind="key_points", title="要点", skeleton=True
    )
    assert records(Plan, id=plan.pk) == [("+", None, plan.pk)]
    sections = Section.objects.filter(plan=plan)
    assert sorted(records(Section, plan_id=plan.pk)) == sorted(
        ("+", None, pk) for pk in sections.values_list("pk", flat=True)
    )


def test_an_edit_and_a_new_section_are_recorded_with_their_values(plan):
    plan.title = "新标题"
    plan.save()
    added = add_section(section=Section(plan=plan, heading="丁"))
    latest = Plan.history.filter(id=plan.pk).latest("history_id")
    assert (latest.history_type, latest.title) == ("~", "新标题")
    assert records(Section, id=added.pk) == [("+", None, added.pk)]
    assert Section.history.get(id=added.pk).position == 4


def test_moving_a_section_records_both_sections_and_nothing_parked(plan):
    Section.history.all().delete()
    move_section(section=section(plan, "丙"), move="up")
    moved = {row.heading: row.position for row in Section.history.all()}
    assert moved == {"丙": 2, "乙": 3}


def test_indenting_records_the_new_parent_and_never_the_parking_place(plan):
    Section.history.all().delete()
    move_section(section=section(plan, "乙"), move="indent")
    rows = list(
        Section.history.order_by("history_id").values_list("heading", "parent_id", "position")
    )
    assert rows == [("丙", None, 2), ("乙", section(plan, "甲").pk, 1)]
    assert not Section.history.filter(position__gte=PARKING_OFFSET).exists()


def test_moving_an_activity_to_another_section_is_recorded_even_at_the_same_position(plan):
    first = ActivityFactory(section=section(plan, "甲"), position=1)
    ActivityFactory(section=section(plan, "乙"), position=1)
    # Also the first in 乙 after the move? No: it goes last, position 2; 甲 is then empty.
    Activity.history.all().delete()
    move_activity_to_section(activity=first, section=section(plan, "丙"))
    rows = list(Activity.history.values_list("id", "section_id", "position"))
    assert rows == [(first.pk, section(plan, "丙").pk, 1)]


def test_reordering_activities_records_only_those_that_moved(plan):
    group = section(plan, "甲")
    *_, last = (ActivityFactory(section=group, position=n, topic=t) for n, t in enumerate("ABC", 1))
    Activity.history.all().delete()
    move_activity(activity=last, move="up")
    assert sorted(Activity.history.values_list("topic", "position")) == [("B", 3), ("C", 2)]


def test_deleting_records_every_row_of_the_subtree(plan, world):
    activity = full_activity(section(plan, "甲"), world)
    SectionFactory(plan=plan, parent=section(plan, "甲"), position=1, heading="子")
    joint = list(JointOrganizer.objects.values_list("pk", flat=True))
    entries = list(Participant.objects.values_list("pk", flat=True))
    links = list(MEMBERS.objects.values_list("pk", flat=True))
    Section.history.all().delete()
    activity_pk = activity.pk

    delete_section(section=section(plan, "甲"))

    trashed = {"history_type": "-", "history_change_reason": REASON_TRASH}
    assert sorted(Section.history.filter(**trashed).values_list("heading", flat=True)) == [
        "子",
        "甲",
    ]
    assert list(Activity.history.filter(**trashed).values_list("id", flat=True)) == [activity_pk]
    assert sorted(JointOrganizer.history.filter(**trashed).values_list("id", flat=True)) == joint
    assert sorted(Participant.history.filter(**trashed).values_list("id", flat=True)) == entries
    assert sorted(MEMBERS.history.filter(**trashed).values_list("id", flat=True)) == links
    # The siblings moved up one: 乙 and 丙, nothing else.
    assert sorted(Section.history.filter(history_type="~").values_list("heading", "position")) == [
        ("丙", 2),
        ("乙", 1),
    ]


def test_restoring_is_recorded(plan):
    pk = section(plan, "乙").pk
    item = delete_section(section=section(plan, "乙"))
    restore_item(item=item)
    assert records(Section, id=pk)[-1] == ("+", REASON_RESTORE, pk)
    # 丙 went up when 乙 left, and down again when it came back.
    assert [
        row.position for row in Section.history.filter(heading="丙").order_by("history_id")
    ] == [
        3,
        2,
        3,
    ]


def test_saving_an_activity_records_it_with_its_organizers_and_participants(plan, world):
    activity = full_activity(section(plan, "甲"), world)
    assert records(Activity, id=activity.pk) == [("+", None, activity.pk)]
    assert [row[0] for row in records(JointOrganizer)] == ["+"]
    assert [row[0] for row in records(Participant)] == ["+", "+", "+"]
    assert [row[0] for row in records(MEMBERS)] == ["+", "+"]


def test_an_unchanged_list_writes_nothing_and_a_changed_row_only_itself(plan, world):
    activity = full_activity(section(plan, "甲"), world)
    counts = [model.history.count() for model in (JointOrganizer, Participant, MEMBERS)]
    activity.topic = "新议题"
    save_activity(
        activity=activity,
        joint_organizers=[world["bodies"][1]],
        participants=[
            ParticipantRow(kind="unit", text="市发改委"),
            ParticipantRow(kind="sector", sector=world["sector"]),
            # The same members in another order are the same entry.
            ParticipantRow(kind="members", members=world["members"][::-1]),
        ],
    )
    assert [model.history.count() for model in (JointOrganizer, Participant, MEMBERS)] == counts
    assert Activity.history.filter(id=activity.pk).latest("history_id").topic == "新议题"

    save_activity(
        activity=activity,
        joint_organizers=[world["bodies"][1]],
        participants=[
            ParticipantRow(kind="unit", text="市财政局"),
            ParticipantRow(kind="sector", sector=world["sector"]),
            ParticipantRow(kind="members", members=world["members"][:1]),
        ],
    )
    changed = Participant.history.order_by("history_id")[3:]
    assert [(row.history_type, row.text) for row in changed] == [
        ("-", "市发改委"),
        ("-", ""),
        ("+", "市财政局"),
        ("+", ""),
    ]
    assert [row[0] for row in records(MEMBERS)] == ["+", "+", "-", "-", "+"]
    assert list(Participant.objects.order_by("position").values_list("text", flat=True)) == [
        "市财政局",
        "",
        "",
    ]


def test_copying_records_every_row_as_copied(plan, world, committee):
    full_activity(section(plan, "甲"), world)
    copy = copy_plan(source=plan, committee=committee, year=2027, title="副本", kind="work_plan")
    assert records(Plan, id=copy.pk) == [("+", REASON_COPY, copy.pk)]
    copied = {"history_change_reason": REASON_COPY}
    assert Section.history.filter(**copied).count() == 3
    assert Activity.history.filter(**copied).count() == 1
    assert JointOrganizer.history.filter(**copied).count() == 1
    assert Participant.history.filter(**copied).count() == 3
    assert MEMBERS.history.filter(**copied).count() == 2


def test_importing_records_every_row_as_imported(plan, world, committee):
    full_activity(section(plan, "甲"), world)
    data = json.loads(render_json(plan, plan_outline(plan)))
    imported = import_plan(data=data, committee=committee)
    assert records(Plan, id=imported.pk) == [("+", REASON_IMPORT, imported.pk)]
    for model, count in [(Section, 3), (Activity, 1), (Participant, 3), (MEMBERS, 2)]:
        assert model.history.filter(history_change_reason=REASON_IMPORT).count() == count


def test_a_command_records_changes_without_a_user(committee):
    call_command("load_demo", verbosity=0)
    assert Plan.history.exists()
    assert not Plan.history.exclude(history_user=None).exists()


# --- the user is the one who asked ---------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_bulk_changes_through_a_page_record_the_user(editor_client, editor, plan):
    editor_client.post(
        reverse("editor:section_move", args=[section(plan, "丙").pk]), {"move": "up"}
    )
    editor_client.post(reverse("editor:section_delete", args=[section(plan, "甲").pk]))
    users = set(
        Section.history.exclude(history_change_reason=None).values_list("history_user", flat=True)
    )
    assert users == {editor.pk}
    assert set(Section.history.filter(history_type="~").values_list("history_user", flat=True)) == {
        editor.pk
    }


# --- the history page -------------------------------------------------------------------------


def test_the_page_says_who_changed_what_from_what_to_what(editor_client, editor, plan, world):
    editor.first_name = "王"
    editor.last_name = "编辑"
    editor.save()
    activity = full_activity(section(plan, "甲"), world)
    editor_client.post(
        reverse("editor:section_move", args=[section(plan, "丙").pk]), {"move": "up"}
    )
    activity.topic, activity.month = "推进共同富裕", 9
    save_activity(
        activity=activity,
        joint_organizers=[],
        participants=[ParticipantRow(kind="unit", text="市发改委")],
    )
    delete_activity(activity=activity)

    response = editor_client.get(reverse("editor:history", args=[plan.pk]))
    changes = response.context["changes"]
    lines = [(change.subject, change.action, change.fields) for change in changes]
    assert ("活动“推进共同富裕”", "移入回收站", []) in lines[:2]
    assert ("活动“推进共同富裕”", "移入回收站", [("参加人员", "市发改委", "")]) in lines
    topic, time = [("议题", "推进乡村振兴", "推进共同富裕"), ("时间安排", "6月", "9月")]
    # An activity is named as it was last called; a section as the record says.
    assert ("活动“推进共同富裕”", "修改", [topic, time]) in lines
    assert ("活动“推进共同富裕”", "删除", [("联合组织单位", "经济委员会", "")]) in lines
    assert ("活动“推进共同富裕”", "删除", [("参加的委员", "张明", "")]) in lines
    assert ("部分“丙”", "移动", [("排序", "3", "2")]) in lines
    assert ("活动“推进共同富裕”", "新增", [("参加人员", "", "经济界")]) in lines
    page = response.content.decode()
    assert "王编辑" in page or "编辑 王" in page or "王 编辑" in page
    assert "系统" in page  # the factory-made sections have no user


def test_the_page_lists_deleted_sections_and_their_activities(editor_client, plan, world):
    full_activity(section(plan, "甲"), world)
    delete_section(section=section(plan, "甲"))
    changes = editor_client.get(reverse("editor:history", args=[plan.pk])).context["changes"]
    assert ("部分“甲”", "移入回收站") in [(change.subject, change.action) for change in changes]
    assert ("活动“推进乡村振兴”", "移入回收站") in [
        (change.subject, change.action) for change in changes
    ]


def test_the_page_leaves_out_other_plans(editor_client, plan, committee):
    other = PlanFactory(committee=committee)
    SectionFactory(plan=other, position=1, heading="别的计划的部分")
    page = editor_client.get(reverse("editor:history", args=[plan.pk])).content.decode()
    assert "别的计划的部分" not in page
    assert "部分“甲”" in page


def test_baseline_records_are_compared_with_but_not_listed(editor_client, plan):
    Section.history.update(history_change_reason="baseline")
    item = section(plan, "甲")
    item.heading = "甲改"
    item.save()
    changes = editor_client.get(reverse("editor:history", args=[plan.pk])).context["changes"]
    assert [(change.subject, change.fields) for change in changes if "部分" in change.subject] == [
        ("部分“甲改”", [("标题", "甲", "甲改")])
    ]


def test_an_empty_history_says_so(editor_client, plan):
    for model in (Plan, Section):
        model.history.all().delete()
    page = editor_client.get(reverse("editor:history", args=[plan.pk])).content.decode()
    assert "还没有修改记录。" in page


@pytest.mark.parametrize("number", ["2", "x", "-1", "99999"])
def test_odd_page_numbers_show_a_page(editor_client, plan, number):
    response = editor_client.get(reverse("editor:history", args=[plan.pk]), {"page": number})
    assert response.status_code == 200


# --- queries ------------------------------------------------------------------------------------


def plan_with_history(committee, world, edits: int) -> Plan:
    """A plan with `edits` topic changes, then one change of every kind on top."""
    plan = PlanFactory(committee=committee)
    part = SectionFactory(plan=plan, position=1, heading="第一部分")
    SectionFactory(plan=plan, position=2, heading="第二部分")
    activity = full_activity(part, world)
    for number in range(edits):
        activity.topic = f"议题{number}"
        activity.save()
    plan.title = "改过的标题"
    plan.save()
    move_section(section=part, move="down")
    save_activity(
        activity=activity,
        joint_organizers=[world["bodies"][2]],
        participants=[
            ParticipantRow(kind="sector", sector=world["sector"]),
            ParticipantRow(kind="unit", text="市财政局"),
            ParticipantRow(kind="members", members=world["members"][:1]),
        ],
    )
    return plan


# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. count of changes (paginator)  7. the page: date, id and kind of each change (UNION)
# 8–13. the page's records of each kind (plan, section, activity, joint organizer,
# participant, named member) with their user and the id of the record before
# 14–16. the records before, for the kinds that have changes (plan, section, activity)
# 17. participants named by the records  18. activities  19. sections (their last record)
# 20. committees  21. activity types  22. sectors  23. members
HISTORY_QUERIES = 23


@pytest.mark.parametrize("edits", [2, 80])
def test_history_page_queries_do_not_grow_with_changes(
    editor_client, committee, world, django_assert_num_queries, edits
):
    plan = plan_with_history(committee, world, edits)
    with django_assert_num_queries(HISTORY_QUERIES):
        response = editor_client.get(reverse("editor:history", args=[plan.pk]))
    changes = response.context["changes"]
    assert len(changes) == min(50, response.context["page"].paginator.count)
    assert changes[0].subject == f"活动“议题{edits - 1}”"
    assert response.context["page"].paginator.count > edits


# --- rows from before the history -----------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "models"),
    [
        ("plans", [Plan, Section]),
        ("activities", [Activity, JointOrganizer, Participant, MEMBERS]),
    ],
)
def test_the_migration_gives_older_rows_a_baseline(plan, world, app, models):
    full_activity(section(plan, "甲"), world)
    for model in models:
        model.history.all().delete()
    migration = importlib.import_module(f"{app}.migrations.0005_history_baseline")
    migration.write_baseline(apps, None)
    for model in models:
        assert sorted(model.history.values_list("id", "history_change_reason")) == sorted(
            (pk, REASON_BASELINE) for pk in model.objects.values_list("pk", flat=True)
        )
