"""Member records (委员履职档案): the year's table, its Excel download, one member's year."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from audit.services import record_export
from core.downloads import text_cell, xlsx_download
from progress.periods import check_year
from progress.permissions import get_committee_for_progress, get_member_for
from progress.selectors import MEMBER_SORTS, Tree, member_records, member_year

MEMBERS_PER_PAGE = 50
XLSX_MAX_ROWS = 5000
# (title, width, attribute); the figures are numbers, the rest text that is never a formula.
XLSX_COLUMNS = [
    ("姓名", 12, "name"),
    ("界别", 16, "sector"),
    ("工作单位及职务", 32, "title"),
    ("参加活动（次）", 14, "attended"),
    ("调研视察等报告（篇）", 18, "reports"),
    ("提案（件）", 10, "proposals"),
    ("社情民意信息（条）", 18, "opinions"),
    ("被采用（条）", 12, "adopted"),
]
NUMBER_COLUMNS = {"attended", "reports", "proposals", "opinions", "adopted"}


def _records(request, pk, year):
    committee = get_committee_for_progress(request.user, pk)
    check_year(year)
    sort = request.GET.get("sort", "name")
    sort = sort if sort in MEMBER_SORTS else "name"
    own_ids = Tree.load().own_ids(committee.pk)
    return committee, sort, member_records(request.user, own_ids, year, sort)


@login_required
@require_GET
def member_list(request, pk, year):
    committee, sort, members = _records(request, pk, year)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"committee": committee, "year": year, "page": page, "sort": sort}
    return render(request, "progress/member_list.html", context)


@login_required
@require_GET
def member_list_xlsx(request, pk, year):
    committee, _sort, members = _records(request, pk, year)
    rows = list(members[: XLSX_MAX_ROWS + 1])
    record_export(request, subject=f"{committee.name}{year}年委员履职档案", fmt="xlsx")
    return xlsx_download(_workbook(rows), f"{committee.name}{year}年委员履职档案.xlsx")


def _workbook(members: list):
    workbook = Workbook()
    workbook.properties.creator = ""
    sheet = workbook.active
    sheet.title = "委员履职档案"
    for column, (title, width, _name) in enumerate(XLSX_COLUMNS, start=1):
        text_cell(sheet, 1, column, title).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, member in enumerate(members[:XLSX_MAX_ROWS], start=2):
        for column, (_title, _width, name) in enumerate(XLSX_COLUMNS, start=1):
            if name in NUMBER_COLUMNS:
                sheet.cell(row=row, column=column, value=getattr(member, name))
            elif name == "sector":
                text_cell(sheet, row, column, member.sector.name)
            else:
                text_cell(sheet, row, column, getattr(member, name))
    if len(members) > XLSX_MAX_ROWS:
        note = f"仅列出前{XLSX_MAX_ROWS}名委员。"
        text_cell(sheet, XLSX_MAX_ROWS + 2, 1, note).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{sheet.max_row}"
    return workbook


@login_required
@require_GET
def member_detail(request, pk, year):
    member = get_member_for(request.user, pk)
    check_year(year)
    context = {"member": member, "year": year, "record": member_year(request.user, member, year)}
    return render(request, "progress/member_detail.html", context)
