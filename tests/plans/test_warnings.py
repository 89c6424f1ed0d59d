"""Plan warnings (plans.warnings): each check at its edges, and acknowledging a warning.

Messages are read in English, the msgids, so a change of translation does not
break these tests.
"""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from activities.selectors import plan_check, plan_outline
from organisation.models import Committee
from plans.models import OfficialDay, Plan, WarningAcknowledgement
from plans.wording import ParticipantKind
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    CommitteeFactory,
    JointOrganizerFactory,
    MemberFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def body(committee):
    return SpecialCommitteeFactory(parent=committee, name="经济委员会", position=1)


@pytest.fixture
def plan(committee):
    return PlanFactory(committee=committee, year=2024, kind=Plan.Kind.WORK_PLAN)


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan, position=1)


def activity(section, topic, *, lead=None, **schedule):
    """An activity of `section` with the given schedule (a month of June if none)."""
    schedule = schedule or {"schedule_kind": "month", "month": 6}
    schedule.setdefault("month", None)
    return ActivityFactory(section=section, topic=topic, lead_organizer=lead, **schedule)


def on(day: datetime.date) -> dict:
    return {"schedule_kind": "date", "start_date": day}


def between(start: datetime.date, end: datetime.date) -> dict:
    return {"schedule_kind": "range", "start_date": start, "end_date": end}


def warnings(plan, kind=None) -> list[tuple[str, str, tuple[int, ...]]]:
    """(key, message, activity ids) of the plan's warnings, of one kind if given."""
    return [
        (row.warning.key, row.warning.message, row.warning.activity_ids)
        for row in plan_check(plan, plan_outline(plan))
        if kind is None or row.warning.kind == kind
    ]


def test_a_plan_with_nothing_wrong_has_no_warnings(plan, section, body):
    activity(section, "春季调研", lead=body, **on(D(2024, 3, 5)))  # a Tuesday
    assert warnings(plan) == []


# --- a committee leading too much in one month --------------------------------------


def test_more_than_three_leads_in_a_month_warns(plan, section, body):
    rows = [activity(section, f"议题{n}", lead=body) for n in range(4)]
    activity(section, "七月议题", lead=body, schedule_kind="month", month=7)
    assert warnings(plan, "leads") == [
        (
            f"leads:committee:{body.pk}:month:6",
            "经济委员会 leads 4 activities in month 6 (more than 3).",
            tuple(row.pk for row in rows),
        )
    ]


def test_three_leads_in_a_month_are_fine(plan, section, body):
    for n in range(3):
        activity(section, f"议题{n}", lead=body)
    assert warnings(plan, "leads") == []


def test_the_limit_comes_from_settings(plan, section, body, settings):
    for n in range(4):
        activity(section, f"议题{n}", lead=body)
    settings.PLAN_MAX_LEADS_PER_MONTH = 4
    assert warnings(plan, "leads") == []
    settings.PLAN_MAX_LEADS_PER_MONTH = 1
    assert [key for key, _, _ in warnings(plan, "leads")] == [f"leads:committee:{body.pk}:month:6"]


def test_a_range_across_a_month_end_counts_in_both_months(plan, section, body, settings):
    settings.PLAN_MAX_LEADS_PER_MONTH = 1
    across = activity(section, "跨月视察", lead=body, **between(D(2024, 1, 30), D(2024, 2, 2)))
    january = activity(section, "一月议题", lead=body, schedule_kind="month", month=1)
    february = activity(section, "二月议题", lead=body, **on(D(2024, 2, 20)))
    assert [(key, ids) for key, _, ids in warnings(plan, "leads")] == [
        (f"leads:committee:{body.pk}:month:1", (across.pk, january.pk)),
        (f"leads:committee:{body.pk}:month:2", (across.pk, february.pk)),
    ]


def test_quarters_do_not_count_towards_a_month(plan, section, body, settings):
    settings.PLAN_MAX_LEADS_PER_MONTH = 1
    activity(section, "二季度议题", lead=body, schedule_kind="quarter", quarter=2)
    activity(section, "六月议题", lead=body)
    assert warnings(plan, "leads") == []


# --- people booked twice ---------------------------------------------------------------


def with_members(row, *members):
    entry = ParticipantFactory(activity=row, kind=ParticipantKind.MEMBERS, text="")
    entry.members.add(*members)


