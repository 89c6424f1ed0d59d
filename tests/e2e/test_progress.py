"""An editor records a postponed activity of the issued demo plan as done, with an outcome,
and sees the dashboard and the mid-year summary count it."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from activities.models import Activity
from organisation.models import Committee
from tests.e2e.conftest import screenshot
from tests.e2e.test_authoring import log_in

TOPIC = "推进军民融合产业园建设"
REPORT = "关于推进军民融合产业园建设的视察报告"


def tile(page, name: str):
    return page.locator(f'#figure-tiles [data-figure="{name}"] .figure-value, '
                        f'#outcome-tiles [data-figure="{name}"] .figure-value')  # fmt: skip


def test_editor_records_an_outcome_and_the_figures_follow(demo, live_server, page, csp_violations):
    city = Committee.objects.get(name="政协河洛市委员会")
    activity = Activity.objects.get(topic=TOPIC)
    log_in(page, live_server, "editor")

    # The dashboard as the demo leaves it: six of eighteen done, one postponed.
    page.get_by_role("link", name="工作进展", exact=True).click()
    page.get_by_role("row", name=re.compile(city.name)).get_by_role("link", name="2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{city.name}2026年工作进展")
    expect(tile(page, "planned")).to_have_text("18")
    expect(tile(page, "done")).to_have_text("6")
    expect(tile(page, "postponed")).to_have_text("1")
    expect(page.locator("#changed-table")).to_contain_text(TOPIC)
    # The charts are drawn on the server, their labels in the vendored face.
    expect(page.locator("svg.pygal-chart")).to_have_count(3)
    expect(page.locator("#chart-type text", has_text="重点视察").first).to_be_visible()
    inspections = int(page.locator('#outcome-tiles [data-figure="report"] .figure-value').nth(1)
                      .inner_text())  # fmt: skip
    screenshot(page, "progress-1-dashboard")

    page.get_by_role("link", name="工作总结：上半年").click()
    expect(page.locator("article.page")).to_contain_text("已完成6项")
    screenshot(page, "progress-2-summary-before")

    # From the issued plan (no longer editable), to the activity's progress.
    page.goto(f"{live_server.url}{activity.section.plan.get_absolute_url()}")
    page.locator(f"#activity-{activity.pk}").get_by_role("link", name="进展：已推迟").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)
    page.get_by_role("link", name="记录进展").click()
    page.get_by_label("状态").select_option("done")
    page.get_by_label("举办日期").fill("2026-05-20")
    page.get_by_label("开展情况").fill("组织委员实地视察产业园建设。")
    page.get_by_label("王建国（中共）").check()
    page.get_by_label("李秀兰（民革）").check()
    screenshot(page, "progress-3-record-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert")).to_contain_text("进展已保存。")
    expect(page.locator("#activity-status")).to_have_text("已完成")
    expect(page.locator("#attendees")).to_contain_text("王建国")

    page.get_by_role("link", name="添加成果").click()
    page.get_by_label("类别").select_option("inspection_report")
    page.get_by_label("标题").fill(REPORT)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#outcome-table")).to_contain_text(REPORT)
    screenshot(page, "progress-4-activity")

    # The dashboard and the summary count it.
    page.goto(f"{live_server.url}/progress/committees/{city.pk}/2026/")
    expect(tile(page, "done")).to_have_text("7")
    expect(tile(page, "postponed")).to_have_text("0")
    expect(page.locator('#outcome-tiles [data-figure="report"] .figure-value').nth(1)).to_have_text(
        str(inspections + 1)
    )
    screenshot(page, "progress-5-dashboard-after")
    page.get_by_role("link", name="工作总结：上半年").click()
    summary = page.locator("article.page")
    expect(summary).to_contain_text("已完成7项")
    expect(summary).to_contain_text(f"形成视察报告《{REPORT}》")
    expect(summary).not_to_contain_text("推迟和取消的活动")
    screenshot(page, "progress-6-summary-after")

    # The summary's PDF is made by a background job, and counts the same.
    page.get_by_role("link", name="下载PDF").click()
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "done", timeout=120_000)
    with page.expect_download() as download:
        status.get_by_role("link", name="下载").click()
    assert download.value.suggested_filename == f"{city.name}2026年上半年工作总结.pdf"
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = re.sub(r"\s+", "", "".join(sheet.extract_text() for sheet in pdf.pages))
    assert "已完成7项" in text
    assert REPORT in text
    assert csp_violations == []
