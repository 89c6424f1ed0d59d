"""The Word and Excel documents of a plan: what reopens from the bytes."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.management import call_command

from activities.selectors import plan_outline
from plans.models import Plan
from plans.outline import activities_in_time_order, walk
from plans.text import plan_as_text
from printing.context import print_context
from printing.docx import render_docx
from printing.xlsx import render_xlsx
from tests.factories import ActivityFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db

HEADING_STYLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
XLSX_HEADER = (
    "序号", "部分", "形式", "议题", "内容", "时间安排", "参加人员", "组织实施", "牵头单位", "状态",
)  # fmt: skip
HOSTILE_TOPICS = ["=1+1", "@SUM(A1)", "+cmd", "-2", "\tx", "\rcmd", "<script>alert(1)</script>"]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def consultation(demo):
    """The demo's consultation plan: labelled activities, a document number and a date."""
    return Plan.objects.select_related("committee").get(kind=Plan.Kind.CONSULTATION)


@pytest.fixture
def key_points(demo):
    """The demo's work key points: run-in activities."""
    return Plan.objects.select_related("committee").get(kind=Plan.Kind.KEY_POINTS)


@pytest.fixture
def hostile_plan(db):
    plan = PlanFactory(title="测试<b>计划</b>", kind=Plan.Kind.CONSULTATION)
    section = SectionFactory(plan=plan, heading="协商议题")
    for position, topic in enumerate([*HOSTILE_TOPICS, "议题\x07甲"], start=1):
        ActivityFactory(section=section, position=position, topic=topic, month=position)
    return plan


def open_docx(plan):
    return docx.Document(io.BytesIO(render_docx(plan, plan_outline(plan))))


def open_xlsx(plan):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(plan, plan_outline(plan)))).active


def body_paragraphs(document):
    """The paragraphs before the appendix and the empty one that ends the portrait pages."""
    texts = [paragraph.text for paragraph in document.paragraphs]
    *body, section_break = texts[: texts.index("附件")]
    assert section_break == ""
    return body


# Word ------------------------------------------------------------------------


@pytest.mark.parametrize("plan_fixture", ["consultation", "key_points"])
def test_docx_reads_as_the_printed_plan(plan_fixture, request):
    plan = request.getfixturevalue(plan_fixture)
    document = open_docx(plan)

    expected = plan_as_text(plan, plan_outline(plan)).splitlines()
    if plan.document_number:  # above the title, as on paper
        expected.remove(plan.document_number)
        expected.insert(0, plan.document_number)
    if print_context(plan, plan_outline(plan))["appendix"]:
        expected.append(f"附件：{plan.title}安排表")
    if plan.issue_date:
        date = plan.issue_date
        expected += [plan.committee.name, f"{date.year}年{date.month}月{date.day}日"]
    assert body_paragraphs(document) == expected


def test_docx_headings_in_order_with_their_labels_and_styles(consultation):
    document = open_docx(consultation)

    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name in HEADING_STYLES.values()
    ]
    outline = plan_outline(consultation)
    assert headings == [
        (HEADING_STYLES[node.level], f"{node.label}{node.heading_text}")
        for node in walk(outline)
        if node.section.heading
    ]
    assert headings[:5] == [
        ("一级标题", "一、指导思想"),
        ("一级标题", "二、基本原则"),
        ("一级标题", "三、协商形式、议题、内容及时间安排"),
        ("二级标题", "（一）政协全委会协商（1个）"),
        ("二级标题", "（二）专题议政性常委会协商（2个）"),
    ]


def test_docx_paragraph_styles_as_designed(consultation):
    document = open_docx(consultation)
    paragraphs = document.paragraphs

    assert [(p.style.name, p.text) for p in paragraphs[:2]] == [
        ("发文字号", "河洛政协〔2026〕3号"),
        ("计划标题", "政协河洛市委员会2026年度协商工作计划"),
    ]
    assert paragraphs[2].style.name == "正文"
    # Lead items print their lead phrase bold.
    lead_item = next(p for p in paragraphs if p.text.startswith("（一）围绕中心"))
    assert lead_item.style.name == "二级条目"
    assert [(run.text, bool(run.bold)) for run in lead_item.runs][:2] == [
        ("（一）", False),
        ("围绕中心，服务大局。", True),
    ]
    field = next(p for p in paragraphs if p.text.startswith("协商内容："))
    assert (field.runs[0].text, field.runs[0].bold) == ("协商内容：", True)

    styles = document.styles
    for level, name in HEADING_STYLES.items():
        assert styles[name].base_style.name == f"Heading {level}"
    fonts = {
        name: styles[name].element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
        for name in ["计划标题", "一级标题", "二级标题", "三级标题", "正文"]
    }
    assert fonts == {
        "计划标题": "方正小标宋简体",
        "一级标题": "黑体",
        "二级标题": "楷体_GB2312",
        "三级标题": "仿宋_GB2312",
        "正文": "仿宋_GB2312",
    }
    assert styles["计划标题"].font.size.pt == 22
    assert styles["正文"].font.size.pt == 16
    assert styles["正文"].paragraph_format.first_line_indent.pt == 32


