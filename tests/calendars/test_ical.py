"""Calendar feeds: what a calendar client reads back, and who can get a feed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from activities.selectors import plan_outline
from calendars.models import CalendarFeed
from calendars.plan_ics import render_plan_ics
from organisation.models import StaffRole
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    MembershipFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
    fill_plan,
)

pytestmark = pytest.mark.django_db

HOST = "plans.example.gov.cn"
D = datetime.date


@pytest.fixture(autouse=True)
def site(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


@pytest.fixture
def plan(committee):
    return PlanFactory(committee=committee, year=2024, title="2024年度协商计划")


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan, position=1)


def add(section, topic, **schedule):
    fields = {"month": None, **schedule}
    return ActivityFactory(section=section, topic=topic, **fields)


@pytest.fixture
def activities(section):
    """One activity of every schedule kind, in the plan's year 2024 (a leap year)."""
    return {
        "date": add(section, "日期", schedule_kind="date", start_date=D(2024, 4, 19)),
        "range": add(
            section,
            "跨月",
            schedule_kind="range",
            start_date=D(2024, 4, 29),
            end_date=D(2024, 5, 3),
        ),
        "new_year": add(
            section,
            "跨年",
            schedule_kind="range",
            start_date=D(2024, 12, 28),
            end_date=D(2025, 1, 3),
        ),
        "february": add(section, "二月", schedule_kind="month", month=2),
        "december": add(section, "十二月", schedule_kind="month", month=12),
        "months": add(section, "三至五月", schedule_kind="months", month=3, end_month=5),
        "quarter": add(section, "二季度", schedule_kind="quarter", quarter=2),
        "half": add(section, "下半年", schedule_kind="half", half=2),
        "year": add(section, "全年", schedule_kind="year"),
        "monthly": add(section, "每月", schedule_kind="recurring", recurrence="monthly"),
        "event": add(section, "全会期间", schedule_kind="event", event="全会期间", month=1),
        "none": add(section, "未定", schedule_kind="none"),
    }


@pytest.fixture
def feed(editor, plan):
    return CalendarFeed.objects.create(owner=editor, scope=CalendarFeed.Scope.PLAN, plan=plan)


def events_of(content: bytes) -> dict[str, object]:
    """The calendar's events by topic (the summary after the type)."""
    calendar = Calendar.from_ical(content)
    return {
        str(event["SUMMARY"]).removeprefix("专题协商 · "): event
        for event in calendar.walk("VEVENT")
    }


def span(event) -> tuple[datetime.date, datetime.date]:
    return event["DTSTART"].dt, event["DTEND"].dt


def fetch(client, token: str):
    return client.get(reverse("calendars:feed", args=[token]))


# --- the feed as a calendar reads it -------------------------------------------------


def test_feed_is_a_calendar_that_needs_no_login(client, feed, activities):
    response = fetch(client, feed.token)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//CPPCC work plans//Calendar feeds//ZH"
    assert str(calendar["X-WR-CALNAME"]) == "2024年度协商计划"


def test_dated_and_month_level_items_become_all_day_events(client, feed, activities):
    events = events_of(fetch(client, feed.token).content)

    # Year-round, recurring, event-timed and unscheduled items are left out.
    assert {topic: span(event) for topic, event in events.items()} == {
        "日期": (D(2024, 4, 19), D(2024, 4, 20)),
        "跨月": (D(2024, 4, 29), D(2024, 5, 4)),
        "跨年": (D(2024, 12, 28), D(2025, 1, 4)),
        "二月": (D(2024, 2, 1), D(2024, 3, 1)),
        "十二月": (D(2024, 12, 1), D(2025, 1, 1)),
        "三至五月": (D(2024, 3, 1), D(2024, 6, 1)),
        "二季度": (D(2024, 4, 1), D(2024, 7, 1)),
        "下半年": (D(2024, 7, 1), D(2025, 1, 1)),
    }
    assert events["日期"]["DTSTART"].params["VALUE"] == "DATE"


