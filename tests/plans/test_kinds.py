"""Each kind of plan decides its numbering, warnings, appendix and usual title (plans.kinds)."""

import datetime
import io

import pytest
from docx import Document

from activities.selectors import plan_outline
from plans.kinds import KINDS, PlanKind, rules_for, usual_title
from plans.models import Plan
from plans.warnings import plan_warnings
from printing.context import print_context
from printing.docx import render_docx
from printing.pdf import build_pdf
from tests.factories import (
    ActivityFactory,
    CommitteeFactory,
    PlanFactory,
    SectionFactory,
    SpecialCommitteeFactory,
)
from tests.printing.test_pdf import flat, poppler

pytestmark = pytest.mark.django_db

UNSCHEDULED = {"schedule_kind": "none", "month": None}


def key_points(*, timed: bool = False) -> Plan:
    """A 工作要点 of two parts whose items carry no time or organizer (one, if `timed`)."""
    committee = CommitteeFactory(name="政协清源县委员会")
    SpecialCommitteeFactory(parent=committee, name="提案委员会")
    plan = PlanFactory(committee=committee, kind=Plan.Kind.KEY_POINTS, title="县政协工作要点")
    for part in ("围绕中心建言资政", "加强自身建设"):
        section = SectionFactory(plan=plan, heading=part)
        for topic in ("深化协商议政", "加强民主监督"):
            ActivityFactory(section=section, topic=f"{part}{topic}", **UNSCHEDULED)
    if timed:
        ActivityFactory(section=section, topic="举办委员培训班", month=6)
    return plan


def kinds_of(warnings) -> set[str]:
    return {warning.kind for warning in warnings}


def test_every_kind_has_rules_and_a_title_pattern():
    assert set(KINDS) == set(PlanKind.values)
    assert (
        usual_title("政协河洛市委员会", 2027, PlanKind.KEY_POINTS)
        == "政协河洛市委员会2027年工作要点"
    )
    assert (
        usual_title("政协河洛市委员会", 2027, PlanKind.CONSULTATION)
        == "政协河洛市委员会2027年度协商工作计划"
    )
    assert usual_title("县政协", 2027, PlanKind.PROJECT_PLAN) == "县政协2027年工作项目计划书"


def test_work_key_points_get_no_warning_for_items_without_time_or_organizer():
    plan = key_points()
    special = plan.committee.children.all()

    warnings = plan_warnings(plan, plan_outline(plan), special)

    assert kinds_of(warnings) & {"time", "organizer", "idle"} == set()
    assert warnings == []


def test_a_consultation_plan_is_warned_of_the_same_items():
    plan = key_points()
    plan.kind = Plan.Kind.CONSULTATION
    special = plan.committee.children.all()

    warnings = plan_warnings(plan, plan_outline(plan), special)

    assert [w.kind for w in warnings].count("time") == 4
    assert {"time", "organizer"} <= kinds_of(warnings)


def test_a_timed_key_point_is_still_checked_for_weekends():
    plan = key_points()
    section = plan.sections.first()
    ActivityFactory(
        section=section,
        topic="周日开会",
        schedule_kind="date",
        month=None,
        start_date=datetime.date(2026, 6, 7),
    )
    warnings = plan_warnings(plan, plan_outline(plan), [])
    assert kinds_of(warnings) == {"weekend"}


def test_work_key_points_print_no_appendix_when_no_item_has_a_time():
    plan = key_points()
    context = print_context(plan, plan_outline(plan))
    assert context["appendix"] == []

    text = flat(poppler("pdftotext", build_pdf(plan, plan_outline(plan))))
    assert "附件" not in text
    assert "安排表" not in text
    document = Document(io.BytesIO(render_docx(plan, plan_outline(plan))))
    assert document.tables == []


def test_work_key_points_list_their_timed_items_without_empty_columns():
    plan = key_points(timed=True)

    context = print_context(plan, plan_outline(plan))

    assert [row.topic for row in context["appendix"]] == ["举办委员培训班"]
    # No organizer anywhere, and work key points have no 形式 column.
    assert [column.heading for column in context["appendix_columns"]] == [
        "序号",
        "工作事项",
        "时间安排",
    ]
    document = Document(io.BytesIO(render_docx(plan, plan_outline(plan))))
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "工作事项", "时间安排"]
    assert [cell.text for cell in table.rows[1].cells] == ["1", "举办委员培训班", "6月"]


def test_work_key_points_run_their_numbers_on_across_the_parts():
    plan = key_points()
    labels = [item.label for node in plan_outline(plan) for item in node.activities]
    assert labels == ["1.", "2.", "3.", "4."]
    plan.kind = Plan.Kind.WORK_PLAN
    labels = [item.label for node in plan_outline(plan) for item in node.activities]
    assert labels == ["1.", "2.", "1.", "2."]


def test_a_project_plan_names_each_project_s_category_and_counts_them():
    plan = PlanFactory(kind=Plan.Kind.PROJECT_PLAN)
    part = SectionFactory(plan=plan, heading="重点工作项目")
    platform = SectionFactory(plan=plan, parent=part, heading="平台建设类项目", show_count=True)
    research = SectionFactory(plan=plan, parent=part, heading="调研履职类项目", show_count=True)
    ActivityFactory.create_batch(2, section=platform, month=3)
    ActivityFactory(section=research, topic="乡村振兴调研", month=5)

    outline = plan_outline(plan)
    context = print_context(plan, outline)

    assert [child.heading_text for child in outline[0].children] == [
        "平台建设类项目（2个）",
        "调研履职类项目（1个）",
    ]
    assert [column.heading for column in context["appendix_columns"]] == [
        "序号",
        "类别",
        "项目名称",
        "时间安排",
    ]
    assert [row.category for row in context["appendix"]] == [
        "平台建设类项目",
        "平台建设类项目",
        "调研履职类项目",
    ]
    # Projects are numbered on across the categories.
    assert [item.label for child in outline[0].children for item in child.activities] == [
        "1.",
        "2.",
        "3.",
    ]


def test_a_consultation_plan_always_prints_its_appendix_with_the_form_column():
    plan = key_points()
    plan.kind = Plan.Kind.CONSULTATION

    context = print_context(plan, plan_outline(plan))

    assert len(context["appendix"]) == 4
    assert [column.heading for column in context["appendix_columns"]] == [
        "序号",
        "形式",
        "议题",
    ]
    assert rules_for(plan.kind).labelled
