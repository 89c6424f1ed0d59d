"""The summary (工作总结) as PDF and as Word, in the plans' official layout.

Both take a `SummaryDocument` already built (progress.summary.build_summary) and
neither query nor write. The PDF is templates/progress/summary_print.html laid
out by WeasyPrint with the plans' stylesheets, fonts and `StaticOnlyFetcher`
(nothing but the app's own static files is loaded); the .docx reuses the named
styles of printing.docx (计划标题, 一级标题 … 正文, 表格文字), so both
documents look like the printed plan.
"""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Pt

from printing import docx as plan_docx
from printing.pdf import StaticOnlyFetcher, fewer_collections, write_pdf
from progress.summary import CountsTable, Heading, Paragraph, SummaryDocument, print_context

TEMPLATE = "progress/summary_print.html"
TABLE_COLUMNS = ["类别", "项目", "数量"]
TABLE_WIDTHS = [0.3, 0.45, 0.25]  # of the text width, as the PDF's colgroup
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": (DOCX_CONTENT_TYPE, "docx"),
}


def render_summary(summary: SummaryDocument, fmt: str) -> bytes:
    """The summary in `fmt` ("pdf" or "docx")."""
    if fmt == "pdf":
        return render_summary_pdf(summary)
    if fmt == "docx":
        return render_summary_docx(summary)
    raise ValueError(f"unknown format {fmt!r}")


def render_summary_pdf(summary: SummaryDocument) -> bytes:
    html = render_to_string(TEMPLATE, print_context(summary))
    with fewer_collections():
        return write_pdf(html, StaticOnlyFetcher())


def render_summary_docx(summary: SummaryDocument) -> bytes:
    """The summary as .docx, with the plan's styles; the chart is left to the PDF."""
    document = Document()
    # The plan's set-up reads only `.title` (for the document's properties).
    plan_docx._set_up(document, summary)
    plan_docx._paragraph(document, plan_docx.TITLE, summary.title)
    for block in summary.blocks:
        if isinstance(block, Heading):
            plan_docx._paragraph(document, plan_docx.HEADINGS[block.level], block.text)
        elif isinstance(block, Paragraph):
            plan_docx._runs(document, plan_docx.BODY, (block.label, block.lead, block.text))
        elif isinstance(block, CountsTable):
            _counts_table(document, block)
    signature = plan_docx._paragraph(document, plan_docx.ISSUE_DATE, summary.signature)
    signature.paragraph_format.space_before = plan_docx.LINE_PITCH
    plan_docx._paragraph(document, plan_docx.ISSUE_DATE, summary.date_text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _counts_table(document, table_block: CountsTable) -> None:
    table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    plan_docx._keep_row_on_one_page(header, header=True)
    for cell, text in zip(header.cells, TABLE_COLUMNS, strict=True):
        plan_docx._cell_text(cell, plan_docx.TABLE_HEADER, text)
    for group in table_block.groups:
        first = None
        for row_block in group.rows:
            row = table.add_row()
            plan_docx._keep_row_on_one_page(row)
            if first is None:
                first = row
                plan_docx._cell_text(row.cells[0], plan_docx.TABLE_TEXT, group.category)
            plan_docx._cell_text(row.cells[1], plan_docx.TABLE_TEXT, row_block.item)
            plan_docx._cell_text(row.cells[2], plan_docx.TABLE_TEXT, row_block.value)
            row.cells[2].paragraphs[0].alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        if len(group.rows) > 1:
            first.cells[0].merge(table.rows[-1].cells[0])
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for column, share in zip(table.columns, TABLE_WIDTHS, strict=True):
        width = int(text_width * share)
        column.width = width
        for cell in column.cells:
            cell.width = width
    # A blank line after the table, as after a paragraph.
    spacer = document.add_paragraph(style=document.styles[plan_docx.BODY.name])
    spacer.paragraph_format.space_after = Pt(0)
