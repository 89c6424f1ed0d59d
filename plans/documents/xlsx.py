"""The plan's activities as an Excel workbook (.xlsx): one row per activity, in time order.

Every cell but the running number holds text, stored as a string and marked
"quote prefix": a topic such as =1+1 or @SUM(A1) shows as typed and is never
read as a formula, not even after the user edits the cell (OWASP, CSV injection).
"""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plans.documents.context import lead_organizer_name
from plans.models import Plan
from plans.outline import SectionNode, activities_in_time_order

# Column title and width in Excel's units (about one Latin character; a Chinese one is two).
COLUMNS = [
    ("序号", 6),
    ("部分", 26),
    ("形式", 12),
    ("议题", 40),
    ("内容", 60),
    ("时间安排", 16),
    ("参加人员", 36),
    ("组织实施", 30),
    ("牵头单位", 20),
    ("状态", 8),
]
# Excel refuses a longer cell: the file would open as damaged.
MAX_CELL_CHARS = 32767
SHEET_TITLE = "活动安排"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")


def render_xlsx(plan: Plan, outline: list[SectionNode]) -> bytes:
    """The activity table as a .xlsx file; reads only the given objects."""
    workbook = Workbook()
    workbook.properties.title = text(plan.title)
    workbook.properties.creator = ""
    sheet = workbook.active
    sheet.title = SHEET_TITLE

    for column, (title, width) in enumerate(COLUMNS, start=1):
        cell = text_cell(sheet, 1, column, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = width

    parts = _section_paths(outline)
    for number, item in enumerate(activities_in_time_order(outline), start=1):
        activity = item.activity
        row = number + 1
        sheet.cell(row=row, column=1, value=number).alignment = WRAP
        values = [
            parts[id(item)],
            activity.type.name,
            activity.topic,
            activity.content,
            activity.schedule_wording(),
            activity.participants_wording(),
            activity.organizers_wording(),
            lead_organizer_name(activity),
            str(activity.get_status_display()),
        ]
        for column, value in enumerate(values, start=2):
            text_cell(sheet, row, column, value)

    sheet.freeze_panes = "A2"
    last_column = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last_column}{sheet.max_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def text(value: str) -> str:
    """The value without the control characters a worksheet cannot hold, cut to Excel's limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


def text_cell(sheet, row: int, column: int, value: str):
    """Write `value` as a wrapped text cell that Excel never reads as a formula."""
    cell = sheet.cell(row=row, column=column, value=text(value))
    # openpyxl reads a leading "=" as a formula; these two keep every text a string.
    cell.data_type = "s"
    cell.quotePrefix = True
    cell.alignment = WRAP
    return cell


def _section_paths(outline: list[SectionNode]) -> dict[int, str]:
    """For each activity node (by id), its sections from the top: 一、… / （一）…"""
    paths: dict[int, str] = {}

    def visit(nodes: list[SectionNode], above: list[str]) -> None:
        for node in nodes:
            name = node.section.heading or node.section.lead_phrase
            path = [*above, f"{node.label}{name}"]
            for item in node.activities:
                paths[id(item)] = " / ".join(path)
            visit(node.children, path)

    visit(outline, [])
    return paths
