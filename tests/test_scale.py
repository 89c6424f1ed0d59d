"""What keeps pages fast in a large database (docs/performance.md, "Scale")."""

import pytest
from django.urls import reverse
from django.utils import timezone

from calendars.selectors import agenda
from editor.views.plans import AGENDA_SHOWN
from plans.schedule import ScheduleKind
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_month(committee):
    """More items in the next 30 days than the home page shows: month-level and dated."""
    today = timezone.localdate()
    section = SectionFactory(plan=PlanFactory(committee=committee, year=today.year))
    for position in range(1, AGENDA_SHOWN + 6):
        ActivityFactory(
            section=section,
            position=position,
            topic=f"本月活动{position}",
            schedule_kind=ScheduleKind.MONTH,
            month=today.month,
        )
    ActivityFactory(
        section=section,
        position=100,
        topic="今天的活动",
        schedule_kind=ScheduleKind.DATE,
        month=None,
        start_date=today,
    )
    return today


def test_the_home_page_shows_the_first_items_and_links_to_the_rest(client, editor, busy_month):
    client.force_login(editor)

    response = client.get(reverse("editor:list"))

    shown = response.context["agenda"]
    assert len(shown) == AGENDA_SHOWN
    assert response.context["agenda_more"] is True
    page = response.content.decode()
    assert f"?year={busy_month.year}&amp;month={busy_month.month}" in page
    assert "本月更多安排" in page


def test_a_limited_agenda_is_the_start_of_the_whole_one_in_the_same_order(editor, busy_month):
    whole = agenda(editor, busy_month)
    assert len(whole) == AGENDA_SHOWN + 6
    assert agenda(editor, busy_month, limit=5) == whole[:5]
    # Month-level items count as the first of the month, before the dated ones.
    assert [item.month_level for item in whole] == [True] * (AGENDA_SHOWN + 5) + [False]


def test_a_short_agenda_has_no_link(client, editor, committee):
    client.force_login(editor)
    response = client.get(reverse("editor:list"))
    assert response.context["agenda_more"] is False
    assert "本月更多安排" not in response.content.decode()


def test_plan_list_counts_activities_per_plan_with_a_subquery(client, editor, committee):
    plan = PlanFactory(committee=committee)
    section = SectionFactory(plan=plan)
    for position in range(1, 4):
        ActivityFactory(section=section, position=position)
    empty = PlanFactory(committee=committee, title="空计划")
    client.force_login(editor)

    response = client.get(reverse("editor:list"))

    counts = {row.pk: row.activity_count for row in response.context["page"]}
    assert counts == {plan.pk: 3, empty.pk: 0}
