"""The activity list across plans: filters, order, bad input, Excel download, query count."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ActivityType
from calendars.views import search
from core.downloads import XLSX_CONTENT_TYPE
from tests.factories import (
    ActivityFactory,
    ActivityTypeFactory,
    JointOrganizerFactory,
    MemberFactory,
    MembershipFactory,
    ParticipantFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
    fill_plan,
)

pytestmark = pytest.mark.django_db

ALL_IN_ORDER = ["盛夏调研", "跨季调研", "春季协商", "下半年视察", "全会期间协商"]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def world(committee, other_committee):
    """Two plans of committee A (2025 and 2026) and one of committee B.

    In time order: 盛夏调研 (2025, 7月15日), then in 2026 跨季调研 (2月至4月),
    春季协商 (3月), 下半年视察 (下半年) and 全会期间协商 (no month, last).
    """
    consultation = ActivityTypeFactory(name="专题协商")
    research = ActivityTypeFactory(
        name="重点调研", category=ActivityType.Category.RESEARCH, content_label="调研内容"
    )
    inspection = ActivityTypeFactory(
        name="专项视察", category=ActivityType.Category.INSPECTION, content_label="视察内容"
    )
    economy = SpecialCommitteeFactory(parent=committee, name="经济委员会")
    society = SpecialCommitteeFactory(parent=committee, name="社会委员会")
    culture = SpecialCommitteeFactory(parent=committee, name="文化委员会")
    foreign = SpecialCommitteeFactory(parent=other_committee, name="乙市经济委员会")
    member = MemberFactory(name="张三")
    MembershipFactory(member=member, committee=committee)
    stranger = MemberFactory(name="李四")
    MembershipFactory(member=stranger, committee=other_committee)

    plan_2025 = PlanFactory(committee=committee, year=2025, title="2025年工作要点")
    plan_2026 = PlanFactory(committee=committee, year=2026, title="2026年协商计划")
    old = SectionFactory(plan=plan_2025, position=1)
    new = SectionFactory(plan=plan_2026, position=1)
    activities = {
        "summer": ActivityFactory(
            section=old,
            position=1,
            type=research,
            topic="盛夏调研",
            schedule_kind="date",
            month=None,
            start_date=datetime.date(2025, 7, 15),
            lead_organizer=economy,
        ),
        "spring": ActivityFactory(
            section=new,
            position=1,
            type=consultation,
            topic="春季协商",
            month=3,
            lead_organizer=economy,
        ),
        "across": ActivityFactory(
            section=new,
            position=2,
            type=research,
            topic="跨季调研",
            schedule_kind="months",
            month=2,
            end_month=4,
            lead_organizer=society,
            status="done",
        ),
        "second_half": ActivityFactory(
            section=new,
            position=3,
            type=inspection,
            topic="下半年视察",
            schedule_kind="half",
            month=None,
            half=2,
        ),
        "event": ActivityFactory(
            section=new,
            position=4,
            type=consultation,
            topic="全会期间协商",
            content="听取各界意见",
            schedule_kind="event",
            month=None,
            event="市政协全会期间",
            status="postponed",
        ),
    }
    # 春季协商 is led by 经济委员会 and has two joint organizers: filtering by its
    # lead must still list it once. 跨季调研 has 经济委员会 as a joint organizer.
    JointOrganizerFactory(activity=activities["spring"], committee=society, position=1)
    JointOrganizerFactory(activity=activities["spring"], committee=culture, position=2)
    JointOrganizerFactory(activity=activities["across"], committee=economy, position=1)
    named = ParticipantFactory(activity=activities["across"], kind="members", text="")
    named.members.add(member)

    plan_b = PlanFactory(committee=other_committee, year=2026, title="乙市协商计划")
    ActivityFactory(
        section=SectionFactory(plan=plan_b, position=1),
        position=1,
        type=consultation,
        topic="乙市的协商",
        month=3,
        lead_organizer=foreign,
    )
    return {
        "activities": activities,
        "plan_2026": plan_2026,
        "consultation": consultation,
        "research": research,
        "economy": economy,
        "society": society,
        "culture": culture,
        "foreign": foreign,
        "member": member,
        "stranger": stranger,
    }


def topics(client, **query) -> list[str]:
    response = client.get(reverse("calendars:list"), query)
    assert response.status_code == 200
    return [activity.topic for activity in response.context["page"].object_list]


# --- order and scope -------------------------------------------------------------


def test_list_is_in_time_order_and_only_of_the_users_committees(editor_client, world):
    assert topics(editor_client) == ALL_IN_ORDER


def test_outsider_sees_nothing_of_another_committee(client, outsider, world):
    client.force_login(outsider)
    response = client.get(reverse("calendars:list"))
    assert [activity.topic for activity in response.context["page"].object_list] == ["乙市的协商"]
    form = response.context["filter"].form
    assert list(form.fields["organizer"].queryset) == [world["foreign"].parent, world["foreign"]]
    assert list(form.fields["member"].queryset) == [world["stranger"]]
    page = response.content.decode()
    assert "春季协商" not in page
    assert ">经济委员会<" not in page
    assert "张三" not in page


def test_rows_show_plan_time_and_organizer_and_link_to_the_editor(editor_client, world):
    spring = world["activities"]["spring"]
    page = editor_client.get(reverse("calendars:list"), {"q": "春季"}).content.decode()
    anchor = reverse("editor:detail", args=[world["plan_2026"].pk]) + f"#activity-{spring.pk}"
    assert f'<a href="{anchor}">2026年协商计划</a>' in page
    assert "<td>3月</td>" in page
    assert "<td>市政协经济委员会</td>" in page
    assert "<td>专题协商</td>" in page


# --- each filter -----------------------------------------------------------------


def test_filter_by_year(editor_client, world):
    assert topics(editor_client, year=2025) == ["盛夏调研"]
    assert topics(editor_client, year=2026) == ALL_IN_ORDER[1:]
    assert topics(editor_client, year=2024) == []


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, []),
        (2, ["跨季调研"]),
        (3, ["跨季调研", "春季协商"]),
        (4, ["跨季调研"]),
        (5, []),
        (6, []),
        (7, ["盛夏调研", "下半年视察"]),
        (12, ["下半年视察"]),
    ],
)
def test_filter_by_month_lists_what_covers_the_month(editor_client, world, month, expected):
    assert topics(editor_client, month=month) == expected


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        (1, ["跨季调研", "春季协商"]),
        (2, ["跨季调研"]),
        (3, ["盛夏调研", "下半年视察"]),
        (4, ["下半年视察"]),
    ],
)
def test_filter_by_quarter_lists_what_overlaps_it(editor_client, world, quarter, expected):
    assert topics(editor_client, quarter=quarter) == expected


def test_filter_by_type_and_category(editor_client, world):
    assert topics(editor_client, type=world["research"].pk) == ["盛夏调研", "跨季调研"]
    assert topics(editor_client, category="consultation") == ["春季协商", "全会期间协商"]
    assert topics(editor_client, category="inspection") == ["下半年视察"]
    assert topics(editor_client, category="history") == []


def test_filter_by_organizer_lead_or_joint_each_once(editor_client, world):
    assert topics(editor_client, organizer=world["economy"].pk) == [
        "盛夏调研",
        "跨季调研",
        "春季协商",
    ]
    assert topics(editor_client, organizer=world["society"].pk) == ["跨季调研", "春季协商"]
    assert topics(editor_client, organizer=world["culture"].pk) == ["春季协商"]


def test_filter_by_participating_member(editor_client, world):
    assert topics(editor_client, member=world["member"].pk) == ["跨季调研"]


def test_filter_by_status(editor_client, world):
    assert topics(editor_client, status="done") == ["跨季调研"]
    assert topics(editor_client, status="postponed") == ["全会期间协商"]
    assert topics(editor_client, status="cancelled") == []


def test_filter_by_text_in_topic_or_content(editor_client, world):
    assert topics(editor_client, q="视察") == ["下半年视察"]
    assert topics(editor_client, q="各界") == ["全会期间协商"]
    assert topics(editor_client, q="跨季") == ["跨季调研"]
    # Every activity but 全会期间协商 has the factory's content 围绕议题开展调研….
    assert topics(editor_client, q="开展调研") == ALL_IN_ORDER[:4]


def test_filters_combine(editor_client, world):
    assert topics(editor_client, year=2026, quarter=1, organizer=world["economy"].pk) == [
        "跨季调研",
        "春季协商",
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("month", "13"),
        ("quarter", "5"),
        ("year", "abc"),
        ("q", "长" * 101),
        ("organizer", "foreign"),
        ("member", "stranger"),
    ],
)
def test_bad_filter_input_is_explained_and_ignored(editor_client, world, field, value):
    if value in world:
        value = world[value].pk
    response = editor_client.get(reverse("calendars:list"), {field: value})
    assert response.status_code == 200
    assert list(response.context["filter"].form.errors) == [field]
    assert 'id="filter-errors"' in response.content.decode()
    assert [a.topic for a in response.context["page"].object_list] == ALL_IN_ORDER


def test_list_paginates_by_fifty(editor_client, committee):
    fill_plan(PlanFactory(committee=committee), 53)
    first = editor_client.get(reverse("calendars:list"))
    second = editor_client.get(reverse("calendars:list"), {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 3
    assert first.context["page"].paginator.count == 53


# --- the Excel download ----------------------------------------------------------


def download(client, **query):
    response = client.get(reverse("calendars:list_xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_download_has_the_filtered_rows_in_order(editor_client, world):
    response = editor_client.get(reverse("calendars:list_xlsx"), {"type": world["research"].pk})
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%B4%BB%E5%8A%A8%E6%B8%85%E5%8D%95.xlsx"
    )
    _, rows = download(editor_client, type=world["research"].pk)
    assert rows == [
        ["年度", "计划", "形式", "议题", "时间安排", "牵头单位", "状态"],
        [2025, "2025年工作要点", "重点调研", "盛夏调研", "7月15日", "市政协经济委员会", "计划中"],
        [2026, "2026年协商计划", "重点调研", "跨季调研", "2月至4月", "市政协社会委员会", "已完成"],
    ]


def test_download_lists_all_rows_not_just_the_page(editor_client, committee):
    fill_plan(PlanFactory(committee=committee), 53)
    _, rows = download(editor_client)
    assert len(rows) == 1 + 53


def test_download_keeps_formula_like_text_as_text(editor_client, committee):
    section = SectionFactory(plan=PlanFactory(committee=committee))
    ActivityFactory(section=section, position=1, topic="=1+1")
    ActivityFactory(section=section, position=2, topic="@SUM(A1)\x07响铃")
    sheet, rows = download(editor_client)
    assert [row[3] for row in rows[1:]] == ["=1+1", "@SUM(A1)响铃"]
    assert sheet["D2"].data_type == "s"


def test_download_is_cut_with_a_note(editor_client, world, monkeypatch):
    monkeypatch.setattr(search, "XLSX_MAX_ROWS", 2)
    _, rows = download(editor_client)
    assert [row[3] for row in rows[1:3]] == ALL_IN_ORDER[:2]
    assert rows[3] == ["仅列出前2项活动，请缩小筛选范围后再下载。", *[None] * 6]
    assert len(rows) == 4


def test_download_with_a_bad_filter_goes_back_to_the_list(editor_client, world):
    response = editor_client.get(reverse("calendars:list_xlsx"), {"month": "13", "year": "2026"})
    assert response.status_code == 302
    assert response.url == reverse("calendars:list") + "?month=13&year=2026"


def test_outsider_downloads_only_their_committees_activities(client, outsider, world):
    client.force_login(outsider)
    _, rows = download(client)
    assert [row[3] for row in rows[1:]] == ["乙市的协商"]


# --- query count -------------------------------------------------------------------

# 1. session  2. user  3. staff roles  4. committee tree (the user's scope)
# 5. count of activities (paginator)  6. the page of activities with section, plan,
# committee, type, lead organizer and its parent  7. activity types for the filter
# 8. committees for the organizer filter  9. members for the member filter
LIST_QUERIES = 9


@pytest.mark.parametrize("activity_count", [5, 60])
def test_list_queries_do_not_grow_with_activities(
    editor_client, committee, django_assert_num_queries, activity_count
):
    fill_plan(PlanFactory(committee=committee), activity_count)
    with django_assert_num_queries(LIST_QUERIES):
        response = editor_client.get(reverse("calendars:list"))
    assert len(response.context["page"].object_list) == min(activity_count, 50)
    assert response.content.decode().count("<td>市政协第") == min(activity_count, 50)


# 1. session  2. user  3. staff roles  4. committee tree  5. the activities, joined as above
# 6. the audit log's export event
XLSX_QUERIES = 6


@pytest.mark.parametrize("activity_count", [5, 60])
def test_download_queries_do_not_grow_with_activities(
    editor_client, committee, django_assert_num_queries, activity_count
):
    fill_plan(PlanFactory(committee=committee), activity_count)
    with django_assert_num_queries(XLSX_QUERIES):
        response = editor_client.get(reverse("calendars:list_xlsx"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1 + activity_count
