"""An editor carries last year's plan into a new one and works on it in the browser;
an editor of the county committee finds no way to change the city's plan."""

import re

from playwright.sync_api import expect

from activities.models import Activity
from plans.models import Plan, Section
from tests.e2e.conftest import screenshot


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("cppcc-demo")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="计划", exact=True)).to_be_visible()


def activity_labels(page, section_pk) -> list[str]:
    """The printed numbers and topics of a section's activities, in order."""
    return page.locator(
        f"#section-{section_pk} .outline-activity .activity-topic"
    ).all_inner_texts()


def add_activity(page, section_pk, *, type_name, topic, schedule):
    page.locator(f"#section-{section_pk}-head").get_by_role("link", name="添加活动").click()
    form = page.locator("form.activity-form")
    expect(form).to_be_visible()
    form.locator("#id_type").select_option(label=type_name)
    form.locator("#id_topic").fill(topic)
    form.locator("#id_schedule_kind").select_option(schedule["kind"])
    for field, value in schedule.items():
        control = form.locator(f"#id_{field}")
        if field == "kind":
            continue
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    return form


def test_editor_copies_last_years_plan_and_edits_it(demo, live_server, page, csp_violations):
    log_in(page, live_server, "editor")
    screenshot(page, "authoring-1-plan-list")

    # Copy the 2026 consultation plan into 2027.
    page.get_by_role("link", name="新建计划").click()
    page.get_by_label("复制以往的计划").check()
    source = Plan.objects.get(committee__name="政协河洛市委员会", year=2026)
    page.locator("#id_source").select_option(str(source.pk))
    page.locator("#id_committee").select_option(label="政协河洛市委员会")
    page.locator("#id_year").fill("2027")
    screenshot(page, "authoring-2-new-plan-form")
    page.get_by_role("button", name="创建").click()

    # The copy still names 2026 and its session: the office reviews the replacements.
    expect(page.get_by_role("heading", name="文字改为新年度")).to_be_visible()
    expect(page.locator(".new-year-form")).to_contain_text("十四届三次全会")
    screenshot(page, "authoring-2b-new-year")
    page.get_by_role("button", name="替换所勾选的文字").click()
    expect(page.locator("#messages")).to_contain_text("已改为2027年的")
    expect(
        page.get_by_role("heading", name="政协河洛市委员会2027年度协商工作计划").first
    ).to_be_visible()
    plan = Plan.objects.get(committee__name="政协河洛市委员会", year=2027)
    assert plan.status == "draft"
    events = set(Activity.objects.filter(section__plan=plan).values_list("event", flat=True))
    assert "市政协十四届三次全会期间" in events
    assert "市政协十四届二次全会期间" not in events
    expect(page.locator("#outline")).to_contain_text("进一步加快乡村振兴步伐")

    # Add a part at the end: it is numbered after the four copied ones.
    page.get_by_role("link", name="添加部分").click()
    page.locator("form.section-form #id_heading").fill("工作要求")
    page.locator("form.section-form").get_by_role("button", name="保存").click()
    expect(page.locator("#outline")).to_contain_text("五、工作要求")
    section = Section.objects.get(plan=plan, heading="工作要求")
    screenshot(page, "authoring-3-part-added")

    # An activity with a date range; the form shows the printed wording as it is chosen.
    form = add_activity(
        page,
        section.pk,
        type_name="专题调研",
        topic="加强基层协商调研",
        schedule={"kind": "range", "start_date": "2027-04-19", "end_date": "2027-04-24"},
    )
    expect(form.locator(".schedule-preview")).to_contain_text("4月19日至24日")
    screenshot(page, "authoring-4-activity-form")
    form.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(f"#section-{section.pk}")).to_contain_text("时间安排：4月19日至24日")

    form = add_activity(
        page,
        section.pk,
        type_name="专题视察",
        topic="视察城乡供水保障",
        schedule={"kind": "month", "month": "5"},
    )
    form.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(f"#section-{section.pk} .outline-activity")).to_have_count(2)
    assert activity_labels(page, section.pk) == ["1.加强基层协商调研", "2.视察城乡供水保障"]

    # Move the second activity up: the numbers follow, without a page load.
    page.evaluate("window.notReloaded = true")
    second = page.locator(f"#section-{section.pk} .outline-activity").nth(1)
    second.get_by_role("button", name="上移").click()
    expect(page.locator(f"#section-{section.pk} .activity-topic").first).to_have_text(
        "1.视察城乡供水保障"
    )
    assert activity_labels(page, section.pk) == ["1.视察城乡供水保障", "2.加强基层协商调研"]
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "authoring-5-activity-moved")

    # The print preview shows the document as it will print.
    page.get_by_role("link", name="打印预览").click()
    expect(page.locator("h1.doc-title")).to_have_text("政协河洛市委员会2027年度协商工作计划")
    expect(page.locator("body")).to_contain_text("五、工作要求")
    expect(page.locator("body")).to_contain_text("时间安排：4月19日至24日")
    screenshot(page, "authoring-6-preview")
    assert csp_violations == []


def test_county_editor_cannot_change_the_city_plan(demo, live_server, page, csp_violations):
    city_plan = Plan.objects.get(committee__name="政协河洛市委员会", year=2026)
    section = Section.objects.filter(plan=city_plan).first()
    log_in(page, live_server, "editor2")
    expect(page.locator("table")).not_to_contain_text("政协河洛市委员会")
    expect(page.locator("table")).to_contain_text("政协清源县委员会")
    screenshot(page, "authoring-7-county-editor-list")

    for path in [
        city_plan.get_absolute_url(),
        f"/plans/{city_plan.pk}/edit/",
        f"/sections/{section.pk}/edit/",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", name="未找到")).to_be_visible()
    screenshot(page, "authoring-8-county-editor-not-found")
    assert re.search(r"/sections/\d+/edit/$", page.url)
    assert csp_violations == []