def test_a_member_on_two_overlapping_ranges_across_a_month_end(plan, section, body):
    zhang, li = MemberFactory(name="张三"), MemberFactory(name="李四")
    first = activity(section, "一月底调研", lead=body, **between(D(2024, 1, 29), D(2024, 2, 2)))
    second = activity(section, "二月初视察", lead=body, **between(D(2024, 2, 2), D(2024, 2, 6)))
    later = activity(section, "二月中座谈", lead=body, **on(D(2024, 2, 7)))
    month_only = activity(section, "二月某日", lead=body, schedule_kind="month", month=2)
    with_members(first, zhang, li)
    with_members(second, zhang)
    with_members(later, zhang, li)
    with_members(month_only, zhang)
    assert warnings(plan, "overlap") == [
        (
            f"overlap:member:{zhang.pk}:activity:{first.pk}:activity:{second.pk}",
            "张三 is booked on two activities at the same time: 一月底调研; 二月初视察.",
            (first.pk, second.pk),
        )
    ]


def test_a_leader_with_the_same_wording_on_overlapping_dates(plan, section, body):
    first = activity(section, "年底视察", lead=body, **between(D(2024, 12, 30), D(2025, 1, 2)))
    second = activity(section, "元旦座谈", lead=body, **on(D(2025, 1, 2)))
    other = activity(section, "另一场", lead=body, **on(D(2025, 1, 2)))
    for row in (first, second):
        ParticipantFactory(activity=row, kind=ParticipantKind.LEADER, text="市政府分管副市长")
    ParticipantFactory(activity=other, kind=ParticipantKind.LEADER, text="市政协主席")
    digest = hashlib.sha256("市政府分管副市长".encode()).hexdigest()[:12]
    assert warnings(plan, "overlap") == [
        (
            f"overlap:leader:{digest}:activity:{first.pk}:activity:{second.pk}",
            "市政府分管副市长 is booked on two activities at the same time: 年底视察; 元旦座谈.",
            (first.pk, second.pk),
        )
    ]


# --- weekends, holidays and adjusted working days ---------------------------------------


def calendar_warnings(plan):
    return [row for row in warnings(plan) if row[0].startswith(("holiday", "weekend", "calendar"))]


def test_a_working_sunday_gets_no_weekend_warning(plan, section, body):
    # 2024-02-04 is a Sunday worked in exchange for the Spring Festival.
    activity(section, "调休日座谈", lead=body, **on(D(2024, 2, 4)))
    assert calendar_warnings(plan) == []


def test_the_national_day_week_is_a_holiday(plan, section, body):
    row = activity(section, "国庆调研", lead=body, **between(D(2024, 10, 1), D(2024, 10, 7)))
    assert calendar_warnings(plan) == [
        (
            f"holiday:activity:{row.pk}",
            "国庆调研 falls on a statutory holiday: "
            "10月1日、10月2日、10月3日、10月4日、10月5日、10月6日、10月7日"
            " (by the chinese-calendar data).",
            (row.pk,),
        )
    ]


def test_the_spring_festival_is_a_holiday(plan, section, body):
    row = activity(section, "春节慰问", lead=body, **on(D(2024, 2, 10)))
    assert calendar_warnings(plan) == [
        (
            f"holiday:activity:{row.pk}",
            "春节慰问 falls on a statutory holiday: 2月10日 (by the chinese-calendar data).",
            (row.pk,),
        )
    ]


def test_a_plain_saturday_is_a_weekend(plan, section, body):
    row = activity(section, "周六活动", lead=body, **on(D(2024, 3, 9)))
    assert calendar_warnings(plan) == [
        (
            f"weekend:activity:{row.pk}",
            "周六活动 falls on a weekend: 3月9日 (by the chinese-calendar data).",
            (row.pk,),
        )
    ]


def test_each_day_of_a_range_is_checked(plan, section, body):
    # Friday 2024-09-27 to Monday 2024-09-30; Sunday 2024-09-29 is a working day.
    row = activity(section, "跨周末视察", lead=body, **between(D(2024, 9, 27), D(2024, 9, 30)))
    assert calendar_warnings(plan) == [
        (
            f"weekend:activity:{row.pk}",
            "跨周末视察 falls on a weekend: 9月28日 (by the chinese-calendar data).",
            (row.pk,),
        )
    ]


def test_a_year_without_holiday_data_says_so_and_still_checks_weekends(plan, section, body):
    # 2099-03-02 is a Monday; 2099-05-04 to 06 runs Monday to Wednesday.
    first = activity(section, "远期调研", lead=body, **on(D(2099, 3, 2)))
    second = activity(section, "远期视察", lead=body, **between(D(2099, 5, 4), D(2099, 5, 6)))
    assert calendar_warnings(plan) == [
        (
            "calendar:unknown:2099",
            "The holidays of 2099 are not known yet: only weekends and the fixed-date holidays "
            "(元旦, 劳动节, 国庆节) were checked. An administrator can enter the year's holiday "
            "notice.",
            (first.pk, second.pk),
        )
    ]


