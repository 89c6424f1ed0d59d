"""The plan as a Word document (.docx) that users can go on editing in Word or WPS.

Same structure and wording as the printed plan (templates/pdf/plan.html): title,
document number, preamble, numbered sections, activities, issue date and the
appendix table. Every paragraph carries a named style (计划标题, 一级标题 … 正文),
so changing a level's look is one style edit; the heading styles are based on
Word's Heading 1–4, so the navigation pane shows the outline. Fonts are named,
not embedded: the machine that opens the file supplies them (docs/exports.md).
"""

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from plans.kinds import Column, rules_for
from plans.models import Plan
from plans.outline import ActivityNode, SectionNode
from printing import stages
from printing.context import AppendixRow, draft_mark, plan_appendix, signature_indents

# Fonts by role (GB/T 9704-2012). Word picks the w:eastAsia font for Chinese text;
# `alternative` goes into the font table so that a machine without the
# government font substitutes the common one (仿宋 for 仿宋_GB2312) instead of 宋体.
LATIN = "Times New Roman"


@dataclass(frozen=True)
class Font:
    name: str
    alternative: str


FANGSONG = Font("仿宋_GB2312", "仿宋")
HEI = Font("黑体", "SimHei")
KAI = Font("楷体_GB2312", "楷体")
XIAOBIAOSONG = Font("方正小标宋简体", "宋体")
SONG = Font("宋体", "SimSun")

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(12)  # 小4号, as the PDF's appendix table
# 22 lines on the 225 mm type area.
LINE_PITCH = Pt(28.95)
# A Chinese character is as wide as the font is high: two of them indent a first line.
TWO_CHARACTERS = Pt(32)


@dataclass(frozen=True)
class StyleSpec:
    name: str  # what the user sees in Word's style gallery
    style_id: str  # ASCII, as Word writes its own ids
    font: Font
    base: str = "Normal"
    size: Pt = BODY_SIZE
    first_line_chars: int = 2
    alignment: int = WD_PARAGRAPH_ALIGNMENT.JUSTIFY
    keep_with_next: bool = False


TITLE = StyleSpec(
    "计划标题", "PlanTitle", XIAOBIAOSONG, size=TITLE_SIZE, first_line_chars=0,
    alignment=WD_PARAGRAPH_ALIGNMENT.CENTER, keep_with_next=True,
)  # fmt: skip
HEADINGS = {
    1: StyleSpec("一级标题", "PlanHeading1", HEI, base="Heading 1", keep_with_next=True),
    2: StyleSpec("二级标题", "PlanHeading2", KAI, base="Heading 2", keep_with_next=True),
    3: StyleSpec("三级标题", "PlanHeading3", FANGSONG, base="Heading 3", keep_with_next=True),
    4: StyleSpec("四级标题", "PlanHeading4", FANGSONG, base="Heading 4", keep_with_next=True),
}
BODY = StyleSpec("正文", "PlanBody", FANGSONG)
# A section without a heading prints as one paragraph in its level's face (一、围绕…).
LEAD_ITEMS = {
    1: StyleSpec("一级条目", "PlanItem1", HEI),
    2: StyleSpec("二级条目", "PlanItem2", KAI),
}
DOCUMENT_NUMBER = StyleSpec(
    "发文字号", "PlanDocumentNumber", FANGSONG, first_line_chars=0,
    alignment=WD_PARAGRAPH_ALIGNMENT.CENTER,
)  # fmt: skip
ISSUE_DATE = StyleSpec(
    "成文日期", "PlanIssueDate", FANGSONG, first_line_chars=0,
    alignment=WD_PARAGRAPH_ALIGNMENT.RIGHT,
)  # fmt: skip
APPENDIX_LABEL = StyleSpec("附件标识", "PlanAppendixLabel", HEI, first_line_chars=0)
TABLE_TEXT = StyleSpec(
    "表格文字", "PlanTableText", FANGSONG, size=TABLE_SIZE, first_line_chars=0,
    alignment=WD_PARAGRAPH_ALIGNMENT.LEFT,
)  # fmt: skip
TABLE_HEADER = StyleSpec(
    "表头", "PlanTableHeader", HEI, size=TABLE_SIZE, first_line_chars=0,
    alignment=WD_PARAGRAPH_ALIGNMENT.CENTER,
)  # fmt: skip
ALL_STYLES = [
    TITLE, *HEADINGS.values(), BODY, *LEAD_ITEMS.values(), DOCUMENT_NUMBER, ISSUE_DATE,
    APPENDIX_LABEL, TABLE_TEXT, TABLE_HEADER,
]  # fmt: skip

