"""The year grid, the month calendar and the agenda: edges of the calendar, counts, queries."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from activities.models import Activity, ActivityType
from calendars.grid import (
    Coverage,
    days_in_month,
    month_calendar,
    months_covered,
    next_month,
    previous_month,
    year_grid,
)
from calendars.selectors import agenda, committee_month_activities, plan_activities
from plans.schedule import Recurrence, Schedule, ScheduleKind
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
    UserFactory,
    fill_plan,
)

D = datetime.date
K = ScheduleKind


def dated(start, end=None) -> Schedule:
    if end is None:
        return Schedule(kind=K.DATE, start_date=start)
    return Schedule(kind=K.DATE_RANGE, start_date=start, end_date=end)


# --- months covered -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "months"),
    [
        (dated(D(2026, 1, 31)), [1]),
        (dated(D(2024, 2, 29)), [2]),
        (dated(D(2026, 2, 28)), [2]),
        (dated(D(2026, 1, 31), D(2026, 2, 1)), [1, 2]),
        (dated(D(2026, 12, 28), D(2027, 1, 3)), [12]),
        (Schedule(kind=K.MONTH, month=6), [6]),
        (Schedule(kind=K.MONTHS, month=3, end_month=5), [3, 4, 5]),
        (Schedule(kind=K.QUARTER, quarter=2), [4, 5, 6]),
        (Schedule(kind=K.HALF, half=2), [7, 8, 9, 10, 11, 12]),
        (Schedule(kind=K.YEAR_ROUND), list(range(1, 13))),
        (Schedule(kind=K.RECURRING, recurrence=Recurrence.QUARTERLY), list(range(1, 13))),
        (Schedule(kind=K.EVENT, event="全会期间", month=1), [1]),
        (Schedule(kind=K.EVENT, event="全会期间"), []),
        (Schedule(), []),
    ],
)
def test_months_covered_in_the_plan_year(schedule, months):
    year = schedule.start_date.year if schedule.start_date else 2026
    assert months_covered(schedule, year) == months


def test_a_range_across_the_new_year_covers_january_of_the_next_year():
    assert months_covered(dated(D(2026, 12, 28), D(2027, 1, 3)), 2027) == [1]


def test_a_range_across_the_new_year_covers_december_without_a_year():
    assert months_covered(dated(D(2026, 12, 28), D(2027, 1, 3))) == [12]


# --- days in a month ------------------------------------------------------------------


def test_days_of_a_leap_day():
    assert days_in_month(dated(D(2024, 2, 29)), 2024, 2) == [D(2024, 2, 29)]


def test_days_of_a_range_over_the_end_of_february_in_a_common_year():
    schedule = dated(D(2026, 2, 27), D(2026, 3, 2))
    assert days_in_month(schedule, 2026, 2) == [D(2026, 2, 27), D(2026, 2, 28)]
    assert days_in_month(schedule, 2026, 3) == [D(2026, 3, 1), D(2026, 3, 2)]
    assert days_in_month(schedule, 2026, 4) == []


def test_days_of_a_range_across_the_new_year():
    schedule = dated(D(2026, 12, 28), D(2027, 1, 3))
    assert days_in_month(schedule, 2026, 12) == [D(2026, 12, d) for d in range(28, 32)]
    assert days_in_month(schedule, 2027, 1) == [D(2027, 1, d) for d in range(1, 4)]


def test_month_level_items_have_no_days():
    assert days_in_month(Schedule(kind=K.MONTH, month=1), 2026, 1) == []
    assert days_in_month(Schedule(kind=K.QUARTER, quarter=1), 2026, 1) == []


def test_previous_and_next_month_across_years():
    assert previous_month(2026, 1) == (2025, 12)
    assert next_month(2026, 12) == (2027, 1)
    assert previous_month(2026, 3) == (2026, 2)
    assert next_month(2026, 1) == (2026, 2)


# --- the year grid --------------------------------------------------------------------


@pytest.fixture
def types(db):
    consultation = ActivityTypeFactory(name="专题协商", position=1)
    research = ActivityTypeFactory(
        name="重点调研", category=ActivityType.Category.RESEARCH, position=2
    )
    return consultation, research


@pytest.fixture
def plan_of_many_times(committee, types):
    """One activity of every kind of time, over two types and two organizers."""
    consultation, research = types
    first, second = (SpecialCommitteeFactory(parent=committee) for _ in range(2))
    plan = PlanFactory(committee=committee, year=2026)
    section = SectionFactory(plan=plan, position=1)
    rows = [
        ("一月底", consultation, first, {"schedule_kind": K.DATE, "start_date": D(2026, 1, 31)}),
        (
            "跨月",
            consultation,
            first,
            {
                "schedule_kind": K.DATE_RANGE,
                "start_date": D(2026, 2, 27),
                "end_date": D(2026, 3, 2),
            },
        ),
        (
            "跨年",
            research,
            second,
            {
                "schedule_kind": K.DATE_RANGE,
                "start_date": D(2026, 12, 28),
                "end_date": D(2027, 1, 3),
            },
        ),
        ("六月", research, first, {"schedule_kind": K.MONTH, "month": 6}),
        ("二季度", research, second, {"schedule_kind": K.QUARTER, "quarter": 2}),
        ("下半年", consultation, None, {"schedule_kind": K.HALF, "half": 2}),
        (
            "每季度",
            consultation,
            second,
            {"schedule_kind": K.RECURRING, "recurrence": Recurrence.QUARTERLY},
        ),
        ("全会", research, first, {"schedule_kind": K.EVENT, "event": "市政协全会期间"}),
        ("待定", research, first, {"schedule_kind": K.UNSCHEDULED, "month": None}),
    ]
    for position, (topic, kind, lead, schedule) in enumerate(rows, start=1):
        ActivityFactory(
            section=section,
            position=position,
            topic=topic,
            type=kind,
            lead_organizer=lead,
            **{"month": None, **schedule},
        )
    return plan


def cell_topics(row) -> list[list[str]]:
    return [[entry.activity.topic for entry in cell] for cell in row.cells]


def test_grid_by_type_places_each_item_in_the_months_it_covers(plan_of_many_times):
    grid = year_grid(plan_activities(plan_of_many_times), 2026, "type")
    assert [row.label for row in grid.rows] == ["专题协商", "重点调研"]
    consultation, research = grid.rows
    assert cell_topics(consultation) == [
        ["每季度", "一月底"],
        ["每季度", "跨月"],
        ["每季度", "跨月"],
        ["每季度"],
        ["每季度"],
        ["每季度"],
        ["每季度", "下半年"],
        ["每季度", "下半年"],
        ["每季度", "下半年"],
        ["每季度", "下半年"],
        ["每季度", "下半年"],
        ["每季度", "下半年"],
    ]
    assert cell_topics(research) == [
        [],
        [],
        [],
        ["二季度"],
        ["二季度"],
        ["二季度", "六月"],
        [],
        [],
        [],
        [],
        [],
        ["跨年"],
    ]
    assert (consultation.total, research.total) == (4, 3)


def test_spread_and_recurring_items_are_marked(plan_of_many_times):
    grid = year_grid(plan_activities(plan_of_many_times), 2026, "type")
    marks = {entry.activity.topic: entry.coverage for row in grid.rows for entry in row.cells[5]}
    assert marks == {
        "每季度": Coverage.RECURRING,
        "六月": Coverage.MONTH,
        "二季度": Coverage.SPREAD,
    }
    assert [entry.is_spread for entry in grid.rows[1].cells[5]] == [True, False]


def test_event_and_unscheduled_items_have_their_own_rows(plan_of_many_times):
    grid = year_grid(plan_activities(plan_of_many_times), 2026, "type")
    assert [entry.activity.topic for entry in grid.event_row.no_month] == ["全会"]
    assert cell_topics(grid.event_row) == [[] for _ in range(12)]
    assert grid.event_row.total == 1
    assert [activity.topic for activity in grid.unscheduled] == ["待定"]


def test_grid_totals_match_counts_made_independently(plan_of_many_times):
    activities = list(Activity.objects.filter(section__plan=plan_of_many_times))
    expected = Counter()
    for activity in activities:
        kind = activity.schedule_kind
        if kind in {K.DATE, K.DATE_RANGE}:
            day, last = activity.start_date, activity.end_date or activity.start_date
            months = set()
            while day <= last:
                if day.year == 2026:
                    months.add(day.month)
                day += datetime.timedelta(days=1)
            expected.update(months)
        elif kind not in {K.EVENT, K.UNSCHEDULED}:
            expected.update(range(activity.first_month, activity.last_month + 1))
    grid = year_grid(plan_activities(plan_of_many_times), 2026, "type")
    assert grid.month_totals == [expected[month] for month in range(1, 13)]
    assert grid.month_totals == [2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 3]
    assert grid.total == len(activities) == 9


def test_grid_by_organizer(plan_of_many_times, committee):
    grid = year_grid(plan_activities(plan_of_many_times), 2026, "organizer")
    first, second = sorted(
        {a.lead_organizer for a in plan_activities(plan_of_many_times) if a.lead_organizer},
        key=lambda body: body.position,
    )
    prefix = committee.short_name
    assert [row.label for row in grid.rows] == [
        f"{prefix}{first.name}",
        f"{prefix}{second.name}",
        gettext("No lead organizer"),
    ]
    assert [row.total for row in grid.rows] == [3, 3, 1]
    assert grid.month_totals == [2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 3]


def test_the_page_switches_grouping_and_states_the_counting_rule(
    client, editor, plan_of_many_times
):
    client.force_login(editor)
    url = reverse("calendars:plan_year", args=[plan_of_many_times.pk])
    by_type = client.get(url)
    by_organizer = client.get(url, {"group": "organizer"})
    unknown = client.get(url, {"group": "nonsense"})
    assert by_type.context["group"] == "type"
    assert by_organizer.context["group"] == "organizer"
    assert unknown.context["group"] == "type"
    assert [row.label for row in by_type.context["grid"].rows] == ["专题协商", "重点调研"]
    assert by_organizer.context["grid"].rows[-1].label == gettext("No lead organizer")
    page = by_type.content.decode()
    assert page.count('class="small text-body-secondary year-grid-legend"') == 1
    assert page.count('class="grid-entry grid-recurring"') == 12


def test_committee_year_grid_gathers_the_committees_plans_of_the_year(
    client, editor, committee, plan_of_many_times
):
    other_plan = PlanFactory(committee=committee, year=2026)
    ActivityFactory(section=SectionFactory(plan=other_plan), topic="另一计划", month=3)
    ActivityFactory(section=SectionFactory(plan=PlanFactory(committee=committee, year=2025)))
    client.force_login(editor)
    response = client.get(reverse("calendars:committee_year", args=[committee.pk, 2026]))
    assert response.context["grid"].total == 10
    assert response.context["grid"].month_totals[2] == 3


def test_committee_year_grid_of_an_outsider_is_not_found(client, outsider, committee):
    client.force_login(outsider)
    response = client.get(reverse("calendars:committee_year", args=[committee.pk, 2026]))
    assert response.status_code == 404


def test_committee_year_grid_of_an_unknown_committee_is_not_found(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("calendars:committee_year", args=[99999, 2026]))
    assert response.status_code == 404


# --- the month calendar ---------------------------------------------------------------


def test_calendar_is_monday_first_with_a_range_across_months(plan_of_many_times):
    activities = plan_activities(plan_of_many_times)
    february = month_calendar(activities, 2026, 2)
    # 1 February 2026 is a Sunday: the first row starts on Monday 26 January.
    assert february.weeks[0][0].date == D(2026, 1, 26)
    assert [day.date.weekday() for day in february.weeks[0]] == list(range(7))
    days = {day.date: [a.topic for a in day.activities] for w in february.weeks for day in w}
    assert days[D(2026, 2, 27)] == days[D(2026, 2, 28)] == ["跨月"]
    assert days[D(2026, 2, 26)] == []
    # Days of the neighbouring months are greyed and empty, even where an item falls.
    assert days[D(2026, 1, 31)] == []
    assert [a.topic for a in february.this_month] == ["每季度"]

    march = month_calendar(activities, 2026, 3)
    days = {day.date: [a.topic for a in day.activities] for w in march.weeks for day in w}
    assert days[D(2026, 3, 1)] == days[D(2026, 3, 2)] == ["跨月"]
    assert days[D(2026, 3, 3)] == []


def test_calendar_of_a_leap_february(committee):
    plan = PlanFactory(committee=committee, year=2024)
    ActivityFactory(
        section=SectionFactory(plan=plan),
        topic="闰日",
        schedule_kind=K.DATE,
        month=None,
        start_date=D(2024, 2, 29),
    )
    february = month_calendar(plan_activities(plan), 2024, 2)
    in_month = [day for week in february.weeks for day in week if day.in_month]
    assert len(in_month) == 29
    assert [a.topic for a in in_month[-1].activities] == ["闰日"]


def test_month_page_shows_a_new_year_range_in_the_next_january(
    client, editor, committee, plan_of_many_times
):
    client.force_login(editor)
    response = client.get(reverse("calendars:month", args=[committee.pk, 2027, 1]))
    calendar = response.context["calendar"]
    days = {day.date: [a.topic for a in day.activities] for w in calendar.weeks for day in w}
    assert days[D(2027, 1, 1)] == days[D(2027, 1, 3)] == ["跨年"]
    assert days[D(2027, 1, 4)] == []
    assert calendar.this_month == []
    assert response.context["previous"] == (2026, 12)
    assert response.context["next"] == (2027, 2)


def test_month_page_lists_month_level_items_above_the_grid(
    client, editor, committee, plan_of_many_times
):
    client.force_login(editor)
    response = client.get(reverse("calendars:month", args=[committee.pk, 2026, 6]))
    topics = [a.topic for a in response.context["calendar"].this_month]
    assert topics == ["每季度", "二季度", "六月"]
    assert "二季度" in response.content.decode()


def test_month_selector_leaves_out_other_months(committee, plan_of_many_times):
    topics = {a.topic for a in committee_month_activities(committee, 2026, 1)}
    assert topics == {"一月底", "每季度"}


@pytest.mark.parametrize(("year", "month"), [(2026, 13), (2026, 0), (1999, 6)])
def test_month_out_of_range_is_not_found(client, editor, committee, year, month):
    client.force_login(editor)
    response = client.get(reverse("calendars:month", args=[committee.pk, year, month]))
    assert response.status_code == 404


def test_month_of_an_outsider_is_not_found(client, outsider, committee):
    client.force_login(outsider)
    response = client.get(reverse("calendars:month", args=[committee.pk, 2026, 6]))
    assert response.status_code == 404


# --- the agenda --------------------------------------------------------------------------


def test_agenda_of_the_next_thirty_days(editor, committee, other_committee, plan_of_many_times):
    section = plan_of_many_times.sections.get()
    extra = [
        ("明天", {"schedule_kind": K.DATE, "start_date": D(2026, 2, 16)}),
        ("第三十天", {"schedule_kind": K.DATE, "start_date": D(2026, 3, 17)}),
        ("第三十一天", {"schedule_kind": K.DATE, "start_date": D(2026, 3, 18)}),
        ("昨天", {"schedule_kind": K.DATE, "start_date": D(2026, 2, 14)}),
        (
            "进行中",
            {
                "schedule_kind": K.DATE_RANGE,
                "start_date": D(2026, 2, 10),
                "end_date": D(2026, 2, 15),
            },
        ),
        ("二至三月", {"schedule_kind": K.MONTHS, "month": 2, "end_month": 3}),
        ("已取消", {"schedule_kind": K.DATE, "start_date": D(2026, 2, 20), "status": "cancelled"}),
    ]
    for position, (topic, fields) in enumerate(extra, start=20):
        ActivityFactory(
            section=section, position=position, topic=topic, **{"month": None, **fields}
        )
    other_plan = PlanFactory(committee=other_committee, year=2026)
    ActivityFactory(
        section=SectionFactory(plan=other_plan),
        topic="别的委员会",
        schedule_kind=K.DATE,
        month=None,
        start_date=D(2026, 2, 16),
    )

    items = agenda(editor, D(2026, 2, 15))
    assert [(item.activity.topic, item.date, item.month_level) for item in items] == [
        ("二至三月", D(2026, 2, 1), True),
        ("进行中", D(2026, 2, 10), False),
        ("明天", D(2026, 2, 16), False),
        ("跨月", D(2026, 2, 27), False),
        ("第三十天", D(2026, 3, 17), False),
    ]


def test_agenda_of_someone_without_committees_is_empty(db):
    assert agenda(UserFactory(), D(2026, 2, 15)) == []


def test_plan_list_shows_the_agenda(client, editor, committee):
    today = timezone.localdate()
    plan = PlanFactory(committee=committee, year=today.year)
    ActivityFactory(
        section=SectionFactory(plan=plan),
        topic="今天的活动",
        schedule_kind=K.DATE,
        month=None,
        start_date=today,
    )
    client.force_login(editor)
    response = client.get(reverse("editor:list"))
    assert [item.activity.topic for item in response.context["agenda"]] == ["今天的活动"]
    assert "今天的活动" in response.content.decode()


# --- queries --------------------------------------------------------------------------------

# 1. session  2. user  3. plan with its committee  4. staff roles  5. committee tree
# 6. activities with type, lead organizer and its parent, section and plan
YEAR_GRID_QUERIES = 6


@pytest.mark.parametrize("activity_count", [5, 300])
def test_year_grid_queries_do_not_grow_with_activities(
    client, editor, committee, django_assert_num_queries, activity_count
):
    plan = PlanFactory(committee=committee)
    fill_plan(plan, activity_count)
    client.force_login(editor)
    with django_assert_num_queries(YEAR_GRID_QUERIES):
        response = client.get(
            reverse("calendars:plan_year", args=[plan.pk]), {"group": "organizer"}
        )
    assert response.context["grid"].total == activity_count
    assert sum(response.context["grid"].month_totals) == activity_count


# 1. session  2. user  3. staff roles  4. committee tree  5. committee
# 6. activities of the committee's plans of the year, as above
COMMITTEE_YEAR_QUERIES = 6


@pytest.mark.parametrize("activity_count", [5, 300])
def test_committee_year_grid_queries_do_not_grow_with_activities(
    client, editor, committee, django_assert_num_queries, activity_count
):
    fill_plan(PlanFactory(committee=committee), activity_count)
    client.force_login(editor)
    with django_assert_num_queries(COMMITTEE_YEAR_QUERIES):
        response = client.get(reverse("calendars:committee_year", args=[committee.pk, 2026]))
    assert response.context["grid"].total == activity_count


# 1. session  2. user  3. staff roles  4. committee tree  5. committee
# 6. the month's activities, as above
MONTH_QUERIES = 6


@pytest.mark.parametrize("activity_count", [12, 300])
def test_month_calendar_queries_do_not_grow_with_activities(
    client, editor, committee, django_assert_num_queries, activity_count
):
    fill_plan(PlanFactory(committee=committee), activity_count)
    client.force_login(editor)
    with django_assert_num_queries(MONTH_QUERIES):
        response = client.get(reverse("calendars:month", args=[committee.pk, 2026, 6]))
    # fill_plan deals months 1..12 in turn: a twelfth of the activities fall in June.
    assert len(response.context["calendar"].this_month) == activity_count // 12