def test_event_names_links_and_describes_the_activity(client, feed, section, committee):
    body = SpecialCommitteeFactory(parent=committee, name="经济委员会")
    activity = add(
        section,
        "优化营商环境",
        schedule_kind="date",
        start_date=D(2024, 4, 19),
        lead_organizer=body,
        type=ActivityTypeFactory(name="专题协商"),
    )
    ParticipantFactory(activity=activity, position=1, kind="unit", text="市发改委")

    event = events_of(fetch(client, feed.token).content)["优化营商环境"]

    assert str(event["UID"]) == f"activity-{activity.pk}@{HOST}"
    assert str(event["SUMMARY"]) == "专题协商 · 优化营商环境"
    assert str(event["URL"]) == (
        f"http://testserver/plans/{section.plan_id}/#activity-{activity.pk}"
    )
    assert str(event["DESCRIPTION"]) == (
        "协商内容：围绕议题开展调研，提出意见建议。\n"
        "时间安排：4月19日\n"
        "参加人员：市发改委等单位负责同志\n"
        "组织实施：由市政协经济委员会组织实施"
    )
    assert str(event["STATUS"]) == "CONFIRMED"


def test_uid_stays_when_the_activity_changes(client, feed, activities):
    activity = activities["date"]
    before = events_of(fetch(client, feed.token).content)["日期"]

    activity.topic = "改期后的议题"
    activity.start_date = D(2024, 5, 8)
    activity.save()
    after = events_of(fetch(client, feed.token).content)["改期后的议题"]

    assert str(after["UID"]) == str(before["UID"]) == f"activity-{activity.pk}@{HOST}"
    assert str(after["SUMMARY"]) == "专题协商 · 改期后的议题"
    assert span(after) == (D(2024, 5, 8), D(2024, 5, 9))


def test_cancelled_activity_stays_as_a_cancelled_event(client, feed, activities):
    activities["date"].status = "cancelled"
    activities["date"].save()

    events = events_of(fetch(client, feed.token).content)

    assert str(events["日期"]["STATUS"]) == "CANCELLED"


# --- tokens ------------------------------------------------------------------------


def test_unknown_token_is_not_found(client, feed):
    assert fetch(client, "x" * 43).status_code == 404


def test_revoked_feed_is_not_found(client, editor, feed):
    client.force_login(editor)

    response = client.post(reverse("calendars:feeds"), {"action": "revoke", "feed": feed.pk})

    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    client.logout()
    assert fetch(client, feed.token).status_code == 404


def test_renewed_feed_answers_only_at_its_new_address(client, editor, feed):
    old_token = feed.token
    client.force_login(editor)

    client.post(reverse("calendars:feeds"), {"action": "renew", "feed": feed.pk})

    feed.refresh_from_db()
    assert feed.token != old_token
    assert len(feed.token) == 43
    client.logout()
    assert fetch(client, old_token).status_code == 404
    assert fetch(client, feed.token).status_code == 200


def test_feed_stops_when_its_owner_loses_access(client, editor, feed):
    StaffRole.objects.filter(user=editor).delete()

    assert fetch(client, feed.token).status_code == 404


def test_feed_stops_when_its_owner_is_deactivated(client, editor, feed):
    editor.is_active = False
    editor.save()

    assert fetch(client, feed.token).status_code == 404


def test_feed_does_not_answer_post(client, feed):
    assert client.post(reverse("calendars:feed", args=[feed.token])).status_code == 405


# --- the feeds page ----------------------------------------------------------------


def test_editor_creates_a_plan_feed_and_sees_its_address(client, editor, plan):
    client.force_login(editor)

    response = client.post(
        reverse("calendars:feeds"), {"action": "create", "scope": "plan", "target": plan.pk}
    )

    assert response.status_code == 302
    assert response.url == reverse("calendars:feeds")
    feed = CalendarFeed.objects.get()
    assert (feed.owner, feed.scope, feed.plan, feed.revoked_at) == (editor, "plan", plan, None)
    page = client.get(reverse("calendars:feeds")).content.decode()
    assert f'value="http://testserver/calendar/{feed.token}.ics"' in page


def test_outsider_cannot_make_a_feed_of_a_plan_they_cannot_read(client, outsider, plan):
    client.force_login(outsider)

    response = client.post(
        reverse("calendars:feeds"), {"action": "create", "scope": "plan", "target": plan.pk}
    )

    assert response.status_code == 404
    assert CalendarFeed.objects.count() == 0


def test_outsider_cannot_make_a_feed_of_a_committee_or_member_they_cannot_read(
    client, outsider, committee
):
    member = MembershipFactory(committee=committee).member
    client.force_login(outsider)

    for scope, target in [("committee", committee.pk), ("member", member.pk)]:
        response = client.post(
            reverse("calendars:feeds"), {"action": "create", "scope": scope, "target": target}
        )
        assert response.status_code == 404
    assert CalendarFeed.objects.count() == 0


