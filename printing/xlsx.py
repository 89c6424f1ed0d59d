"""The plan's activities as an Excel workbook (.xlsx): one row per activity, in time order.

Every cell but the running number holds text, stored as a string and marked
"quote prefix": a topic such as =1+1 or @SUM(A1) shows as typed and is never
read as a formula, not even after the user edits the cell (OWASP, CSV injection).
"""

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from activities.models import lead_organizer_name
from core.downloads import WRAP, cell_text, text_cell, xlsx_bytes
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
SHEET_TITLE = "活动安排"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def render_xlsx(plan: Plan, outline: list[SectionNode]) -> bytes:
    """The activity table as a .xlsx file; reads only the given objects."""
    workbook = Workbook()
    workbook.properties.title = cell_text(plan.title)
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

    return xlsx_bytes(workbook)


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
