"""N+1 guards of the progress pages: the same number of queries for a small and a large year.

Each count is written out query by query above its test.
"""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from organisation.models import Committee
from progress.models import ActivityRecord, Attendance, Outcome
from tests.factories import (
    ActivityTypeFactory,
    CommitteeFactory,
    MembershipFactory,
    PlanFactory,
    SectionFactory,
    fill_plan,
)

pytestmark = pytest.mark.django_db


def carried_out_year(committee: Committee, size: int) -> list:
    """A plan of `size` activities, half done with a record, outcomes and two members each,
    and a county below with a plan of its own."""
    plan = PlanFactory(committee=committee, year=2026, status="issued")
    fill_plan(plan, size)
    members = [MembershipFactory(committee=committee).member for _ in range(4)]
    activities = Activity.objects.filter(section__plan=plan).order_by("pk")
    done = list(activities.values_list("pk", flat=True))[::2]
    ActivityRecord.objects.bulk_create(
        ActivityRecord(activity_id=pk, held_on=datetime.date(2026, 3, 1)) for pk in done
    )
    Activity.objects.filter(pk__in=done).update(status="done")
    Attendance.objects.bulk_create(
        Attendance(activity_id=pk, member=member) for pk in done for member in members[:2]
    )
    for pk in done:
        report = Outcome.objects.create(activity_id=pk, kind="research_report", title=f"报告{pk}")
        report.members.set(members[:1])
        Outcome.objects.create(activity_id=pk, kind="proposal", quantity=2)
    county = CommitteeFactory(parent=committee, level="county", position=900)
    county_plan = PlanFactory(committee=county, year=2026)
    SectionFactory(plan=county_plan)
    ActivityTypeFactory()
    return members


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# 1. session  2. user  3. staff roles  4. committee tree (the user's scope)
# 5. the committee  6. every committee with its parent (own bodies and those below)
# 7. the year's activities with type, organizer and its parent, plan, record
# 8. their outcomes  9. their attendance (activity and member ids)
DASHBOARD_QUERIES = 9


@pytest.mark.parametrize("size", [4, 120])
def test_dashboard_queries_do_not_grow(editor_client, committee, django_assert_num_queries, size):
    carried_out_year(committee, size)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = editor_client.get(reverse("progress:dashboard", args=[committee.pk, 2026]))
    assert response.context["figures"].counts.planned == size


# 1–4 as above  5. the committee  6. every committee (its own bodies)
# 7. count of members (paginator)  8. the page of members with sector and five figures,
# each a subquery
MEMBERS_QUERIES = 8


@pytest.mark.parametrize("size", [4, 120])
def test_member_records_queries_do_not_grow(
    editor_client, committee, django_assert_num_queries, size
):
    carried_out_year(committee, size)
    with django_assert_num_queries(MEMBERS_QUERIES):
        response = editor_client.get(reverse("progress:members", args=[committee.pk, 2026]))
    first = response.context["page"].object_list[0]
    assert first.attended == (size + 1) // 2


# 1–4 as above  5. the member (with sector) among those seated where the user reads
# 6. activities attended with type, plan, committee, record  7. outcomes with activity
MEMBER_QUERIES = 7


@pytest.mark.parametrize("size", [4, 120])
def test_member_page_queries_do_not_grow(editor_client, committee, django_assert_num_queries, size):
    members = carried_out_year(committee, size)
    with django_assert_num_queries(MEMBER_QUERIES):
        response = editor_client.get(reverse("progress:member", args=[members[0].pk, 2026]))
    assert len(response.context["record"].attended) == (size + 1) // 2


# 1–4 as above  5. the committee  6. the saved texts  7. every committee (own bodies)
# 8. activities  9. outcomes  10. attendance
SUMMARY_QUERIES = 10


@pytest.mark.parametrize("size", [4, 120])
def test_summary_queries_do_not_grow(editor_client, committee, django_assert_num_queries, size):
    carried_out_year(committee, size)
    with django_assert_num_queries(SUMMARY_QUERIES):
        response = editor_client.get(reverse("progress:summary", args=[committee.pk, 2026, "year"]))
    assert response.context["summary"].figures.counts.planned == size


# 1–4 as above  5. the activity with plan, committee, type, organizer
# 6. its record  7. outcomes  8. their members  9. attachments  10. members attending
ACTIVITY_QUERIES = 10


@pytest.mark.parametrize("outcomes", [1, 40])
def test_activity_page_queries_do_not_grow(
    editor_client, committee, django_assert_num_queries, outcomes
):
    carried_out_year(committee, 4)
    activity = Outcome.objects.first().activity
    for index in range(outcomes):
        Outcome.objects.create(activity=activity, kind="media", quantity=index + 1)
    with django_assert_num_queries(ACTIVITY_QUERIES):
        editor_client.get(reverse("progress:activity", args=[activity.pk]))