def test_nobody_else_can_renew_or_revoke_a_feed(client, viewer, feed):
    client.force_login(viewer)

    for action in ("renew", "revoke"):
        response = client.post(reverse("calendars:feeds"), {"action": action, "feed": feed.pk})
        assert response.status_code == 404
    token = feed.token
    feed.refresh_from_db()
    assert (feed.token, feed.revoked_at) == (token, None)


def test_feeds_page_lists_only_the_users_own_feeds(client, editor, viewer, feed):
    client.force_login(viewer)

    page = client.get(reverse("calendars:feeds")).content.decode()

    assert feed.token not in page
    assert "您还没有日历订阅。" in page


# --- committee and member feeds ----------------------------------------------------


def test_member_feed_lists_the_activities_that_name_the_member(
    client, editor, committee, other_committee, section
):
    member = MembershipFactory(committee=committee).member
    named = add(section, "点名参加", schedule_kind="date", start_date=D(2024, 6, 3))
    ParticipantFactory(activity=named, position=1, kind="members", text="").members.add(member)
    add(section, "未点名", schedule_kind="date", start_date=D(2024, 6, 4))
    # Committee B's plan names the member too, but the editor cannot read it.
    elsewhere = ActivityFactory(section__plan__committee=other_committee, topic="乙市活动")
    ParticipantFactory(activity=elsewhere, position=1, kind="members", text="").members.add(member)
    feed = CalendarFeed.objects.create(owner=editor, scope=CalendarFeed.Scope.MEMBER, member=member)

    calendar = Calendar.from_ical(fetch(client, feed.token).content)

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["专题协商 · 点名参加"]
    assert str(calendar["X-WR-CALNAME"]) == f"{member.name}的活动"


def test_committee_feed_has_its_plans_and_what_it_organises(client, editor, committee):
    body = SpecialCommitteeFactory(parent=committee)
    own = SectionFactory(plan__committee=body, plan__year=2024)
    add(own, "本委计划", schedule_kind="month", month=3)
    other_plan = SectionFactory(plan__committee=committee, plan__year=2024)
    add(other_plan, "牵头", schedule_kind="month", month=4, lead_organizer=body)
    add(SectionFactory(plan__committee=committee, plan__year=2024), "无关", schedule_kind="year")
    feed = CalendarFeed.objects.create(
        owner=editor, scope=CalendarFeed.Scope.COMMITTEE, committee=body
    )

    events = events_of(fetch(client, feed.token).content)

    assert sorted(events) == ["本委计划", "牵头"]


def test_feed_runs_a_fixed_number_of_queries(client, editor, committee, django_assert_num_queries):
    for count in (4, 12):
        plan = PlanFactory(committee=committee, year=2024)
        fill_plan(plan, count)
        feed = CalendarFeed.objects.create(owner=editor, scope=CalendarFeed.Scope.PLAN, plan=plan)
        # feed by token, the owner's staff roles, the committee tree, activities,
        # joint organizers, participants, members of members entries.
        with django_assert_num_queries(7):
            response = fetch(client, feed.token)
        assert len(events_of(response.content)) == count


# --- the plan's file ---------------------------------------------------------------


def test_plan_renderer_makes_no_queries(plan, activities, django_assert_num_queries):
    outline = plan_outline(plan)

    with django_assert_num_queries(0):
        content = render_plan_ics(plan, outline)

    assert len(Calendar.from_ical(content).walk("VEVENT")) == 8


def test_export_command_writes_the_plans_feed(tmp_path, plan, activities):
    target = tmp_path / "plan.ics"

    call_command("export_plan", plan.pk, "--format", "ics", "-o", str(target), stdout=io.StringIO())

    events = events_of(target.read_bytes())
    assert len(events) == 8
    february = events["二月"]
    assert span(february) == (D(2024, 2, 1), D(2024, 3, 1))
    assert str(february["UID"]) == f"activity-{activities['february'].pk}@{HOST}"
    assert str(february["URL"]) == (
        f"https://{HOST}/plans/{plan.pk}/#activity-{activities['february'].pk}"
    )


def test_feeds_page_runs_a_fixed_number_of_queries(
    client, editor, committee, django_assert_num_queries
):
    client.force_login(editor)
    for count in (1, 4):
        for _ in range(count):
            member = MembershipFactory(committee=committee).member
            CalendarFeed.objects.create(
                owner=editor, scope=CalendarFeed.Scope.MEMBER, member=member
            )
        # session, user, the user's staff roles, the committee tree, the feeds with
        # what they cover, and the plans, committees and members to choose from.
        with django_assert_num_queries(8):
            response = client.get(reverse("calendars:feeds"))
        assert response.content.decode().count('<tr id="feed-') == CalendarFeed.objects.count()
