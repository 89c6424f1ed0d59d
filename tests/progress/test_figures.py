"""Dashboard and summary figures equal counts made independently: by hand for a small year,
and by database aggregates for a larger generated one."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse

from activities.models import Activity, ActivityType
from progress.figures import count_figures, due_date
from progress.models import ActivityRecord, Attendance, Outcome
from progress.selectors import (
    committee_dashboard,
    summary_figures,
    year_activities,
    year_attendances,
    year_outcomes,
)
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    MembershipFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 8, 15)


def make_activity(section, activity_type, *, status="planned", held=None, reason="", **schedule):
    """An activity with its schedule and, if held or moved, a record and its status."""
    schedule.setdefault("schedule_kind", "month")
    if schedule["schedule_kind"] != "month":
        schedule.setdefault("month", None)
    activity = ActivityFactory(section=section, type=activity_type, status=status, **schedule)
    if held or reason:
        held_on, held_until = held if isinstance(held, tuple) else (held, None)
        ActivityRecord.objects.create(
            activity=activity, held_on=held_on, held_until=held_until, reason=reason
        )
    return activity


def outcome(activity, kind, *, members=(), **fields):
    row = Outcome.objects.create(activity=activity, kind=kind, **fields)
    row.members.set(members)
    return row


def attend(activity, *members):
    Attendance.objects.bulk_create(Attendance(activity=activity, member=m) for m in members)


@pytest.fixture
def year(committee):
    """Committee A's year 2026 (nine activities) and its county below (two), by hand.

    The comments give each activity's month as the figures count it: the month it
    was held, else the month its time ends.
    """
    d = datetime.date
    county = CommitteeFactory(name="县政协", parent=committee, level="county", position=100)
    office = SpecialCommitteeFactory(parent=committee, name="调研室", kind="office", position=1)
    consult = ActivityTypeFactory(name="专题协商")
    research = ActivityTypeFactory(name="重点调研", category="research", content_label="调研内容")
    inspect = ActivityTypeFactory(name="重点视察", category="inspection", content_label="视察内容")
    section = SectionFactory(plan=PlanFactory(committee=committee, year=2026))
    members = [MembershipFactory(committee=committee).member for _ in range(5)]
    m1, m2, m3, m4, m5 = members
    a = {}
    # 1: March, done.
    a[1] = make_activity(section, consult, month=3, status="done", held=d(2026, 3, 10))
    # 2: planned for May, held in June: counts in June.
    a[2] = make_activity(section, consult, month=5, status="done", held=d(2026, 6, 2))
    # 3: second quarter (due 30 June), still under way: overdue on 15 August.
    a[3] = make_activity(section, research, schedule_kind="quarter", quarter=2, status="under_way")
    # 4: July, not started: overdue.
    a[4] = make_activity(section, research, month=7)
    # 5: September, not started, not yet due.
    a[5] = make_activity(section, inspect, month=9)
    # 6: April, postponed: listed with its reason, not overdue.
    a[6] = make_activity(section, consult, month=4, status="postponed", reason="因故推迟")
    # 7: February, cancelled.
    a[7] = make_activity(section, inspect, month=2, status="cancelled", reason="任务调整")
    # 8: not yet scheduled: no month, counts in the whole year only.
    a[8] = make_activity(section, consult, schedule_kind="none")
    # 9: 19–24 April, held 20–22 April.
    a[9] = make_activity(
        section,
        research,
        schedule_kind="range",
        start_date=d(2026, 4, 19),
        end_date=d(2026, 4, 24),
        status="done",
        held=(d(2026, 4, 20), d(2026, 4, 22)),
    )
    for number in (1, 2, 3, 9):
        a[number].lead_organizer = office
        a[number].save()
    outcome(a[1], "research_report", title="关于甲的调研报告", members=[m1, m2])
    outcome(a[1], "proposal", quantity=3, members=[m1])
    # Dated in July: counts in the second half, though its activity counts in June.
    outcome(
        a[2], "public_opinion", quantity=5, adopted=2, by_whom="省政协",
        date=d(2026, 7, 3), members=[m4],
    )  # fmt: skip
    outcome(a[9], "instruction", quantity=2, by_whom="市委书记")
    outcome(a[9], "media", quantity=1, by_whom="河洛日报")
    outcome(a[3], "consultation_report", title="关于乙的协商专报")
    attend(a[1], m1, m2, m3)
    attend(a[2], m2, m4)
    attend(a[3], m5)  # under way: not counted among members taking part
    attend(a[9], m1)

    county_section = SectionFactory(plan=PlanFactory(committee=county, year=2026))
    held = make_activity(county_section, consult, month=5, status="done", held=d(2026, 5, 5))
    outcome(held, "proposal", quantity=1)
    make_activity(county_section, consult, month=12)
    # Another year of A: never counted in 2026.
    other = SectionFactory(plan=PlanFactory(committee=committee, year=2025))
    make_activity(other, consult, month=3, status="done", held=d(2025, 3, 3))
    return {"activities": a, "members": members, "county": county, "committee": committee}


def test_the_hand_counted_year_on_the_dashboard(year):
    dashboard = committee_dashboard(year["committee"], 2026, TODAY)
    own = dashboard.own
    counts = own.counts
    assert (counts.planned, counts.done, counts.under_way, counts.not_started) == (9, 3, 1, 3)
    assert (counts.postponed, counts.cancelled, counts.overdue) == (1, 1, 2)
    by_month = {row.month: (row.planned, row.done) for row in own.by_month}
    assert by_month == {
        1: (0, 0), 2: (1, 0), 3: (1, 1), 4: (2, 1), 5: (0, 0), 6: (2, 1),
        7: (1, 0), 8: (0, 0), 9: (1, 0), 10: (0, 0), 11: (0, 0), 12: (0, 0),
    }  # fmt: skip
    assert (own.no_month.planned, own.no_month.done) == (1, 0)
    by_type = {row.label: (row.counts.planned, row.counts.done) for row in own.by_type}
    assert by_type == {"专题协商": (4, 2), "重点调研": (3, 1), "重点视察": (2, 0)}
    by_organizer = {row.label: row.counts.planned for row in own.by_organizer}
    assert by_organizer == {"市政协调研室": 4, "未定牵头单位": 5}
    assert [item.activity for item in own.overdue] == [year["activities"][3], year["activities"][4]]
    assert [item.due for item in own.overdue] == [
        datetime.date(2026, 6, 30),
        datetime.date(2026, 7, 31),
    ]
    # In time order: February's cancelled one, then April's postponed one.
    assert own.changed == [year["activities"][7], year["activities"][6]]
    outcomes = own.outcomes
    assert outcomes.report_rows == [("调研报告", 1), ("视察报告", 0), ("协商专报", 1)]
    assert (outcomes.proposals, outcomes.public_opinion, outcomes.adopted) == (3, 5, 2)
    assert (outcomes.instructions, outcomes.media) == (2, 1)
    assert (own.members, own.member_times) == (4, 6)

    # The county below, and the total of both.
    assert [(body.committee, body.depth) for body in dashboard.below] == [(year["county"], 1)]
    county = dashboard.below[0].figures
    assert (county.counts.planned, county.counts.done, county.outcomes.proposals) == (2, 1, 1)
    assert (dashboard.total.counts.planned, dashboard.total.counts.done) == (11, 4)
    assert dashboard.total.outcomes.proposals == 4


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # planned, done, under way, not started, postponed, cancelled, overdue
        ("h1", (6, 3, 1, 0, 1, 1, 1)),
        ("h2", (2, 0, 0, 2, 0, 0, 1)),
        ("year", (9, 3, 1, 3, 1, 1, 2)),
    ],
)
def test_the_hand_counted_periods_of_a_summary(year, period, expected):
    figures = summary_figures(year["committee"], 2026, period, TODAY)
    counts = figures.counts
    assert (
        counts.planned, counts.done, counts.under_way, counts.not_started,
        counts.postponed, counts.cancelled, counts.overdue,
    ) == expected  # fmt: skip


def test_outcomes_count_in_the_period_of_their_own_date(year):
    first = summary_figures(year["committee"], 2026, "h1", TODAY).outcomes
    second = summary_figures(year["committee"], 2026, "h2", TODAY).outcomes
    assert (first.report_total, first.proposals, first.instructions, first.media) == (2, 3, 2, 1)
    assert (first.public_opinion, first.adopted) == (0, 0)
    assert (second.report_total, second.proposals, second.public_opinion, second.adopted) == (
        0, 0, 5, 2,
    )  # fmt: skip


def test_held_by_form_and_members_of_the_first_half(year):
    figures = summary_figures(year["committee"], 2026, "h1", TODAY)
    held = {row.label: row.counts.done for row in figures.held_by_type}
    assert held == {"专题协商": 2, "重点调研": 1}
    assert (figures.members, figures.member_times) == (4, 6)
    # In time order of the plan: March, April (19–24), May (held in June).
    activities = year["activities"]
    assert [item.activity for item in figures.completed] == [
        activities[1],
        activities[9],
        activities[2],
    ]
    assert [item.attendance for item in figures.completed] == [3, 1, 2]
    # Each activity is worded with the outcomes the figures count: a[2]'s public-opinion
    # reports are dated July, so the first half neither counts nor words them.
    assert [len(item.outcomes) for item in figures.completed] == [2, 2, 0]
    assert figures.outcomes.public_opinion == 0
    second = summary_figures(year["committee"], 2026, "h2", TODAY)
    assert (second.members, second.member_times, second.completed) == (0, 0, [])


def test_due_date_of_each_time_form():
    def due(**schedule):
        return due_date(Activity(**schedule), 2026)

    d = datetime.date
    assert due(schedule_kind="month", month=2, last_month=2) == d(2026, 2, 28)
    assert due(schedule_kind="quarter", quarter=3, last_month=9) == d(2026, 9, 30)
    assert due(schedule_kind="date", start_date=d(2026, 6, 18), last_month=6) == d(2026, 6, 18)
    crossing = due(
        schedule_kind="range",
        start_date=d(2026, 12, 28),
        end_date=d(2027, 1, 3),
        last_month=12,
    )
    assert crossing == d(2027, 1, 3)
    assert due(schedule_kind="none", last_month=None) is None
    assert due(schedule_kind="event", event="全会期间", last_month=None) is None


# --- a generated year, checked against database aggregates -------------------------------


def generated_year(committee, size: int):
    """`size` activities over the months and statuses, with outcomes and attendance."""
    types = [
        ActivityTypeFactory(name="专题协商"),
        ActivityTypeFactory(name="重点调研", category=ActivityType.Category.RESEARCH),
    ]
    section = SectionFactory(plan=PlanFactory(committee=committee, year=2026))
    members = [MembershipFactory(committee=committee).member for _ in range(6)]
    statuses = ["done", "done", "planned", "under_way", "postponed", "cancelled"]
    for index in range(size):
        status = statuses[index % len(statuses)]
        month = index % 12 + 1
        held = datetime.date(2026, month, 5) if status == "done" and month <= 8 else None
        activity = make_activity(
            section,
            types[index % 2],
            month=month,
            status=status if held or status != "done" else "under_way",
            held=held,
            reason="原因" if status in {"postponed", "cancelled"} else "",
        )
        attend(activity, *members[: index % 4])
        outcome(activity, "proposal", quantity=index % 3 + 1, members=members[:1])
        if index % 5 == 0:
            outcome(activity, "public_opinion", quantity=4, adopted=index % 4)
        if index % 7 == 0:
            outcome(activity, "research_report", title=f"报告{index}")
    return members


@pytest.mark.parametrize("size", [7, 60])
def test_year_figures_equal_database_aggregates(committee, size):
    generated_year(committee, size)
    figures = count_figures(
        year_activities([committee.pk], 2026),
        year_outcomes([committee.pk], 2026),
        year_attendances([committee.pk], 2026),
        year=2026,
        period="year",
        today=TODAY,
    )
    activities = Activity.objects.filter(section__plan__committee=committee)
    assert figures.counts.planned == activities.count()
    for status in ("done", "under_way", "postponed", "cancelled"):
        assert getattr(figures.counts, status) == activities.filter(status=status).count()
    overdue = activities.filter(status__in=["planned", "under_way"], last_month__lt=8)
    assert figures.counts.overdue == overdue.count()
    outcomes = Outcome.objects.filter(activity__section__plan__committee=committee)
    assert (
        figures.outcomes.proposals
        == outcomes.filter(kind="proposal").aggregate(total=Sum("quantity"))["total"]
    )
    opinions = outcomes.filter(kind="public_opinion").aggregate(
        sent=Sum("quantity"), adopted=Sum("adopted")
    )
    assert (figures.outcomes.public_opinion, figures.outcomes.adopted) == (
        opinions["sent"],
        opinions["adopted"],
    )
    assert figures.outcomes.report_total == outcomes.filter(kind="research_report").count()
    present = Attendance.objects.filter(activity__in=activities.filter(status="done"))
    assert figures.members == present.values("member").distinct().count()
    assert figures.member_times == present.count()
    assert sum(row.planned for row in figures.by_month) == figures.counts.planned
    assert sum(row.done for row in figures.by_month) == figures.counts.done


def test_dashboard_page_shows_the_hand_counted_figures(client, editor, year, monkeypatch):
    monkeypatch.setattr("progress.views.dashboard.timezone.localdate", lambda: TODAY)
    client.force_login(editor)
    response = client.get(reverse("progress:dashboard", args=[year["committee"].pk, 2026]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="planned"><div class="figure-value">9<' in page
    assert 'data-figure="done"><div class="figure-value">3<' in page
    assert 'data-figure="overdue"><div class="figure-value">2<' in page
    assert 'data-figure="proposals"><div class="figure-value">3<' in page
    # Three charts drawn on the server, their labels as text in the vendored face.
    assert page.count('class="pygal-chart"') == 3
    assert "CPPCC Hei" in page
    assert "<script" not in page.split("<main")[1]
    # The county below and the total with it.
    assert "县政协" in page
    assert response.context["data"].total.counts.planned == 11


def test_a_lower_committee_sees_only_its_own(year):
    dashboard = committee_dashboard(year["county"], 2026, TODAY)
    assert (dashboard.own.counts.planned, dashboard.own.outcomes.proposals) == (2, 1)
    assert dashboard.below == []
    assert dashboard.total is None


def test_hostile_names_are_escaped_on_the_dashboard(client, editor, committee, monkeypatch):
    monkeypatch.setattr("progress.views.dashboard.timezone.localdate", lambda: TODAY)
    hostile = ActivityTypeFactory(name="<script>alert(1)</script>")
    section = SectionFactory(plan=PlanFactory(committee=committee, year=2026))
    make_activity(section, hostile, month=3, status="done", held=datetime.date(2026, 3, 1))
    make_activity(section, hostile, month=4, topic='"><img src=x onerror=alert(2)>')
    client.force_login(editor)
    page = client.get(reverse("progress:dashboard", args=[committee.pk, 2026])).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