# Shares of the text width, as the PDF's; scaled to fill it when a column is left out.
APPENDIX_WIDTHS = {
    "number": 0.09,
    "type_name": 0.17,
    "category": 0.17,
    "topic": 0.32,
    "schedule": 0.16,
    "lead": 0.26,
}

# Characters XML 1.0 cannot hold: lxml refuses them, so they are dropped.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_docx(plan: Plan, outline: list[SectionNode]) -> bytes:
    """The plan as a .docx file; reads only the given objects. Reports its stages (stages.py)."""
    stages.report(stages.PREPARING)
    document = Document()
    _set_up(document, plan)
    if mark := draft_mark(plan):
        _draft_mark(document, mark)
    labelled = rules_for(plan.kind).labelled
    stages.report(stages.LAYOUT)

    if plan.document_number:
        _paragraph(document, DOCUMENT_NUMBER, plan.document_number)
    _paragraph(document, TITLE, plan.title)
    for text in plan.preamble_paragraphs:
        _paragraph(document, BODY, text)
    for node in outline:
        _section(document, node, labelled=labelled)
    columns, rows = plan_appendix(plan, outline)
    if rows:  # 附件说明, a blank line below the text, as the PDF's attachment_note
        note = _paragraph(document, BODY, f"附件：{plan.title}安排表")
        note.paragraph_format.space_before = LINE_PITCH
    if plan.issue_date:
        _signature(document, plan)
    if rows:
        stages.report(stages.APPENDIX)
        _appendix(document, plan, columns, rows)

    stages.report(stages.WRITING)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _signature(document, plan: Plan) -> None:
    """发文机关署名 above 成文日期, placed as in the PDF (printing.context.signature_indents)."""
    date = plan.issue_date
    date_text = f"{date.year}年{date.month}月{date.day}日"
    issuer_indent, date_indent = signature_indents(plan.committee.name, date_text)
    issuer = _paragraph(document, ISSUE_DATE, plan.committee.name)
    issuer.paragraph_format.space_before = LINE_PITCH
    issuer.paragraph_format.keep_with_next = True
    issuer.paragraph_format.right_indent = int(BODY_SIZE * issuer_indent)
    dated = _paragraph(document, ISSUE_DATE, date_text)
    dated.paragraph_format.right_indent = int(BODY_SIZE * date_indent)


