"""The plan list, the editor's section actions and the plan details form, through the client."""

import pytest
from django.urls import reverse

from plans.models import Plan, Section
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plan(committee):
    plan = PlanFactory(committee=committee, kind="work_plan", title="2026年工作计划")
    SectionFactory(plan=plan, position=1, heading="总体要求")
    SectionFactory(plan=plan, position=2, heading="主要任务")
    return plan


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def headings(plan) -> list[tuple[int | None, int, str]]:
    return list(
        Section.objects.filter(plan=plan)
        .order_by("parent_id", "position")
        .values_list("parent_id", "position", "heading")
    )


# --- the plan list ---------------------------------------------------------------


def test_list_shows_only_plans_of_the_users_committees_with_activity_counts(
    editor_client, plan, other_committee
):
    ActivityFactory(section=plan.sections.first(), position=1)
    ActivityFactory(section=plan.sections.first(), position=2)
    PlanFactory(committee=other_committee, title="别人的计划")
    page = editor_client.get(reverse("editor:list")).content.decode()
    assert "2026年工作计划" in page
    assert "别人的计划" not in page
    assert list(editor_client.get(reverse("editor:list")).context["page"].object_list) == [plan]
    assert editor_client.get(reverse("editor:list")).context["page"][0].activity_count == 2


def test_list_filters_by_year_kind_status_and_text(editor_client, committee):
    PlanFactory(committee=committee, year=2025, kind="key_points", title="2025年工作要点")
    PlanFactory(committee=committee, year=2026, kind="consultation", title="2026年协商计划")

    def titles(**query):
        response = editor_client.get(reverse("editor:list"), query)
        return [plan.title for plan in response.context["page"].object_list]

    assert titles(year=2025) == ["2025年工作要点"]
    assert titles(kind="consultation") == ["2026年协商计划"]
    assert titles(q="要点") == ["2025年工作要点"]
    assert titles(status="issued") == []
    assert titles(committee=committee.pk) == ["2026年协商计划", "2025年工作要点"]


@pytest.mark.parametrize(
    "query",
    [{"year": "abc"}, {"year": "99999"}, {"kind": "<script>"}, {"committee": "999999"}],
)
def test_list_explains_a_bad_filter(editor_client, committee, query):
    PlanFactory(committee=committee)
    response = editor_client.get(reverse("editor:list"), query)
    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert "请修正上面的筛选条件" in response.content.decode()
    assert len(response.context["page"].object_list) == 1