def test_docx_page_is_a4_with_official_margins_and_page_numbers(consultation):
    document = open_docx(consultation)
    page = document.sections[0]

    millimetres = [
        round(length.mm)
        for length in [
            page.page_width,
            page.page_height,
            page.top_margin,
            page.bottom_margin,
            page.left_margin,
            page.right_margin,
        ]
    ]
    assert millimetres == [210, 297, 37, 35, 28, 26]
    for footer in [page.footer, page.even_page_footer]:
        xml = footer.paragraphs[0]._p.xml
        assert "— " in xml
        assert " —" in xml
        assert "<w:instrText" in xml
        assert " PAGE " in xml
        assert footer.paragraphs[0].text == "— 1 —"


def test_docx_appendix_lists_every_activity_activities_in_time_order(consultation):
    document = open_docx(consultation)
    outline = plan_outline(consultation)

    (table,) = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "形式", "议题", "时间安排", "牵头单位"]
    items = activities_in_time_order(outline)
    assert (
        len(rows)
        == 1 + len(items)
        == 1 + consultation.sections.filter(activities__isnull=False).values("activities").count()
    )
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(items) + 1)]
    assert [row[2] for row in rows[1:]] == [item.activity.topic for item in items]
    months = [item.activity.first_month for item in items]
    scheduled = [month for month in months if month is not None]
    assert scheduled == sorted(scheduled)
    assert months == scheduled + [None] * (len(months) - len(scheduled))
    assert rows[1] == [
        "1",
        "全体会议协商",
        "加强人才建设，为经济高质量发展提供重要支撑",
        "市政协十四届二次全会期间",
        "市政协调研室",
    ]
    # The header row repeats on every page of the table.
    assert "<w:tblHeader" in table.rows[0]._tr.xml
    assert all("<w:cantSplit" in row._tr.xml for row in table.rows)


def test_time_order_puts_unscheduled_last_and_keeps_printed_order_within_a_month(db):
    plan = PlanFactory()
    section = SectionFactory(plan=plan)
    ActivityFactory(section=section, position=1, topic="无时间", schedule_kind="none", month=None)
    ActivityFactory(section=section, position=2, topic="五月甲", month=5)
    ActivityFactory(section=section, position=3, topic="三月", month=3)
    ActivityFactory(section=section, position=4, topic="五月乙", month=5)

    topics = [item.activity.topic for item in activities_in_time_order(plan_outline(plan))]

    assert topics == ["三月", "五月甲", "五月乙", "无时间"]


# Excel -----------------------------------------------------------------------


def test_xlsx_has_one_row_per_activity_activities_in_time_order(consultation):
    sheet = open_xlsx(consultation)
    outline = plan_outline(consultation)
    items = activities_in_time_order(outline)

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == XLSX_HEADER
    assert len(rows) == 1 + len(items)
    assert [row[0] for row in rows[1:]] == list(range(1, len(items) + 1))
    assert [row[3] for row in rows[1:]] == [item.activity.topic for item in items]
    assert rows[1] == (
        1,
        "三、协商形式、议题、内容及时间安排 / （一）政协全委会协商",
        "全体会议协商",
        "加强人才建设，为经济高质量发展提供重要支撑",
        "围绕培养、吸引、留住人才和发挥人才作用，以全委会议政的形式资政建言，"
        "着力打造区域人才高地。",
        "市政协十四届二次全会期间",
        "市党政有关领导、市直有关部门负责同志，全体市政协委员",
        "由市政协调研室组织实施",
        "市政协调研室",
        "已完成",  # the demo records the first half of the year as carried out
    )
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_xlsx_cells_are_strings_except_the_number(consultation):
    sheet = open_xlsx(consultation)

    for row in sheet.iter_rows(min_row=2):
        assert isinstance(row[0].value, int)
        for cell in row[1:]:
            # An empty value (no participants, say) is an empty cell.
            assert cell.value is None or (isinstance(cell.value, str) and cell.data_type == "s")
    filled = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row[1:] if cell.value]
    assert len(filled) > 100


def test_xlsx_stores_formula_like_text_as_text(hostile_plan):
    sheet = open_xlsx(hostile_plan)

    topics = {cell.value: cell for cell in sheet["D"][1:]}
    for topic in HOSTILE_TOPICS:
        cell = topics[topic]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (topic, "s", True)
    raw = zipfile.ZipFile(io.BytesIO(render_xlsx(hostile_plan, plan_outline(hostile_plan))))
    sheet_xml = raw.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    assert "&lt;script&gt;" in sheet_xml


def test_xlsx_and_docx_drop_control_characters(hostile_plan):
    sheet = open_xlsx(hostile_plan)
    document = open_docx(hostile_plan)

    assert "议题甲" in [cell.value for cell in sheet["D"]]
    assert "议题甲" in [row.cells[2].text for row in document.tables[0].rows]


def test_docx_writes_hostile_text_literally(hostile_plan):
    document = open_docx(hostile_plan)

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "测试<b>计划</b>"
    assert "1.=1+1" in texts
    assert "7.<script>alert(1)</script>" in texts
    assert "&lt;script&gt;" in document.element.xml


def test_renderers_do_not_query(consultation, django_assert_num_queries):
    outline = plan_outline(consultation)

    with django_assert_num_queries(0):
        render_docx(consultation, outline)
        render_xlsx(consultation, outline)