def test_next_year_s_sundays_and_national_day_are_flagged_without_data(plan, section, body):
    # chinese-calendar 1.11.0 stops at 2026: 2027-06-06 is a Sunday, 2027-10-01 a Friday.
    sunday = activity(section, "周日座谈", lead=body, **on(D(2027, 6, 6)))
    national_day = activity(section, "国庆视察", lead=body, **on(D(2027, 10, 1)))
    rows = calendar_warnings(plan)
    assert rows[:2] == [
        (
            f"holiday:activity:{national_day.pk}",
            "国庆视察 falls on a statutory holiday: 10月1日 (by weekends and fixed-date "
            "holidays only).",
            (national_day.pk,),
        ),
        (
            f"weekend:activity:{sunday.pk}",
            "周日座谈 falls on a weekend: 6月6日 (by weekends and fixed-date holidays only).",
            (sunday.pk,),
        ),
    ]
    assert rows[2][0] == "calendar:unknown:2027"


def test_entered_days_decide_the_year(plan, section, body):
    # As if the 2027 notice said: 2月6日–12日 off for 春节, Sunday 2月14日 worked.
    OfficialDay.objects.bulk_create(
        [OfficialDay(date=D(2027, 2, day), kind="holiday", name="春节") for day in range(6, 13)]
        + [OfficialDay(date=D(2027, 2, 14), kind="workday")]
    )
    festival = activity(section, "春节慰问", lead=body, **on(D(2027, 2, 8)))
    activity(section, "调休座谈", lead=body, **on(D(2027, 2, 14)))
    saturday = activity(section, "周六活动", lead=body, **on(D(2027, 2, 20)))
    assert calendar_warnings(plan) == [
        (
            f"holiday:activity:{festival.pk}",
            "春节慰问 falls on a statutory holiday: 2月8日 (by the holiday days entered by the "
            "administrator).",
            (festival.pk,),
        ),
        (
            f"weekend:activity:{saturday.pk}",
            "周六活动 falls on a weekend: 2月20日 (by the holiday days entered by the "
            "administrator).",
            (saturday.pk,),
        ),
    ]


# --- missing time, organizer, idle special committees -----------------------------------


def test_an_activity_without_time(plan, section, body):
    row = activity(section, "待定议题", lead=body, schedule_kind="none")
    assert warnings(plan) == [(f"time:activity:{row.pk}", "待定议题 has no time.", (row.pk,))]


def test_an_activity_without_organizer(plan, section, body):
    alone = activity(section, "无人组织")
    joint_only = activity(section, "联合组织")
    JointOrganizerFactory(activity=joint_only, committee=body)
    assert warnings(plan, "organizer") == [
        (f"organizer:activity:{alone.pk}", "无人组织 has no organizer.", (alone.pk,))
    ]


def test_special_committees_that_lead_nothing(plan, section, committee, body):
    idle = SpecialCommitteeFactory(parent=committee, name="文史委员会", position=2)
    SpecialCommitteeFactory(parent=CommitteeFactory(), name="别处的委员会")
    CommitteeFactory(parent=committee, name="办公室", kind=Committee.Kind.OFFICE, position=3)
    activity(section, "经济议题", lead=body)
    assert warnings(plan, "idle") == [
        (f"idle:committee:{idle.pk}", "文史委员会 leads no activity in this plan.", ())
    ]


# --- plan rules: one 双月协商座谈会 in every two months ------------------------------------


@pytest.fixture
def consultation(committee):
    return PlanFactory(committee=committee, year=2024, kind=Plan.Kind.CONSULTATION)


@pytest.fixture
def bimonthly():
    return ActivityTypeFactory(name="双月协商座谈会")


def test_the_bimonthly_rule_satisfied(consultation, bimonthly, body):
    section = SectionFactory(plan=consultation, position=1)
    schedules = [
        {"schedule_kind": "month", "month": 2},
        {"schedule_kind": "months", "month": 3, "end_month": 4},
        on(D(2024, 6, 20)),
        between(D(2024, 7, 30), D(2024, 8, 1)),
        {"schedule_kind": "month", "month": 10},
        on(D(2024, 12, 19)),
    ]
    for schedule in schedules:
        schedule.setdefault("month", None)
        ActivityFactory(section=section, type=bimonthly, lead_organizer=body, **schedule)
    assert warnings(consultation, "rule") == []


