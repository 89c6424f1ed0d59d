"""Recording progress through the pages: status and members, outcomes, member records."""

import datetime
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Event
from progress.models import ActivityRecord, Attendance, Outcome
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    MembershipFactory,
    PlanFactory,
    SectionFactory,
)
from tests.progress.test_figures import attend, make_activity, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = datetime.date(2026, 8, 15)
    monkeypatch.setattr("progress.views.recording.timezone.localdate", lambda: day)
    return day


@pytest.fixture
def plan(committee):
    # Issued: the plan itself can no longer be edited, but its progress is recorded.
    return PlanFactory(committee=committee, year=2026, status="issued")


@pytest.fixture
def activity(plan):
    return ActivityFactory(section=SectionFactory(plan=plan), month=6, topic="乡村振兴专题协商")


@pytest.fixture
def members(committee):
    return [MembershipFactory(committee=committee).member for _ in range(3)]


def test_editor_records_an_issued_plans_activity_as_done(client, editor, activity, members):
    client.force_login(editor)
    url = reverse("progress:record", args=[activity.pk])
    form = client.get(url)
    assert form.status_code == 200
    # The members of the committee are offered, each with their sector.
    assert f"{members[0].name}（{members[0].sector.name}）" in form.content.decode()
    response = client.post(
        url,
        {
            "status": "done",
            "held_on": "2026-06-18",
            "notes": "召开专题协商会",
            "attendees": [members[0].pk, members[2].pk],
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("progress:activity", args=[activity.pk])
    activity.refresh_from_db()
    assert activity.status == "done"
    assert ActivityRecord.objects.get().held_on == datetime.date(2026, 6, 18)
    assert set(Attendance.objects.values_list("member", flat=True)) == {
        members[0].pk,
        members[2].pk,
    }
    page = client.get(response.url).content.decode()
    assert "已完成" in page
    assert "2026-06-18" in page
    assert "、".join(sorted([members[0].name, members[2].name])) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "postponed"}, "请说明活动推迟或取消的原因。"),
        ({"status": "done"}, "请填写活动的实际举办日期。"),
        ({"status": "done", "held_on": "2026-09-01"}, "已完成的活动，举办日期不能晚于今天。"),
        ({"status": "done", "held_on": "2031-01-01"}, "日期须在2026年或2027年内。"),
        ({"status": "done", "held_on": "not a date"}, "有效的日期"),
        ({"status": "done", "held_on": "2026-06-01", "notes": "x" * 5001}, "5000"),
        ({"status": "done", "held_on": "2026-06-01", "notes": "a\x01b"}, "控制字符"),
        ({"status": "done", "held_on": "2026-06-01", "notes": "开会🎉"}, "这些字符无法印出：🎉"),
        ({"status": "postponed", "reason": "下雨☔"}, "这些字符无法印出：☔"),
        ({"status": "done", "held_on": "2026-06-01", "attendees": [999999]}, "999999"),
        ({}, "这个字段是必填项。"),
    ],
)
def test_bad_progress_is_refused_in_chinese_and_changes_nothing(
    client, editor, activity, members, data, message
):
    client.force_login(editor)
    response = client.post(reverse("progress:record", args=[activity.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned"
    assert ActivityRecord.objects.count() == 0


def test_members_of_another_committee_are_not_offered(client, editor, activity, other_committee):
    stranger = MembershipFactory(committee=other_committee).member
    client.force_login(editor)
    url = reverse("progress:record", args=[activity.pk])
    assert stranger.name not in client.get(url).content.decode()
    response = client.post(
        url, {"status": "done", "held_on": "2026-06-01", "attendees": [stranger.pk]}
    )
    assert response.status_code == 200
    assert Attendance.objects.count() == 0


def test_outcomes_are_added_changed_and_deleted(client, editor, activity, members):
    client.force_login(editor)
    response = client.post(
        reverse("progress:outcome_create", args=[activity.pk]),
        {
            "kind": "public_opinion",
            "title": "关于农村供水的建议",
            "quantity": "4",
            "adopted": "1",
            "by_whom": "省政协",
            "members": [members[1].pk],
        },
    )
    assert response.status_code == 302
    saved = Outcome.objects.get()
    assert (saved.kind, saved.quantity, saved.adopted, saved.activity) == (
        "public_opinion",
        4,
        1,
        activity,
    )
    assert list(saved.members.all()) == [members[1]]

    edit = reverse("progress:outcome_edit", args=[saved.pk])
    form = client.get(edit).content.decode()
    assert re.search(rf'value="{members[1].pk}"[^>]*checked', form)
    assert not re.search(rf'value="{members[0].pk}"[^>]*checked', form)
    client.post(edit, {"kind": "public_opinion", "quantity": "5", "adopted": "2", "members": []})
    saved.refresh_from_db()
    assert (saved.quantity, saved.adopted, list(saved.members.all())) == (5, 2, [])

    response = client.post(reverse("progress:outcome_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert Outcome.objects.count() == 0
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "成果已删除。"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "research_report", "quantity": "1"}, "请填写报告标题。"),
        (
            {"kind": "inspection_report", "title": "视察报告", "quantity": "3"},
            "每篇报告请单独登记",
        ),
        ({"kind": "proposal", "quantity": "2", "adopted": "1"}, "只有社情民意信息统计被采用数"),
        ({"kind": "public_opinion", "quantity": "2", "adopted": "3"}, "被采用数不能多于报送数"),
        ({"kind": "proposal", "quantity": "0"}, "1"),
        ({"kind": "proposal", "quantity": "100000"}, "9999"),
        ({"kind": "rumour", "quantity": "1"}, "选择一个有效的选项"),
        ({"kind": "proposal", "quantity": "1", "title": "x" * 201}, "200"),
        ({"kind": "research_report", "quantity": "1", "title": "报告🎉"}, "这些字符无法印出：🎉"),
        (
            {"kind": "public_opinion", "quantity": "2", "adopted": "1", "by_whom": "省政协🎉"},
            "这些字符无法印出：🎉",
        ),
    ],
)
def test_bad_outcomes_are_refused_in_chinese(client, editor, activity, data, message):
    client.force_login(editor)
    data = {"adopted": "0", **data}
    response = client.post(reverse("progress:outcome_create", args=[activity.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Outcome.objects.count() == 0


def test_outsiders_cannot_touch_another_committees_outcomes(client, outsider, activity):
    saved = Outcome.objects.create(activity=activity, kind="proposal", quantity=1)
    client.force_login(outsider)
    assert client.get(reverse("progress:outcome_edit", args=[saved.pk])).status_code == 404
    assert client.post(reverse("progress:outcome_delete", args=[saved.pk])).status_code == 404
    assert Outcome.objects.count() == 1


def test_readers_see_the_record_but_no_forms(client, viewer, activity):
    outcome(activity, "research_report", title="关于乡村振兴的调研报告")
    client.force_login(viewer)
    page = client.get(reverse("progress:activity", args=[activity.pk])).content.decode()
    assert "关于乡村振兴的调研报告" in page
    assert reverse("progress:record", args=[activity.pk]) not in page
    assert 'enctype="multipart/form-data"' not in page


def test_hostile_text_is_escaped_on_the_record_page(client, editor, activity):
    hostile = '<script>alert("x")</script>'
    ActivityRecord.objects.create(activity=activity, notes=hostile, reason=hostile)
    outcome(activity, "research_report", title=hostile, by_whom=hostile)
    client.force_login(editor)
    page = client.get(reverse("progress:activity", args=[activity.pk])).content.decode()
    assert hostile not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_plan_editor_links_every_activity_to_its_progress(client, viewer, activity):
    client.force_login(viewer)
    page = client.get(reverse("editor:detail", args=[activity.section.plan_id])).content.decode()
    assert reverse("progress:activity", args=[activity.pk]) in page
    assert "进展：计划中" in page


# --- member records -----------------------------------------------------------------


@pytest.fixture
def records(committee, plan, members):
    """m0 attended twice and wrote a report and 3 proposals; m1 attended once and sent
    4 public-opinion reports, 1 adopted; m2 did nothing."""
    section = SectionFactory(plan=plan)
    first = make_activity(section, ActivityFactory().type, month=3, status="done",
                          held=datetime.date(2026, 3, 3))  # fmt: skip
    second = make_activity(section, first.type, month=4)
    attend(first, members[0], members[1])
    attend(second, members[0])
    outcome(first, "research_report", title="报告", members=[members[0]])
    outcome(first, "proposal", quantity=3, members=[members[0]])
    outcome(second, "public_opinion", quantity=4, adopted=1, members=[members[1]])
    # Another year: never counted in 2026.
    old = SectionFactory(plan=PlanFactory(committee=committee, year=2025))
    attend(make_activity(old, first.type, month=3), members[2])
    return members


def table(response) -> dict[str, tuple]:
    return {
        member.name: (member.attended, member.reports, member.proposals, member.opinions,
                      member.adopted)
        for member in response.context["page"].object_list
    }  # fmt: skip


def test_member_records_count_the_year(client, editor, committee, records):
    client.force_login(editor)
    response = client.get(reverse("progress:members", args=[committee.pk, 2026]))
    m0, m1, m2 = records
    assert table(response) == {
        m0.name: (2, 1, 3, 0, 0),
        m1.name: (1, 0, 0, 4, 1),
        m2.name: (0, 0, 0, 0, 0),
    }


@pytest.mark.parametrize(
    ("sort", "order"),
    [("attended", [0, 1, 2]), ("opinions", [1, 0, 2]), ("proposals", [0, 1, 2])],
)
def test_member_records_sort(client, editor, committee, records, sort, order):
    client.force_login(editor)
    response = client.get(reverse("progress:members", args=[committee.pk, 2026]), {"sort": sort})
    names = [member.name for member in response.context["page"].object_list]
    if sort == "proposals":
        # Ties are broken by name.
        assert names[0] == records[0].name
    else:
        assert names == [records[index].name for index in order]


def test_an_unknown_sort_falls_back_to_names(client, editor, committee, records):
    client.force_login(editor)
    response = client.get(
        reverse("progress:members", args=[committee.pk, 2026]), {"sort": "password"}
    )
    assert response.status_code == 200
    assert response.context["sort"] == "name"


def test_member_records_download_as_excel_with_formula_safe_cells(
    client, editor, committee, records
):
    records[0].name = '=HYPERLINK("http://evil")'
    records[0].save()
    client.force_login(editor)
    response = client.get(reverse("progress:members_xlsx", args=[committee.pk, 2026]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "界别", "工作单位及职务", "参加活动（次）")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name['=HYPERLINK("http://evil")'][3:] == (2, 1, 3, 0, 0)
    cell = next(c for c in sheet["A"] if c.value == '=HYPERLINK("http://evil")')
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    # Personal records leaving the system: in the audit log.
    event = Event.objects.get(kind=Event.Kind.EXPORT)
    assert (event.user, event.detail) == (editor, f"{committee.name}2026年委员履职档案 (xlsx)")


def test_one_members_year(client, viewer, records):
    client.force_login(viewer)
    response = client.get(reverse("progress:member", args=[records[0].pk, 2026]))
    assert response.status_code == 200
    record = response.context["record"]
    assert len(record.attended) == 2
    assert sorted(o.kind for o in record.outcomes) == ["proposal", "research_report"]


def test_a_member_of_another_committee_is_not_found(client, editor, other_committee):
    stranger = MembershipFactory(committee=other_committee).member
    client.force_login(editor)
    assert client.get(reverse("progress:member", args=[stranger.pk, 2026])).status_code == 404
    lonely = MemberFactory()
    assert client.get(reverse("progress:member", args=[lonely.pk, 2026])).status_code == 404


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_out_of_range_are_not_found(client, editor, committee, year):
    client.force_login(editor)
    assert client.get(reverse("progress:dashboard", args=[committee.pk, year])).status_code == 404
    assert client.get(reverse("progress:members", args=[committee.pk, year])).status_code == 404


def test_the_index_lists_the_committees_read(client, viewer, committee, other_committee, plan):
    client.force_login(viewer)
    page = client.get(reverse("progress:index")).content.decode()
    assert committee.name in page
    assert other_committee.name not in page
    assert reverse("progress:dashboard", args=[committee.pk, 2026]) in page
