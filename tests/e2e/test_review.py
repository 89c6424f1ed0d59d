"""The review in the browser: the editor revises the issued city plan and submits it, the
leader comments and returns it, the editor fixes it and submits again, the leader approves
and issues it. The issued PDF has no draft mark, and the comparison between the 征求意见稿
and the 印发稿 shows the change."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from activities.models import Activity
from plans.models import Plan
from reviews.models import Comment, PlanRevision, Transition
from tests.e2e.conftest import screenshot
from tests.e2e.test_authoring import log_in

OLD_TOPIC_PART = "乡村振兴"


def log_out(page):
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_label("用户名")).to_be_visible()


def switch_to(page, live_server, username, plan):
    log_out(page)
    log_in(page, live_server, username)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")


def panel(page):
    return page.locator("#review")


def test_a_plan_goes_from_draft_to_issued_through_the_review(
    demo, live_server, page, csp_violations
):
    issued = Plan.objects.get(committee__name="政协河洛市委员会", year=2026)
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}{issued.get_absolute_url()}")
    expect(panel(page)).to_contain_text("这份计划已印发，不能再修改")
    expect(page.get_by_role("link", name="添加部分")).to_have_count(0)

    # The issued plan is changed through a revision: a draft copy.
    panel(page).get_by_role("button", name="发起修订").click()
    expect(page.locator("#messages")).to_contain_text("已开始修订")
    plan = PlanRevision.objects.get(source=issued).plan
    assert page.url.endswith(plan.get_absolute_url())
    activity = Activity.objects.filter(section__plan=plan, topic__contains=OLD_TOPIC_PART).first()
    old_topic = activity.topic
    new_topic = "加快推进乡村全面振兴"

    # The draft sent out for comments is kept as a version.
    panel(page).locator("#panel-version-name").fill("征求意见稿")
    panel(page).get_by_role("button", name="把当前文本保存为版本").click()
    expect(page.locator("#messages")).to_contain_text("版本“征求意见稿”已保存")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    panel(page).get_by_role("button", name="报审").click()
    expect(page.locator("#messages")).to_contain_text("计划已报审")
    expect(panel(page).locator("[aria-current=step]")).to_have_text("报审")
    expect(page.get_by_role("link", name="添加部分")).to_have_count(0)
    screenshot(page, "review-1-submitted")

    # The leader comments on an activity and returns the plan with reasons.
    switch_to(page, live_server, "leader", plan)
    expect(panel(page).get_by_role("button", name="审定")).to_be_visible()
    page.locator(f"#activity-{activity.pk}").get_by_role("link", name="批注").click()
    expect(page.locator(".comment-target")).to_contain_text(old_topic)
    page.get_by_label("意见").fill("议题请写得更具体，突出“全面振兴”。")
    page.get_by_role("button", name="提交意见").click()
    expect(page.locator(f"#activity-{activity.pk}")).to_contain_text("议题请写得更具体")
    panel(page).get_by_label("需要修改的地方（必填）").fill("请按批注修改第一项活动的议题。")
    screenshot(page, "review-2-leader-returns")
    panel(page).get_by_role("button", name="退回修改").click()
    expect(page.locator("#messages")).to_contain_text("计划已退回起草人员修改")
    expect(panel(page).locator("[aria-current=step]")).to_have_text("草稿")

    # The editor sees the reasons and the comment, fixes the topic, resolves, resubmits.
    switch_to(page, live_server, "editor", plan)
    expect(panel(page).locator(".return-note")).to_contain_text("请按批注修改第一项活动的议题。")
    box = page.locator(f"#activity-{activity.pk}")
    expect(box.locator(".review-comment")).to_contain_text("议题请写得更具体")
    screenshot(page, "review-3-editor-sees-comments")
    box.get_by_role("link", name="编辑").click()
    form = page.locator("form.activity-form")
    form.locator("#id_topic").fill(new_topic)
    form.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#outline")).to_contain_text(new_topic)
    page.locator(f"#activity-{activity.pk}").get_by_role("button", name="标记为已处理").click()
    expect(page.locator(f"#activity-{activity.pk} .review-comment")).to_have_count(0)
    assert not Comment.objects.get().is_open
    panel(page).get_by_role("button", name="报审").click()
    expect(page.locator("#messages")).to_contain_text("计划已报审")

    # The leader approves and issues it.
    switch_to(page, live_server, "leader", plan)
    # Both steps say what they do and want the leader's tick first.
    panel(page).get_by_role("checkbox", name="我确认：审定后计划不能再修改").check()
    panel(page).get_by_role("button", name="审定").click()
    expect(page.locator("#messages")).to_contain_text("计划已审定")
    panel(page).get_by_label("文号").fill("河洛政协〔2026〕9号")
    panel(page).get_by_label("成文日期").fill("2026-03-02")
    panel(page).get_by_role("checkbox", name="我确认：按现有文本印发").check()
    panel(page).get_by_role("button", name="印发").click()
    expect(page.locator("#messages")).to_contain_text("计划已印发")
    expect(panel(page).locator("[aria-current=step]")).to_have_text("印发")
    screenshot(page, "review-4-issued")
    assert list(Transition.objects.filter(plan=plan).values_list("action", "user__username")) == [
        ("submit", "editor"),
        ("return", "leader"),
        ("submit", "editor"),
        ("approve", "leader"),
        ("issue", "leader"),
    ]
    # Each step's version is named as its paper was marked; the second 报审 is numbered.
    names = set(plan.versions.values_list("name", flat=True))
    assert {"送审稿", "送审稿（二）", "审定稿", "印发稿"} <= names

    # The issued PDF carries no draft mark and has the corrected topic.
    # PDFs are made by a background job (jobs app): its page offers the file when ready.
    page.get_by_role("button", name="下载").click()
    page.get_by_role("link", name="PDF", exact=True).click()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "done", timeout=120_000)
    with page.expect_download() as download:
        status.get_by_role("link", name="下载").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = re.sub(r"\s+", "", "".join(sheet.extract_text() for sheet in pdf.pages))
    assert "河洛政协〔2026〕9号" in text
    assert new_topic in text
    assert "征求意见稿" not in text

    # The comparison of 征求意见稿 and 印发稿 shows the change, and prints.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    panel(page).get_by_role("link", name="版本").first.click()
    page.locator("input[name=old][aria-label='征求意见稿']").check()
    page.locator("input[name=new][aria-label='印发稿']").check()
    page.get_by_role("button", name="对照所选的两个文本").click()
    expect(page.locator(".compare-title")).to_contain_text("征求意见稿")
    expect(page.locator(".compare-title")).to_contain_text("印发稿")
    changed = page.locator(".change").filter(has_text=new_topic)
    expect(changed).to_contain_text("议题")
    expect(changed.locator(".diff-old")).to_contain_text(old_topic)
    expect(changed.locator(".diff-new ins").first).to_be_visible()
    screenshot(page, "review-5-comparison")
    page.emulate_media(media="print")
    expect(page.locator(".compare-chooser")).to_be_hidden()
    expect(page.locator(".app-navbar")).to_be_hidden()
    screenshot(page, "review-6-comparison-print")
    assert csp_violations == []
