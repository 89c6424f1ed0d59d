"""An administrator sets up a special committee and finds the demo plan, in Chinese."""

from playwright.sync_api import expect

from organisation.models import Committee
from tests.e2e.conftest import screenshot


def sign_in(page, live_server, username="admin"):
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_label("用户名")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("cppcc-demo")
    page.get_by_role("button", name="登录").click()


def test_administrator_adds_a_special_committee(demo, live_server, page, csp_violations):
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="系统管理")).to_be_visible()
    screenshot(page, "admin-index")

    page.get_by_role("link", name="委员会", exact=True).first.click()
    expect(page.get_by_role("link", name="政协河洛市委员会")).to_be_visible()
    page.get_by_role("link", name="增加 委员会").click()
    page.get_by_label("名称").fill("社会法制和民族宗教委员会")
    page.get_by_label("层级").select_option(label="市级")
    page.get_by_label("类别").select_option(label="专门委员会")
    # The parent is a select2 autocomplete: open it, type, pick.
    page.locator(".field-parent .select2-selection").click()
    page.locator(".select2-search__field").fill("河洛")
    page.get_by_role("option", name="政协河洛市委员会").click()
    page.get_by_label("排序").fill("50")
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("成功")
    screenshot(page, "admin-committee-added")
    body = Committee.objects.get(name="社会法制和民族宗教委员会")
    assert body.parent.name == "政协河洛市委员会"
    assert body.kind == "special"
    assert csp_violations == []


def test_administrator_reads_the_demo_activities(demo, live_server, page, csp_violations):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/admin/activities/activity/?q=乡村振兴")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("进一步加快乡村振兴步伐")
    expect(row).to_contain_text("6月")
    row.get_by_role("link").first.click()
    expect(page.locator("#id_topic")).to_have_value("进一步加快乡村振兴步伐")
    screenshot(page, "admin-activity")
    assert csp_violations == []


def test_a_committee_login_is_kept_out_of_the_admin(demo, live_server, page):
    sign_in(page, live_server, username="editor")
    expect(page.locator(".errornote")).to_be_visible()
    assert "/admin/login/" in page.url
