"""N+1 guards: each page runs the same number of queries for a small and a large plan.

Each count is written out query by query above its test, so a change that adds a
query per row fails here and says which page it broke.
"""

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityType, JointOrganizer, Participant
from activities.wording import ParticipantKind
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    MemberFactory,
    PlanFactory,
    SectionFactory,
    SectorFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db


def fill_plan(plan, activity_count: int) -> None:
    """Two parts of two groups each, the activities dealt out over the four groups.

    Every activity has a lead organizer, two joint organizers and three
    participant entries (units, a sector, two named members), so every
    prefetch of the outline has rows to fetch.
    """
    committee = plan.committee
    bodies = [SpecialCommitteeFactory(parent=committee) for _ in range(3)]
    sector = SectorFactory()
    members = MemberFactory.create_batch(2)
    types = [
        ActivityTypeFactory(name="专题协商"),
        ActivityTypeFactory(
            name="重点调研", category=ActivityType.Category.RESEARCH, content_label="调研内容"
        ),
    ]
    groups = []
    for part_position in (1, 2):
        part = SectionFactory(plan=plan, position=part_position, heading=f"第{part_position}部分")
        groups += [
            SectionFactory(plan=plan, parent=part, position=position, heading=f"分组{position}")
            for position in (1, 2)
        ]
    activities = []
    for index in range(activity_count):
        activity = ActivityFactory.build(
            section=groups[index % len(groups)],
            position=index // len(groups) + 1,
            type=types[index % len(types)],
            lead_organizer=bodies[0],
        )
        activity.first_month, activity.last_month = activity.schedule.month_span()
        activities.append(activity)
    activities = Activity.objects.bulk_create(activities)
    JointOrganizer.objects.bulk_create(
        JointOrganizer(activity=activity, committee=body, position=position)
        for activity in activities
        for position, body in enumerate(bodies[1:], start=1)
    )
    participants = Participant.objects.bulk_create(
        participant
        for activity in activities
        for participant in (
            Participant(activity=activity, position=1, kind=ParticipantKind.UNIT, text="市发改委"),
            Participant(activity=activity, position=2, kind=ParticipantKind.SECTOR, sector=sector),
            Participant(activity=activity, position=3, kind=ParticipantKind.MEMBERS),
        )
    )
    Participant.members.through.objects.bulk_create(
        Participant.members.through(participant=participant, member=member)
        for participant in participants
        if participant.kind == ParticipantKind.MEMBERS
        for member in members
    )


def plan_with(committee, activity_count: int):
    plan = PlanFactory(committee=committee, preamble="为做好今年工作，制定本计划。")
    fill_plan(plan, activity_count)
    return plan


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- the plan list ---------------------------------------------------------------

# 1. session  2. user  3. staff roles  4. committee tree (the user's scope)
# 5. count of plans (paginator)  6. committees for the filter's choice list
# 7. the page of plans, each with its committee and activity count
LIST_QUERIES = 7


@pytest.mark.parametrize("plan_count", [3, 30])
def test_plan_list_queries_do_not_grow_with_plans(
    editor_client, committee, django_assert_num_queries, plan_count
):
    for _ in range(plan_count):
        plan_with(committee, 2)
    with django_assert_num_queries(LIST_QUERIES):
        response = editor_client.get(reverse("plans:list"))
    plans = response.context["page"].object_list
    assert len(plans) == min(plan_count, 20)
    assert {plan.activity_count for plan in plans} == {2}


# --- the editor --------------------------------------------------------------------

# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. sections  7. activities with type, lead organizer and its parent
# 8. joint organizers with committee and its parent  9. participants with sector
# 10. members of the entries that name members (one query through the m2m table)
EDITOR_QUERIES = 10


@pytest.mark.parametrize("activity_count", [5, 500])
def test_editor_queries_do_not_grow_with_activities(
    editor_client, committee, django_assert_num_queries, activity_count
):
    plan = plan_with(committee, activity_count)
    with django_assert_num_queries(EDITOR_QUERIES):
        response = editor_client.get(reverse("plans:detail", args=[plan.pk]))
    page = response.content.decode()
    assert page.count('class="outline-activity"') == activity_count
    # Every activity prints its organizers: the lead body and the two joint ones.
    assert page.count("联合组织实施") == activity_count


# --- the print preview ---------------------------------------------------------------

# The same as the editor: the appendix table reuses the outline already loaded.
PREVIEW_QUERIES = 10


@pytest.mark.parametrize("activity_count", [5, 500])
def test_preview_queries_do_not_grow_with_activities(
    editor_client, committee, django_assert_num_queries, activity_count
):
    plan = plan_with(committee, activity_count)
    with django_assert_num_queries(PREVIEW_QUERIES):
        response = editor_client.get(reverse("plans:preview", args=[plan.pk]))
    assert len(response.context["appendix"]) == activity_count
