"""Changing a plan's outline: adding, deleting and moving sections and activities."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from activities.models import Activity
from activities.selectors import plan_outline
from activities.services import move_activity, move_activity_to_section
from plans.models import Plan, Section
from plans.services import add_section, move_section
from tests.factories import ActivityFactory, PlanFactory, SectionFactory
from trash.services import delete_activity, delete_section

pytestmark = pytest.mark.django_db


def tree(plan) -> list:
    """The outline as (label, heading, [children]) for readable assertions."""

    def node_view(node):
        return (node.label + node.section.heading, [node_view(child) for child in node.children])

    return [node_view(node) for node in plan_outline(plan)]


@pytest.fixture
def plan():
    plan = PlanFactory(kind="work_plan")
    for position, heading in enumerate(["甲", "乙", "丙"], start=1):
        SectionFactory(plan=plan, position=position, heading=heading)
    return plan


def section(plan, heading) -> Section:
    return Section.objects.get(plan=plan, heading=heading)


def test_add_section_goes_last_among_its_siblings(plan):
    added = add_section(section=Section(plan=plan, heading="丁"))
    assert added.position == 4
    child = add_section(section=Section(plan=plan, parent=section(plan, "甲"), heading="子"))
    assert child.position == 1
    assert tree(plan) == [
        ("一、甲", [("（一）子", [])]),
        ("二、乙", []),
        ("三、丙", []),
        ("四、丁", []),
    ]


def test_add_section_refuses_a_fifth_level(plan):
    parent = section(plan, "甲")
    for heading in ["二级", "三级", "四级"]:
        parent = add_section(section=Section(plan=plan, parent=parent, heading=heading))
    with pytest.raises(ValidationError):
        add_section(section=Section(plan=plan, parent=parent, heading="五级"))
    assert not Section.objects.filter(heading="五级").exists()


def test_moving_up_and_down_renumbers(plan):
    move_section(section=section(plan, "丙"), move="up")
    assert tree(plan) == [("一、甲", []), ("二、丙", []), ("三、乙", [])]
    move_section(section=section(plan, "甲"), move="down")
    assert tree(plan) == [("一、丙", []), ("二、甲", []), ("三、乙", [])]
    positions = list(Section.objects.filter(plan=plan).values_list("heading", "position"))
    assert sorted(positions, key=lambda row: row[1]) == [("丙", 1), ("甲", 2), ("乙", 3)]


def test_moving_past_either_end_changes_nothing(plan):
    move_section(section=section(plan, "甲"), move="up")
    move_section(section=section(plan, "丙"), move="down")
    assert tree(plan) == [("一、甲", []), ("二、乙", []), ("三、丙", [])]


def test_indent_makes_the_section_the_last_child_of_the_one_above(plan):
    add_section(section=Section(plan=plan, parent=section(plan, "甲"), heading="子"))
    move_section(section=section(plan, "乙"), move="indent")
    assert tree(plan) == [("一、甲", [("（一）子", []), ("（二）乙", [])]), ("二、丙", [])]


def test_outdent_puts_the_section_just_below_its_parent(plan):
    first_child = add_section(section=Section(plan=plan, parent=section(plan, "甲"), heading="子"))
    add_section(section=Section(plan=plan, parent=section(plan, "甲"), heading="次"))
    move_section(section=first_child, move="outdent")
    assert tree(plan) == [
        ("一、甲", [("（一）次", [])]),
        ("二、子", []),
        ("三、乙", []),
        ("四、丙", []),
    ]


def test_the_first_section_cannot_be_indented_nor_a_top_one_outdented(plan):
    with pytest.raises(ValidationError):
        move_section(section=section(plan, "甲"), move="indent")
    with pytest.raises(ValidationError):
        move_section(section=section(plan, "乙"), move="outdent")
    assert tree(plan) == [("一、甲", []), ("二、乙", []), ("三、丙", [])]


def test_indent_refuses_to_push_a_subtree_past_four_levels(plan):
    parent = section(plan, "甲")
    for heading in ["二级", "三级", "四级"]:
        parent = add_section(section=Section(plan=plan, parent=parent, heading=heading))
    add_section(section=Section(plan=plan, parent=section(plan, "乙"), heading="乙子"))
    # 乙 with its child goes to levels 2 and 3 under 甲, then to 3 and 4 under 二级.
    move_section(section=section(plan, "乙"), move="indent")
    move_section(section=section(plan, "乙"), move="indent")
    assert section(plan, "乙").parent == section(plan, "二级")
    # Under 三级 its child would reach level 5: refused, nothing moves.
    before = tree(plan)
    with pytest.raises(ValidationError):
        move_section(section=section(plan, "乙"), move="indent")
    assert tree(plan) == before


def test_unknown_move_is_refused(plan):
    with pytest.raises(ValidationError):
        move_section(section=section(plan, "乙"), move="sideways")


def test_deleting_a_section_closes_the_gap(plan):
    delete_section(section=section(plan, "甲"))
    assert tree(plan) == [("一、乙", []), ("二、丙", [])]
    assert sorted(Section.objects.filter(plan=plan).values_list("position", flat=True)) == [1, 2]


def topics(section_obj) -> list[str]:
    return list(
        Activity.objects.filter(section=section_obj)
        .order_by("position")
        .values_list("topic", flat=True)
    )


def test_activities_move_up_down_and_between_sections(plan):
    first, second = section(plan, "甲"), section(plan, "乙")
    a = ActivityFactory(section=first, position=1, topic="A")
    ActivityFactory(section=first, position=2, topic="B")
    ActivityFactory(section=second, position=1, topic="C")
    move_activity(activity=Activity.objects.get(topic="B"), move="up")
    assert topics(first) == ["B", "A"]
    move_activity_to_section(activity=Activity.objects.get(pk=a.pk), section=second)
    assert topics(first) == ["B"]
    assert topics(second) == ["C", "A"]
    assert list(Activity.objects.filter(section=second).values_list("position", flat=True)) == [
        1,
        2,
    ]
    delete_activity(activity=Activity.objects.get(topic="C"))
    assert list(Activity.objects.filter(section=second).values_list("topic", "position")) == [
        ("A", 1)
    ]


def test_an_activity_cannot_move_into_another_plan(plan):
    activity = ActivityFactory(section=section(plan, "甲"), position=1)
    elsewhere = SectionFactory(plan=PlanFactory(), position=1)
    with pytest.raises(ValidationError):
        move_activity_to_section(activity=activity, section=elsewhere)
    activity.refresh_from_db()
    assert activity.section == section(plan, "甲")


# --- an edit racing a submit --------------------------------------------------------
# The views check that the plan is a draft, then call a service; a submit can land in
# between. The service reads the status again under the plan's lock and refuses.


def _outline_rows(plan):
    return (
        list(
            Section.objects.filter(plan=plan).values_list("pk", "parent_id", "position", "heading")
        ),
        list(
            Activity.objects.filter(section__plan=plan).values_list("pk", "section_id", "position")
        ),
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda section, activity: add_section(section=Section(plan=section.plan, heading="新部分")),
        lambda section, activity: delete_section(section=section),
        lambda section, activity: move_section(section=section, move="up"),
        lambda section, activity: delete_activity(activity=activity),
        lambda section, activity: move_activity(activity=activity, move="down"),
    ],
    ids=["add part", "delete part", "move part", "delete activity", "move activity"],
)
def test_an_edit_that_a_submit_overtook_is_refused(change):
    plan = PlanFactory()
    SectionFactory(plan=plan, position=1, heading="甲")
    section = SectionFactory(plan=plan, position=2, heading="乙")
    ActivityFactory(section=section, position=1)
    ActivityFactory(section=section, position=2)
    # What the view loaded and checked: a draft.
    section = Section.objects.select_related("plan").get(pk=section.pk)
    activity = Activity.objects.select_related("section__plan").filter(section=section).first()
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SUBMITTED)  # the submit lands
    before = _outline_rows(plan)

    with pytest.raises(PermissionDenied):
        change(section, activity)

    assert _outline_rows(plan) == before
