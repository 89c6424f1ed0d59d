"""The editor sees scheduling warnings appear as the plan is written, without reloading."""

from playwright.sync_api import expect

from organisation.models import Member
from plans.models import Plan, Section
from tests.e2e.conftest import screenshot
from tests.e2e.test_authoring import add_activity, log_in


def test_editor_sees_a_member_conflict_and_a_holiday(demo, live_server, page, csp_violations):
    plan = Plan.objects.get(committee__name="政协河洛市委员会", year=2026)
    # The demo plan is issued, and issued plans are read-only (docs/review.md).
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    section = Section.objects.get(plan=plan, heading="措施保障")
    member = Member.objects.filter(memberships__committee=plan.committee).order_by("pk").first()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    panel = page.locator("#warnings-panel")
    expect(panel).to_be_visible()
    expect(panel).not_to_contain_text(member.name)
    page.evaluate("window.notReloaded = true")

    for topic, schedule in [
        (
            "走访调研基层协商",
            {"kind": "range", "start_date": "2026-06-08", "end_date": "2026-06-10"},
        ),
        ("座谈听取意见", {"kind": "date", "start_date": "2026-06-09"}),
    ]:
        form = add_activity(page, section.pk, type_name="专题调研", topic=topic, schedule=schedule)
        form.locator("#id_participants-0-kind").select_option("members")
        form.locator("#id_participants-0-members").select_option(str(member.pk))
        form.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator(f"#section-{section.pk}")).to_contain_text(topic)

    expect(panel).to_contain_text(f"{member.name}同时安排参加两项活动")
    screenshot(page, "warnings-1-member-conflict")

    form = add_activity(
        page,
        section.pk,
        type_name="专题座谈会",
        topic="国庆期间走访慰问",
        schedule={"kind": "date", "start_date": "2026-10-01"},
    )
    form.get_by_role("button", name="保存", exact=True).click()
    expect(panel).to_contain_text("“国庆期间走访慰问”安排在法定节假日")
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "warnings-2-holiday")

    page.get_by_role("link", name="检查计划").first.click()
    expect(page.locator("body")).to_contain_text("安排在法定节假日")
    assert csp_violations == []
