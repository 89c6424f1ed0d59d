import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.selectors import plan_outline
from plans.models import Plan
from plans.outline import walk
from tests.factories import (
    ActivityFactory,
    JointOrganizerFactory,
    MemberFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def build_plan(groups: int, per_group: int, kind=Plan.Kind.CONSULTATION) -> Plan:
    plan = PlanFactory(kind=kind)
    part = SectionFactory(plan=plan, position=1, heading="协商安排")
    for group_number in range(1, groups + 1):
        group = SectionFactory(plan=plan, parent=part, position=group_number, show_count=True)
        for number in range(1, per_group + 1):
            activity = ActivityFactory(section=group, position=number)
            JointOrganizerFactory(activity=activity, position=1)
            ParticipantFactory(activity=activity, position=1)
            named = ParticipantFactory(activity=activity, position=2, kind="members", text="")
            named.members.set([MemberFactory(), MemberFactory()])
    return plan


def printed_outline(plan):
    outline = plan_outline(plan)
    for node in walk(outline):
        node.heading_text  # noqa: B018 - touch what printing touches
        for item in node.activities:
            item.activity.schedule_wording()
            item.activity.organizers_wording()
            item.activity.participants_wording()
            item.activity.type.content_label  # noqa: B018
    return outline


@pytest.mark.parametrize(("groups", "per_group"), [(1, 2), (6, 5)])
def test_outline_runs_a_fixed_number_of_queries(groups, per_group):
    plan = build_plan(groups, per_group)
    with CaptureQueriesContext(connection) as queries:
        outline = printed_outline(plan)
    # sections, activities (+type, lead organizer and its parent), joint organizers
    # (+committee, parent), participants (+sector), participants' members
    assert len(queries) == 5, [query["sql"] for query in queries]
    assert outline[0].activity_count == groups * per_group


def test_groups_number_their_activities_and_count_them():
    plan = build_plan(groups=2, per_group=3)
    part = plan_outline(plan)[0]
    assert part.label == "一、"
    assert [group.label for group in part.children] == ["（一）", "（二）"]
    assert part.children[1].heading_text.endswith("（3个）")
    assert [item.label for item in part.children[1].activities] == ["1.", "2.", "3."]
    assert part.heading_text == "协商安排"  # show_count off


def test_a_lone_activity_is_not_numbered_but_runs_on_in_key_points():
    plan = build_plan(groups=2, per_group=1)
    assert [g.activities[0].label for g in plan_outline(plan)[0].children] == ["", ""]
    key_points = build_plan(groups=2, per_group=1, kind=Plan.Kind.KEY_POINTS)
    assert [g.activities[0].label for g in plan_outline(key_points)[0].children] == ["1.", "2."]


def test_numbering_follows_position_not_creation_order():
    plan = PlanFactory()
    SectionFactory(plan=plan, position=20, heading="后")
    SectionFactory(plan=plan, position=5, heading="前")
    assert [(n.label, n.section.heading) for n in plan_outline(plan)] == [
        ("一、", "前"),
        ("二、", "后"),
    ]


def test_activities_below_level_three_number_in_parentheses():
    plan = PlanFactory()
    parent = None
    for _level in range(3):
        parent = SectionFactory(plan=plan, parent=parent)
    ActivityFactory(section=parent, position=1)
    ActivityFactory(section=parent, position=2)
    deepest = list(walk(plan_outline(plan)))[-1]
    assert deepest.label == "1."
    assert [item.label for item in deepest.activities] == ["（1）", "（2）"]