def _draft_mark(document, mark: str) -> None:
    """征求意见稿 at the top right of every page, in 3号 黑体, as the PDF has it."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
        run = paragraph.add_run(mark)
        run.font.size = BODY_SIZE
        run.font.name = LATIN
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEI.name)


def clean(text: str) -> str:
    """The text without the control characters XML cannot hold."""
    return XML_ILLEGAL.sub("", text)


# The plan's parts ------------------------------------------------------------


def _section(document, node: SectionNode, *, labelled: bool) -> None:
    section = node.section
    if section.heading:
        _paragraph(document, HEADINGS[node.level], f"{node.label}{node.heading_text}")
        if section.lead_phrase or node.opening:
            _runs(document, BODY, ("", section.lead_phrase, node.opening))
    else:
        style = LEAD_ITEMS.get(node.level, BODY)
        _runs(document, style, (node.label, section.lead_phrase, node.opening))
    for text in node.more_paragraphs:
        _paragraph(document, BODY, text)
    for item in node.activities:
        _activity(document, item, level=node.level, labelled=labelled)
    for child in node.children:
        _section(document, child, labelled=labelled)


def _activity(document, item: ActivityNode, *, level: int, labelled: bool) -> None:
    activity = item.activity
    if not labelled:
        # One run-in paragraph, as in print: 1.<b>议题。</b>内容
        _runs(document, BODY, (item.label, activity.topic.rstrip("。") + "。", activity.content))
        return
    topic = _paragraph(document, BODY, f"{item.label}{activity.topic}")
    topic.paragraph_format.keep_with_next = True
    for label, value in activity.printed_fields():
        _runs(document, BODY, ("", f"{label}：", value))


def _appendix(document, plan: Plan, columns: list[Column], rows: list[AppendixRow]) -> None:
    """附件: the table of the activities, on landscape pages, its header on each page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _paragraph(document, APPENDIX_LABEL, "附件")
    _paragraph(document, TITLE, f"{plan.title}安排表")

    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _keep_row_on_one_page(header, header=True)
    for cell, column in zip(header.cells, columns, strict=True):
        _cell_text(cell, TABLE_HEADER, column.heading)
    for number, appendix_row in enumerate(rows, start=1):
        row = table.add_row()
        _keep_row_on_one_page(row)
        for cell, column in zip(row.cells, columns, strict=True):
            text = str(number) if column.key == "number" else getattr(appendix_row, column.key)
            _cell_text(cell, TABLE_TEXT, text)
        row.cells[0].paragraphs[0].alignment = WD_PARAGRAPH_ALIGNMENT.CENTER

    text_width = section.page_width - section.left_margin - section.right_margin
    shares = [APPENDIX_WIDTHS[column.key] for column in columns]
    for column, share in zip(table.columns, shares, strict=True):
        width = int(text_width * share / sum(shares))
        column.width = width
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
            cell.width = width


# Paragraphs ------------------------------------------------------------------


def _paragraph(document, spec: StyleSpec, text: str):
    return document.add_paragraph(clean(text), style=document.styles[spec.name])


def _runs(document, spec: StyleSpec, parts: tuple[str, str, str]):
    """A paragraph of a label, a bold lead phrase and plain text; empty parts left out."""
    label, bold, plain = parts
    paragraph = document.add_paragraph(style=document.styles[spec.name])
    if label:
        paragraph.add_run(clean(label))
    if bold:
        paragraph.add_run(clean(bold)).bold = True
    if plain:
        paragraph.add_run(clean(plain))
    return paragraph


