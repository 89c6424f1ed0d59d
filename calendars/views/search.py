"""The activity list across plans: filter, page through, download as Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from activities.models import lead_organizer_name
from activities.selectors import activities_for_user
from audit.services import record_export
from calendars.filters import ActivityFilter
from core.downloads import text_cell, xlsx_download

ACTIVITIES_PER_PAGE = 50
# A download beyond this is cut, with a note in its last row: ask for a narrower filter.
XLSX_MAX_ROWS = 5000
XLSX_COLUMNS = [
    ("年度", 8),
    ("计划", 36),
    ("形式", 12),
    ("议题", 40),
    ("时间安排", 16),
    ("牵头单位", 24),
    ("状态", 10),
]


@login_required
@require_GET
def activity_list(request):
    filterset = _filterset(request)
    page = Paginator(filterset.qs, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "activities/activity_list.html", {"filter": filterset, "page": page})


@login_required
@require_GET
def activity_list_xlsx(request):
    filterset = _filterset(request)
    if filterset.errors:
        # Never download a list that silently ignored part of the filter.
        messages.error(request, _("Correct the filter before downloading the list."))
        return redirect(reverse("calendars:list") + "?" + request.GET.urlencode())
    rows = list(filterset.qs[: XLSX_MAX_ROWS + 1])
    record_export(request, subject="活动清单", fmt="xlsx")
    return xlsx_download(_workbook(rows), "活动清单.xlsx")


def _filterset(request) -> ActivityFilter:
    return ActivityFilter(
        request.GET, queryset=activities_for_user(request.user), user=request.user
    )


def _workbook(activities: list):
    """One row per activity, in the list's order; a note in the last row if cut."""
    workbook = Workbook()
    workbook.properties.creator = ""
    sheet = workbook.active
    sheet.title = "活动清单"
    for column, (title, width) in enumerate(XLSX_COLUMNS, start=1):
        text_cell(sheet, 1, column, title).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row, activity in enumerate(activities[:XLSX_MAX_ROWS], start=2):
        plan = activity.section.plan
        sheet.cell(row=row, column=1, value=plan.year)
        values = [
            plan.title,
            activity.type.name,
            activity.topic,
            activity.schedule_wording(),
            lead_organizer_name(activity),
            str(activity.get_status_display()),
        ]
        for column, value in enumerate(values, start=2):
            text_cell(sheet, row, column, value)
    if len(activities) > XLSX_MAX_ROWS:
        note = f"仅列出前{XLSX_MAX_ROWS}项活动，请缩小筛选范围后再下载。"
        text_cell(sheet, XLSX_MAX_ROWS + 2, 1, note).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return workbook