def test_the_bimonthly_rule_violated(consultation, bimonthly, body):
    section = SectionFactory(plan=consultation, position=1)
    january = ActivityFactory(section=section, type=bimonthly, lead_organizer=body, month=1)
    # A quarter spans two periods, so it fills neither; another type does not count.
    ActivityFactory(
        section=section,
        type=bimonthly,
        lead_organizer=body,
        schedule_kind="quarter",
        quarter=2,
        month=None,
    )
    ActivityFactory(section=section, lead_organizer=body, month=3)
    rule = "the plan rule asks for at least 1."
    # January fills January–February; every later period lacks one.
    assert january.first_month == 1
    assert warnings(consultation, "rule") == [
        (
            f"rule:双月协商座谈会:months:{start}-{start + 1}",
            f"Months {start}–{start + 1} have 0 双月协商座谈会; {rule}",
            (),
        )
        for start in (3, 5, 7, 9, 11)
    ]


def test_rules_apply_to_their_plan_kind_only(plan, section, body):
    activity(section, "经济议题", lead=body)
    assert warnings(plan, "rule") == []


# --- acknowledging ---------------------------------------------------------------------


@pytest.fixture
def saturday(section, body):
    return activity(section, "周六活动", lead=body, **on(D(2024, 3, 9)))


def key_of(row) -> str:
    return f"weekend:activity:{row.pk}"


def test_acknowledging_hides_the_warning_from_the_editor_panel(client, editor, plan, saturday):
    sunday = activity(
        saturday.section, "周日活动", lead=saturday.lead_organizer, **on(D(2024, 3, 10))
    )
    client.force_login(editor)
    response = client.post(
        reverse("editor:acknowledge", args=[plan.pk]),
        {"key": key_of(saturday)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response.url == reverse("editor:check", args=[plan.pk])
    acknowledgement = WarningAcknowledgement.objects.get()
    assert (acknowledgement.plan, acknowledgement.key, acknowledgement.user) == (
        plan,
        key_of(saturday),
        editor,
    )
    panel = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").context["warnings_panel"]
    assert panel["total"] == 2
    assert panel["acknowledged_count"] == 1
    assert [warning.key for warning in panel["open"]] == [key_of(sunday)]


def test_the_check_page_shows_who_acknowledged(client, editor, plan, saturday):
    editor.username = "xiaowang"
    editor.save()
    client.force_login(editor)
    client.post(reverse("editor:acknowledge", args=[plan.pk]), {"key": key_of(saturday)})
    response = client.get(reverse("editor:check", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    [row] = response.context["checked"]
    assert row.acknowledgement.user == editor
    page = response.content.decode()
    assert "1 warning (1 acknowledged)" in page
    assert "Acknowledged by xiaowang on" in page
    assert "warning-acknowledged" in page
    assert 'name="key"' not in page


def test_acknowledging_with_htmx_answers_the_list(client, editor, plan, saturday):
    client.force_login(editor)
    response = client.post(
        reverse("editor:acknowledge", args=[plan.pk]),
        {"key": key_of(saturday)},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.strip().startswith('<div id="warnings">')
    assert "<html" not in page
    assert "The warning was acknowledged." in page
    assert "1 warning (1 acknowledged)" in page


def test_an_acknowledgement_survives_a_recheck(client, editor, plan, saturday):
    client.force_login(editor)
    client.post(reverse("editor:acknowledge", args=[plan.pk]), {"key": key_of(saturday)})
    saturday.topic = "周六活动（改）"
    saturday.save()
    [row] = plan_check(plan, plan_outline(plan))
    assert row.acknowledgement is not None


@pytest.mark.parametrize("tampered", ["weekend:activity:999999", "", "leads:committee:1:month:6"])
def test_an_unknown_key_saves_nothing(client, editor, plan, saturday, tampered):
    client.force_login(editor)
    response = client.post(
        reverse("editor:acknowledge", args=[plan.pk]), {"key": tampered}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This warning no longer applies to the plan."
    ]
    assert WarningAcknowledgement.objects.count() == 0


def test_another_plans_key_saves_nothing(client, editor, committee, plan, saturday, body):
    other_plan = PlanFactory(committee=committee, year=2024)
    other = activity(SectionFactory(plan=other_plan), "别的周六", lead=body, **on(D(2024, 3, 16)))
    client.force_login(editor)
    client.post(reverse("editor:acknowledge", args=[plan.pk]), {"key": key_of(other)})
    assert WarningAcknowledgement.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("viewer", 403), ("outsider", 404)]
)
def test_only_editors_acknowledge(client, request, plan, saturday, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("editor:acknowledge", args=[plan.pk]), {"key": key_of(saturday)})
    assert response.status_code == status
    assert WarningAcknowledgement.objects.count() == 0


def test_readers_see_the_check_page_without_buttons(client, viewer, plan, saturday):
    client.force_login(viewer)
    response = client.get(reverse("editor:check", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "周六活动 falls on a weekend: 3月9日 (by the chinese-calendar data)." in page
    assert 'name="key"' not in page