def _cell_text(cell, spec: StyleSpec, text: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[spec.name]
    paragraph.add_run(clean(text))


def _keep_row_on_one_page(row, *, header: bool = False) -> None:
    """A row never splits across pages; the header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()
    names = ["w:cantSplit", "w:tblHeader"] if header else ["w:cantSplit"]
    for name in names:
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)


# The document's set-up -------------------------------------------------------


def _set_up(document, plan: Plan) -> None:
    properties = document.core_properties
    properties.title = clean(plan.title)
    properties.author = ""
    properties.comments = ""
    properties.last_modified_by = ""

    _defaults(document)
    for level in HEADINGS:
        _forget_theme(document.styles[f"Heading {level}"])
    for spec in ALL_STYLES:
        _add_style(document, spec)
    for level, spec in HEADINGS.items():
        document.styles[spec.name].next_paragraph_style = document.styles[BODY.name]
        # Stated again on our own style so that WPS, which may not follow basedOn
        # for the outline, also lists the heading in its navigation pane.
        _outline_level(document.styles[spec.name], level - 1)
    _font_table(document)

    _page(document.sections[0], landscape=False)
    _page_numbers(document)


def _defaults(document) -> None:
    """Body text by default: FangSong 16 pt, Chinese language, exact line pitch."""
    normal = document.styles["Normal"]
    _fonts(normal, FANGSONG)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(language)
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH
    paragraph.widow_control = True


def _forget_theme(style) -> None:
    """Drop the base heading's theme fonts and colour, which would win over ours."""
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in {qn("w:rFonts"), qn("w:color"), qn("w:i"), qn("w:iCs")}:
            rpr.remove(child)


def _add_style(document, spec: StyleSpec) -> None:
    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = spec.style_id
    style.base_style = document.styles[spec.base]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    style.priority = 1
    font = style.font
    _fonts(style, spec.font)
    font.size = spec.size
    font.bold = False
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    paragraph = style.paragraph_format
    paragraph.alignment = spec.alignment
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH if spec.size <= BODY_SIZE else Pt(spec.size.pt * 1.5)
    paragraph.keep_with_next = spec.keep_with_next
    paragraph.first_line_indent = TWO_CHARACTERS * spec.first_line_chars // 2
    if spec.first_line_chars:
        # In characters too, so the indent follows a change of font size.
        ind = style.element.get_or_add_pPr().find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(spec.first_line_chars * 100))
    if spec is TITLE or spec is DOCUMENT_NUMBER:
        paragraph.space_after = LINE_PITCH  # one blank line, as in print
    if spec is ISSUE_DATE:
        paragraph.right_indent = TWO_CHARACTERS * 2
    if spec is TABLE_TEXT or spec is TABLE_HEADER:
        paragraph.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE


def _outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)


def _fonts(style, font: Font) -> None:
    """Latin text in Times New Roman, Chinese in the role's font, no theme fonts."""
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in list(rfonts.attrib):
        del rfonts.attrib[attribute]
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:cs"), LATIN)
    rfonts.set(qn("w:eastAsia"), font.name)


def _font_table(document) -> None:
    """Declare our fonts with a substitute, for machines that lack them."""
    part = next(
        p for p in document.part.package.iter_parts() if p.partname.endswith("fontTable.xml")
    )
    fonts = parse_xml(part.blob)
    for font in [FANGSONG, HEI, KAI, XIAOBIAOSONG, SONG]:
        fonts.append(
            parse_xml(
                f'<w:font xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                f' w:name="{font.name}"><w:altName w:val="{font.alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    # The font table is a plain Part, which keeps its bytes: python-docx has no API for it.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(section, *, landscape: bool) -> None:
    """A4 with the margins of GB/T 9704; the appendix turns the page, margins with it."""
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    top, bottom, left, right = Mm(37), Mm(35), Mm(28), Mm(26)
    if landscape:  # the binding edge (left on portrait) is now the top
        top, right, bottom, left = left, top, right, bottom
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    section.footer_distance = Mm(25)
    section.header_distance = Mm(15)


def _page_numbers(document) -> None:
    """— 1 — in 4号 Song: odd pages at the right, even pages at the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment in [
        (section.footer, WD_PARAGRAPH_ALIGNMENT.RIGHT),
        (section.even_page_footer, WD_PARAGRAPH_ALIGNMENT.LEFT),
    ]:
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        if alignment == WD_PARAGRAPH_ALIGNMENT.RIGHT:
            fmt.right_indent = PAGE_NUMBER_SIZE
        else:
            fmt.left_indent = PAGE_NUMBER_SIZE
        _page_number_run(paragraph, "— ")
        _page_field(paragraph)
        _page_number_run(paragraph, " —")


def _page_number_run(paragraph, text: str):
    run = paragraph.add_run(text)
    run.font.size = PAGE_NUMBER_SIZE
    run.font.name = LATIN
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SONG.name)
    return run


def _page_field(paragraph) -> None:
    """A PAGE field; its cached result "1" shows until the reader updates fields."""
    for kind, text in [
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ]:
        run = _page_number_run(paragraph, "")
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