def test_list_paginates(editor_client, committee):
    for number in range(25):
        PlanFactory(committee=committee, title=f"计划{number:02d}")
    first = editor_client.get(reverse("editor:list"))
    second = editor_client.get(reverse("editor:list"), {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert editor_client.get(reverse("editor:list"), {"page": "x"}).context["page"].number == 1


def test_home_sends_anonymous_visitors_to_a_chinese_login(client):
    response = client.get(reverse("editor:list"), follow=True)
    page = response.content.decode()
    assert "登录" in page
    assert "用户名" in page


# --- sections --------------------------------------------------------------------


def test_add_a_section_without_javascript(editor_client, plan):
    url = reverse("editor:section_create", args=[plan.pk])
    response = editor_client.post(url, {"heading": "保障措施"})
    added = Section.objects.get(heading="保障措施")
    assert response.status_code == 302
    assert response.url == f"{plan.get_absolute_url()}#section-{added.pk}"
    assert headings(plan)[-1] == (None, 3, "保障措施")


def test_add_a_sub_section_with_htmx_returns_the_numbered_outline(editor_client, plan):
    parent = plan.sections.get(heading="主要任务")
    url = reverse("editor:section_create", args=[plan.pk])
    response = editor_client.post(url, {"heading": "加强学习", "parent": parent.pk}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<div id="outline"' in page
    assert "（一）加强学习" in page
    assert "已添加" in page


def test_section_form_opens_in_place_for_htmx(editor_client, plan):
    section = plan.sections.get(heading="总体要求")
    response = editor_client.get(reverse("editor:section_edit", args=[section.pk]), headers=HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith("<form")
    assert 'value="总体要求"' in page
    assert "<html" not in page


def test_a_rejected_section_keeps_what_was_typed_and_replaces_only_itself(editor_client, plan):
    url = reverse("editor:section_create", args=[plan.pk])
    before = headings(plan)
    response = editor_client.post(url, {"heading": "", "body": "正文保留"}, headers=HTMX)
    page = response.content.decode()
    assert response.headers["HX-Retarget"] == "this"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "正文保留" in page
    assert "请填写标题或引导语" in page
    assert headings(plan) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"heading": "长" * 201}, "不超过 200 字符"),
        ({"heading": "标题\x07响铃"}, "不可见的控制字符"),
        ({"heading": "标题\x00空"}, "不允许是用空字符串"),
        ({"heading": "团结🤝奋进"}, "这些字符无法印出：🤝"),
        ({"lead_phrase": "引导语🎉"}, "这些字符无法印出：🎉"),
        ({"heading": "标题", "body": "正文\ue000私用区"}, "这些字符无法印出：U+E000"),
    ],
)
def test_bad_section_input_is_refused_with_a_message(editor_client, plan, data, message):
    before = headings(plan)
    response = editor_client.post(reverse("editor:section_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert headings(plan) == before


def test_hostile_text_is_kept_and_shown_escaped(editor_client, plan):
    hostile = "<script>alert(1)</script>'; DROP TABLE plans_plan; --"
    editor_client.post(reverse("editor:section_create", args=[plan.pk]), {"heading": hostile})
    assert Section.objects.filter(heading=hostile).exists()
    page = editor_client.get(plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_parent_from_another_plan_is_refused(editor_client, plan, committee):
    foreign = SectionFactory(plan=PlanFactory(committee=committee), position=1)
    before = headings(plan)
    response = editor_client.post(
        reverse("editor:section_create", args=[plan.pk]),
        {"heading": "偷渡", "parent": foreign.pk},
        follow=True,
    )
    assert "上级部分不属于这个计划" in response.content.decode()
    assert headings(plan) == before
    assert not Section.objects.filter(heading="偷渡").exists()


def test_edit_a_section(editor_client, plan):
    section = plan.sections.get(heading="总体要求")
    url = reverse("editor:section_edit", args=[section.pk])
    # The version the form was shown with (editor.conflicts, tests/editor/test_conflicts.py).
    version = editor_client.get(url).context["edit"].token
    editor_client.post(
        url,
        {"heading": "指导思想", "body": "第一段\n第二段", "show_count": "on", "version": version},
    )
    section.refresh_from_db()
    assert (section.heading, section.paragraphs, section.show_count) == (
        "指导思想",
        ["第一段", "第二段"],
        True,
    )


def test_move_a_section_with_htmx(editor_client, plan):
    section = plan.sections.get(heading="主要任务")
    response = editor_client.post(
        reverse("editor:section_move", args=[section.pk]), {"move": "up"}, headers=HTMX
    )
    page = response.content.decode()
    assert page.index("一、主要任务") < page.index("二、总体要求")


def test_an_impossible_move_says_why_and_changes_nothing(editor_client, plan):
    section = plan.sections.get(heading="总体要求")
    before = headings(plan)
    response = editor_client.post(
        reverse("editor:section_move", args=[section.pk]), {"move": "indent"}, follow=True
    )
    assert "每一级的第一个部分不能降级" in response.content.decode()
    assert headings(plan) == before


def test_a_tampered_move_is_refused(editor_client, plan):
    section = plan.sections.get(heading="总体要求")
    before = headings(plan)
    response = editor_client.post(
        reverse("editor:section_move", args=[section.pk]), {"move": "1; DROP"}, follow=True
    )
    assert "未知的移动方式" in response.content.decode()
    assert headings(plan) == before


def test_delete_asks_first_without_javascript(editor_client, plan):
    section = plan.sections.get(heading="总体要求")
    url = reverse("editor:section_delete", args=[section.pk])
    confirm = editor_client.get(url).content.decode()
    assert "总体要求" in confirm
    assert Section.objects.filter(pk=section.pk).exists()
    editor_client.post(url)
    assert headings(plan) == [(None, 1, "主要任务")]


# --- plan details ---------------------------------------------------------------------


def test_edit_plan_details(editor_client, plan):
    url = reverse("editor:edit", args=[plan.pk])
    response = editor_client.post(
        url,
        {
            # The version the form was shown with (editor.conflicts).
            "version": editor_client.get(url).context["edit"].token,
            "title": "政协甲市委员会2026年工作计划",
            "year": "2026",
            "kind": "work_plan",
            "document_number": "甲政协〔2026〕1号",
            "issue_date": "2026-01-15",
            "preamble": "第一段。\n\n第二段。",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "政协甲市委员会2026年工作计划"
    assert plan.document_number == "甲政协〔2026〕1号"
    assert str(plan.issue_date) == "2026-01-15"
    assert plan.preamble_paragraphs == ["第一段。", "第二段。"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "这个字段是必填项"),
        ("year", "1999", "确保该值大于或等于2000"),
        ("year", "2101", "确保该值小于或等于2100"),
        ("year", "二〇二六", "输入整数"),
        ("issue_date", "2026-02-30", "输入一个有效的日期"),
        ("kind", "secret", "选择一个有效的选项"),
        ("title", "新标题🎉", "这些字符无法印出：🎉"),
        ("document_number", "甲政协〔2026〕1号🎉", "这些字符无法印出：🎉"),
        ("preamble", "第一段。\n\n第二段🎉。", "这些字符无法印出：🎉"),
    ],
)
def test_bad_plan_details_are_refused(editor_client, plan, field, value, message):
    data = {"title": "新标题", "year": "2026", "kind": "work_plan", field: value}
    response = editor_client.post(reverse("editor:edit", args=[plan.pk]), data)
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "2026年工作计划"


def test_each_activity_gets_its_own_toolbar_links(editor_client, plan):
    first = ActivityFactory(section=plan.sections.first(), position=1)
    second = ActivityFactory(section=plan.sections.first(), position=2)
    page = editor_client.get(plan.get_absolute_url()).content.decode()
    for activity in (first, second):
        for name in ("editor:activity_edit", "editor:activity_move", "editor:activity_delete"):
            assert f'href="{reverse(name, args=[activity.pk])}"' in page
        assert f'hx-target="#activity-{activity.pk}-slot"' in page
    assert "2147483647" not in page


def test_readers_get_no_toolbar(client, viewer, plan):
    activity = ActivityFactory(section=plan.sections.first(), position=1)
    client.force_login(viewer)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert activity.topic in page
    assert reverse("editor:activity_edit", args=[activity.pk]) not in page
