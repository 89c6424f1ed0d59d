"""N+1 guards: each page runs the same number of queries for a small and a large plan.

Each count is written out query by query above its test, so a change that adds a
query per row fails here and says which page it broke.
"""

import pytest
from django.urls import reverse

from tests.factories import PlanFactory, fill_plan

pytestmark = pytest.mark.django_db


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
# 8. the agenda of the next 30 days (activities with type, organizer, plan)
LIST_QUERIES = 8


@pytest.mark.parametrize("plan_count", [3, 30])
def test_plan_list_queries_do_not_grow_with_plans(
    editor_client, committee, django_assert_num_queries, plan_count
):
    for _ in range(plan_count):
        plan_with(committee, 2)
    with django_assert_num_queries(LIST_QUERIES):
        response = editor_client.get(reverse("editor:list"))
    plans = response.context["page"].object_list
    assert len(plans) == min(plan_count, 20)
    assert {plan.activity_count for plan in plans} == {2}


# --- the editor --------------------------------------------------------------------

# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. sections  7. activities with type, lead organizer and its parent
# 8. joint organizers with committee and its parent  9. participants with sector
# 10. members of the entries that name members (one query through the m2m table)
# 11. acknowledged warnings  12. holiday days entered for the years of the plan's dates
# 13. special committees of the plan's committee
# (the warnings panel: activities.selectors.plan_check over the outline already loaded)
# 14. open review comments with their authors (reviews.editor)
# 15. workflow steps with user and version  16. versions  17. revision links
# (the workflow panel: reviews.selectors.review_panel)
EDITOR_QUERIES = 17


@pytest.mark.parametrize("activity_count", [5, 500])
def test_editor_queries_do_not_grow_with_activities(
    editor_client, committee, django_assert_num_queries, activity_count
):
    plan = plan_with(committee, activity_count)
    with django_assert_num_queries(EDITOR_QUERIES):
        response = editor_client.get(reverse("editor:detail", args=[plan.pk]))
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
        response = editor_client.get(reverse("editor:preview", args=[plan.pk]))
    assert len(response.context["appendix"]) == activity_count
